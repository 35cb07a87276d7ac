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

import { exactTypeOfRange, productType } from '../fixed/arith.js';
import { convert } from '../fixed/quantize.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from '../fixed/type.js';
import { type Arith, arithFor, type FixedOptions, type Vec } from './arith.js';
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
