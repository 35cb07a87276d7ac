// Type strings: Vitis HLS spellings (ap_fixed<16,6,AP_RND,AP_SAT>, ap_uint<8>) and hls4ml's
// (fixed<16,6,RND,SAT>, uint<8>). Parsing reports what is wrong in words a model author can act on.

import {
  DEFAULT_O,
  DEFAULT_Q,
  type FixedType,
  fixedType,
  OVERFLOW_MODES,
  type OverflowMode,
  QUANT_MODES,
  type QuantMode,
  typeProblem,
} from './type.js';

export type ParseTypeResult = { ok: true; type: FixedType } | { ok: false; message: string };

interface Family {
  signed: boolean;
  /** integer types take only the width; their intBits equal it */
  integer: boolean;
}

const FAMILIES: Readonly<Record<string, Family>> = {
  ap_fixed: { signed: true, integer: false },
  ap_ufixed: { signed: false, integer: false },
  ap_int: { signed: true, integer: true },
  ap_uint: { signed: false, integer: true },
  fixed: { signed: true, integer: false },
  ufixed: { signed: false, integer: false },
  int: { signed: true, integer: true },
  uint: { signed: false, integer: true },
};

const SHAPE = /^([A-Za-z_][A-Za-z0-9_]*)\s*<([^<>]*)>$/;

/**
 * Parse ap_fixed<W,I[,Q[,O[,N]]]>, ap_ufixed<…>, ap_int<W>, ap_uint<W> or the hls4ml spellings
 * fixed/ufixed/int/uint. Modes may carry the AP_ prefix or not, in any letter case; whitespace is
 * free. Omitted parameters take ap_fixed's defaults: AP_TRN, AP_WRAP, N = 0.
 */
export function parseType(s: string): ParseTypeResult {
  const text = s.trim();
  if (text === '') return fail('empty type string');
  const m = SHAPE.exec(text);
  if (!m) return fail(`'${text}' is not a type: expected e.g. ap_fixed<16,6>, ap_uint<8>, fixed<16,6,RND,SAT>`);
  const family = FAMILIES[m[1]];
  if (!family) return fail(`unknown type name '${m[1]}' in ${text} (expected ${Object.keys(FAMILIES).join(', ')})`);
  const args = m[2].split(',').map((a) => a.trim());
  const type = family.integer ? integerType(family, args, text) : fractionalType(family, args, text);
  if (typeof type === 'string') return fail(type);
  const problem = typeProblem(type);
  return problem ? fail(`${text}: ${problem}`) : { ok: true, type };
}

/** ap_int<W> / ap_uint<W>: the result, or the error message. */
function integerType(family: Family, args: string[], text: string): FixedType | string {
  if (args.length !== 1) return `${text}: takes exactly one parameter, the width`;
  const width = parseInteger(args[0]);
  if (width === undefined) return `${text}: width '${args[0]}' is not an integer`;
  return fixedType(family.signed, width, width);
}

/** ap_fixed<W,I,Q,O,N> / ap_ufixed<…>: the result, or the error message. */
function fractionalType(family: Family, args: string[], text: string): FixedType | string {
  if (args.length < 2 || args.length > 5) return `${text}: expects 2 to 5 parameters <W, I, Q, O, N>, got ${args.length}`;
  const width = parseInteger(args[0]);
  if (width === undefined) return `${text}: width '${args[0]}' is not an integer`;
  const intBits = parseInteger(args[1]);
  if (intBits === undefined) return `${text}: integer bits '${args[1]}' is not an integer`;
  const q = args.length > 2 ? parseMode(args[2], QUANT_MODES) : DEFAULT_Q;
  if (q === undefined) return `unknown quantization mode '${args[2]}' in ${text} (expected one of ${QUANT_MODES.join(', ')})`;
  const o = args.length > 3 ? parseMode(args[3], OVERFLOW_MODES) : DEFAULT_O;
  if (o === undefined) return `unknown overflow mode '${args[3]}' in ${text} (expected one of ${OVERFLOW_MODES.join(', ')})`;
  const n = args.length > 4 ? parseInteger(args[4]) : 0;
  if (n === undefined) return `${text}: saturation bits '${args[4]}' is not an integer`;
  return fixedType(family.signed, width, intBits, q as QuantMode, o as OverflowMode, n);
}

/** A decimal integer with optional sign, as a safe integer; undefined otherwise. */
function parseInteger(a: string): number | undefined {
  if (!/^[+-]?\d+$/.test(a)) return undefined;
  const v = Number(a);
  return Number.isSafeInteger(v) ? v : undefined;
}

function parseMode<M extends string>(a: string, modes: readonly M[]): M | undefined {
  const name = a.toUpperCase().replace(/^AP_/, '');
  return modes.find((mode) => mode === name);
}

function fail(message: string): ParseTypeResult {
  return { ok: false, message };
}

/**
 * Print a type. 'ap' (default): Vitis HLS spelling with AP_-prefixed modes, trailing default
 * parameters omitted, ap_int<W>/ap_uint<W> for integer types with default modes.
 * 'hls4ml': the same without the ap_ and AP_ prefixes (fixed<16,6,RND,SAT>, int<8>).
 */
export function formatType(t: FixedType, style: 'ap' | 'hls4ml' = 'ap'): string {
  const prefix = style === 'ap' ? 'ap_' : '';
  const u = t.signed ? '' : 'u';
  const defaults = t.q === DEFAULT_Q && t.o === DEFAULT_O && t.n === 0;
  if (defaults && t.intBits === t.width) return `${prefix}${u}int<${t.width}>`;
  const mode = style === 'ap' ? 'AP_' : '';
  const params: (string | number)[] = [t.width, t.intBits];
  // Each optional parameter is printed when it or a later one differs from its default.
  if (t.n !== 0 || t.o !== DEFAULT_O || t.q !== DEFAULT_Q) params.push(mode + t.q);
  if (t.n !== 0 || t.o !== DEFAULT_O) params.push(mode + t.o);
  if (t.n !== 0) params.push(t.n);
  return `${prefix}${u}fixed<${params.join(',')}>`;
}
