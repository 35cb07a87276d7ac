// The same quantization as quantize.ts on plain numbers, for the emulator's hot path.
// Valid when the target width is <= 53 (so every raw result is a safe integer) and, for
// requantizeNum/convertNum, when |raw| < 2^53.
//
// Why it is exact without BigInt: the value is first scaled to target LSB units by a power of two,
// which is exact as long as the product is a normal double; the scaling is clamped (as in
// quantize.ts) so that it always is. After that, floor, the fraction, and the floors and remainders
// of divisions by 2^k are all exactly representable, so IEEE arithmetic returns them without rounding.
// No allocation, no BigInt, no strings: mirrors quantize.ts rule for rule, and the tests compare the two.

import { ctorExponent, ctorSignificand, MIN_NORMAL, pow2 } from './double.js';
import { fracOf, roundsUp } from './round.js';
import type { FixedType } from './type.js';

/** requantize() for |raw| < 2^53 (an integer) and to.width <= 53. */
export function requantizeNum(lsbFrom: number, raw: number, to: FixedType): number {
  if (raw === 0) return 0;
  let shift = lsbFrom - (to.intBits - to.width);
  // Same clamps as the BigInt path: a 53-bit raw needs at most 55 bits of right shift.
  if (shift > to.width + 1) shift = to.width + 1;
  else if (shift < -55) shift = -55;
  return fitScaled(raw * pow2(shift), to);
}

/** quantize() for t.width <= 53. */
export function quantizeNum(t: FixedType, x: number): number {
  if (x === 0) return 0;
  // Common case: x is normal and scaling it to LSB units stays normal, hence exact.
  const y = x * pow2(t.width - t.intBits);
  const ay = Math.abs(y);
  if (ay >= MIN_NORMAL && ay < Infinity && Math.abs(x) >= MIN_NORMAL) return fitScaled(y, t);
  // NaN, infinities, subnormals (read the constructor's way) and extreme scalings.
  return requantizeNum(ctorExponent(x), ctorSignificand(x), t);
}

/** convert() for from.width <= 53 and to.width <= 53. */
export function convertNum(from: FixedType, to: FixedType, raw: number): number {
  return requantizeNum(from.intBits - from.width, raw, to);
}

/** Round then fit y, the exact non-zero value in target LSB units. */
function fitScaled(y: number, t: FixedType): number {
  const floor = Math.floor(y);
  const frac = fracOf(y - floor);
  // Parity matters only on a tie (2); a floating-point % is costly, so skip it otherwise.
  const up = roundsUp(t.q, frac, y < 0, frac === 2 && floor % 2 !== 0);
  return fit(t, up ? floor + 1 : floor, floor);
}

/** r mod 2^k in [0, 2^k), exact for any integer-valued double r. */
function modPow2(r: number, k: number): number {
  return r - Math.floor(r * pow2(-k)) * pow2(k);
}

/** Bit j of the two's-complement integer r. */
function bitAt(r: number, j: number): boolean {
  return Math.floor(r * pow2(-j)) % 2 !== 0;
}

function fit(t: FixedType, r: number, floor: number): number {
  const w = t.width;
  const h = pow2(t.signed ? w - 1 : w);
  const max = h - 1;
  const min = t.signed ? -h : 0;
  // In range: the common case, checked first (AP_SAT_SYM's own minimum is not in its range).
  if (r <= max && (r > min || (r === min && (t.o !== 'SAT_SYM' || !t.signed)))) return r;
  switch (t.o) {
    case 'WRAP':
      return t.n === 0 ? wrap(r, w, t.signed) : wrapSaturatingTop(t, r);
    case 'SAT_ZERO':
      return 0;
    case 'WRAP_SM':
      if (t.signed) return wrapSignMagnitude(t, r, floor);
      return r > max ? max : 0;
    case 'SAT':
      return r > max ? max : min;
    case 'SAT_SYM':
      if (r > max) return max;
      return t.signed && w > 1 ? -max : min;
  }
}

function wrap(r: number, w: number, signed: boolean): number {
  const v = modPow2(r, w);
  return signed && v >= pow2(w - 1) ? v - pow2(w) : v;
}

function wrapSaturatingTop(t: FixedType, r: number): number {
  const keep = t.width - t.n;
  const low = modPow2(r, keep);
  const k = pow2(keep);
  if (!t.signed) return pow2(t.width) - k + low;
  const h = pow2(t.width - 1);
  return r < 0 ? low - h : h - k + low;
}

function wrapSignMagnitude(t: FixedType, r: number, floor: number): number {
  const w = t.width;
  const v = modPow2(r, w);
  const h = pow2(w - 1);
  const msb = v >= h;
  const neg = r < 0;
  if (t.n <= 1) {
    const sign = t.n === 0 ? bitAt(floor, w) : neg;
    const lowV = msb ? v - h : v;
    const low = sign !== msb ? h - 1 - lowV : lowV;
    return sign ? low - h : low;
  }
  const keep = w - t.n;
  const k = pow2(keep);
  const lowV = modPow2(v, keep);
  const low = bitAt(v, keep) === neg ? k - 1 - lowV : lowV;
  return neg ? low - h : h - k + low;
}
