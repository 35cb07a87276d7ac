// Printing emulator values.
//
// formatFixed: the exact value as a plain decimal (toDecimal): "-0.375", "12", "0".
// formatFloat: a double with 17 significant digits, which always parses back to the same double:
//   x.toPrecision(17), then trailing zeros of the fraction (and a bare '.') removed, and an
//   exponent written as e<digits> / e-<digits> (no '+', no leading zeros): "0.10000000000000001",
//   "1.5", "3", "1e21", "1.2345678901234567e-7". Special values: "-0", "nan", "inf", "-inf".

import { toDecimal } from '../ir/fixed/value.js';
import type { FixedType } from '../ir/fixed/type.js';

export function formatFixed(type: FixedType, raw: bigint | number): string {
  return toDecimal(type, raw);
}

function trimFraction(m: string): string {
  if (!m.includes('.')) return m;
  return m.replace(/0+$/, '').replace(/\.$/, '');
}

export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const s = x.toPrecision(17);
  const e = s.indexOf('e');
  if (e < 0) return trimFraction(s);
  const exp = Number(s.slice(e + 1));
  return `${trimFraction(s.slice(0, e))}e${exp}`;
}
