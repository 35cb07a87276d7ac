// The multiply-accumulate shared by Dense and Conv: the precision rule for its accumulator and
// its bit-exact step.
//
// Semantics (the ap_fixed `acc += (accum_t)(x * w)` loop), per output:
//   acc = convert(bias → accum)                       (0 without a bias)
//   for each term in order: acc = convert(acc + convert(x·w → accum) → accum)
//   y   = convert(acc → result)
// x·w is exact (product type), each product is quantized into accum with accum's Q mode and each
// addition wraps/saturates with accum's O mode. When accum is exact — its LSB is at most the
// product's and every partial sum of every output lies in its range — these conversions never
// act, and the step is a plain exact multiply-add on pre-aligned weights (no conversion at all).

import { type AdderGraph, evaluateAdderGraph, evaluateAdderGraphNum, fitsInFloat64 } from '../../passes/cmvm/adder-graph.js';
import { exactTypeOfRange, productType } from '../fixed/arith.js';
import { convert } from '../fixed/quantize.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from '../fixed/type.js';
import { type Arith, arithFor, BIG, type FixedOptions, type Vec } from './arith.js';
import { align, type ConstantRaw, holdsRange } from './constants.js';

/** A raw range [lo, hi]. */
export interface Range {
  lo: bigint;
  hi: bigint;
}

/**
 * The range of every value the accumulator must hold: each single product x·w[k] (each is
 * converted into accum on its own) and every partial sum. Output g starts at start[g] (raw at
 * `lsb`) and adds the terms x·w[k] for the k with groupOf(k) = g, x anywhere in xType. Every fixed
 * type contains 0, so each term's range contains 0 and the partial sums of any prefix (in any
 * order, with terms skipped — padding) lie within [start + Σ min, start + Σ max]. lsb must be ≤
 * the product LSB.
 */
export function partialSumRange(
  xType: FixedType,
  w: ConstantRaw,
  groupOf: (k: number) => number,
  start: readonly bigint[],
  lsb: number,
): Range {
  const lp = lsbExp(xType) + w.lsb;
  const shift = BigInt(lp - lsb);
  if (shift < 0n) throw new Error('partialSumRange: lsb must not exceed the product LSB');
  const xlo = minRaw(xType);
  const xhi = maxRaw(xType);
  const lo = new Array<bigint>(start.length).fill(0n);
  const hi = new Array<bigint>(start.length).fill(0n);
  let tlo = 0n;
  let thi = 0n;
  for (let k = 0; k < w.raw.length; k++) {
    const a = xlo * w.raw[k];
    const b = xhi * w.raw[k];
    const [l, h] = a < b ? [a, b] : [b, a];
    const g = groupOf(k);
    lo[g] += l;
    hi[g] += h;
    if (l < tlo) tlo = l;
    if (h > thi) thi = h;
  }
  // terms are at the product LSB, the starts at `lsb`
  let rlo = tlo << shift;
  let rhi = thi << shift;
  for (let g = 0; g < start.length; g++) {
    const l = start[g] + (lo[g] << shift);
    const h = start[g] + (hi[g] << shift);
    if (l < rlo) rlo = l;
    if (h > rhi) rhi = h;
  }
  return { lo: rlo, hi: rhi };
}

/** Bias raws per output (zeros without a bias), on the grid `lsb` ≤ the bias LSB. */
function biasAt(bias: ConstantRaw | undefined, nOut: number, lsb: number): bigint[] {
  if (!bias) return new Array<bigint>(nOut).fill(0n);
  return bias.raw.map((r) => align(r, bias.lsb, lsb));
}

/**
 * The exact accumulator ('auto'): LSB = the finer of the product's and the bias's, range = the
 * exact range of every partial sum (narrower than a bound from the types alone, still exact).
 */
export function exactAccumType(
  xType: FixedType,
  w: ConstantRaw,
  bias: ConstantRaw | undefined,
  nOut: number,
  groupOf: (k: number) => number,
): FixedType {
  const lp = lsbExp(xType) + w.lsb;
  const lsb = bias ? Math.min(lp, bias.lsb) : lp;
  const r = partialSumRange(xType, w, groupOf, biasAt(bias, nOut, lsb), lsb);
  return exactTypeOfRange(r.lo, r.hi, lsb);
}

/** A compiled multiply-accumulate in one representation. */
export interface Mac<V> {
  /** weights: raw at the weight LSB, or pre-shifted to the accumulator LSB on the exact path */
  w: Vec<V>;
  /** per output: convert(bias → accum) */
  bias: Vec<V>;
  exact: boolean;
  step(acc: V, x: V, w: V): V;
  finish(acc: V): V;
}

export interface MacTypes {
  x: FixedType;
  w: ConstantRaw;
  bias: ConstantRaw | undefined;
  accum: FixedType;
  result: FixedType;
  nOut: number;
  groupOf: (k: number) => number;
}

/** Per output: convert(bias → accum), raw at the accumulator LSB (zeros without a bias). */
function accumBias(t: MacTypes): bigint[] {
  const b = t.bias;
  return b ? b.raw.map((r) => convert(b.type, t.accum, r)) : new Array<bigint>(t.nOut).fill(0n);
}

