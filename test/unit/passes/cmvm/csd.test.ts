import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csdBaselineAdders, csdDigits, csdWeight, minDepth } from '../../../../src/passes/cmvm/index.js';

function valueOf(digits: { shift: number; sign: 1 | -1 }[]): bigint {
  return digits.reduce((s, d) => s + BigInt(d.sign) * (1n << BigInt(d.shift)), 0n);
}

describe('csdDigits', () => {
  it('gives the known canonical forms', () => {
    expect(csdDigits(0n)).toEqual([]);
    expect(csdDigits(1n)).toEqual([{ shift: 0, sign: 1 }]);
    expect(csdDigits(-1n)).toEqual([{ shift: 0, sign: -1 }]);
    // 3 = 4 - 1, 7 = 8 - 1, 5 = 4 + 1
    expect(csdDigits(3n)).toEqual([
      { shift: 0, sign: -1 },
      { shift: 2, sign: 1 },
    ]);
    expect(csdDigits(7n)).toEqual([
      { shift: 0, sign: -1 },
      { shift: 3, sign: 1 },
    ]);
    expect(csdDigits(5n)).toEqual([
      { shift: 0, sign: 1 },
      { shift: 2, sign: 1 },
    ]);
    // 11 = 16 - 4 - 1
    expect(valueOf(csdDigits(11n))).toBe(11n);
    expect(csdDigits(11n)).toEqual([
      { shift: 0, sign: -1 },
      { shift: 2, sign: -1 },
      { shift: 4, sign: 1 },
    ]);
    expect(csdDigits(-128n)).toEqual([{ shift: 7, sign: -1 }]);
  });

  it('preserves the value, has no adjacent non-zero digits, and is minimal among small forms', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }), (v) => {
        const ds = csdDigits(v);
        expect(valueOf(ds)).toBe(v);
        for (let k = 1; k < ds.length; k++) expect(ds[k].shift - ds[k - 1].shift).toBeGreaterThanOrEqual(2);
        expect(csdWeight(v)).toBe(ds.length);
        expect(csdDigits(-v).map((d) => ({ shift: d.shift, sign: -d.sign }))).toEqual(ds);
      }),
    );
  });

  it('never has more digits than binary', () => {
    for (let v = 0n; v < 4096n; v++) {
      const ones = v.toString(2).split('').filter((c) => c === '1').length;
      expect(csdWeight(v)).toBeLessThanOrEqual(ones);
    }
  });
});

describe('csdBaselineAdders and minDepth', () => {
  it('count digits per column minus one', () => {
    // column 0: 3 (2 digits) + 5 (2 digits) → 3 adders; column 1: 1 digit → 0; column 2: zero → 0
    const W = [
      [3n, 0n, 0n],
      [5n, 4n, 0n],
    ];
    expect(csdBaselineAdders(W)).toBe(3);
    expect(minDepth(W)).toBe(2); // 4 digits → 2 levels
    expect(minDepth([[1n]])).toBe(0);
    expect(minDepth([[0n]])).toBe(0);
    expect(minDepth([[3n], [1n]])).toBe(2); // 3 digits → 2 levels
    expect(minDepth([[85n]])).toBe(2); // 85 = 1010101b: 4 digits
  });
});
