// Activation: one element-wise function (attrs.fn), its float (ONNX) and bit-exact fixed semantics.
//
// Notation: the input is x = r·2^e (r the raw integer of the input type X, e = lsbExp(X)); the
// result type is Y. "Exact value v at LSB 2^k, rounded into Y" means requantize(k, v, Y): the
// ap_fixed assignment of the exact value to Y (Y's own rounding and overflow modes), done ONCE.
// A per-element (HGQ) input is first moved exactly to the smallest type X holding every element type.
//
// Constants. alpha, beta, gamma are taken exactly: a finite double is a dyadic rational m·2^k (m odd),
// and ONNX attributes are float32, so this is the model's own constant (leaky_relu's 0.01 is
// 5368709·2^-29 = 0.00999999977648258209228515625). Their exact types go to
// InferredTypes.internal as 'alpha' / 'beta' / 'gamma'. PRelu slopes are a constant tensor: typed by
// the model (QONNX) or else by request.weight, reported in InferredTypes.constants; their raw values
// are quantize(slopeType, slope).
//
// Piecewise-linear functions (exact, one rounding):
//   relu              y = round_Y(max(r, 0) @ e)
//   leaky_relu        y = r < 0 ? round_Y(r·mα @ e+kα) : round_Y(r @ e)            (α = mα·2^kα)
//   prelu             the same with the slope s_c of the element's channel (s = raw of the slope
//                     type S): r < 0 ? round_Y(r·s @ e+lsb(S)) : round_Y(r @ e). The slope tensor
//                     broadcasts to the per-sample shape right-aligned (leading 1s dropped).
//   thresholded_relu  y = r > t ? round_Y(r @ e) : 0, t = floor(α·2^−e): exactly x > α
//   clip              lo = ceil(min·2^−e) (min rounded UP onto the input grid), hi = floor(max·2^−e)
//                     (max rounded DOWN), so the output never leaves [min, max];
//                     y = round_Y(min(max(r, lo), hi) @ e); a missing or infinite bound is no bound
//                     (min > max gives hi everywhere, as numpy.clip)
//   hard_sigmoid      k = min(e + kα, kβ, 0); v = r·mα·2^(e+kα−k) + mβ·2^(kβ−k) (= α·x + β exactly);
//                     y = round_Y(clamp(v, 0, 2^−k) @ k)
//   hard_swish        (ONNX alpha = 1/6, beta = 1/2) with e' = min(e, 0), r' = r·2^(e−e'), K = 3·2^−e':
//                     r' <= −K → 0;  r' >= K → round_Y(r' @ e');
//                     else the rational x·(x+3)/6 = a/6 @ 2e' with a = r'(r'+K), rounded once into Y
//                     exactly: requantizeRatio(2e', a, 6, Y) (ratio.ts: the quotient in Y-LSB units
//                     rounded by Y's quantization mode, then Y's overflow mode).
//
// Lookup tables (tables.ts: bin-centre entries of request.table, default fixed<18,8,RND,SAT>, N =
// request.tableSize, default 1024; index from r exactly; y = round_Y(entry @ lsb(table))):
//   sigmoid     [−8, 8)  1/(1+e^−x); outside, the clamp gives the end entries (error < 3.5e−4 + steps)
//   tanh        [−4, 4)  tanh x; outside, the end entries (error < 6.8e−4 + steps)
//   softsign    [−8, 8)  x/(1+|x|); outside, the end entries: error up to 1/9 for |x| → ∞ (documented
//                        limit, as in hls4ml)
//   softplus    [−8, 8)  ln(1+e^x); below −8 entry 0 (error < 3.4e−4); x >= 8 is the exact asymptote
//                        y = round_Y(r @ e) (error ln(1+e^−8) < 3.4e−4)
//   elu         [−8, 0)  α(e^x − 1) for x < 0; x >= 0 is exact: y = round_Y(r @ e)
//   selu        [−8, 0)  γα(e^x − 1) for x < 0; x >= 0 is exact: y = round_Y(r·mγ @ e+kγ)
//                        (ONNX's x > 0 branch; both give 0 at x = 0)
// Within the range, |table − f| <= max|f'|·step/2 + table LSB/2 (step = (hi−lo)/N), then one rounding
// into Y.
//
// 'auto' result (request.result === 'auto'): the smallest type holding every possible output exactly:
// relu → [0, max x] on the input grid (signed fixed<W,I> → ufixed<W−1,I−1>); leaky_relu, prelu,
// thresholded_relu, clip, hard_sigmoid → their exact value range; sigmoid, tanh, softsign → the
// table type; elu, selu, softplus → the smallest type holding the table type and the exact linear
// part (the table type alone when the linear part is unreachable). hard_swish has no exact type: the
// input grid, range [−3/8, max x], AP_RND, AP_SAT.
// Warnings (InferredTypes.diagnostics, code 'precision/activation'): a clip bound off the input
// grid (and where it was rounded to), and hard_swish's inexact 'auto' type.

