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
// Exact values: every intermediate of the Activation/Softmax semantics is an integer m times a known
// power of two 2^lsb; a result is m rounded once into the output type, requantize(lsb, m, Y): the
// ap_fixed assignment of that exact value (the generated C++ assigns an exact ap_fixed holding it).
// The arithmetic runs on arith.ts's NUM (doubles, when every magnitude stays below 2^53) or BIG.

import { exactParts } from '../fixed/double.js';
import {
  DEFAULT_O,
  DEFAULT_Q,
  exactTypeOfRange,
  type FixedType,
  fixedType,
  lsbExp,
  maxRaw,
  minRaw,
  type OverflowMode,
  type QuantMode,
  quantize,
} from '../fixed/index.js';
import { type Graph, isPerElement, type TensorType } from '../graph.js';
import type { Arith } from './arith.js';
import { tensorOf, unionType } from './constants.js';

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
  /** the largest magnitude the index arithmetic reaches: max(|offset| + W, W·mul + div) */
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
    bound: maxBig(absBig(offset) + w, w * (n / g) + w / g),
  };
}

/** idx(r) by the formula of the header, on BigInts (the reference form). */
export function indexOf(ix: TableIndex, r: bigint): number {
  if (r < ix.rLo) return 0;
  if (r > ix.rHi) return ix.size - 1;
  return Number((((r << BigInt(ix.shift)) - ix.offset) * ix.mul) / ix.div);
}

/**
 * idx(r) in representation V for raws in [rMin, rMax] (the indexed type's range): the thresholds
 * are clamped into [rMin − 1, rMax + 1], which changes no result there and keeps them small.
 * Exact on NUM when ix.bound and |rMin|, |rMax| + 1 are below 2^53.
 */
export function indexer<V extends number | bigint>(A: Arith<V>, ix: TableIndex, rMin: bigint, rMax: bigint): (r: V) => number {
  const rLo = A.of(clampBig(ix.rLo, rMin - 1n, rMax + 1n));
  const rHi = A.of(clampBig(ix.rHi, rMin - 1n, rMax + 1n));
  const offset = A.of(ix.offset);
  const mul = A.of(ix.mul);
  const div = A.of(ix.div);
  const top = ix.size - 1;
  const { shift } = ix;
  return (r) => (r < rLo ? 0 : r > rHi ? top : Number(A.roundRatio(A.mul(A.sub(A.shl(r, shift), offset), mul), div, 'TRN')));
}

function checkRange(lo: number, hi: number, size: number): void {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new Error(`table range [${lo}, ${hi}) is empty or not finite`);
  if (!Number.isSafeInteger(size) || size < 1) throw new Error(`table size must be a positive integer, got ${size}`);
}

// ————————————————————————————————————————————————————————————————————— exact integers

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

/** ceil(a / d) for d > 0. */
function ceilDiv(a: bigint, d: bigint): bigint {
  const q = a / d; // truncates toward zero
  return a % d > 0n ? q + 1n : q;
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
  const t = exactTypeOfRange(r.lo, r.hi, r.lsb);
  return q === t.q && o === t.o ? t : fixedType(t.signed, t.width, t.intBits, q, o);
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
export function dyadicType(d: Dyadic): FixedType {
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
  return unionType(t.elements);
}

/** Per element, the left shift from its own LSB to the common type's LSB (undefined when uniform). */
export function elementShifts(t: TensorType, common: FixedType): Int32Array | undefined {
  if (!isPerElement(t)) return undefined;
  return Int32Array.from(t.elements, (e) => lsbExp(e) - lsbExp(common));
}

/** The type of a tensor of a typed graph (per-element types allowed). */
export function tensorTypeOf(graph: Graph, name: string): TensorType {
  const t = tensorOf(graph, name).type;
  if (!t) throw new Error(`tensor '${name}' has no type (run the precision pass first)`);
  return t;
}
