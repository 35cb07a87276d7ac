import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { requantize } from '../../../../src/ir/fixed/quantize.js';
import { type FixedType, fixedType, lsbExp, type QuantMode } from '../../../../src/ir/fixed/type.js';
import { toNumber } from '../../../../src/ir/fixed/value.js';
import type { Graph, LayerAttrs } from '../../../../src/ir/graph.js';
import { poolSemantics } from '../../../../src/ir/layers/pool.js';
import type { RawArray } from '../../../../src/ir/layers/spec.js';
import { rawsArb, typeArb } from './arbitraries.js';
import { f64, graph, layer, request, T, typed } from './helpers.js';

function poolGraph(x: number[], a: Partial<LayerAttrs['Pool']>): Graph {
  const rank = x.length - 1;
  const attrs: LayerAttrs['Pool'] = {
    op: 'max',
    kernel: new Array(rank).fill(2),
    strides: new Array(rank).fill(2),
    pads: new Array(2 * rank).fill(0),
    countIncludePad: false,
    ceilMode: false,
    global: false,
    ...a,
  };
  return graph(x, [layer({ kind: 'Pool', name: 'p', inputs: ['x'], attrs })]);
}

function run(g: Graph, x: RawArray, forceBigInt = false): bigint[] {
  const f = poolSemantics.compileFixed(g.layers[0] as never, g, { forceBigInt });
  return Array.from(f([x])[0] as ArrayLike<number | bigint>, (v) => BigInt(v));
}
const values = (g: Graph, raws: bigint[]) => raws.map((r) => toNumber(g.tensors.p_out.type as FixedType, r));
const floatRun = (g: Graph, x: number[]) => Array.from(poolSemantics.compileFloat(g.layers[0] as never, g)([f64(x)])[0]);
const rawIn = (t: string, xs: number[]) => f64(xs.map((v) => v / 2 ** lsbExp(T(t))));

describe('max pool', () => {
  test('windows, and the input type passes through', () => {
    const g = typed(poolGraph([1, 6], {}), request({ result: 'fixed<4,2>' }), 'fixed<8,4>');
    expect(g.tensors.p_out.type).toEqual(T('fixed<8,4>'));
    const x = [1, -3, 2, 5, -1, 0];
    expect(values(g, run(g, rawIn('fixed<8,4>', x)))).toEqual([1, 5, 0]);
    expect(floatRun(g, x)).toEqual([1, 5, 0]);
  });

  test('padding never wins (−inf padding)', () => {
    // all negative, kernel 2, stride 1, pads [1, 0]: windows {pad, −1}, {−1, −2}, {−2, −3}
    const g = typed(poolGraph([1, 3], { strides: [1], pads: [1, 0] }), request(), 'fixed<8,4>');
    const x = [-1, -2, -3];
    expect(values(g, run(g, rawIn('fixed<8,4>', x)))).toEqual([-1, -1, -2]);
    expect(floatRun(g, x)).toEqual([-1, -1, -2]);
  });

  test('2-D, ceil mode keeps a last window that starts inside the input', () => {
    // 3×3 input, kernel 2, stride 2, ceil: out = ceil((3 − 2)/2) + 1 = 2 per axis
    const g = typed(poolGraph([1, 3, 3], { ceilMode: true }), request(), 'fixed<8,4>');
    expect(g.tensors.p_out.shape).toEqual([1, 2, 2]);
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(values(g, run(g, rawIn('fixed<8,4>', x)))).toEqual([5, 6, 8, 9]);
  });
});

