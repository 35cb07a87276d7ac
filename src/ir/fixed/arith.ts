// Result types of exact arithmetic. They follow ap_fixed's own rules where ap_fixed defines one
// (a+b, a-b, a*b) and otherwise are the smallest type that holds every possible result.
//
// All results carry the default modes (AP_TRN, AP_WRAP, N = 0), as ap_fixed's result types do:
// they are exact, so the modes never act. Their width may exceed MAX_WIDTH: these are internal exact
// types (an accumulator of many wide products) and are not meant to be printed into HLS code as is.

import { bitLength } from './double.js';
import { type FixedType, fixedType, lsbExp, maxRaw, minRaw } from './type.js';

/** Integer and fraction bits of the ap_fixed sum/difference rule (RType plus_w / plus_i). */
function sumShape(a: FixedType, b: FixedType): { intBits: number; fracBits: number } {
  // A signed operand next to an unsigned one needs one more integer bit to hold the unsigned range.
  const intBits = Math.max(a.intBits + (b.signed && !a.signed ? 1 : 0), b.intBits + (a.signed && !b.signed ? 1 : 0)) + 1;
  const fracBits = Math.max(a.width - a.intBits, b.width - b.intBits);
  return { intBits, fracBits };
}

/** Full-precision type of a + b, as ap_fixed defines it (signed if either operand is). */
export function sumType(a: FixedType, b: FixedType): FixedType {
  const { intBits, fracBits } = sumShape(a, b);
  return fixedType(a.signed || b.signed, intBits + fracBits, intBits);
}

/** Full-precision type of a - b, as ap_fixed defines it: the width of a + b, always signed. */
export function diffType(a: FixedType, b: FixedType): FixedType {
  const { intBits, fracBits } = sumShape(a, b);
  return fixedType(true, intBits + fracBits, intBits);
}

/** Full-precision type of a * b: widths and integer bits add. */
export function productType(a: FixedType, b: FixedType): FixedType {
  return fixedType(a.signed || b.signed, a.width + b.width, a.intBits + b.intBits);
}

/** ceil(log2 n) for a positive integer n, exactly (no floating-point log). */
function ceilLog2(n: number): number {
  let bits = 0;
  while (2 ** bits < n) bits++;
  return bits;
}

/** Exact type of the sum of n values of type t: ceil(log2 n) more integer bits. n must be a positive integer. */
export function accumType(t: FixedType, n: number): FixedType {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`accumType: n must be a positive integer, got ${n}`);
  const extra = ceilLog2(n);
  return fixedType(t.signed, t.width + extra, t.intBits + extra);
}

/**
 * Smallest exact type of the sum of one value of each type: the LSB is the finest LSB, the range
 * the sum of the ranges. At least one type is required.
 */
export function accumTypeOf(types: readonly FixedType[]): FixedType {
  if (types.length === 0) throw new RangeError('accumTypeOf: needs at least one type');
  const lsb = Math.min(...types.map(lsbExp));
  let lo = 0n;
  let hi = 0n;
  for (const t of types) {
    const scale = BigInt(lsbExp(t) - lsb);
    lo += minRaw(t) << scale;
    hi += maxRaw(t) << scale;
  }
  return exactTypeOfRange(lo, hi, lsb);
}

/**
 * Smallest type whose raw range at LSB exponent `lsb` contains [lo, hi]: signed iff lo < 0.
 * A range of {0} gives a 1-bit unsigned type.
 */
export function exactTypeOfRange(lo: bigint, hi: bigint, lsb: number): FixedType {
  if (lo > hi) throw new RangeError(`exactTypeOfRange: empty range [${lo}, ${hi}]`);
  if (lo >= 0n) {
    const width = Math.max(bitLength(hi), 1);
    return fixedType(false, width, width + lsb);
  }
  // Signed W holds [-2^(W-1), 2^(W-1)-1]: -lo-1 and hi must both fit in W-1 magnitude bits.
  const width = Math.max(bitLength(-lo - 1n), bitLength(hi > 0n ? hi : 0n)) + 1;
  return fixedType(true, width, width + lsb);
}
