import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatFixed, formatFloat } from '../../../src/emulation/format.js';
import { T } from '../ir/layers/helpers.js';

describe('formatFloat', () => {
  test('examples', () => {
    expect(formatFloat(0.1)).toBe('0.10000000000000001');
    expect(formatFloat(1.5)).toBe('1.5');
    expect(formatFloat(3)).toBe('3');
    expect(formatFloat(-2.25)).toBe('-2.25');
    expect(formatFloat(1e21)).toBe('1e21');
    expect(formatFloat(2 ** -23)).toBe('1.1920928955078125e-7');
    expect(formatFloat(-(2 ** 100))).toBe('-1.2676506002282294e30');
    expect(formatFloat(5e-324)).toBe('4.9406564584124654e-324');
    expect(formatFloat(0)).toBe('0');
    expect(formatFloat(-0)).toBe('-0');
    expect(formatFloat(NaN)).toBe('nan');
    expect(formatFloat(-Infinity)).toBe('-inf');
  });

  test('round-trips every double exactly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = formatFloat(x);
        expect(Object.is(Number(s), x)).toBe(true);
        expect(s).not.toMatch(/e\+|\.e|0e|\.$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatFixed', () => {
  test('exact decimals', () => {
    expect(formatFixed(T('fixed<8,4>'), -6)).toBe('-0.375');
    expect(formatFixed(T('fixed<8,4>'), 16n)).toBe('1');
    expect(formatFixed(T('fixed<70,2>'), 1n)).toBe((2 ** -68).toFixed(68).replace(/0+$/, ''));
  });
});
