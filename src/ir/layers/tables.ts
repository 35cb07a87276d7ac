// Lookup tables and the exact integer arithmetic shared by the Activation and Softmax semantics.
//
// A table approximates f over [lo, hi) (lo, hi dyadic rationals) with `size` = N entries of type T:
//
//   entry[i] = quantize(T, f(c_i)),  c_i = lo + ((2i + 1)·(hi − lo)) / (2N)      (i = 0 … N−1)
//
// i.e. f at the centre of bin i (hls4ml samples the left edge; the centre halves the worst-case
// error for a monotone f). c_i and f(c_i) are evaluated in float64 by this module (JavaScript's
// Math, V8's fdlibm port) and quantize is ap_fixed's double constructor `T v = f(c_i);` — backends
// must not recompute the entries: they print `TableSpec.entries`, which is what makes the
// generated firmware bit-exact with the emulator.
//
// Index of a value x = r·2^e (r the raw integer of the indexed type, e its LSB exponent):
//
//   idx = clamp(floor((x − lo)·N / (hi − lo)), 0, N − 1)
//
// computed without floating point from r, with integer constants fixed per (table, indexed type):
//
//   E      = max(F, −e) where F ≥ 0 is the least with lo·2^F and hi·2^F integers
//   shift  = e + E                     (≥ 0)
//   offset = lo·2^E,   W = (hi − lo)·2^E,   g = gcd(N, W),   mul = N/g,   div = W/g
//   rLo    = ceil(lo·2^−e)             (the smallest r with x ≥ lo)
//   rHi    = ceil(hi·2^−e) − 1         (the largest r with x < hi)
//
//   idx = r < rLo ? 0
//       : r > rHi ? N − 1
//       : floor(((r << shift) − offset)·mul / div)          — the operand is in [0, W·mul)
//
// With the default ranges and N = 1024, div is a power of two and mul is 1, so the last line is
// `((r << shift) − offset) >> log2(div)`. Test r < rLo first: when the indexed type is coarser than
// the table (rLo > rHi) every r then still falls in exactly one of the two clamps.
//
// Exact values: every intermediate of the fixed-point semantics is an integer m times a known power of
// two 2^lsb; a result is m rounded once into the output type: requantize(lsb, m, result), which is
// the ap_fixed assignment of that exact value (the generated C++ assigns an exact ap_fixed holding it).
// `IntOps` runs one description of that arithmetic on doubles (fast path: every integer below 2^53 in
// magnitude, output widths <= 53) or on BigInts (everything else).
//
// Raw arrays: a tensor whose type is at most 53 bits wide travels as a Float64Array, a wider one as
// bigint[]. Inputs are accepted in either form.

import { bitLength, exactParts } from '../fixed/double.js';
import { requantize } from '../fixed/quantize.js';
import { requantizeNum } from '../fixed/quantize-num.js';
import { quantize } from '../fixed/quantize.js';
import { DEFAULT_O, DEFAULT_Q, type FixedType, fixedType, lsbExp, maxRaw, minRaw, type OverflowMode, type QuantMode } from '../fixed/type.js';
import { type Graph, isPerElement, type TensorType } from '../graph.js';
import type { RawArray } from './spec.js';

/** hls4ml's default table size and table type. */
export const DEFAULT_TABLE_SIZE = 1024;
export const DEFAULT_TABLE_TYPE: FixedType = fixedType(true, 18, 8, 'RND', 'SAT');

// ————————————————————————————————————————————————————————————————————— tables

export interface TableIndex {
  /** LSB exponent e of the indexed value */
  readonly lsb: number;
  readonly size: number;
  readonly rLo: bigint;
  readonly rHi: bigint;
  readonly shift: number;
  readonly offset: bigint;
  readonly mul: bigint;
  readonly div: bigint;
  /** the largest magnitude the index arithmetic reaches: max(|offset| + W, W·mul) */
  readonly bound: bigint;
}

