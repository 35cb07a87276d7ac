import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatType } from '../../../../src/ir/fixed/parse.js';
import { type FixedType, lsbExp } from '../../../../src/ir/fixed/type.js';
import { toNumber } from '../../../../src/ir/fixed/value.js';
import type { Graph, LayerAttrs, QuantRounding } from '../../../../src/ir/graph.js';
import { quantSemantics } from '../../../../src/ir/layers/quant.js';
import type { RawArray } from '../../../../src/ir/layers/spec.js';
import { rawsArb, typeArb } from './arbitraries.js';
import { f64, graph, layer, request, T, typed } from './helpers.js';

function quantGraph(shape: number[], a: Partial<LayerAttrs['Quant']>): Graph {
  const attrs: LayerAttrs['Quant'] = { mode: 'quant', scale: [1], zeroPoint: [0], bitwidth: 8, signed: true, narrow: false, rounding: 'ROUND', ...a };
  return graph(shape, [layer({ kind: 'Quant', name: 'q', inputs: ['x'], attrs })]);
}

function fixedRun(g: Graph, x: RawArray, forceBigInt = false): number[] {
  const f = quantSemantics.compileFixed(g.layers[0] as never, g, { forceBigInt });
  return Array.from(f([x])[0] as ArrayLike<number | bigint>, (v) => toNumber(g.tensors.q_out.type as FixedType, v));
}
const floatRun = (g: Graph, x: number[]) => Array.from(quantSemantics.compileFloat(g.layers[0] as never, g)([f64(x)])[0]);
const rawIn = (t: string, xs: number[]) => f64(xs.map((v) => v / 2 ** lsbExp(T(t))));
const outType = (g: Graph) => formatType(g.tensors.q_out.type as FixedType);

/** Runs both semantics on the same (exactly representable) inputs and checks both against `expected`. */
function check(g: Graph, inputType: string, x: number[], expected: number[]) {
  expect(fixedRun(g, rawIn(inputType, x))).toEqual(expected);
  expect(fixedRun(g, rawIn(inputType, x), true)).toEqual(expected);
  expect(floatRun(g, x)).toEqual(expected);
}

describe('Quant output types', () => {
  test('power-of-two scales give exactly the quantizer bitwidth', () => {
    const t = (a: Partial<LayerAttrs['Quant']>) => outType(typed(quantGraph([4], a), request(), 'fixed<16,6>'));
    expect(t({ scale: [2 ** -4], bitwidth: 8 })).toBe('ap_fixed<8,4>');
    expect(t({ scale: [2 ** -4], bitwidth: 8, narrow: true })).toBe('ap_fixed<8,4>');
    expect(t({ scale: [0.5], bitwidth: 4, signed: false })).toBe('ap_ufixed<4,3>');
    expect(t({ scale: [1], bitwidth: 3 })).toBe('ap_int<3>');
    // unsigned 8-bit with zero point 128: (q − 128)/16 ∈ [−8, 7.9375]
    expect(t({ scale: [2 ** -4], zeroPoint: [128], bitwidth: 8, signed: false })).toBe('ap_fixed<8,4>');
    expect(t({ mode: 'bipolar', scale: [0.5], bitwidth: 1 })).toBe('ap_fixed<2,1>');
  });

  test('non power-of-two scales are exact (wider)', () => {
    // 0.75 = 3·2^−2, 3-bit signed: outputs 3q·2^−2, 3q ∈ [−12, 9] → 5 bits at LSB 2^−2
    expect(outType(typed(quantGraph([4], { scale: [0.75], bitwidth: 3 }), request(), 'fixed<16,6>'))).toBe('ap_fixed<5,3>');
    // float32(0.1) = 13421773·2^−27; 4-bit: 13421773·q, q ∈ [−8, 7] → |·| < 2^27 → 28 bits
    const s = Math.fround(0.1);
    expect(outType(typed(quantGraph([4], { scale: [s], bitwidth: 4 }), request(), 'fixed<16,6>'))).toBe('ap_fixed<28,1>');
  });

  test('per-axis scales share the finest LSB', () => {
    // channel 0: q·0.5 (2q at 2^−2) ∈ [−16, 14]; channel 1: q·0.25 ∈ [−8, 7] → 5 bits at 2^−2
    const g = typed(quantGraph([2, 3], { scale: [0.5, 0.25], zeroPoint: [0], axis: 0, bitwidth: 4 }), request(), 'fixed<16,6>');
    expect(outType(g)).toBe('ap_fixed<5,3>');
    check(g, 'fixed<16,6>', [1, -5, 0.375, 1, -5, 0.375], [1, -4, 0.5, 1, -2, 0.5]); // 0.375: 0.75 → 1, 1.5 → 2
  });

  test('Trunc keeps the output bits only', () => {
    // in 8 bits, out 4 bits, scale 2^−4: outputs y·2^4·2^−4 = y ∈ [−8, 7] → ap_int<4>
    expect(outType(typed(quantGraph([4], { mode: 'trunc', scale: [2 ** -4], bitwidth: 4, inputBitwidth: 8, rounding: 'FLOOR' }), request(), 'fixed<16,6>'))).toBe('ap_int<4>');
  });
});

