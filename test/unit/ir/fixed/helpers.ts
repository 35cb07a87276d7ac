// Shared test helpers: random valid types and values, and an independent rational reference for the
// rounding modes and the simple overflow modes (textbook formulas, not the module's floor/fraction split).

import fc from 'fast-check';
import {
  type FixedType,
  fixedType,
  lsbExp,
  maxRaw,
  minRaw,
  OVERFLOW_MODES,
  parseType,
  QUANT_MODES,
  type QuantMode,
} from '../../../../src/ir/fixed/index.js';

export function type(s: string): FixedType {
  const r = parseType(s);
  if (!r.ok) throw new Error(r.message);
  return r.type;
}

export interface TypeLimits {
  maxWidth: number;
  minIntBits?: number;
  maxIntBits?: number;
}

/** A valid random type: N clipped to the width, no unsigned WRAP_SM. */
export function arbType({ maxWidth, minIntBits = -40, maxIntBits = 80 }: TypeLimits): fc.Arbitrary<FixedType> {
  return fc
    .record({
      signed: fc.boolean(),
      width: fc.integer({ min: 1, max: maxWidth }),
      intBits: fc.integer({ min: minIntBits, max: maxIntBits }),
      q: fc.constantFrom(...QUANT_MODES),
      o: fc.constantFrom(...OVERFLOW_MODES),
      n: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ signed, width, intBits, q, o, n }) =>
      fixedType(signed, width, intBits, q, !signed && o === 'WRAP_SM' ? 'WRAP' : o, Math.min(n, width)),
    );
}

/** Doubles that matter for t: anything (NaN, ±Inf, ±0, subnormals), values on and between the LSB grid, and near the range. */
export function arbDoubleFor(t: FixedType): fc.Arbitrary<number> {
  const lsb = lsbExp(t);
  const span = 2 ** (t.intBits + 1);
  return fc.oneof(
    fc.double(),
    // m * 2^(lsb+e): exact grid points, ties (e = -1) and finer points, in and far out of range
    fc
      .tuple(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: -3, max: 2 }))
      .map(([m, e]) => m * 2 ** (lsb + e)),
    fc.tuple(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -4, max: 1 })).map(([m, e]) => m * 2 ** (lsb + e)),
    fc.double({ min: -span, max: span, noNaN: true }),
  );
}

/** A raw integer of type t (its whole range, with the extremes likely). */
export function arbRaw(t: FixedType): fc.Arbitrary<bigint> {
  return fc.oneof(fc.bigInt({ min: minRaw(t), max: maxRaw(t) }), fc.constantFrom(minRaw(t), maxRaw(t), 0n));
}

/** The exact value of a finite double as num / 2^e, found by doubling until it is an integer. */
export function exactRational(x: number): { num: bigint; e: number } {
  if (!Number.isFinite(x)) throw new RangeError(`exactRational: ${x} is not finite`);
  let y = x;
  let e = 0;
  while (!Number.isInteger(y)) {
    y *= 2;
    e += 1;
  }
  return { num: BigInt(y), e };
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

const ceilDiv = (a: bigint, b: bigint): bigint => -floorDiv(-a, b);

/** Round num/den (den > 0) to an integer by the textbook definition of each ap_fixed mode. */
export function refRound(q: QuantMode, num: bigint, den: bigint): bigint {
  const nearestUp = floorDiv(2n * num + den, 2n * den); // floor(v + 1/2)
  const nearestDown = ceilDiv(2n * num - den, 2n * den); // ceil(v - 1/2)
  switch (q) {
    case 'TRN':
      return floorDiv(num, den);
    case 'TRN_ZERO':
      return num < 0n ? ceilDiv(num, den) : floorDiv(num, den);
    case 'RND':
      return nearestUp;
    case 'RND_MIN_INF':
      return nearestDown;
    case 'RND_ZERO':
      return num >= 0n ? nearestDown : nearestUp;
    case 'RND_INF':
      return num >= 0n ? nearestUp : nearestDown;
    case 'RND_CONV': {
      const tie = (2n * num + den) % (2n * den) === 0n;
      return tie && nearestUp % 2n !== 0n ? nearestUp - 1n : nearestUp;
    }
  }
}

/**
 * Reference result of quantizing the exact value num * 2^-e into t, for the overflow modes whose
 * definition is plain arithmetic (SAT, SAT_ZERO, SAT_SYM, WRAP with N = 0); undefined for the others.
 */
export function refQuantize(t: FixedType, num: bigint, e: number): bigint | undefined {
  // value / 2^lsb = num * 2^(-e - lsb)
  const s = -e - lsbExp(t);
  const r = s >= 0 ? num << BigInt(s) : refRound(t.q, num, 1n << BigInt(-s));
  const min = minRaw(t);
  const max = maxRaw(t);
  if (t.o === 'WRAP' && t.n === 0) {
    const m = 1n << BigInt(t.width);
    const v = ((r % m) + m) % m;
    return t.signed && v > max ? v - m : v;
  }
  const symMin = t.signed && t.width > 1 ? -max : min;
  switch (t.o) {
    case 'SAT':
      return r > max ? max : r < min ? min : r;
    case 'SAT_ZERO':
      return r > max || r < min ? 0n : r;
    case 'SAT_SYM':
      return r > max ? max : r < symMin ? symMin : r;
    default:
      return undefined;
  }
}

/** Whether raw * 2^lsb is exactly a value of t. */
export function holds(t: FixedType, raw: bigint, lsb: number): boolean {
  const shift = lsb - lsbExp(t);
  if (shift < 0 && raw % (1n << BigInt(-shift)) !== 0n) return false;
  const r = shift >= 0 ? raw << BigInt(shift) : raw >> BigInt(-shift);
  return r >= minRaw(t) && r <= maxRaw(t);
}
