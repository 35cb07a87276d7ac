// Exact quantization and overflow handling with BigInt: the general path, any width.
//
// Xilinx's ap_fixed assignment works on bits (truncate, add a rounding bit, then inspect the deleted
// MSBs). Read as arithmetic, it is:
//   1. floor = floor(value / 2^lsb) of the target; the rounding mode may add one (round.ts) -> r;
//   2. if r is within [minRaw, maxRaw] it is the result (except AP_SAT_SYM, below);
//   3. otherwise the overflow mode decides. AP_WRAP with N = 0 keeps the low W bits and needs no
//      range check at all. The other modes are in `outOfRange`; AP_WRAP with N > 0 and AP_WRAP_SM
//      rebuild the top bits from the sign of r and from lD, bit W of `floor` (the first deleted
//      bit, taken before rounding as the header does).
// None of this depends on the source type beyond its value and LSB, which is why one `requantize`
// serves doubles, fixed-to-fixed assignment and unbounded exact values alike.

import { bitLength, ctorExponent, ctorSignificand } from './double.js';
import { type Frac, roundsUp } from './round.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from './type.js';

/**
 * Convert the exact value raw * 2^lsbFrom (raw unbounded) to type `to`, with `to`'s quantization and
 * overflow modes. The result is the raw integer of `to`.
 */
export function requantize(lsbFrom: number, raw: bigint, to: FixedType): bigint {
  if (raw === 0n) return 0n;
  const shift = lsbFrom - lsbExp(to);
  if (shift >= 0) {
    // Nothing below the LSB is dropped. Past W+1 a larger shift changes nothing the rules look at
    // (the low W+1 bits stay zero and the value stays out of range), so clamp to keep BigInts small.
    const floor = raw << BigInt(Math.min(shift, to.width + 1));
    return fit(to, floor, floor);
  }
  // Likewise, shifting right by more than the magnitude's bit length + 2 leaves floor at 0 or -1 and
  // the fraction on the same side of 1/2.
  const s = BigInt(Math.min(-shift, bitLength(raw < 0n ? -raw : raw) + 2));
  const floor = raw >> s; // BigInt >> is floor division by 2^s, also for negatives
  const rem = raw - (floor << s);
  const half = 1n << (s - 1n);
  const frac: Frac = rem === 0n ? 0 : rem < half ? 1 : rem === half ? 2 : 3;
  const up = roundsUp(to.q, frac, raw < 0n, (floor & 1n) === 1n);
  return fit(to, up ? floor + 1n : floor, floor);
}

/** `T v = x;` for a double x: exactly Xilinx's ap_fixed constructor from double (NaN/Inf: see double.ts). */
export function quantize(t: FixedType, x: number): bigint {
  return requantize(ctorExponent(x), BigInt(ctorSignificand(x)), t);
}

/** Assignment of a value of type `from` (its raw integer) to type `to`. */
export function convert(from: FixedType, to: FixedType, raw: bigint): bigint {
  return requantize(lsbExp(from), raw, to);
}

/** Step 2-3: r is the rounded value in target LSB units, floor the value before rounding. */
function fit(t: FixedType, r: bigint, floor: bigint): bigint {
  if (t.o === 'WRAP' && t.n === 0) return wrap(t, r);
  const max = maxRaw(t);
  const min = minRaw(t);
  // AP_SAT_SYM on a signed type also treats the most negative value as an underflow, so the result
  // range is symmetric.
  const under = r < min || (t.o === 'SAT_SYM' && t.signed && r === min);
  if (r <= max && !under) return r;
  return outOfRange(t, r, floor, r > max);
}

function outOfRange(t: FixedType, r: bigint, floor: bigint, over: boolean): bigint {
  switch (t.o) {
    case 'SAT_ZERO':
      return 0n;
    case 'WRAP':
      return wrapSaturatingTop(t, r);
    case 'WRAP_SM':
      // Unsigned AP_WRAP_SM is refused by parseType; the header's code would saturate it, so do we.
      if (t.signed) return wrapSignMagnitude(t, r, floor);
      return over ? maxRaw(t) : 0n;
    case 'SAT':
      return over ? maxRaw(t) : minRaw(t);
    case 'SAT_SYM':
      if (over) return maxRaw(t);
      // The header sets the bit pattern 10...01: -max, which for W = 1 is the single bit, i.e. -1.
      return t.signed && t.width > 1 ? -maxRaw(t) : minRaw(t);
  }
}

/** Keep the low W bits (two's complement). */
function wrap(t: FixedType, r: bigint): bigint {
  return t.signed ? BigInt.asIntN(t.width, r) : BigInt.asUintN(t.width, r);
}

/**
 * AP_WRAP with N > 0 saturation bits: the low W-N bits wrap; the top N bits become 0 1...1 for a
 * positive value and 1 0...0 for a negative one (signed), or 1...1 in both cases (unsigned: the
 * header sets them on underflow too).
 */
function wrapSaturatingTop(t: FixedType, r: bigint): bigint {
  const keep = t.width - t.n;
  const low = BigInt.asUintN(keep, r);
  const k = 1n << BigInt(keep);
  if (!t.signed) return (1n << BigInt(t.width)) - k + low;
  const h = 1n << BigInt(t.width - 1);
  return r < 0n ? low - h : h - k + low;
}

/**
 * AP_WRAP_SM (signed only): sign-magnitude wrap, as the header builds it from the wrapped bits V.
 * N = 0: the sign becomes lD; the low W-1 bits are inverted when lD differs from V's MSB.
 * N = 1: the sign becomes the value's sign; the low bits are inverted when that differs from V's MSB.
 * N > 1: the top N bits saturate as in AP_WRAP; the low W-N bits are inverted when bit W-N of V
 * equals the sign (note the opposite polarity to N = 1: that is the header's rule).
 */
function wrapSignMagnitude(t: FixedType, r: bigint, floor: bigint): bigint {
  const w = t.width;
  const v = BigInt.asUintN(w, r);
  const h = 1n << BigInt(w - 1);
  const msb = v >= h;
  const neg = r < 0n;
  if (t.n <= 1) {
    const sign = t.n === 0 ? ((floor >> BigInt(w)) & 1n) === 1n : neg;
    const lowV = v - (msb ? h : 0n);
    const low = sign !== msb ? h - 1n - lowV : lowV;
    return sign ? low - h : low;
  }
  const keep = BigInt(w - t.n);
  const k = 1n << keep;
  const lowV = BigInt.asUintN(w - t.n, v);
  const bitN = ((v >> keep) & 1n) === 1n;
  const low = bitN === neg ? k - 1n - lowV : lowV;
  return neg ? low - h : h - k + low;
}
