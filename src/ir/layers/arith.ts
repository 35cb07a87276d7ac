// The two representations of raw values, behind one small interface, so that each layer's
// fixed-point semantics is written once and runs on either:
//   NUM — raw integers in doubles (Float64Array). Exact while every integer a layer computes has
//         magnitude ≤ 2^53; no BigInt, no allocation beyond the output arrays.
//   BIG — raw integers as BigInt (bigint[]), any width.
// A layer picks its representation at compile time (`arithFor`): NUM when every type it touches —
// inputs, constants, exact intermediates (products, accumulators) and outputs — has width ≤ 53,
// and every type whose values are added before the sum is converted has width ≤ 52 (so the sum
// of two such values, up to 2^53 in magnitude, is still an exact double); BIG otherwise, or when
// forced (tests). Inputs arriving in the other representation are converted on entry (`adopt`).

import { convert, quantize, requantize } from '../fixed/quantize.js';
import { convertNum, quantizeNum, requantizeNum } from '../fixed/quantize-num.js';
import type { FixedType } from '../fixed/type.js';
import { type Rounding, requantizeRatio, requantizeRatioNum, roundRatio, roundRatioNum } from './ratio.js';
import type { FixedOptions, RawArray } from './spec.js';

export type { FixedOptions } from './spec.js';

/** A mutable array of raw values: Float64Array for NUM, bigint[] for BIG. */
export interface Vec<V> {
  [i: number]: V;
  readonly length: number;
}

export interface Arith<V extends number | bigint> {
  readonly big: boolean;
  readonly zero: V;
  /** an exact integer in this representation */
  of(x: bigint | number): V;
  toBig(a: V): bigint;
  add(a: V, b: V): V;
  sub(a: V, b: V): V;
  mul(a: V, b: V): V;
  /** acc + x·w */
  mac(acc: V, x: V, w: V): V;
  neg(a: V): V;
  /** a·2^k for k ≥ 0 */
  shl(a: V, k: number): V;
  lt(a: V, b: V): boolean;
  isZero(a: V): boolean;
  /** the value raw·2^lsbFrom assigned to type `to` (ap_fixed conversion) */
  requantize(lsbFrom: number, raw: V, to: FixedType): V;
  convert(from: FixedType, to: FixedType, raw: V): V;
  /** the ap_fixed constructor from a double */
  quantize(t: FixedType, x: number): V;
  /** the exact value (num / den)·2^lsb, den > 0, assigned to type `to` */
  requantizeRatio(lsb: number, num: V, den: V, to: FixedType): V;
  /** num / den (den > 0) rounded to an integer */
  roundRatio(num: V, den: V, mode: Rounding): V;
  alloc(n: number): Vec<V>;
  /** an array of constants */
  from(values: readonly bigint[]): Vec<V>;
  /** an input array in this representation (the same array when it already is) */
  adopt(a: RawArray): Vec<V>;
  /** the RawArray view of a Vec built by this arithmetic */
  raw(a: Vec<V>): RawArray;
}

export const NUM: Arith<number> = {
  big: false,
  zero: 0,
  of: (x) => Number(x),
  toBig: (a) => BigInt(a),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  mac: (acc, x, w) => acc + x * w,
  neg: (a) => -a,
  shl: (a, k) => a * 2 ** k,
  lt: (a, b) => a < b,
  isZero: (a) => a === 0,
  requantize: requantizeNum,
  convert: convertNum,
  quantize: quantizeNum,
  requantizeRatio: requantizeRatioNum,
  roundRatio: roundRatioNum,
  alloc: (n) => new Float64Array(n),
  from: (values) => Float64Array.from(values, (v) => Number(v)),
  adopt: (a) => (a instanceof Float64Array ? a : Float64Array.from(a, (v) => Number(v))),
  raw: (a) => a as Float64Array,
};

export const BIG: Arith<bigint> = {
  big: true,
  zero: 0n,
  of: (x) => BigInt(x),
  toBig: (a) => a,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  mac: (acc, x, w) => acc + x * w,
  neg: (a) => -a,
  shl: (a, k) => a << BigInt(k),
  lt: (a, b) => a < b,
  isZero: (a) => a === 0n,
  requantize,
  convert,
  quantize,
  requantizeRatio,
  roundRatio,
  alloc: (n) => new Array<bigint>(n).fill(0n),
  from: (values) => values.slice(),
  adopt: (a) => (a instanceof Float64Array ? Array.from(a, (v) => BigInt(v)) : a),
  raw: (a) => a as bigint[],
};

/**
 * NUM when every type in `stored` has width ≤ 53 and every type in `summed` (types two of whose
 * values are added before a conversion) has width ≤ 52, and `extra` (further conditions a layer
 * checks itself, e.g. ratio bounds) holds; else BIG.
 */
export function arithFor(
  options: FixedOptions | undefined,
  stored: readonly FixedType[],
  summed: readonly FixedType[] = [],
  extra = true,
): Arith<number> | Arith<bigint> {
  if (options?.forceBigInt) return BIG;
  const fits = extra && stored.every((t) => t.width <= 53) && summed.every((t) => t.width <= 52);
  return fits ? NUM : BIG;
}

/** The largest magnitude of a raw value of type t. */
export function maxAbsRaw(t: FixedType): bigint {
  return t.signed ? 1n << BigInt(t.width - 1) : (1n << BigInt(t.width)) - 1n;
}

/** True when |v| ≤ 2^53 for the bound v. */
export function fitsDouble(bound: bigint): boolean {
  return bound <= 2n ** 53n && bound >= -(2n ** 53n);
}

/** Run a kernel builder, generic over the representation, with the chosen arithmetic. */
export function withArith<R>(
  A: Arith<number> | Arith<bigint>,
  build: <V extends number | bigint>(A: Arith<V>) => R,
): R {
  return A.big ? build(A as Arith<bigint>) : build(A as Arith<number>);
}
