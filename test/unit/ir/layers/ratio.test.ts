import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { requantize } from '../../../../src/ir/fixed/quantize.js';
import { QUANT_MODES } from '../../../../src/ir/fixed/type.js';
import type { QuantRounding } from '../../../../src/ir/graph.js';
import { qonnxRounding, ratioFitsNumber, requantizeRatio, requantizeRatioNum, roundRatio, roundRatioNum } from '../../../../src/ir/layers/ratio.js';
import { typeArb } from './arbitraries.js';

describe('QONNX rounding modes', () => {
  // QONNX's documented table (quant_op.md): input × mode; UP/DOWN aside (DOWN = ROUND_TO_ZERO).
  const inputs = [5.5, 2.5, 1.6, 1.1, 1.0, -1.0, -1.1, -1.6, -2.5, -5.5];
  const table: Record<QuantRounding, number[]> = {
    ROUND: [6, 2, 2, 1, 1, -1, -1, -2, -2, -6],
    CEIL: [6, 3, 2, 2, 1, -1, -1, -1, -2, -5],
    FLOOR: [5, 2, 1, 1, 1, -1, -2, -2, -3, -6],
    ROUND_TO_ZERO: [5, 2, 1, 1, 1, -1, -1, -1, -2, -5],
    HALF_UP: [6, 3, 2, 1, 1, -1, -1, -2, -3, -6],
    HALF_DOWN: [5, 2, 2, 1, 1, -1, -1, -2, -2, -5],
  };
  for (const [mode, expected] of Object.entries(table) as [QuantRounding, number[]][]) {
    test(mode, () => {
      // v = num / 10 exactly
      const got = inputs.map((v) => Number(roundRatio(BigInt(Math.round(v * 10)), 10n, qonnxRounding(mode))));
      expect(got).toEqual(expected);
      const gotNum = inputs.map((v) => roundRatioNum(Math.round(v * 10), 10, qonnxRounding(mode)));
      expect(gotNum).toEqual(expected);
    });
  }
});

describe('requantizeRatio', () => {
  test('a power-of-two denominator is a plain requantize', () => {
    fc.assert(
      fc.property(typeArb({ maxWidth: 20 }), fc.bigInt({ min: -(2n ** 30n), max: 2n ** 30n }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: -12, max: 4 }), (to, num, k, lsb) => {
        const expected = requantize(lsb - k, num, to);
        expect(requantizeRatio(lsb, num, 1n << BigInt(k), to)).toBe(expected);
        expect(requantizeRatioNum(lsb, Number(num), 2 ** k, to)).toBe(Number(expected));
      }),
      { numRuns: 500 },
    );
  });

  test('number and BigInt paths agree for any denominator', () => {
    fc.assert(
      fc.property(typeArb({ maxWidth: 24 }), fc.bigInt({ min: -(2n ** 30n), max: 2n ** 30n }), fc.bigInt({ min: 1n, max: 1000n }), fc.integer({ min: -10, max: 4 }), (to, num, den, lsb) => {
        fc.pre(ratioFitsNumber(lsb, num < 0n ? -num : num, den, to));
        expect(requantizeRatioNum(lsb, Number(num), Number(den), to)).toBe(Number(requantizeRatio(lsb, num, den, to)));
      }),
      { numRuns: 500 },
    );
  });

  test('the number path stays exact near 2^53', () => {
    for (const q of QUANT_MODES)
      for (const [n, d] of [
        [2 ** 53 - 1, 3],
        [-(2 ** 53) + 2, 3],
        [2 ** 53 - 3, 2 ** 52 - 1],
        [3 * 2 ** 51 - 1, 3],
      ])
        expect(roundRatioNum(n, d, q)).toBe(Number(roundRatio(BigInt(n), BigInt(d), q)));
  });
});
