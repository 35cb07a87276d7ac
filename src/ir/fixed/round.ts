// The quantization decision, shared by the BigInt and the number paths so that the seven modes are
// written once. A value is split as floor + fraction in units of the target LSB; the mode decides
// whether to add one LSB to the floor. Only the fraction's position relative to 1/2 matters.

import type { QuantMode } from './type.js';

/** Where the discarded fraction lies: exactly zero, in (0, 1/2), exactly 1/2, or in (1/2, 1). */
export type Frac = 0 | 1 | 2 | 3;
// Plain constants rather than an enum: per-file transpilers (vitest) cannot inline const enums.
export const Frac = { Zero: 0, BelowHalf: 1, Half: 2, AboveHalf: 3 } as const;

/**
 * Whether quantizing adds one LSB to the floor.
 * `negative` is the sign of the value being quantized, `floorOdd` whether the floor is odd.
 * These are the ap_fixed definitions: RND rounds ties toward +inf, RND_ZERO toward zero,
 * RND_MIN_INF toward -inf, RND_INF away from zero, RND_CONV to even; TRN is floor and TRN_ZERO
 * truncates toward zero (rounds a negative value with any fraction up).
 */
export function roundsUp(q: QuantMode, frac: Frac, negative: boolean, floorOdd: boolean): boolean {
  switch (q) {
    case 'TRN':
      return false;
    case 'TRN_ZERO':
      return negative && frac !== Frac.Zero;
    case 'RND':
      return frac >= Frac.Half;
    case 'RND_ZERO':
      return frac === Frac.AboveHalf || (frac === Frac.Half && negative);
    case 'RND_MIN_INF':
      return frac === Frac.AboveHalf;
    case 'RND_INF':
      return frac === Frac.AboveHalf || (frac === Frac.Half && !negative);
    case 'RND_CONV':
      return frac === Frac.AboveHalf || (frac === Frac.Half && floorOdd);
  }
}

/** Classify a fraction given as a double in [0, 1) (exact, as the number path guarantees). */
export function fracOf(f: number): Frac {
  if (f === 0) return Frac.Zero;
  if (f < 0.5) return Frac.BelowHalf;
  return f === 0.5 ? Frac.Half : Frac.AboveHalf;
}
