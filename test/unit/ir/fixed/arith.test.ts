// Result types must hold every exact result: checked with BigInt on the extreme values, where
// sums and products reach their extremes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accumType,
  accumTypeOf,
  diffType,
  exactTypeOfRange,
  type FixedType,
  fixedType,
  lsbExp,
  maxRaw,
  minRaw,
  productType,
  sumType,
} from '../../../../src/ir/fixed/index.js';
import { arbType, holds, type } from './helpers.js';

const arb = arbType({ maxWidth: 80, minIntBits: -60, maxIntBits: 120 });
const extremes = (t: FixedType): bigint[] => [minRaw(t), maxRaw(t)];
const RUNS = { numRuns: 1000 };

describe('ap_fixed result types', () => {
  it.each([
    ['ap_fixed<16,6>', 'ap_fixed<16,6>', 'ap_fixed<17,7>', 'ap_fixed<32,12>'],
    ['ap_fixed<8,2>', 'ap_fixed<12,6>', 'ap_fixed<13,7>', 'ap_fixed<20,8>'],
    ['ap_ufixed<8,2>', 'ap_ufixed<8,4>', 'ap_ufixed<11,5>', 'ap_ufixed<16,6>'],
    ['ap_fixed<8,2>', 'ap_ufixed<8,4>', 'ap_fixed<12,6>', 'ap_fixed<16,6>'], // the unsigned side needs a sign bit
    ['ap_int<8>', 'ap_uint<8>', 'ap_int<10>', 'ap_int<16>'],
    ['ap_fixed<4,8>', 'ap_fixed<4,2>', 'ap_fixed<11,9>', 'ap_fixed<8,10>'],
  ])('%s and %s: sum %s, product %s', (a, b, sum, product) => {
    expect(sumType(type(a), type(b))).toEqual(type(sum));
    expect(productType(type(a), type(b))).toEqual(type(product));
  });

  it('a - b of unsigned operands is signed, with the width of a + b', () => {
    expect(diffType(type('ap_ufixed<8,2>'), type('ap_ufixed<8,4>'))).toEqual(type('ap_fixed<11,5>'));
  });

  it('result types carry the default modes', () => {
    const t = sumType(type('ap_fixed<8,2,AP_RND,AP_SAT>'), type('ap_fixed<8,2,AP_RND_CONV,AP_WRAP_SM,1>'));
    expect([t.q, t.o, t.n]).toEqual(['TRN', 'WRAP', 0]);
  });

  it('sumType, diffType and productType hold every exact sum, difference and product of extremes', () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const lsb = Math.min(lsbExp(a), lsbExp(b));
        const sum = sumType(a, b);
        const diff = diffType(a, b);
        const prod = productType(a, b);
        for (const x of extremes(a))
          for (const y of extremes(b)) {
            const xs = x << BigInt(lsbExp(a) - lsb);
            const ys = y << BigInt(lsbExp(b) - lsb);
            expect(holds(sum, xs + ys, lsb)).toBe(true);
            expect(holds(diff, xs - ys, lsb)).toBe(true);
            expect(holds(prod, x * y, lsbExp(a) + lsbExp(b))).toBe(true);
          }
      }),
      RUNS,
    );
  });
});

describe('accumulator types', () => {
  it('accumType adds ceil(log2 n) integer bits', () => {
    expect(accumType(type('ap_fixed<16,6>'), 1)).toEqual(type('ap_fixed<16,6>'));
    expect(accumType(type('ap_fixed<16,6>'), 2)).toEqual(type('ap_fixed<17,7>'));
    expect(accumType(type('ap_fixed<16,6,AP_RND,AP_SAT>'), 3)).toEqual(type('ap_fixed<18,8>'));
    expect(accumType(type('ap_ufixed<8,0>'), 1024)).toEqual(type('ap_ufixed<18,10>'));
    expect(accumType(type('ap_ufixed<8,0>'), 1025)).toEqual(type('ap_ufixed<19,11>'));
    expect(() => accumType(type('ap_int<8>'), 0)).toThrow(RangeError);
  });

  it('accumType holds n times either extreme', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 5000 }), (t, n) => {
        const acc = accumType(t, n);
        for (const x of extremes(t)) expect(holds(acc, x * BigInt(n), lsbExp(t))).toBe(true);
      }),
      RUNS,
    );
  });

  it('accumTypeOf holds the sums of extremes and is the smallest such type', () => {
    expect(accumTypeOf([type('ap_fixed<8,2>'), type('ap_ufixed<4,4>')])).toEqual(type('ap_fixed<12,6>')); // raw [-128, 1087] at 2^-6
    expect(accumTypeOf([type('ap_ufixed<8,2>'), type('ap_ufixed<8,2>'), type('ap_ufixed<8,2>')])).toEqual(type('ap_ufixed<10,4>')); // 3 * 255 = 765
    expect(() => accumTypeOf([])).toThrow(RangeError);
    fc.assert(
      fc.property(fc.array(arb, { minLength: 1, maxLength: 6 }), (types) => {
        const acc = accumTypeOf(types);
        const lsb = Math.min(...types.map(lsbExp));
        expect(lsbExp(acc)).toBe(lsb);
        let lo = 0n;
        let hi = 0n;
        for (const t of types) {
          lo += minRaw(t) << BigInt(lsbExp(t) - lsb);
          hi += maxRaw(t) << BigInt(lsbExp(t) - lsb);
        }
        expect(holds(acc, lo, lsb) && holds(acc, hi, lsb)).toBe(true);
        if (acc.width > 1) {
          const narrower = fixedType(acc.signed, acc.width - 1, acc.intBits - 1);
          expect(holds(narrower, lo, lsb) && holds(narrower, hi, lsb)).toBe(false);
        }
      }),
      RUNS,
    );
  });
});

describe('exactTypeOfRange', () => {
  it.each([
    [0n, 0n, 0, 'ap_uint<1>'],
    [0n, 1n, 0, 'ap_uint<1>'],
    [0n, 255n, -4, 'ap_ufixed<8,4>'],
    [-1n, 0n, 0, 'ap_int<1>'],
    [-128n, 127n, 0, 'ap_int<8>'],
    [-129n, 127n, 0, 'ap_int<9>'],
    [-128n, 128n, 0, 'ap_int<9>'],
    [-3n, -1n, 2, 'ap_fixed<3,5>'],
    [5n, 9n, -3, 'ap_ufixed<4,1>'],
  ])('[%s, %s] at lsb %s is %s', (lo, hi, lsb, want) => {
    expect(exactTypeOfRange(lo, hi, lsb)).toEqual(type(want));
  });

  it('rejects an empty range', () => {
    expect(() => exactTypeOfRange(2n, 1n, 0)).toThrow(RangeError);
  });

  it('is the smallest type holding both ends', () => {
    const big = fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n });
    fc.assert(
      fc.property(big, big, fc.integer({ min: -100, max: 100 }), (a, b, lsb) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const t = exactTypeOfRange(lo, hi, lsb);
        expect(t.signed).toBe(lo < 0n);
        expect(lsbExp(t)).toBe(lsb);
        expect(holds(t, lo, lsb) && holds(t, hi, lsb)).toBe(true);
        if (t.width > 1) expect(holds(fixedType(t.signed, t.width - 1, t.intBits - 1), lo, lsb) && holds(fixedType(t.signed, t.width - 1, t.intBits - 1), hi, lsb)).toBe(false);
      }),
      RUNS,
    );
  });
});
