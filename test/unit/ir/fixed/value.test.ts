import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fixedType,
  fromStoredBits,
  isRepresentable,
  lsbExp,
  parseHexDouble,
  quantize,
  toDecimal,
  toNumber,
  toStoredBits,
} from '../../../../src/ir/fixed/index.js';
import { arbRaw, arbType, exactRational, type } from './helpers.js';

/** Exact rational value of a plain decimal string as num / 10^k. */
function parseDecimal(s: string): { num: bigint; k: number } {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new Error(`not a plain decimal: ${s}`);
  const frac = m[3] ?? '';
  const num = BigInt(m[2] + frac);
  return { num: m[1] === '-' ? -num : num, k: frac.length };
}

describe('toDecimal', () => {
  it.each([
    ['ap_fixed<8,2>', 24n, '0.375'],
    ['ap_fixed<8,8>', -12n, '-12'],
    ['ap_fixed<8,2>', 0n, '0'],
    ['ap_fixed<8,2>', -128n, '-2'],
    ['ap_fixed<8,2>', -1n, '-0.015625'],
    ['ap_fixed<4,8>', 3n, '48'],
    ['ap_ufixed<4,-30>', 1n, '0.0000000000582076609134674072265625'],
    ['ap_fixed<64,64>', -(2n ** 63n), '-9223372036854775808'],
  ])('%s raw %s is %s', (t, raw, want) => {
    expect(toDecimal(type(t), raw)).toBe(want);
    expect(toDecimal(type(t), Number(raw))).toBe(want);
  });

  it('round-trips through an exact rational parse, in shortest plain form', () => {
    const arb = arbType({ maxWidth: 300, minIntBits: -400, maxIntBits: 400 }).chain((t) => fc.tuple(fc.constant(t), arbRaw(t)));
    fc.assert(
      fc.property(arb, ([t, raw]) => {
        const s = toDecimal(t, raw);
        expect(s).toMatch(/^(0|-?[1-9]\d*(\.\d*[1-9])?|-?0\.\d*[1-9])$/);
        const { num, k } = parseDecimal(s);
        // num / 10^k === raw * 2^lsb  <=>  num * 2^-lsb === raw * 10^k (lsb < 0), num === raw * 2^lsb (k = 0)
        const lsb = lsbExp(t);
        if (lsb >= 0) expect([num, k]).toEqual([raw << BigInt(lsb), 0]);
        else expect(num << BigInt(-lsb)).toBe(raw * 10n ** BigInt(k));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('toNumber', () => {
  it('is exact when the value fits a double', () => {
    expect(toNumber(type('ap_fixed<8,2>'), 24n)).toBe(0.375);
    expect(toNumber(type('ap_fixed<8,2>'), 24)).toBe(0.375);
    expect(toNumber(type('ap_fixed<64,64>'), -(2n ** 63n))).toBe(-(2 ** 63));
  });

  it('rounds to nearest, ties to even, for values wider than 53 bits', () => {
    const t = type('ap_fixed<64,64>');
    expect(toNumber(t, 2n ** 53n + 1n)).toBe(2 ** 53); // tie, down to even
    expect(toNumber(t, 2n ** 53n + 3n)).toBe(2 ** 53 + 4); // tie, up to even
    expect(toNumber(t, 2n ** 54n + 3n)).toBe(2 ** 54 + 4); // above half
  });

  it('handles subnormal results and overflow exactly once', () => {
    // 3 * 2^-1076 is 0.75 of the smallest subnormal: nearest is 2^-1074
    expect(toNumber(fixedType(false, 4, -1072), 3n)).toBe(Number.MIN_VALUE);
    // 2^-1075 is half the smallest subnormal, 3 * 2^-1075 one and a half: ties to even
    expect(toNumber(fixedType(false, 4, -1071), 1n)).toBe(0);
    expect(toNumber(fixedType(false, 4, -1071), 3n)).toBe(2 * Number.MIN_VALUE);
    expect(toNumber(fixedType(false, 8, 1100), 255n)).toBe(Infinity);
    expect(toNumber(fixedType(true, 8, 1100), -128n)).toBe(-Infinity);
  });

  it('agrees between bigint and number raws', () => {
    const arb = arbType({ maxWidth: 53, minIntBits: -1200, maxIntBits: 1200 }).chain((t) => fc.tuple(fc.constant(t), arbRaw(t)));
    fc.assert(
      fc.property(arb, ([t, raw]) => {
        expect(toNumber(t, Number(raw))).toBe(toNumber(t, raw));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('stored bits', () => {
  it('maps raws to W unsigned bits and back', () => {
    const t = type('ap_fixed<4,1>');
    expect(toStoredBits(t, -1n)).toBe(15n);
    expect(fromStoredBits(t, 15n)).toBe(-1n);
    expect(fromStoredBits(t, 8n)).toBe(-8n);
    expect(fromStoredBits(type('ap_ufixed<4,1>'), 15n)).toBe(15n);
  });

  it('round-trips for random types and raws', () => {
    const arb = arbType({ maxWidth: 200 }).chain((t) => fc.tuple(fc.constant(t), arbRaw(t)));
    fc.assert(
      fc.property(arb, ([t, raw]) => {
        const bits = toStoredBits(t, raw);
        expect(bits >= 0n && bits < 1n << BigInt(t.width)).toBe(true);
        expect(fromStoredBits(t, bits)).toBe(raw);
      }),
    );
  });
});

describe('isRepresentable', () => {
  it.each([
    ['ap_fixed<8,2>', 0.375, true],
    ['ap_fixed<8,2>', 0.3, false],
    ['ap_fixed<8,2>', 2, false], // max is 1.984375
    ['ap_fixed<8,2>', -2, true],
    ['ap_ufixed<8,2>', -0.25, false],
    ['ap_fixed<8,2>', -0, true],
    ['ap_fixed<8,2>', NaN, false],
    ['ap_fixed<8,2>', Infinity, false],
    ['ap_fixed<4,8>', 48, true],
    ['ap_fixed<4,8>', 40, false],
    ['ap_fixed<1024,-40>', Number.MIN_VALUE, false], // lsb 2^-1064: 2^-1074 is below the grid
    ['ap_fixed<1024,-60>', Number.MIN_VALUE, true], // lsb 2^-1084: the true subnormal value is on the grid
  ])('%s holds %s: %s', (t, x, want) => {
    expect(isRepresentable(type(t), x)).toBe(want);
  });

  it('agrees with quantizing by TRN/SAT and reading back, for normal doubles', () => {
    const arb = arbType({ maxWidth: 60, minIntBits: -60, maxIntBits: 60 }).chain((t) =>
      fc.tuple(
        fc.constant(t),
        fc.oneof(fc.double({ noNaN: true }), arbRaw(t).map((r) => toNumber(t, r))),
      ),
    );
    fc.assert(
      fc.property(arb, ([t0, x]) => {
        fc.pre(Number.isFinite(x) && (x === 0 || Math.abs(x) >= 2 ** -1022));
        const t = { ...t0, q: 'TRN' as const, o: 'SAT' as const };
        const raw = quantize(t, x);
        // raw * 2^lsb === num * 2^-e, compared exactly (toNumber would round wide raws)
        const { num, e } = exactRational(x);
        const lsb = lsbExp(t);
        const base = Math.min(lsb, -e);
        const exact = raw << BigInt(lsb - base) === num << BigInt(-e - base);
        expect(isRepresentable(t0, x)).toBe(exact);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseHexDouble', () => {
  it.each([
    ['0x1.911650e4a4f7ap-3', 0.19584334562079758],
    ['-0x1.4ce2669f982c5p+5', -41.61054730113168],
    ['0x1p-1', 0.5],
    ['0x0p+0', 0],
    ['0x1.fffffffffffffp+1023', Number.MAX_VALUE],
    ['0x0.0000000000001p-1022', Number.MIN_VALUE],
    ['0x1p-1074', Number.MIN_VALUE],
    ['0x1.00000000000008p+0', 1], // tie between 1 and 1+2^-52: to even
    ['0x1.00000000000018p+0', 1 + 2 * 2 ** -52], // tie: to even
    ['0x10p0', 16],
    ['inf', Infinity],
    ['-inf', -Infinity],
  ])('%s', (s, want) => {
    expect(parseHexDouble(s)).toBe(want);
  });

  it('keeps -0 and reads nan', () => {
    expect(Object.is(parseHexDouble('-0x0p+0'), -0)).toBe(true);
    expect(parseHexDouble('nan')).toBeNaN();
  });

  it('rejects malformed literals', () => {
    for (const s of ['', '0x', '0x1.8', '1.5p3', '0xg.0p1', '0x.p1']) expect(parseHexDouble(s)).toBeUndefined();
  });
});
