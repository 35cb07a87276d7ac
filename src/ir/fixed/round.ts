// The quantization decision, shared by the BigInt and the number paths so that the seven modes are
// written once. A value is split as floor + fraction in units of the target LSB; the mode decides
// whether to add one LSB to the floor. Only the fraction's position relative to 1/2 matters.

import type { QuantMode } from './type.js';

/**
 * Where the discarded fraction lies: 0 exactly zero, 1 in (0, 1/2), 2 exactly 1/2, 3 in (1/2, 1).
 * Plain literals rather than named constants: in V8 a load of a module-level binding (an enum
 * object or a const) on this hot path costs more than the whole rounding decision.
 */
export type Frac = 0 | 1 | 2 | 3;

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
      return negative && frac !== 0;
    case 'RND':
      return frac >= 2;
    case 'RND_ZERO':
      return frac === 3 || (frac === 2 && negative);
    case 'RND_MIN_INF':
      return frac === 3;
    case 'RND_INF':
      return frac === 3 || (frac === 2 && !negative);
    case 'RND_CONV':
      return frac === 3 || (frac === 2 && floorOdd);
  }
}

/** Classify a fraction given as a double in [0, 1) (exact, as the number path guarantees). */
export function fracOf(f: number): Frac {
  if (f === 0) return 0;
  if (f < 0.5) return 1;
  return f === 0.5 ? 2 : 3;
}