describe('average pool', () => {
  test('countIncludePad decides the divisor', () => {
    // x = [1 2 3], kernel 3, stride 1, pads [1, 1]:
    // including pads: 3/3 = 1, 6/3 = 2, 5/3;  excluding: 3/2 = 1.5, 6/3 = 2, 5/2 = 2.5
    const incl = typed(poolGraph([1, 3], { op: 'avg', kernel: [3], strides: [1], pads: [1, 1], countIncludePad: true }), request(), 'fixed<8,4>');
    const excl = typed(poolGraph([1, 3], { op: 'avg', kernel: [3], strides: [1], pads: [1, 1] }), request(), 'fixed<8,4>');
    expect(floatRun(incl, [1, 2, 3])).toEqual([1, 2, 5 / 3]);
    expect(floatRun(excl, [1, 2, 3])).toEqual([1.5, 2, 2.5]);
    // 'auto' result: fixed<8,4> with ceil(log2 3) = 2 more fraction bits, TRN: 5/3 = 106.67/64 → 106/64 = 1.65625
    expect(incl.tensors.p_out.type).toEqual(fixedType(true, 10, 4));
    expect(values(incl, run(incl, rawIn('fixed<8,4>', [1, 2, 3])))).toEqual([1, 2, 1.65625]);
    expect(values(excl, run(excl, rawIn('fixed<8,4>', [1, 2, 3])))).toEqual([1.5, 2, 2.5]);
  });

  test('global average pool', () => {
    const g = typed(poolGraph([2, 2, 2], { op: 'avg', global: true, kernel: [], strides: [], pads: [] }), request(), 'fixed<8,4>');
    expect(g.tensors.p_out.shape).toEqual([2, 1, 1]);
    // channel means: (1 + 2 + 3 + 4)/4 = 2.5, (−1 − 1 − 1 + 2)/4 = −0.25 (count 4: exact with 2 more bits)
    expect(values(g, run(g, rawIn('fixed<8,4>', [1, 2, 3, 4, -1, -1, -1, 2])))).toEqual([2.5, -0.25]);
  });

  // A window of two values with raw sum s gives s/2 LSBs: a tie for odd s. Result = input type with mode q.
  const tie: [QuantMode, number, number, number][] = [
    // mode, round(0.5), round(−0.5), round(1.5)  (in LSBs)
    ['RND', 1, 0, 2],
    ['RND_ZERO', 0, 0, 1],
    ['RND_MIN_INF', 0, -1, 1],
    ['RND_INF', 1, -1, 2],
    ['RND_CONV', 0, 0, 2],
    ['TRN', 0, -1, 1],
    ['TRN_ZERO', 0, 0, 1],
  ];
  test.each(tie)('ties round by the result mode: %s', (q, half, minusHalf, threeHalves) => {
    const result = fixedType(true, 8, 4, q, 'SAT');
    const g = typed(poolGraph([1, 6], { op: 'avg' }), request({ result }), 'fixed<8,4>');
    // windows: raws (1, 0), (−1, 0), (3, 0)
    const x = f64([1, 0, -1, 0, 3, 0]);
    expect(run(g, x)).toEqual([BigInt(half), BigInt(minusHalf), BigInt(threeHalves)]);
    expect(run(g, x, true)).toEqual([BigInt(half), BigInt(minusHalf), BigInt(threeHalves)]);
  });

  test('non-ties: 2/3 of an LSB', () => {
    const g = typed(poolGraph([1, 3], { op: 'avg', kernel: [3], strides: [1] }), request({ result: fixedType(true, 8, 4, 'RND_CONV') }), 'fixed<8,4>');
    expect(run(g, f64([1, 1, 0]))).toEqual([1n]); // 2/3 → 1
    const t = typed(poolGraph([1, 3], { op: 'avg', kernel: [3], strides: [1] }), request({ result: fixedType(true, 8, 4, 'TRN') }), 'fixed<8,4>');
    expect(run(t, f64([1, 1, 0]))).toEqual([0n]);
    expect(run(t, f64([-1, -1, 0]))).toEqual([-1n]); // −2/3 → floor −1
  });

  test('property: power-of-two windows agree with the fixed module (sum·2^−k requantized), on both paths', () => {
    const arb = fc
      .record({ k: fc.constantFrom(1, 2, 4), x: typeArb({ maxWidth: 12 }), result: typeArb({ maxWidth: 12 }) })
      .chain((c) => fc.record({ c: fc.constant(c), xs: rawsArb(c.x, c.k * 3) }));
    fc.assert(
      fc.property(arb, ({ c, xs }) => {
        const g = typed(poolGraph([1, c.k * 3], { op: 'avg', kernel: [c.k], strides: [c.k] }), request({ result: c.result }), c.x);
        const shift = Math.log2(c.k);
        const expected = [0, 1, 2].map((w) => {
          const s = xs.slice(w * c.k, (w + 1) * c.k).reduce((a, b) => a + b, 0n);
          return requantize(lsbExp(c.x) - shift, s, c.result);
        });
        expect(run(g, f64(xs.map(Number)))).toEqual(expected);
        expect(run(g, xs.slice(), true)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('property: any window size, number and BigInt paths agree', () => {
    const arb = fc
      .record({ k: fc.integer({ min: 1, max: 7 }), x: typeArb({ maxWidth: 16 }), result: typeArb({ maxWidth: 16 }), pad: fc.boolean() })
      .chain((c) => fc.record({ c: fc.constant(c), xs: rawsArb(c.x, 9) }));
    fc.assert(
      fc.property(arb, ({ c, xs }) => {
        const pads = c.pad && c.k > 1 ? [1, 1] : [0, 0];
        fc.pre(9 + pads[0] + pads[1] >= c.k);
        const g = typed(poolGraph([1, 9], { op: 'avg', kernel: [c.k], strides: [1], pads, countIncludePad: c.pad }), request({ result: c.result }), c.x);
        expect(run(g, f64(xs.map(Number)))).toEqual(run(g, xs.slice(), true));
      }),
      { numRuns: 300 },
    );
  });
});
