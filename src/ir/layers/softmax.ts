// Softmax over attrs.axis: float (ONNX) semantics and the bit-exact fixed-point specification.
//
// Fixed point, the numerically stable form with two lookup tables (tables.ts for entries and index
// formula). X is the input type (a per-element type is first moved exactly to the smallest type
// holding every element type), e = lsbExp(X), n the length of the axis, N = tableSize (default 1024),
// E = expTable type, I = invTable type (default fixed<18,8,RND,SAT> both). For every slice along the axis:
//
//   1. m   = max_k r_k                                  (raw maximum)
//   2. d_k = r_k − m                                    exact, <= 0, LSB 2^e: type 'diff' = [xmin−xmax, 0]
//   3. e_k = expTable[idx_exp(d_k)]                     raw of E; exp over [−R, 0):
//        R = min(2^intBits(X), Rcap), Rcap = the smallest power of two >= (F+1)·ln 2 with
//        F = width(E) − intBits(E) (from −Rcap on, e^x <= half an LSB of E). Every difference of X
//        is > −2^intBits(X), so with R = 2^intBits(X) no input is clamped at the low end.
//        d = 0 (the maximum) is >= hi and takes the top entry, exp(−R/(2N)).
//   4. s   = Σ_k e_k                                    exact sum, LSB of E: type 'expSum'
//   5. inv = invTable[idx_inv(s)]                       raw of I; 1/s over [1, 1 + P), P the smallest
//        power of two >= n − 1 (P >= 1): s <= n·max(entries) < 1 + P; s may lie just below 1 (the
//        maximum's own entry is exp(−R/(2N)) < 1) and then clamps to entry 0, 1/(1 + P/(2N)).
//   6. y_k = requantize(lsb(E) + lsb(I), e_k·inv, Y)   the exact product rounded once into Y.
//
// Both index maps are the header formula of tables.ts with the indexed value's LSB: e for idx_exp,
// lsb(E) for idx_inv. With power-of-two ranges and N they are shifts.
//
// 'auto' result: the exact product type, the smallest type holding every e·inv over the two tables'
// actual entries (with the default tables: ufixed<20,0>, LSB 2^−20, values in [0, 1)).
// Accuracy: Σ_k y_k = s·inv before the output rounding, so |Σ y − 1| <= step_inv/2 + (1 − top exp
// entry) + n·LSB(I)/2 + n·LSB(Y); a single-element axis therefore gives about 0.996, not 1.
// Internal types: 'expTable', 'invTable' (from the request), and the derived exact 'diff' and 'expSum'.

import { pow2 } from '../fixed/double.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from '../fixed/index.js';
import type { Graph, LayerOf } from '../graph.js';
import { type Arith, arithFor, withArith } from './arith.js';
import { fixedTypeOf, tensorOf } from './constants.js';
import type { FixedOptions, InferredTypes, LayerSemantics, RawArray } from './spec.js';
import {
  absBig,
  commonType,
  DEFAULT_TABLE_SIZE,
  DEFAULT_TABLE_TYPE,
  elementShifts,
  indexer,
  maxBig,
  minBig,
  type RawRange,
  rangeType,
  type TableSpec,
  tableEntries,
  tableIndex,
  tensorTypeOf,
} from './tables.js';

type Layer = LayerOf<'Softmax'>;

/** The exp table's range [−R, 0) for input type X and exp table type E (see the header). */
export function expRange(X: FixedType, E: FixedType): number {
  const frac = E.width - E.intBits;
  let cap = 1;
  while (cap < (frac + 1) * Math.LN2) cap *= 2;
  return Math.min(pow2(X.intBits), cap);
}

/** The inverse table's range [1, 1 + P) for an axis of length n. */
export function invRange(n: number): [number, number] {
  let p = 1;
  while (p < n - 1) p *= 2;
  return [1, 1 + p];
}

/** The axis in [0, rank), or undefined when out of range. */
function normAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return Number.isInteger(a) && a >= 0 && a < rank ? a : undefined;
}