describe('Quant semantics', () => {
  test('power-of-two scale, round half to even, clamping', () => {
    // x/s: 0.5 → 0, 1.5 → 2, 2.5 → 2, −0.5 → 0, 1600 → 127, −1600 → −128
    const g = typed(quantGraph([6], { scale: [2 ** -4] }), request(), 'fixed<16,6>');
    check(g, 'fixed<16,6>', [0.03125, 0.09375, 0.15625, -0.03125, 100, -100], [0, 0.125, 0.125, 0, 7.9375, -8]);
  });

  // scale 0.75, 3 bits signed [−4, 3]; x/s for x = 1, 1.125, −1.125, −1, 5: 1.33, 1.5, −1.5, −1.33, 6.67
  const modes: [QuantRounding, number[]][] = [
    ['ROUND', [1, 2, -2, -1, 3]],
    ['CEIL', [2, 2, -1, -1, 3]],
    ['FLOOR', [1, 1, -2, -2, 3]],
    ['ROUND_TO_ZERO', [1, 1, -1, -1, 3]],
    ['HALF_UP', [1, 2, -2, -1, 3]],
    ['HALF_DOWN', [1, 1, -1, -1, 3]],
  ];
  test.each(modes)('non power-of-two scale, rounding %s', (rounding, q) => {
    const g = typed(quantGraph([5], { scale: [0.75], bitwidth: 3, rounding }), request(), 'fixed<8,4>');
    check(g, 'fixed<8,4>', [1, 1.125, -1.125, -1, 5], q.map((v) => v * 0.75));
  });

  test('zero point', () => {
    // unsigned 8-bit, zp 128, scale 2^−4: 0.5 → 136 → 0.5; −9 → 0 → −8; 9 → 255 → 7.9375
    const g = typed(quantGraph([3], { scale: [2 ** -4], zeroPoint: [128], signed: false }), request(), 'fixed<16,6>');
    check(g, 'fixed<16,6>', [0.5, -9, 9], [0.5, -8, 7.9375]);
  });

  test('narrow range', () => {
    const g = typed(quantGraph([2], { scale: [1], bitwidth: 4, narrow: true }), request(), 'fixed<16,6>');
    check(g, 'fixed<16,6>', [-20, 20], [-7, 7]);
  });

  test('bipolar: x ≥ 0 → +scale, else −scale', () => {
    const g = typed(quantGraph([3], { mode: 'bipolar', scale: [0.5], bitwidth: 1 }), request(), 'fixed<8,4>');
    check(g, 'fixed<8,4>', [0, 3, -0.0625], [0.5, 0.5, -0.5]);
  });

  test('Trunc: round(x/s), then the mode on the dropped bits, rescaled by 2^t', () => {
    // x/s = 16 → 1; 15 → floor(15/16) = 0; −1 → floor(−1/16) = −1; 200 → floor(12.5) = 12 → clamp 7
    const g = typed(quantGraph([4], { mode: 'trunc', scale: [2 ** -4], bitwidth: 4, inputBitwidth: 8, rounding: 'FLOOR' }), request(), 'fixed<16,6>');
    check(g, 'fixed<16,6>', [1, 0.9375, -0.0625, 12.5], [1, 0, -1, 7]);
    const r = typed(quantGraph([2], { mode: 'trunc', scale: [2 ** -4], bitwidth: 4, inputBitwidth: 8, rounding: 'ROUND' }), request(), 'fixed<16,6>');
    // 24/16 = 1.5 → 2;  40/16 = 2.5 → 2 (half to even)
    check(r, 'fixed<16,6>', [1.5, 2.5], [2, 2]);
  });

  test('signed 1-bit Quant behaves as QONNX does (bipolar on x/s + zp)', () => {
    const g = typed(quantGraph([2], { scale: [0.5], bitwidth: 1 }), request(), 'fixed<8,4>');
    check(g, 'fixed<8,4>', [0.25, -0.25], [0.5, -0.5]);
  });

  test('property: power-of-two scales — fixed equals the float formula exactly, on both paths', () => {
    const arb = fc
      .record({
        x: typeArb({ maxWidth: 20, maxInt: 8 }),
        k: fc.integer({ min: -8, max: 3 }),
        bits: fc.integer({ min: 2, max: 10 }),
        signed: fc.boolean(),
        narrow: fc.boolean(),
        zp: fc.integer({ min: -3, max: 3 }),
        rounding: fc.constantFrom<QuantRounding>('ROUND', 'CEIL', 'FLOOR', 'ROUND_TO_ZERO', 'HALF_UP', 'HALF_DOWN'),
      })
      .chain((c) => fc.record({ c: fc.constant(c), xs: rawsArb(c.x, 8) }));
    fc.assert(
      fc.property(arb, ({ c, xs }) => {
        const g = typed(
          quantGraph([8], { scale: [2 ** c.k], zeroPoint: [c.zp], bitwidth: c.bits, signed: c.signed, narrow: c.narrow, rounding: c.rounding }),
          request(),
          c.x,
        );
        const values = xs.map((r) => Number(r) * 2 ** lsbExp(c.x));
        const float = floatRun(g, values);
        expect(fixedRun(g, f64(xs.map(Number)))).toEqual(float);
        expect(fixedRun(g, xs.slice(), true)).toEqual(float);
      }),
      { numRuns: 300 },
    );
  });

  test('property: any float32 scale — number and BigInt paths agree and the float formula is within one step', () => {
    const arb = fc
      .record({
        x: typeArb({ maxWidth: 16, maxInt: 6 }),
        scale: fc.float({ min: Math.fround(0.001), max: Math.fround(4), noNaN: true }),
        bits: fc.integer({ min: 2, max: 8 }),
        signed: fc.boolean(),
        rounding: fc.constantFrom<QuantRounding>('ROUND', 'FLOOR', 'HALF_UP'),
      })
      .chain((c) => fc.record({ c: fc.constant(c), xs: rawsArb(c.x, 6) }));
    fc.assert(
      fc.property(arb, ({ c, xs }) => {
        const g = typed(quantGraph([6], { scale: [c.scale], bitwidth: c.bits, signed: c.signed, rounding: c.rounding }), request(), c.x);
        const fixed = fixedRun(g, f64(xs.map(Number)));
        expect(fixedRun(g, xs.slice(), true)).toEqual(fixed);
        const float = floatRun(g, xs.map((r) => Number(r) * 2 ** lsbExp(c.x)));
        fixed.forEach((v, i) => expect(Math.abs(v - float[i])).toBeLessThanOrEqual(c.scale * 1.000001));
      }),
      { numRuns: 300 },
    );
  });
});
