// Exact access to IEEE-754 doubles: powers of two, the (significand, exponent) split that Xilinx's
// ap_fixed constructor uses, correctly rounded BigInt -> double, and C99 hex-float literals.
// Everything here is exact: a double is an integer significand times a power of two, and we never
// let a floating-point operation round unless rounding is the documented intent.

/** Exponent of the smallest subnormal, 2^-1074. */
const MIN_EXP = -1074;
/** Exponent of the largest finite power of two, 2^1023. */
const MAX_EXP = 1023;

// 2^e for every representable e, built by doubling from the smallest subnormal (doubling is exact).
const POW2 = new Float64Array(MAX_EXP - MIN_EXP + 1);
POW2[0] = Number.MIN_VALUE;
for (let i = 1; i < POW2.length; i++) POW2[i] = POW2[i - 1] * 2;

/** 2^e exactly; 0 below 2^-1074 and Infinity above 2^1023 (so a product by it fails range checks). */
export function pow2(e: number): number {
  if (e < MIN_EXP) return 0;
  if (e > MAX_EXP) return Infinity;
  return POW2[e - MIN_EXP];
}

/** Smallest positive normal double, 2^-1022. */
export const MIN_NORMAL = 2.2250738585072014e-308;

// One shared scratch double and its two 32-bit halves: reading bits without allocating.
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
scratch[0] = 1; // 0x3FF00000_00000000: the high word is the non-zero one
const HI = words[1] !== 0 ? 1 : 0;
const LO = 1 - HI;

const TWO32 = 4294967296;
const IMPLICIT = 4503599627370496; // 2^52
const CANONICAL_NAN_SIGNIFICAND = 6755399441055744; // 1.5 * 2^52: 0x7FF8000000000000, C's NAN

/**
 * The signed integer significand M with which the ap_fixed constructor sees x (x = M * 2^ctorExponent(x)).
 *
 * Xilinx's constructor reads the raw bits and always prepends the implicit 1, whatever the exponent
 * field. Hence (a quirk we reproduce bit for bit):
 * - ±0 is 0 (the only value tested for zero);
 * - a subnormal with fraction f is read as ±(2^52 + f) * 2^-1075, not f * 2^-1074;
 * - ±Infinity is read as ±2^52 * 2^972 = ±2^1024;
 * - NaN is read as its bits with the implicit 1. JavaScript does not preserve NaN payloads, so every
 *   NaN is taken as the canonical +quiet NaN 0x7FF8000000000000 (C's NAN), i.e. +1.5 * 2^1024.
 */
export function ctorSignificand(x: number): number {
  if (x !== x) return CANONICAL_NAN_SIGNIFICAND;
  scratch[0] = x;
  const hi = words[HI];
  const fraction = (hi & 0xfffff) * TWO32 + words[LO];
  if ((hi & 0x7fffffff) === 0 && fraction === 0) return 0;
  const m = IMPLICIT + fraction;
  return hi >>> 31 ? -m : m;
}

/** The exponent k with x = ctorSignificand(x) * 2^k in the ap_fixed constructor's reading (see above). */
export function ctorExponent(x: number): number {
  if (x !== x) return 972;
  scratch[0] = x;
  return ((words[HI] >>> 20) & 0x7ff) - 1075;
}

/**
 * The true value of a finite double as [significand, exponent] with x = m * 2^k exactly
 * (subnormals read correctly, unlike the constructor). Not for NaN or Infinity.
 */
export function exactParts(x: number): [number, number] {
  // Subnormals are multiples of 2^-1074; scaling in two exact steps (2^1074 itself is not a double).
  if (Math.abs(x) < MIN_NORMAL) return [x * pow2(52) * pow2(1022), MIN_EXP];
  return [ctorSignificand(x), ctorExponent(x)];
}

/** Number of bits of a non-negative bigint (0 for 0). */
export function bitLength(a: bigint): number {
  return a === 0n ? 0 : a.toString(2).length;
}

/** The double nearest to m * 2^e (ties to even, overflow to ±Infinity, gradual underflow), exactly as IEEE rounds. */
export function bigToDouble(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const neg = m < 0n;
  const a = neg ? -m : m;
  const msb = bitLength(a) - 1 + e;
  if (msb > MAX_EXP) return neg ? -Infinity : Infinity;
  // The result's ulp: 53 significant bits for normals, fixed 2^-1074 for subnormals.
  const ulp = Math.max(msb - 52, MIN_EXP);
  let q: bigint;
  if (ulp > e) {
    const s = BigInt(ulp - e);
    q = a >> s;
    const rem = a - (q << s);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  } else {
    q = a << BigInt(e - ulp);
  }
  // q <= 2^53 so Number(q) is exact, and q * 2^ulp is representable (or overflows to Infinity, as it must).
  const r = Number(q) * pow2(ulp);
  return neg ? -r : r;
}

const HEX_FLOAT = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i;

/**
 * Parse a C99 hex-float literal as printed by printf("%a") ("0x1.8p-3", "-0x0p+0", "inf", "nan"),
 * rounding to the nearest double if it has more bits than a double holds. Undefined if malformed.
 */
export function parseHexDouble(s: string): number | undefined {
  const text = s.trim();
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special) {
    const v = special[2].toLowerCase() === 'nan' ? NaN : Infinity;
    return special[1] === '-' ? -v : v;
  }
  const m = HEX_FLOAT.exec(text);
  if (!m) return undefined;
  const intDigits = m[2];
  const fracDigits = m[3] ?? '';
  if (intDigits.length + fracDigits.length === 0) return undefined;
  const significand = BigInt('0x' + (intDigits + fracDigits || '0'));
  const value = bigToDouble(significand, Number(m[4]) - 4 * fracDigits.length);
  // -0x0p+0 must stay -0: the sign is applied to the double, not to the (zero) integer.
  return m[1] === '-' ? -value : value;
}
