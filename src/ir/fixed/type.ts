// The fixed-point type: exactly Vitis HLS ap_fixed<W,I,Q,O,N> / ap_ufixed / ap_int / ap_uint.
// A value of type T is an integer `raw` (the W stored bits, as a signed or unsigned integer)
// times 2^(intBits - width). Integer types are fixed types with intBits === width.

export const QUANT_MODES = ['RND', 'RND_ZERO', 'RND_MIN_INF', 'RND_INF', 'RND_CONV', 'TRN', 'TRN_ZERO'] as const;
export const OVERFLOW_MODES = ['SAT', 'SAT_ZERO', 'SAT_SYM', 'WRAP', 'WRAP_SM'] as const;
export type QuantMode = (typeof QUANT_MODES)[number];
export type OverflowMode = (typeof OVERFLOW_MODES)[number];

export interface FixedType {
  readonly signed: boolean;
  /** W: total stored bits, 1..1024 */
  readonly width: number;
  /** I: integer bits (including the sign bit for signed types); may be negative or > width */
  readonly intBits: number;
  readonly q: QuantMode;
  readonly o: OverflowMode;
  /** N: saturation bits for WRAP / WRAP_SM */
  readonly n: number;
}

/** The largest width ap_fixed allows by default. */
export const MAX_WIDTH = 1024;

/** Exponent of the least significant bit: value = raw * 2^lsbExp(t). */
export function lsbExp(t: FixedType): number {
  return t.intBits - t.width;
}

export function fixedType(
  signed: boolean,
  width: number,
  intBits: number,
  q: QuantMode = 'TRN',
  o: OverflowMode = 'WRAP',
  n = 0,
): FixedType {
  return { signed, width, intBits, q, o, n };
}