/** Whether the accumulator never rounds nor overflows (conversions are identities). */
export function accumIsExact(t: MacTypes): boolean {
  const la = lsbExp(t.accum);
  const lp = lsbExp(t.x) + t.w.lsb;
  if (la > lp) return false;
  const start = accumBias(t);
  const r = partialSumRange(t.x, t.w, t.groupOf, start, la);
  return holdsRange(t.accum, r.lo, r.hi, la);
}

/** The arithmetic a MAC needs: NUM when every value it computes is an exact double. */
export function macArith(t: MacTypes, exact: boolean, options?: FixedOptions): Arith<number> | Arith<bigint> {
  const product = productType(t.x, t.w.type);
  const stored = [t.x, t.w.type, product, t.accum, t.result, ...(t.bias ? [t.bias.type] : [])];
  return arithFor(options, stored, exact ? [] : [t.accum]);
}

export function compileMac<V extends number | bigint>(A: Arith<V>, t: MacTypes, exact: boolean): Mac<V> {
  const la = lsbExp(t.accum);
  const lp = lsbExp(t.x) + t.w.lsb;
  const bias = A.from(accumBias(t));
  const accum = t.accum;
  const result = t.result;
  const finish = (acc: V): V => A.requantize(la, acc, result);
  if (exact) {
    const w = A.from(t.w.raw.map((r) => align(r, lp, la)));
    return { w, bias, exact, step: A.mac, finish };
  }
  const w = A.from(t.w.raw);
  return {
    w,
    bias,
    exact,
    step: (acc, x, wk) => A.requantize(la, A.add(acc, A.requantize(lp, A.mul(x, wk), accum)), accum),
    finish,
  };
}

// ---- distributed arithmetic ----
//
// A Dense or Conv layer lowered to an AdderGraph (strategy distributed_arithmetic, see
// passes/cmvm/lower.ts) computes the same thing as the exact path above: the graph gives every
// sum Σ x·w exactly (raw x at its LSB, raw w at the weights' common LSB, so the sum is raw at the
// product LSB), then acc = convert(bias → accum) + sum and y = convert(acc → result). With an
// exact accumulator the multiplier path's partial sums never round nor wrap, so the bits agree.

/** The arithmetic of a DA layer: NUM when the MAC's types and every node of the graph fit a double. */
export function daArith(t: MacTypes, g: AdderGraph, options?: FixedOptions): Arith<number> | Arith<bigint> {
  const A = macArith(t, true, options);
  return !A.big && fitsInFloat64(g) ? A : BIG;
}

/** A compiled adder graph: fill `input`, call `run()`, read `output` (raw at the accumulator LSB). */
export interface DaSums<V> {
  input: Vec<V>;
  output: Vec<V>;
  run(): void;
}

/**
 * The sums of a DA layer in one representation. Checks that the graph fits the layer: its input
 * count and ranges (the input type's), its output count, and an exact accumulator.
 */
export function compileDaSums<V extends number | bigint>(A: Arith<V>, t: MacTypes, g: AdderGraph, nIn: number, layerName: string): DaSums<V> {
  if (!accumIsExact(t))
    throw new Error(`layer '${layerName}': distributed arithmetic needs an exact accumulator (the cmvm lowering sets one)`);
  const range = [minRaw(t.x).toString(), maxRaw(t.x).toString()];
  if (g.inputs.length !== nIn || g.outputs.length !== t.nOut || g.inputs.some((i) => i.range[0] !== range[0] || i.range[1] !== range[1]))
    throw new Error(`layer '${layerName}': its adder graph (${g.inputs.length} → ${g.outputs.length}) does not fit the layer (${nIn} → ${t.nOut}, inputs in [${range}])`);
  const shift = lsbExp(t.x) + t.w.lsb - lsbExp(t.accum);
  const nOut = t.nOut;
  const input = A.alloc(nIn);
  const output = A.alloc(nOut);
  if (A.big) {
    const x = A.raw(input) as bigint[];
    const y = A.raw(output) as bigint[];
    const s = BigInt(shift);
    return {
      input,
      output,
      run() {
        const r = evaluateAdderGraph(g, x);
        for (let j = 0; j < nOut; j++) y[j] = r[j] << s;
      },
    };
  }
  const x = A.raw(input) as Float64Array;
  const y = A.raw(output) as Float64Array;
  const scale = 2 ** shift;
  return {
    input,
    output,
    run() {
      evaluateAdderGraphNum(g, x, y);
      if (scale !== 1) for (let j = 0; j < nOut; j++) y[j] *= scale;
    },
  };
}

/** Per output: convert(bias → accum) + sum, converted to the result (the exact MAC's last steps). */
export function daFinish<V extends number | bigint>(A: Arith<V>, t: MacTypes): { bias: Vec<V>; finish(sum: V, j: number): V } {
  const la = lsbExp(t.accum);
  const bias = A.from(accumBias(t));
  const result = t.result;
  return { bias, finish: (sum, j) => A.requantize(la, A.add(bias[j], sum), result) };
}
