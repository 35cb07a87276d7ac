// Small writers of C++ text shared by the emitters: type spellings, exact constants, config
// structs. They only format; what the values mean is decided by the caller.

import { formatType } from '../../ir/fixed/parse.js';
import { type FixedType, lsbExp } from '../../ir/fixed/type.js';
import { toDecimal, toStoredBits } from '../../ir/fixed/value.js';

/** The Vitis HLS spelling of a type: ap_fixed<16,6>, ap_ufixed<8,0,AP_RND,AP_SAT>, ap_int<8>. */
export function cppType(t: FixedType): string {
  return formatType(t, 'ap');
}

/** A signed ap_int type name holding every integer of magnitude < 2^(bits-1). */
export function cppInt(bits: number): string {
  return `ap_int<${Math.max(bits, 2)}>`;
}

/** Bits of a two's complement integer type that holds v. */
export function signedBitsFor(v: bigint): number {
  const m = v < 0n ? -v - 1n : v;
  return m.toString(2).length + 1;
}

/**
 * An expression of type `typeName` whose value is exactly raw·2^lsb(t) (t the type's FixedType):
 * the exact decimal when it is exactly a double (|raw| < 2^53), else built from its stored bits.
 */
export function cppValue(t: FixedType, typeName: string, raw: bigint): string {
  const abs = raw < 0n ? -raw : raw;
  if (abs < 1n << 53n && lsbExp(t) >= -1074) return literalOf(t, raw);
  return `fhls::from_bits<${typeName}>("${hexBits(t, raw)}")`;
}

/** The element of a constant array initializer: a bare exact decimal when it is a double. */
export function cppInitializer(t: FixedType, typeName: string, raw: bigint): string {
  return cppValue(t, typeName, raw);
}

function literalOf(t: FixedType, raw: bigint): string {
  const d = toDecimal(t, raw);
  // An integer literal beyond int's range needs a suffix; write it as a double literal instead
  // (exact: |value| < 2^53·2^lsb is a double whenever raw is).
  if (!d.includes('.') && (BigInt(d) > 2147483647n || BigInt(d) < -2147483647n)) return `${d}.0`;
  return d;
}

/** The W stored bits of raw in hexadecimal, ceil(W/4) digits. */
export function hexBits(t: FixedType, raw: bigint): string {
  return toStoredBits(t, raw).toString(16).padStart(Math.ceil(t.width / 4), '0');
}

/** An integer constant of the signed ap_int type `typeName`. */
export function cppIntValue(typeName: string, v: bigint, bits: number): string {
  if (v >= -(2n ** 62n) && v < 2n ** 62n) return `${typeName}(${v}LL)`;
  const stored = BigInt.asUintN(bits, v).toString(16).padStart(Math.ceil(bits / 4), '0');
  return `fhls::from_bits<${typeName}>("${stored}")`;
}

/** A double literal that parses back to exactly x, or an expression for a special value. */
export function cppDouble(x: number): string {
  if (Number.isNaN(x)) return 'std::numeric_limits<double>::quiet_NaN()';
  if (x === Infinity) return 'std::numeric_limits<double>::infinity()';
  if (x === -Infinity) return '-std::numeric_limits<double>::infinity()';
  if (Object.is(x, -0)) return '-0.0';
  // JavaScript's shortest round-trip form is a valid C++ literal ("0.1", "1e-7", "1.5e+21").
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** A member of a config struct. */
export type Member =
  /** a static integral constant; a string value is a C++ expression (then give its type) */
  | { const: string; value: number | boolean | string; comment?: string; type?: 'unsigned' | 'int' | 'bool' }
  | { typedef: string; type: string; comment?: string }
  | { table: string; returns: string; values: readonly string[]; comment?: string; twoIndex?: { base: readonly number[] } }
  | { fn: string; returns: string; body: string; comment?: string };

/**
 * `struct <name> { … };` with a comment line above it. Tables become static member functions
 * reading a function-local constant array, so the struct needs no out-of-class definitions.
 */
export function configStruct(name: string, comment: string, members: readonly Member[], base?: string): string {
  const lines = [`// ${comment}`, `struct ${name}${base ? ` : ${base}` : ''} {`];
  for (const m of members) {
    const c = m.comment ? `  // ${m.comment}` : '';
    if ('const' in m) {
      const type = m.type ?? (typeof m.value === 'boolean' ? 'bool' : typeof m.value === 'number' && m.value >= 0 ? 'unsigned' : 'int');
      lines.push(`  static const ${type} ${m.const} = ${String(m.value)};${c}`);
    } else if ('typedef' in m) {
      lines.push(`  typedef ${m.type} ${m.typedef};${c}`);
    } else if ('table' in m) {
      if (m.comment) lines.push(`  // ${m.comment}`);
      const n = Math.max(m.values.length, 1);
      const vals = m.values.length ? m.values.join(', ') : '0';
      if (m.twoIndex) {
        lines.push(`  static ${m.returns} ${m.table}(unsigned k, unsigned i) {`);
        lines.push(`    static const unsigned base[${m.twoIndex.base.length}] = {${m.twoIndex.base.join(', ')}};`);
        lines.push(`    static const ${m.returns} v[${n}] = {${vals}};`);
        lines.push('    return v[base[k] + i];');
      } else {
        lines.push(`  static ${m.returns} ${m.table}(unsigned i) {`);
        lines.push(`    static const ${m.returns} v[${n}] = {${vals}};`);
        lines.push('    return v[i];');
      }
      lines.push('  }');
    } else {
      if (m.comment) lines.push(`  // ${m.comment}`);
      lines.push(`  static ${m.returns} ${m.fn}() { ${m.body} }`);
    }
  }
  lines.push('};');
  return lines.join('\n');
}