/** Everything a backend needs to print a table and its index arithmetic (see the header). */
export interface TableSpec {
  /** the internal-type role: 'table' (Activation), 'expTable' or 'invTable' (Softmax) */
  readonly role: string;
  /** what is tabulated, for comments in generated code, e.g. 'sigmoid(x)' */
  readonly what: string;
  readonly lo: number;
  readonly hi: number;
  readonly size: number;
  readonly type: FixedType;
  /** raw entries of `type` */
  readonly entries: readonly bigint[];
  /** the index map for the value that indexes the table */
  readonly index: TableIndex;
}

/** Raw entries quantize(type, f(c_i)) at the bin centres c_i (header). */
export function tableEntries(f: (x: number) => number, lo: number, hi: number, size: number, type: FixedType): bigint[] {
  checkRange(lo, hi, size);
  const entries = new Array<bigint>(size);
  const width = hi - lo;
  for (let i = 0; i < size; i++) entries[i] = quantize(type, f(lo + ((2 * i + 1) * width) / (2 * size)));
  return entries;
}

/** The centre c_i of bin i, exactly as the entries are computed. */
export function binCentre(lo: number, hi: number, size: number, i: number): number {
  return lo + ((2 * i + 1) * (hi - lo)) / (2 * size);
}

/** The index constants for a table over [lo, hi) of `size` entries, indexed by values with LSB 2^lsb. */
export function tableIndex(lsb: number, lo: number, hi: number, size: number): TableIndex {
  checkRange(lo, hi, size);
  const a = dyadic(lo);
  const b = dyadic(hi);
  const f = Math.max(0, a.m === 0n ? 0 : -a.e, b.m === 0n ? 0 : -b.e);
  const bigE = Math.max(f, -lsb);
  const offset = scaleExact(a, bigE);
  const hiScaled = scaleExact(b, bigE);
  const w = hiScaled - offset;
  const n = BigInt(size);
  const g = gcd(n, w);
  const shift = lsb + bigE;
  const unit = 1n << BigInt(shift);
  return {
    lsb,
    size,
    rLo: ceilDiv(offset, unit),
    rHi: ceilDiv(hiScaled, unit) - 1n,
    shift,
    offset,
    mul: n / g,
    div: w / g,
    bound: maxBig(absBig(offset) + w, w * (n / g)),
  };
}

/** idx(r) by the formula of the header, on BigInts (the reference form). */
export function indexOf(ix: TableIndex, r: bigint): number {
  if (r < ix.rLo) return 0;
  if (r > ix.rHi) return ix.size - 1;
  return Number((((r << BigInt(ix.shift)) - ix.offset) * ix.mul) / ix.div);
}

/**
 * idx(r) in representation T for raws in [rMin, rMax] (the indexed type's range): the thresholds
 * are clamped into [rMin − 1, rMax + 1], which changes no result there and keeps them small.
 */
export function indexer<T extends number | bigint>(A: IntOps<T>, ix: TableIndex, rMin: bigint, rMax: bigint): (r: T) => number {
  const rLo = A.of(clampBig(ix.rLo, rMin - 1n, rMax + 1n));
  const rHi = A.of(clampBig(ix.rHi, rMin - 1n, rMax + 1n));
  const scale = A.of(1n << BigInt(ix.shift));
  const offset = A.of(ix.offset);
  const mul = A.of(ix.mul);
  const div = A.of(ix.div);
  const top = ix.size - 1;
  return (r) => (r < rLo ? 0 : r > rHi ? top : A.index(A.floorDiv(A.mul(A.sub(A.mul(r, scale), offset), mul), div)));
}

function checkRange(lo: number, hi: number, size: number): void {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new Error(`table range [${lo}, ${hi}) is empty or not finite`);
  if (!Number.isSafeInteger(size) || size < 1) throw new Error(`table size must be a positive integer, got ${size}`);
}