import { formatType, type FixedType, lsbExp, maxRaw, minRaw, requantize, toDecimal } from '../fixed/index.js';
import { warning } from '../diagnostics.js';
import type { ActivationFn, Graph, LayerOf, TensorType } from '../graph.js';
import { type Arith, arithFor, withArith } from './arith.js';
import { broadcastIndex, broadcastShape } from './broadcast.js';
import { constantRaw, constantType, fixedTypeOf, tensorOf } from './constants.js';
import { ratioFitsNumber } from './ratio.js';
import type { FixedOptions, InferredTypes, LayerSemantics, PrecisionRequest, RawArray } from './spec.js';
import {
  absBig,
  ceilScaled,
  clampBig,
  commonType,
  DEFAULT_TABLE_SIZE,
  DEFAULT_TABLE_TYPE,
  type Dyadic,
  dyadic,
  dyadicType,
  elementShifts,
  floorScaled,
  indexer,
  maxBig,
  minBig,
  type RawRange,
  rangeType,
  type TableSpec,
  tableEntries,
  tableIndex,
  tensorTypeOf,
  typeRange,
  unionRange,
} from './tables.js';

type Layer = LayerOf<'Activation'>;

/** ONNX attribute defaults (float32 values, as the model would carry them). */
export const ACTIVATION_DEFAULTS = {
  leakyAlpha: Math.fround(0.01),
  eluAlpha: 1,
  seluAlpha: 1.67326319217681884765625,
  seluGamma: 1.05070102214813232421875,
  thresholdAlpha: 1,
  hardSigmoidAlpha: Math.fround(0.2),
  hardSigmoidBeta: 0.5,
} as const;

/** The documented table range of each table-based function. */
export const TABLE_RANGES: Readonly<Partial<Record<ActivationFn, readonly [number, number]>>> = {
  sigmoid: [-8, 8],
  tanh: [-4, 4],
  softsign: [-8, 8],
  softplus: [-8, 8],
  elu: [-8, 0],
  selu: [-8, 0],
};

// ————————————————————————————————————————————————————————————————————— float (ONNX)