/** outer × n × inner decomposition of a shape around an axis. */
function slices(shape: readonly number[], axis: number): { outer: number; n: number; inner: number } {
  const a = normAxis(axis, shape.length);
  if (a === undefined) throw new Error(`softmax axis ${axis} is out of range for shape [${shape}]`);
  const prod = (xs: readonly number[]) => xs.reduce((p, q) => p * q, 1);
  return { outer: prod(shape.slice(0, a)), n: shape[a], inner: prod(shape.slice(a + 1)) };
}

interface Plan {
  X: FixedType;
  n: number;
  exp: TableSpec;
  inv: TableSpec;
  diff: FixedType;
  sum: FixedType;
  /** the exact product type ('auto') */
  product: FixedType;
  bound: bigint;
}

function plan(X: FixedType, n: number, E: FixedType, I: FixedType, size: number): Plan {
  const e = lsbExp(X);
  const xMin = minRaw(X);
  const xMax = maxRaw(X);
  const R = expRange(X, E);
  const expEntries = tableEntries(Math.exp, -R, 0, size, E);
  const exp: TableSpec = {
    role: 'expTable',
    what: 'exp(x)',
    lo: -R,
    hi: 0,
    size,
    type: E,
    entries: expEntries,
    index: tableIndex(e, -R, 0, size),
  };
  const [iLo, iHi] = invRange(n);
  const invEntries = tableEntries((s) => 1 / s, iLo, iHi, size, I);
  const inv: TableSpec = {
    role: 'invTable',
    what: '1/x',
    lo: iLo,
    hi: iHi,
    size,
    type: I,
    entries: invEntries,
    index: tableIndex(lsbExp(E), iLo, iHi, size),
  };
  const eMin = minBig(...expEntries);
  const eMax = maxBig(...expEntries);
  const iMin = minBig(...invEntries);
  const iMax = maxBig(...invEntries);
  const nn = BigInt(n);
  const sumRange: RawRange = { lo: minBig(0n, nn * eMin), hi: maxBig(0n, nn * eMax), lsb: lsbExp(E) };
  const products = [eMin * iMin, eMin * iMax, eMax * iMin, eMax * iMax];
  const productRange: RawRange = { lo: minBig(...products), hi: maxBig(...products), lsb: lsbExp(E) + lsbExp(I) };
  const abs = (r: RawRange) => maxBig(absBig(r.lo), absBig(r.hi));
  const diff = rangeType({ lo: xMin - xMax, hi: 0n, lsb: e });
  const sum = rangeType(sumRange);
  const bound = maxBig(
    absBig(minRaw(diff)) + 1n, // the index thresholds are clamped into the indexed type's range ± 1
    maxRaw(sum) + 1n,
    absBig(xMin),
    absBig(xMax),
    xMax - xMin,
    exp.index.bound,
    inv.index.bound,
    abs(sumRange),
    abs(productRange),
    absBig(eMin),
    absBig(eMax),
    absBig(iMin),
    absBig(iMax),
  );
  return {
    X,
    n,
    exp,
    inv,
    diff,
    sum,
    product: rangeType(productRange),
    bound,
  };
}

function layerPlan(layer: Layer, graph: Graph): { p: Plan; shifts: Int32Array | undefined; outer: number; inner: number } {
  const name = layer.inputs[0];
  const tIn = tensorTypeOf(graph, name);
  const X = commonType(tIn);
  const { outer, n, inner } = slices(tensorOf(graph, name).shape, layer.attrs.axis);
  const E = layer.types?.expTable ?? DEFAULT_TABLE_TYPE;
  const I = layer.types?.invTable ?? DEFAULT_TABLE_TYPE;
  const p = plan(X, n, E, I, layer.options?.tableSize ?? DEFAULT_TABLE_SIZE);
  return { p, shifts: elementShifts(tIn, X), outer, inner };
}

/** The exp and inverse tables of a typed Softmax layer, with their index maps. */
export function softmaxTables(layer: Layer, graph: Graph): { exp: TableSpec; inv: TableSpec } {
  const { p } = layerPlan(layer, graph);
  return { exp: p.exp, inv: p.inv };
}

