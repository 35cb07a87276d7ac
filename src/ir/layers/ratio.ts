// Rounding an exact rational into a fixed-point type, for the layers whose exact result is not a
// dyadic number: average pooling (sum / count), division (x / y) and the QONNX quantizers
// (x / scale + zero point). One decision procedure serves the BigInt and the number paths.
//
// requantizeRatio(lsb, num, den, to) is the ap_fixed assignment of the exact value
// (num / den)·2^lsb to type `to`: the quotient in units of to's LSB is rounded with to's
// quantization mode (round.ts: the same rules as every other conversion), then to's overflow mode
// applies (requantize, see below). den must be > 0.

import { requantize } from '../fixed/quantize.js';
import { requantizeNum } from '../fixed/quantize-num.js';
import { type Frac, roundsUp } from '../fixed/round.js';
import { type FixedType, lsbExp, type QuantMode } from '../fixed/type.js';
import type { QuantRounding } from '../graph.js';

/** An ap_fixed quantization mode, or CEIL (round toward +inf: QONNX only). */
export type Rounding = QuantMode | 'CEIL';

/**
 * QONNX rounding modes as ap_fixed modes: ROUND = half to even (RND_CONV), FLOOR = TRN,
 * ROUND_TO_ZERO = TRN_ZERO, HALF_UP = half away from zero (RND_INF), HALF_DOWN = half toward
 * zero (RND_ZERO), CEIL = toward +inf. (QONNX documents them with numpy's functions and a table:
 * 2.5 → ROUND 2, HALF_UP 3, HALF_DOWN 2; −2.5 → ROUND −2, HALF_UP −3, HALF_DOWN −2.)
 */
export function qonnxRounding(r: QuantRounding): Rounding {
  switch (r) {
    case 'ROUND':
      return 'RND_CONV';
    case 'CEIL':
      return 'CEIL';
    case 'FLOOR':
      return 'TRN';
    case 'ROUND_TO_ZERO':
      return 'TRN_ZERO';
    case 'HALF_UP':
      return 'RND_INF';
    case 'HALF_DOWN':
      return 'RND_ZERO';
  }
}

function up(mode: Rounding, frac: Frac, negative: boolean, floorOdd: boolean): boolean {
  if (mode === 'CEIL') return frac !== 0;
  return roundsUp(mode, frac, negative, floorOdd);
}

/** floor(num / den) and where the fraction lies (den > 0). */
function split(num: bigint, den: bigint): { floor: bigint; frac: Frac } {
  let q = num / den; // truncates toward zero
  let r = num - q * den;
  if (r < 0n) {
    q -= 1n;
    r += den;
  }
  if (r === 0n) return { floor: q, frac: 0 };
  const twice = 2n * r;
  return { floor: q, frac: twice < den ? 1 : twice === den ? 2 : 3 };
}

/** The fraction class of the last splitNum (a module variable: the number path allocates nothing). */
let lastFrac: Frac = 0;

/** floor(num / den) on numbers, its fraction class in lastFrac: exact when |num| + den ≤ 2^53. */
function splitNum(num: number, den: number): number {
  let q = Math.floor(num / den); // off by at most one: corrected below
  let r = num - q * den;
  if (r < 0) {
    q -= 1;
    r += den;
  } else if (r >= den) {
    q += 1;
    r -= den;
  }
  const twice = 2 * r;
  lastFrac = r === 0 ? 0 : twice < den ? 1 : twice === den ? 2 : 3;
  return q;
}

/** num / den (den > 0) rounded to an integer by `mode`. */
export function roundRatio(num: bigint, den: bigint, mode: Rounding): bigint {
  const { floor, frac } = split(num, den);
  return up(mode, frac, floor < 0n, (floor & 1n) === 1n) ? floor + 1n : floor;
}

/** roundRatio on numbers: exact when |num| + den ≤ 2^53 (both integers). */
export function roundRatioNum(num: number, den: number, mode: Rounding): number {
  const floor = splitNum(num, den);
  return up(mode, lastFrac, floor < 0, floor % 2 !== 0) ? floor + 1 : floor;
}

// The conversion itself is left to requantize, so that every rule of the ap_fixed assignment
// (including the overflow modes that look at the value before rounding) applies unchanged: the
// quotient in target LSB units, floor + fraction, is handed over as the dyadic stand-in
// 4·floor + c at two more fraction bits, c = 0, 1, 2, 3 for a fraction of 0, in (0, 1/2), 1/2,
// in (1/2, 1). It has the same floor, sign and position relative to 1/2, which is all the
// conversion looks at.

/** The ap_fixed assignment of (num / den)·2^lsb to `to` (den > 0). */
export function requantizeRatio(lsb: number, num: bigint, den: bigint, to: FixedType): bigint {
  const lt = lsbExp(to);
  const shift = lsb - lt;
  const { floor, frac } = shift >= 0 ? split(num << BigInt(shift), den) : split(num, den << BigInt(-shift));
  return requantize(lt - 2, 4n * floor + BigInt(frac), to);
}

/**
 * requantizeRatio on numbers. Exact when to.width ≤ 53 and the scaled operands stay small:
 * |num|·2^max(0, lsb − lsb(to)) + den·2^max(0, lsb(to) − lsb) ≤ 2^51 (see ratioFitsNumber).
 */
export function requantizeRatioNum(lsb: number, num: number, den: number, to: FixedType): number {
  const lt = lsbExp(to);
  const shift = lsb - lt;
  const floor = shift >= 0 ? splitNum(num * 2 ** shift, den) : splitNum(num, den * 2 ** -shift);
  return requantizeNum(lt - 2, 4 * floor + lastFrac, to);
}

/** Whether requantizeRatioNum is exact for |num| ≤ maxNum and 0 < den ≤ maxDen. */
export function ratioFitsNumber(lsb: number, maxNum: bigint, maxDen: bigint, to: FixedType): boolean {
  const shift = lsb - lsbExp(to);
  if (to.width > 53 || Math.abs(shift) > 53) return false;
  const n = shift >= 0 ? maxNum << BigInt(shift) : maxNum;
  const d = shift >= 0 ? maxDen : maxDen << BigInt(-shift);
  return n + d <= 2n ** 51n;
}
