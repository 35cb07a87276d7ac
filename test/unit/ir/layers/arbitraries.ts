// fast-check generators of fixed-point types and values.

import fc from 'fast-check';
import { type FixedType, fixedType, maxRaw, minRaw, OVERFLOW_MODES, QUANT_MODES } from '../../../../src/ir/fixed/type.js';

export function typeArb(opts: { minWidth?: number; maxWidth?: number; minInt?: number; maxInt?: number; modes?: boolean } = {}) {
  const { minWidth = 1, maxWidth = 16, minInt = -3, maxInt = 10, modes = true } = opts;
  return fc
    .record({
      signed: fc.boolean(),
      width: fc.integer({ min: minWidth, max: maxWidth }),
      intBits: fc.integer({ min: minInt, max: maxInt }),
      q: modes ? fc.constantFrom(...QUANT_MODES) : fc.constant('TRN' as const),
      o: modes ? fc.constantFrom(...OVERFLOW_MODES) : fc.constant('WRAP' as const),
      n: fc.integer({ min: 0, max: 2 }),
    })
    .map(({ signed, width, intBits, q, o, n }): FixedType => {
      const oo = !signed && o === 'WRAP_SM' ? 'WRAP' : o;
      return fixedType(signed || width === 1 ? signed : signed, width, intBits, q, oo, Math.min(n, width));
    });
}

/** A raw integer of type t. */
export function rawArb(t: FixedType) {
  return fc.bigInt({ min: minRaw(t), max: maxRaw(t) });
}

/** n raw integers of type t. */
export function rawsArb(t: FixedType, n: number) {
  return fc.array(rawArb(t), { minLength: n, maxLength: n });
}

/** The exact double raw·2^lsb (types here are narrow enough). */
export function valueOf(t: FixedType, raw: bigint): number {
  return Number(raw) * 2 ** (t.intBits - t.width);
}