function alphaOf(layer: Layer, fallback: number): number {
  return layer.attrs.alpha ?? fallback;
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const z = Math.exp(x);
  return z / (1 + z);
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** The float64 function of a layer, for elements without a slope (all but prelu). */
export function floatFunction(layer: Layer): (x: number) => number {
  const a = layer.attrs;
  switch (a.fn) {
    case 'relu':
      return (x) => (x > 0 ? x : 0);
    case 'leaky_relu': {
      const alpha = alphaOf(layer, ACTIVATION_DEFAULTS.leakyAlpha);
      return (x) => (x < 0 ? alpha * x : x);
    }
    case 'prelu':
      throw new Error('prelu needs its slope tensor');
    case 'elu': {
      const alpha = alphaOf(layer, ACTIVATION_DEFAULTS.eluAlpha);
      return (x) => (x < 0 ? alpha * Math.expm1(x) : x);
    }
    case 'selu': {
      const alpha = alphaOf(layer, ACTIVATION_DEFAULTS.seluAlpha);
      const gamma = a.gamma ?? ACTIVATION_DEFAULTS.seluGamma;
      return (x) => (x <= 0 ? gamma * alpha * Math.expm1(x) : gamma * x);
    }
    case 'thresholded_relu': {
      const alpha = alphaOf(layer, ACTIVATION_DEFAULTS.thresholdAlpha);
      return (x) => (x > alpha ? x : 0);
    }
    case 'sigmoid':
      return sigmoid;
    case 'hard_sigmoid': {
      const alpha = alphaOf(layer, ACTIVATION_DEFAULTS.hardSigmoidAlpha);
      const beta = a.beta ?? ACTIVATION_DEFAULTS.hardSigmoidBeta;
      return (x) => Math.max(0, Math.min(1, alpha * x + beta));
    }
    case 'hard_swish':
      return (x) => x * Math.max(0, Math.min(1, x / 6 + 0.5));
    case 'tanh':
      return Math.tanh;
    case 'softplus':
      return softplus;
    case 'softsign':
      return (x) => x / (1 + Math.abs(x));
    case 'clip': {
      const lo = a.min ?? -Infinity;
      const hi = a.max ?? Infinity;
      return (x) => Math.min(Math.max(x, lo), hi);
    }
  }
}

/** The function a table holds (the x < 0 part for elu and selu). */
function tabulated(layer: Layer): { f: (x: number) => number; what: string } {
  const fn = layer.attrs.fn;
  switch (fn) {
    case 'elu': {
      const alpha = alphaOf(layer, ACTIVATION_DEFAULTS.eluAlpha);
      return { f: (x) => alpha * Math.expm1(x), what: `${alpha}*(exp(x)-1)` };
    }
    case 'selu': {
      const alpha = alphaOf(layer, ACTIVATION_DEFAULTS.seluAlpha);
      const gamma = layer.attrs.gamma ?? ACTIVATION_DEFAULTS.seluGamma;
      return { f: (x) => gamma * alpha * Math.expm1(x), what: `${gamma}*${alpha}*(exp(x)-1)` };
    }
    default:
      return { f: floatFunction(layer), what: `${fn}(x)` };
  }
}

// ————————————————————————————————————————————————————————————————————— prelu slopes

/**
 * For each element of the per-sample input shape, the flat index of its slope (ONNX unidirectional
 * broadcasting: right-aligned, leading 1s beyond the input's rank dropped). A message when it does not fit.
 */
export function slopeIndexMap(inShape: readonly number[], slopeShape: readonly number[]): Int32Array | string {
  const b = broadcastShape(inShape, slopeShape, inShape.length);
  if (!b || b.length !== inShape.length || b.some((d, k) => d !== inShape[k]))
    return `slope shape [${slopeShape}] does not broadcast to the input [${inShape}]`;
  return broadcastIndex(slopeShape, inShape);
}

interface Slopes {
  /** raw slopes at the common LSB 2^lsb */
  raws: bigint[];
  lsb: number;
  /** output element → slope index */
  map: Int32Array;
}

function slopeTensor(layer: Layer, graph: Graph): { name: string; data: number[]; shape: number[] } {
  const name = layer.attrs.slope;
  const t = name === undefined ? undefined : graph.tensors[name];
  if (name === undefined || !t?.data) throw new Error(`prelu layer '${layer.name}' has no constant slope tensor`);
  return { name, data: t.data, shape: t.shape };
}

function slopes(layer: Layer, graph: Graph, type: TensorType): Slopes {
  const { data, shape } = slopeTensor(layer, graph);
  const map = slopeIndexMap(tensorOf(graph, layer.inputs[0]).shape, shape);
  if (typeof map === 'string') throw new Error(`prelu layer '${layer.name}': ${map}`);
  const { raw, lsb } = constantRaw(data, type);
  return { raws: raw, lsb, map };
}

// ————————————————————————————————————————————————————————————————————— fixed-point plan

/** Everything the fixed semantics of one layer needs, compiled once. */
interface Plan {
  /** the 'auto' result type */
  auto: FixedType;
  /** internal types by role ('table', 'alpha', 'beta', 'gamma') */
  internal: Record<string, FixedType>;
  table?: TableSpec;
  /** whether the NUM path is exact for result type Y (every magnitude below 2^53) */
  fits(Y: FixedType): boolean;
  /** the per-element function in representation V: (raw x, element index) → raw y */
  kernel<V extends number | bigint>(A: Arith<V>, Y: FixedType): (x: V, i: number) => V;
  /** warnings about the rule's choices, for InferredTypes.diagnostics */
  notes: string[];
}

const LIMIT = 1n << 53n;

interface PlanInputs {
  /** the (common) input type */
  X: FixedType;
  tableType: FixedType;
  tableSize: number;
  /** prelu only */
  slopes?: () => Slopes;
}

function rangeOf(lo: bigint, hi: bigint, lsb: number): RawRange {
  return lo <= hi ? { lo, hi, lsb } : { lo: hi, hi: lo, lsb };
}

/** The extremes of the products a·b, a from as, b from bs. */
function corners(as: readonly bigint[], bs: readonly bigint[]): [bigint, bigint] {
  const p = as.flatMap((x) => bs.map((y) => x * y));
  return [minBig(...p), maxBig(...p)];
}

/** A piecewise-linear plan: `pieces` are the exact value ranges of its branches (their union is 'auto'). */
function linear(pieces: RawRange[], bound: bigint, internal: Record<string, FixedType>, kernel: Plan['kernel'], notes: string[] = []): Plan {
  return { auto: rangeType(unionRange(pieces)), internal, fits: () => bound < LIMIT, kernel, notes };
}

function plan(layer: Layer, p: PlanInputs): Plan {
  const { X } = p;
  const e = lsbExp(X);
  const xMin = minRaw(X);
  const xMax = maxRaw(X);
  const xAbs = maxBig(absBig(xMin), absBig(xMax));
  const a = layer.attrs;

  switch (a.fn) {
    case 'relu':
      return linear([{ lo: 0n, hi: maxBig(xMax, 0n), lsb: e }], xAbs, {}, (A, Y) => {
        const zero = A.zero;
        return (x) => A.requantize(e, x < zero ? zero : x, Y);
      });

    case 'leaky_relu':
    case 'prelu': {
      // slopes m (raws) at LSB 2^k; element i uses m[slopeOf(i)]
      let ms: bigint[];
      let k: number;
      let internal: Record<string, FixedType> = {};
      let slopeOf: (i: number) => number = () => 0;
      if (a.fn === 'leaky_relu') {
        const d = dyadic(alphaOf(layer, ACTIVATION_DEFAULTS.leakyAlpha));
        ms = [d.m];
        k = d.e;
        internal = { alpha: dyadicType(d) };
      } else {
        if (!p.slopes) throw new Error(`prelu layer '${layer.name}' needs its slope tensor`);
        const s = p.slopes();
        ms = s.raws;
        k = s.lsb;
        slopeOf = (i) => s.map[i];
      }
      const pieces: RawRange[] = [{ lo: maxBig(xMin, 0n), hi: maxBig(xMax, 0n), lsb: e }];
      if (xMin < 0n) {
        const [lo, hi] = corners([xMin, -1n], ms);
        pieces.push({ lo, hi, lsb: e + k });
      }
      const bound = xAbs * maxBig(1n, ...ms.map(absBig));
      return linear(pieces, bound, internal, (A, Y) => {
        const zero = A.zero;
        const s = ms.map((m) => A.of(m));
        return (x, i) => (x < zero ? A.requantize(e + k, A.mul(x, s[slopeOf(i)]), Y) : A.requantize(e, x, Y));
      });
    }

    case 'thresholded_relu': {
      // r > t  <=>  r·2^e > alpha, for integer r and t = floor(alpha·2^−e)
      const t = floorScaled(dyadic(alphaOf(layer, ACTIVATION_DEFAULTS.thresholdAlpha)), -e);
      const pieces: RawRange[] = [{ lo: 0n, hi: 0n, lsb: e }];
      if (t < xMax) pieces.push({ lo: maxBig(xMin, t + 1n), hi: xMax, lsb: e });
      return linear(pieces, xAbs + 1n, {}, (A, Y) => {
        const zero = A.zero;
        const tt = A.of(clampBig(t, xMin - 1n, xMax));
        return (x) => (x > tt ? A.requantize(e, x, Y) : zero);
      });
    }

    case 'clip':
      return clipPlan(a.min, a.max, X);

    case 'hard_sigmoid': {
      const da = dyadic(alphaOf(layer, ACTIVATION_DEFAULTS.hardSigmoidAlpha));
      const db = dyadic(a.beta ?? ACTIVATION_DEFAULTS.hardSigmoidBeta);
      // v = alpha·x + beta exactly at LSB 2^k, and 1 = 2^−k on that grid
      const k = Math.min(e + da.e, db.e, 0);
      const ma = da.m << BigInt(e + da.e - k);
      const mb = db.m << BigInt(db.e - k);
      const one = 1n << BigInt(-k);
      const y = (r: bigint): bigint => clampBig(r * ma + mb, 0n, one);
      const bound = xAbs * absBig(ma) + absBig(mb) + one;
      const internal = { alpha: dyadicType(da), beta: dyadicType(db) };
      return linear([rangeOf(y(xMin), y(xMax), k)], bound, internal, (A, Y) => {
        const zero = A.zero;
        const tOne = A.of(one);
        const tA = A.of(ma);
        const tB = A.of(mb);
        return (x) => {
          const v = A.add(A.mul(x, tA), tB);
          return A.requantize(k, v < zero ? zero : v > tOne ? tOne : v, Y);
        };
      });
    }

    case 'hard_swish':
      return hardSwishPlan(X);

    case 'sigmoid':
    case 'tanh':
    case 'softsign':
    case 'softplus':
    case 'elu':
    case 'selu':
      return tablePlan(layer, p);
  }
}

function clipPlan(min: number | undefined, max: number | undefined, X: FixedType): Plan {
  const e = lsbExp(X);
  const xMin = minRaw(X);
  const xMax = maxRaw(X);
  const notes: string[] = [];
  // min rounded up, max rounded down onto the input grid
  const bound = (v: number | undefined, none: number, up: boolean): bigint | undefined => {
    if (v === undefined || v === none) return undefined;
    const d = dyadic(v);
    const r = up ? ceilScaled(d, -e) : floorScaled(d, -e);
    if (r !== (up ? floorScaled(d, -e) : ceilScaled(d, -e)))
      notes.push(`clip ${up ? 'min' : 'max'} ${v} is not on the input grid (LSB 2^${e}); rounded ${up ? 'up' : 'down'} to ${toDecimal(fixedOf(r, e), r)}`);
    return r;
  };
  let lo = bound(min, -Infinity, true);
  let hi = bound(max, Infinity, false);
  // Bounds that cannot change a value of the input type are dropped (keeps the integers small).
  if (lo !== undefined && lo <= xMin) lo = undefined;
  if (hi !== undefined && hi >= maxBig(xMax, lo ?? xMax)) hi = undefined;
  const y = (r: bigint): bigint => {
    let v = r;
    if (lo !== undefined && v < lo) v = lo;
    if (hi !== undefined && v > hi) v = hi;
    return v;
  };
  const magnitude = maxBig(absBig(xMin), absBig(xMax), absBig(lo ?? 0n), absBig(hi ?? 0n));
  const kernel: Plan['kernel'] = (A, Y) => {
    const tLo = lo === undefined ? undefined : A.of(lo);
    const tHi = hi === undefined ? undefined : A.of(hi);
    return (x) => {
      let v = x;
      if (tLo !== undefined && v < tLo) v = tLo;
      if (tHi !== undefined && v > tHi) v = tHi;
      return A.requantize(e, v, Y);
    };
  };
  return linear([rangeOf(y(xMin), y(xMax), e)], magnitude, {}, kernel, notes);
}

/** The smallest type holding raw r at LSB 2^e (for printing a value). */
function fixedOf(r: bigint, e: number): FixedType {
  return rangeType({ lo: r, hi: r, lsb: e });
}

function hardSwishPlan(X: FixedType): Plan {
  const e = lsbExp(X);
  const xMax = maxRaw(X);
  const xAbs = maxBig(absBig(minRaw(X)), absBig(xMax));
  const e1 = Math.min(e, 0);
  const up = 1n << BigInt(e - e1); // r' = r·up on the grid 2^e1
  const bigK = 3n << BigInt(-e1); // 3 on that grid
  const maxA = 2n * bigK * bigK; // |r'(r' + K)| < 2K² for −K < r' < K
  const auto = rangeType({ lo: floorScaled({ m: -3n, e: -3 }, -e), hi: maxBig(xMax, 0n), lsb: e }, 'RND', 'SAT');
  return {
    auto,
    internal: {},
    notes: [],
    fits: (Y) => xAbs * up < LIMIT && maxA < LIMIT && ratioFitsNumber(2 * e1, maxA, 6n, Y),
    kernel: (A, Y) => {
      const zero = A.zero;
      const tUp = A.of(up);
      const tK = A.of(bigK);
      const negK = A.of(-bigK);
      const six = A.of(6);
      return (x) => {
        const r = A.mul(x, tUp);
        if (r <= negK) return zero;
        if (r >= tK) return A.requantize(e1, r, Y);
        return A.requantizeRatio(2 * e1, A.mul(r, A.add(r, tK)), six, Y);
      };
    },
  };
}

function tablePlan(layer: Layer, p: PlanInputs): Plan {
  const fn = layer.attrs.fn;
  const { X, tableType, tableSize } = p;
  const e = lsbExp(X);
  const xMin = minRaw(X);
  const xMax = maxRaw(X);
  const xAbs = maxBig(absBig(xMin), absBig(xMax));
  const [lo, hi] = TABLE_RANGES[fn] as readonly [number, number];
  const { f, what } = tabulated(layer);
  const entries = tableEntries(f, lo, hi, tableSize, tableType);
  const index = tableIndex(e, lo, hi, tableSize);
  const table: TableSpec = { role: 'table', what, lo, hi, size: tableSize, type: tableType, entries, index };
  const lsbT = lsbExp(tableType);

  // The exact linear part, y = round_Y(r·m @ e + lsb(m)) for r >= from: elu and selu for x >= 0,
  // softplus for x >= hi.
  let lin: { from: bigint; m: Dyadic } | undefined;
  const internal: Record<string, FixedType> = { table: tableType };
  if (fn === 'elu') lin = { from: 0n, m: { m: 1n, e: 0 } };
  if (fn === 'softplus') lin = { from: index.rHi + 1n, m: { m: 1n, e: 0 } };
  if (fn === 'selu') {
    const g = dyadic(layer.attrs.gamma ?? ACTIVATION_DEFAULTS.seluGamma);
    lin = { from: 0n, m: g };
    internal.gamma = dyadicType(g);
  }
  // Which parts the input type can reach decides the 'auto' type.
  const linReachable = lin !== undefined && xMax >= lin.from;
  const tableReachable = lin === undefined || xMin < lin.from;
  let auto = tableType;
  if (lin && linReachable) {
    const [a, b] = corners([maxBig(xMin, lin.from), xMax], [lin.m.m]);
    const linRange: RawRange = { lo: a, hi: b, lsb: e + lin.m.e };
    auto = rangeType(unionRange(tableReachable ? [typeRange(tableType), linRange] : [linRange]));
  }
  const bound = maxBig(index.bound, xAbs * absBig(lin?.m.m ?? 1n) + 1n);
  return {
    auto,
    internal,
    table,
    notes: [],
    fits: () => bound < LIMIT,
    kernel: (A, Y) => {
      const idx = indexer(A, index, xMin, xMax);
      // the entries rounded into Y once, at compile time (exact on BigInts whatever the table width)
      const out = entries.map((v) => A.of(requantize(lsbT, v, Y)));
      if (!lin) return (x) => out[idx(x)];
      const from = A.of(clampBig(lin.from, xMin - 1n, xMax + 1n));
      const m = A.of(lin.m.m);
      const k = e + lin.m.e;
      return (x) => (x < from ? out[idx(x)] : A.requantize(k, A.mul(x, m), Y));
    },
  };
}

// ————————————————————————————————————————————————————————————————————— the layer

function compiledPlan(layer: Layer, graph: Graph): { plan: Plan; X: FixedType; shifts: Int32Array | undefined } {
  const tIn = tensorTypeOf(graph, layer.inputs[0]);
  const X = commonType(tIn);
  const slopeType = layer.attrs.fn === 'prelu' ? tensorTypeOf(graph, slopeTensor(layer, graph).name) : undefined;
  const p = plan(layer, {
    X,
    tableType: layer.types?.table ?? DEFAULT_TABLE_TYPE,
    tableSize: layer.options?.tableSize ?? DEFAULT_TABLE_SIZE,
    slopes: slopeType ? () => slopes(layer, graph, slopeType) : undefined,
  });
  return { plan: p, X, shifts: elementShifts(tIn, X) };
}

/** The lookup table of a typed Activation layer (undefined for piecewise-linear functions). */
export function activationTable(layer: Layer, graph: Graph): TableSpec | undefined {
  return compiledPlan(layer, graph).plan.table;
}

export const activationSemantics: LayerSemantics<'Activation'> = {
  kind: 'Activation',

  inferShape(layer, inputShapes, graph) {
    if (inputShapes.length !== 1) return { error: `Activation takes one input, got ${inputShapes.length}` };
    const a = layer.attrs;
    if (a.fn === 'prelu') {
      const t = a.slope === undefined ? undefined : graph.tensors[a.slope];
      if (!t?.data) return { error: 'prelu needs a constant slope tensor' };
      const map = slopeIndexMap(inputShapes[0], t.shape);
      if (typeof map === 'string') return { error: map };
    }
    if (a.fn === 'clip' && !(a.min === undefined || a.min === -Infinity || Number.isFinite(a.min)))
      return { error: `clip min must be finite or -Infinity, got ${a.min}` };
    if (a.fn === 'clip' && !(a.max === undefined || a.max === Infinity || Number.isFinite(a.max)))
      return { error: `clip max must be finite or +Infinity, got ${a.max}` };
    return { shapes: [inputShapes[0]] };
  },

  inferTypes(layer, graph, request: PrecisionRequest): InferredTypes {
    const X = commonType(tensorTypeOf(graph, layer.inputs[0]));
    const constants: InferredTypes['constants'] = {};
    let slopeFn: (() => Slopes) | undefined;
    if (layer.attrs.fn === 'prelu') {
      const { name } = slopeTensor(layer, graph);
      const type = constantType(graph, name, request.weight);
      constants[name] = type;
      slopeFn = () => slopes(layer, graph, type);
    }
    const p = plan(layer, { X, tableType: request.table, tableSize: request.tableSize, slopes: slopeFn });
    const types: InferredTypes = { outputs: [request.result === 'auto' ? p.auto : request.result], internal: p.internal, constants };
    const notes = [...p.notes];
    if (layer.attrs.fn === 'hard_swish' && request.result === 'auto')
      notes.push(`hard_swish has no exact result type; 'auto' uses ${formatType(p.auto)} (the input grid, rounded)`);
    if (notes.length > 0) types.diagnostics = notes.map((n) => warning('precision/activation', n, layer.origin));
    return types;
  },

  compileFloat(layer, graph) {
    if (layer.attrs.fn !== 'prelu') {
      const f = floatFunction(layer);
      return (inputs) => [Float64Array.from(inputs[0], f)];
    }
    const { data, shape } = slopeTensor(layer, graph);
    const map = slopeIndexMap(tensorOf(graph, layer.inputs[0]).shape, shape);
    if (typeof map === 'string') throw new Error(`prelu layer '${layer.name}': ${map}`);
    return (inputs) => [Float64Array.from(inputs[0], (x, i) => (x < 0 ? x * data[map[i]] : x))];
  },

  compileFixed(layer, graph, options?: FixedOptions) {
    const { plan: p, X, shifts } = compiledPlan(layer, graph);
    const Y = fixedTypeOf(graph, layer.outputs[0]);
    return withArith(arithFor(options, [X, Y], [], p.fits(Y)), (A) => {
      const kernel = p.kernel(A, Y);
      const scale = shifts ? Array.from(shifts, (k) => A.of(1n << BigInt(k))) : undefined;
      return (inputs: RawArray[]): RawArray[] => {
        const x = A.adopt(inputs[0]);
        const n = x.length;
        const out = A.alloc(n);
        if (scale) for (let i = 0; i < n; i++) out[i] = kernel(A.mul(x[i], scale[i]), i);
        else for (let i = 0; i < n; i++) out[i] = kernel(x[i], i);
        return [A.raw(out)];
      };
    });
  },
};
