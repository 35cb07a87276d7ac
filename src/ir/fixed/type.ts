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

/** Default quantization, overflow and saturation-bit settings of ap_fixed (and of every arithmetic result type). */
export const DEFAULT_Q: QuantMode = 'TRN';
export const DEFAULT_O: OverflowMode = 'WRAP';

/** True when the two types are the same ap type (all six parameters equal). */
export function sameType(a: FixedType, b: FixedType): boolean {
  return (
    a.signed === b.signed &&
    a.width === b.width &&
    a.intBits === b.intBits &&
    a.q === b.q &&
    a.o === b.o &&
    a.n === b.n
  );
}

/** Smallest raw integer of the type: -2^(W-1) when signed, 0 when unsigned. */
export function minRaw(t: FixedType): bigint {
  return t.signed ? -(1n << BigInt(t.width - 1)) : 0n;
}

/** Largest raw integer of the type: 2^(W-1)-1 when signed, 2^W-1 when unsigned. */
export function maxRaw(t: FixedType): bigint {
  return (1n << BigInt(t.signed ? t.width - 1 : t.width)) - 1n;
}

/**
 * Why `t` is not a valid ap type, or undefined when it is. Checks what Xilinx's headers check
 * (width 1..MAX_WIDTH, no unsigned AP_WRAP_SM) plus what their code silently assumes
 * (integer parameters, 0 <= N <= W: the header writes the N top bits, which must exist).
 */
export function typeProblem(t: FixedType): string | undefined {
  if (!Number.isInteger(t.width) || t.width < 1 || t.width > MAX_WIDTH) return `width must be 1..${MAX_WIDTH}`;
  if (!Number.isSafeInteger(t.intBits)) return 'integer bits must be an integer';
  if (!(QUANT_MODES as readonly string[]).includes(t.q)) return `unknown quantization mode '${t.q}'`;
  if (!(OVERFLOW_MODES as readonly string[]).includes(t.o)) return `unknown overflow mode '${t.o}'`;
  if (!Number.isInteger(t.n) || t.n < 0 || t.n > t.width) return `saturation bits must be 0..${t.width} (the width)`;
  if (!t.signed && t.o === 'WRAP_SM') return 'AP_WRAP_SM is not supported on unsigned types (the Xilinx headers refuse it)';
  return undefined;
}
