// Every row of the reference vectors computed with Xilinx's own ap_types headers (see
// ap_fixed_vectors/README.md, a copy of /work/shared/ap_fixed_vectors) must reproduce exactly,
// through the BigInt path and, where the widths allow, through the number fast path.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  convert,
  convertNum,
  type FixedType,
  fromStoredBits,
  parseHexDouble,
  parseType,
  quantize,
  quantizeNum,
  toStoredBits,
} from '../../../../src/ir/fixed/index.js';

function rows(file: string): string[][] {
  const text = readFileSync(fileURLToPath(new URL(`./ap_fixed_vectors/${file}`, import.meta.url)), 'utf8');
  const lines = text.trim().split('\n').slice(1);
  // Fields are either "quoted" (type strings contain commas) or bare.
  return lines.map((line) => [...line.matchAll(/"([^"]*)"|([^,]+)/g)].map((m) => m[1] ?? m[2]));
}

function type(s: string): FixedType {
  const r = parseType(s);
  if (!r.ok) throw new Error(r.message);
  return r.type;
}

describe('ap_fixed reference vectors', () => {
  it('from_double.csv: quantize and quantizeNum reproduce every row', () => {
    const table = rows('from_double.csv');
    expect(table.length).toBe(5760);
    const failures: string[] = [];
    for (const [typeText, hex, decimal, stored] of table) {
      const t = type(typeText);
      const x = parseHexDouble(hex);
      if (x === undefined || (x !== Number(decimal) && !(x === 0 && Number(decimal) === 0))) {
        failures.push(`${hex}: hex parse gave ${x}, decimal column says ${decimal}`);
        continue;
      }
      const want = fromStoredBits(t, BigInt(stored));
      const got = quantize(t, x);
      if (got !== want || toStoredBits(t, got) !== BigInt(stored)) failures.push(`${typeText} <- ${hex}: want ${want}, quantize gave ${got}`);
      if (t.width <= 53) {
        const gotNum = quantizeNum(t, x);
        if (gotNum !== Number(want)) failures.push(`${typeText} <- ${hex}: want ${want}, quantizeNum gave ${gotNum}`);
      }
    }
    expect(failures.slice(0, 40), `${failures.length} failing rows`).toEqual([]);
  });

  it('fixed_to_fixed.csv: convert and convertNum reproduce every row', () => {
    const table = rows('fixed_to_fixed.csv');
    expect(table.length).toBe(1920);
    const failures: string[] = [];
    for (const [fromText, toText, rawText, stored] of table) {
      const from = type(fromText);
      const to = type(toText);
      const raw = BigInt(rawText);
      const want = fromStoredBits(to, BigInt(stored));
      const got = convert(from, to, raw);
      if (got !== want) failures.push(`${fromText} ${rawText} -> ${toText}: want ${want}, convert gave ${got}`);
      if (from.width <= 53 && to.width <= 53) {
        const gotNum = convertNum(from, to, Number(raw));
        if (gotNum !== Number(want)) failures.push(`${fromText} ${rawText} -> ${toText}: want ${want}, convertNum gave ${gotNum}`);
      }
    }
    expect(failures.slice(0, 40), `${failures.length} failing rows`).toEqual([]);
  });
});