// ————————————————————————————————————————————————————————————————————— exact integers

/** Integer arithmetic in one representation: doubles holding integers (fast path) or BigInts. */
export interface IntOps<T extends number | bigint> {
  readonly big: boolean;
  /** an integer (constant or input element) in this representation; exact within the path's limits */
  of(v: number | bigint): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** floor(a / d) for d > 0 */
  floorDiv(a: T, d: T): T;
  /** the ap_fixed assignment of the exact value raw·2^lsb to type `to` */
  requantize(lsb: number, raw: T, to: FixedType): T;
  /** a small non-negative integer as a number (table indices) */
  index(a: T): number;
}

export const NUM: IntOps<number> = {
  big: false,
  of: (v) => (typeof v === 'bigint' ? Number(v) : v),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  floorDiv: (a, d) => {
    const r = a % d;
    return (a - r) / d - (r < 0 ? 1 : 0);
  },
  requantize: (lsb, raw, to) => requantizeNum(lsb, raw, to),
  index: (a) => a,
};

export const BIG: IntOps<bigint> = {
  big: true,
  of: (v) => (typeof v === 'bigint' ? v : BigInt(v)),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  floorDiv: (a, d) => {
    const q = a / d;
    return a % d < 0n ? q - 1n : q;
  },
  requantize: (lsb, raw, to) => requantize(lsb, raw, to),
  index: (a) => Number(a),
};

/** Magnitudes below this are exact in doubles. */
export const SAFE_LIMIT = 1n << 53n;

/**
 * Whether the double path is exact: every intermediate magnitude is below 2^53 and every type whose
 * raws are produced or read is at most 53 bits wide (requantizeNum's condition).
 */
export function fastPathFits(bound: bigint, types: readonly FixedType[]): boolean {
  return bound < SAFE_LIMIT && types.every((t) => t.width <= 53);
}

/** A finite double as m·2^e exactly, m odd (or m = 0, e = 0). */
export interface Dyadic {
  readonly m: bigint;
  readonly e: number;
}

export function dyadic(x: number): Dyadic {
  if (!Number.isFinite(x)) throw new Error(`constant ${x} is not finite`);
  if (x === 0) return { m: 0n, e: 0 };
  const [mNum, eNum] = exactParts(x);
  let m = BigInt(mNum);
  let e = eNum;
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e += 1;
  }
  return { m, e };
}

/** The integer d.m·2^(d.e + k); throws when it is not one. */
export function scaleExact(d: Dyadic, k: number): bigint {
  const s = d.e + k;
  if (s >= 0) return d.m << BigInt(s);
  if (d.m === 0n) return 0n;
  throw new Error(`internal: ${d.m}·2^${d.e} is not a multiple of 2^${-k}`);
}

/** floor(d.m·2^(d.e + k)) and ceil(…) as BigInts (exact, any k). */
export function floorScaled(d: Dyadic, k: number): bigint {
  const s = d.e + k;
  return s >= 0 ? d.m << BigInt(s) : d.m >> BigInt(-s);
}
export function ceilScaled(d: Dyadic, k: number): bigint {
  return -floorScaled({ m: -d.m, e: d.e }, k);
}