function kernel<V extends number | bigint>(A: Arith<V>, p: Plan, Y: FixedType, shifts: Int32Array | undefined, outer: number, inner: number) {
  const { n } = p;
  const idxExp = indexer(A, p.exp.index, minRaw(p.diff), 0n);
  const idxInv = indexer(A, p.inv.index, minRaw(p.sum), maxRaw(p.sum));
  const expTab = p.exp.entries.map((v) => A.of(v));
  const invTab = p.inv.entries.map((v) => A.of(v));
  const lsbP = lsbExp(p.exp.type) + lsbExp(p.inv.type);
  const scale = shifts ? Array.from(shifts, (k) => A.of(1n << BigInt(k))) : undefined;
  // per-slice scratch, reused by every call
  const xs = new Array<V>(n).fill(A.zero);
  const es = new Array<V>(n).fill(A.zero);
  return (inputs: RawArray[]): RawArray[] => {
    const x = A.adopt(inputs[0]);
    const out = A.alloc(x.length);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * n * inner + j;
        let m = A.zero;
        for (let k = 0; k < n; k++) {
          const at = base + k * inner;
          const v = (xs[k] = scale ? A.mul(x[at], scale[at]) : x[at]);
          if (k === 0 || v > m) m = v;
        }
        let s = A.zero;
        for (let k = 0; k < n; k++) {
          es[k] = expTab[idxExp(A.sub(xs[k], m))];
          s = A.add(s, es[k]);
        }
        const inv = invTab[idxInv(s)];
        for (let k = 0; k < n; k++) out[base + k * inner] = A.requantize(lsbP, A.mul(es[k], inv), Y);
      }
    }
    return [A.raw(out)];
  };
}

export const softmaxSemantics: LayerSemantics<'Softmax'> = {
  kind: 'Softmax',

  inferShape(layer, inputShapes) {
    if (inputShapes.length !== 1) return { error: `Softmax takes one input, got ${inputShapes.length}` };
    const shape = inputShapes[0];
    const a = normAxis(layer.attrs.axis, shape.length);
    if (a === undefined) return { error: `axis ${layer.attrs.axis} is out of range for the per-sample shape [${shape}]` };
    if (shape[a] < 1) return { error: `softmax over an empty axis (shape [${shape}])` };
    return { shapes: [shape] };
  },

  inferTypes(layer, graph, request): InferredTypes {
    const name = layer.inputs[0];
    const X = commonType(tensorTypeOf(graph, name));
    const { n } = slices(tensorOf(graph, name).shape, layer.attrs.axis);
    const p = plan(X, n, request.expTable, request.invTable, request.tableSize);
    return {
      outputs: [request.result === 'auto' ? p.product : request.result],
      internal: { expTable: request.expTable, invTable: request.invTable, diff: p.diff, expSum: p.sum },
      constants: {},
    };
  },

  compileFloat(layer, graph) {
    const { outer, n, inner } = slices(tensorOf(graph, layer.inputs[0]).shape, layer.attrs.axis);
    return (inputs) => {
      const x = inputs[0];
      const y = new Float64Array(x.length);
      for (let o = 0; o < outer; o++) {
        for (let j = 0; j < inner; j++) {
          const base = o * n * inner + j;
          let m = -Infinity;
          for (let k = 0; k < n; k++) m = Math.max(m, x[base + k * inner]);
          let s = 0;
          for (let k = 0; k < n; k++) s += y[base + k * inner] = Math.exp(x[base + k * inner] - m);
          for (let k = 0; k < n; k++) y[base + k * inner] /= s;
        }
      }
      return [y];
    };
  },

  compileFixed(layer, graph, options?: FixedOptions) {
    const { p, shifts, outer, inner } = layerPlan(layer, graph);
    const Y = fixedTypeOf(graph, layer.outputs[0]);
    return withArith(arithFor(options, [p.X, Y], [], p.bound < 1n << 53n), (A) => kernel(A, p, Y, shifts, outer, inner));
  },
};
