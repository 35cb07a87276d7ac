// Reading a fixed-point value: as a double, as an exact decimal string, as its stored bits, and
// the test whether a double is exactly one of a type's values.

import { bigToDouble, bitLength, exactParts, pow2 } from './double.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from './type.js';

/** The double nearest to raw * 2^lsb (ties to even); exact whenever the value fits a double. */
export function toNumber(t: FixedType, raw: bigint | number): number {
  const lsb = lsbExp(t);
  // A product by an exact power of two is one IEEE rounding of the exact result: correct even for
  // subnormal results. A bigint would be rounded twice (by Number() then by the product), so it,
  // and a power of two that is not a double, take the exact path.
  if (typeof raw === 'number' && lsb >= -1074 && lsb <= 1023) return raw * pow2(lsb);
  return bigToDouble(BigInt(raw), lsb);
}

/**
 * The exact value as a plain positional decimal, shortest form: "0.375", "-12", "0". Never an
 * exponent. Every binary fraction has a finite decimal expansion: raw * 2^-k = raw * 5^k / 10^k.
 */
export function toDecimal(t: FixedType, raw: bigint | number): string {
  const r = BigInt(raw);
  if (r === 0n) return '0';
  const sign = r < 0n ? '-' : '';
  const a = r < 0n ? -r : r;
  const lsb = lsbExp(t);
  if (lsb >= 0) return sign + (a << BigInt(lsb)).toString();
  const k = -lsb;
  const digits = (a * 5n ** BigInt(k)).toString().padStart(k + 1, '0');
  const whole = digits.slice(0, digits.length - k);
  const fraction = digits.slice(digits.length - k).replace(/0+$/, '');
  return sign + whole + (fraction ? '.' + fraction : '');
}

/** The raw integer whose W stored bits, read as an unsigned integer, are `bits`. */
export function fromStoredBits(t: FixedType, bits: bigint): bigint {
  return t.signed ? BigInt.asIntN(t.width, bits) : BigInt.asUintN(t.width, bits);
}

/** The W stored bits of `raw` as an unsigned integer (two's complement for negative raws). */
export function toStoredBits(t: FixedType, raw: bigint): bigint {
  return BigInt.asUintN(t.width, raw);
}

/** Whether the double x equals some value of t exactly (false for NaN and infinities). */
export function isRepresentable(t: FixedType, x: number): boolean {
  if (!Number.isFinite(x)) return false;
  if (x === 0) return true;
  const [m, k] = exactParts(x);
  let mag = BigInt(Math.abs(m));
  let exp = k;
  // Strip trailing zeros so that the test "is x on the LSB grid" is a comparison of exponents.
  while ((mag & 1n) === 0n) {
    mag >>= 1n;
    exp += 1;
  }
  const shift = exp - lsbExp(t);
  if (shift < 0) return false;
  // Any shift past W+1 is out of range anyway; avoid building a huge BigInt.
  if (bitLength(mag) + shift > t.width + 1) return false;
  const raw = (m < 0 ? -mag : mag) << BigInt(shift);
  return raw >= minRaw(t) && raw <= maxRaw(t);
}