export function floorDivBig(a: bigint, d: bigint): bigint {
  return BIG.floorDiv(a, d);
}
export function ceilDiv(a: bigint, d: bigint): bigint {
  return -floorDivBig(-a, d);
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function maxBig(...xs: bigint[]): bigint {
  return xs.reduce((a, b) => (b > a ? b : a));
}
export function minBig(...xs: bigint[]): bigint {
  return xs.reduce((a, b) => (b < a ? b : a));
}
export function absBig(a: bigint): bigint {
  return a < 0n ? -a : a;
}
export function clampBig(a: bigint, lo: bigint, hi: bigint): bigint {
  return a < lo ? lo : a > hi ? hi : a;
}

// ————————————————————————————————————————————————————————————————————— exact types

/** An exact set of values: raws in [lo, hi] at LSB 2^lsb. */
export interface RawRange {
  readonly lo: bigint;
  readonly hi: bigint;
  readonly lsb: number;
}

/** The smallest type holding every raw in [lo, hi] at LSB 2^lsb exactly (unsigned when lo >= 0). */
export function rangeType(r: RawRange, q: QuantMode = DEFAULT_Q, o: OverflowMode = DEFAULT_O): FixedType {
  const signed = r.lo < 0n;
  const width = signed
    ? Math.max(bitLength(r.hi < 0n ? 0n : r.hi) + 1, bitLength(-r.lo - 1n) + 1)
    : Math.max(1, bitLength(r.hi));
  return fixedType(signed, width, width + r.lsb, q, o);
}

export function typeRange(t: FixedType): RawRange {
  return { lo: minRaw(t), hi: maxRaw(t), lsb: lsbExp(t) };
}

/** The union of ranges, at the finest LSB. */
export function unionRange(rs: readonly RawRange[]): RawRange {
  const lsb = Math.min(...rs.map((r) => r.lsb));
  let lo = 0n;
  let hi = 0n;
  rs.forEach((r, k) => {
    const s = 1n << BigInt(r.lsb - lsb);
    if (k === 0 || r.lo * s < lo) lo = r.lo * s;
    if (k === 0 || r.hi * s > hi) hi = r.hi * s;
  });
  return { lo, hi, lsb };
}

/** The exact type of a dyadic constant. */
export function constantType(d: Dyadic): FixedType {
  return rangeType({ lo: d.m, hi: d.m, lsb: d.e });
}

// ————————————————————————————————————————————————————————————————————— tensors

/**
 * The type an element-wise layer computes in: the tensor's type, or for a per-element (HGQ) type the
 * smallest type holding every element type exactly (each raw is moved to it by `elementShifts`).
 */
export function commonType(t: TensorType): FixedType {
  if (!isPerElement(t)) return t;
  if (t.elements.length === 0) throw new Error('per-element type with no elements');
  return rangeType(unionRange(t.elements.map(typeRange)));
}

/** Per element, the left shift from its own LSB to the common type's LSB (undefined when uniform). */
export function elementShifts(t: TensorType, common: FixedType): Int32Array | undefined {
  if (!isPerElement(t)) return undefined;
  return Int32Array.from(t.elements, (e) => lsbExp(e) - lsbExp(common));
}

export function tensorTypeOf(graph: Graph, name: string): TensorType {
  const t = graph.tensors[name]?.type;
  if (!t) throw new Error(`tensor '${name}' has no type (run the precision pass first)`);
  return t;
}

export function uniformTypeOf(graph: Graph, name: string): FixedType {
  const t = tensorTypeOf(graph, name);
  if (isPerElement(t)) throw new Error(`tensor '${name}' must have one type, not one per element`);
  return t;
}

/** A raw array for n values of type t: Float64Array up to 53 bits, bigint[] beyond. */
export function allocRaw(t: FixedType, n: number): RawArray {
  return t.width <= 53 ? new Float64Array(n) : new Array<bigint>(n).fill(0n);
}

/** Reads element i of a raw array (either form) into representation T, moved to the common LSB. */
export function reader<T extends number | bigint>(A: IntOps<T>, shifts: Int32Array | undefined): (x: RawArray, i: number) => T {
  if (!shifts) return (x, i) => A.of(x[i]);
  const scale = Array.from(shifts, (s) => A.of(1n << BigInt(s)));
  return (x, i) => A.mul(A.of(x[i]), scale[i]);
}

/** Writes a value of representation T into a raw array of either form. */
export function writer<T extends number | bigint>(out: RawArray): (i: number, v: T) => void {
  if (out instanceof Float64Array) return (i, v) => void (out[i] = Number(v));
  return (i, v) => void (out[i] = BigInt(v));
}
