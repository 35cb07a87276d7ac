import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatType } from '../../../../src/ir/fixed/parse.js';
import { requantize } from '../../../../src/ir/fixed/quantize.js';
import { type FixedType, lsbExp } from '../../../../src/ir/fixed/type.js';
import { toNumber } from '../../../../src/ir/fixed/value.js';
import type { Graph } from '../../../../src/ir/graph.js';
import { elementwiseSemantics } from '../../../../src/ir/layers/elementwise.js';
import type { RawArray } from '../../../../src/ir/layers/spec.js';
import { assignTypes } from '../../../../src/passes/precision.js';
import { rawsArb, typeArb } from './arbitraries.js';
import { constant, f64, graph, layer, request, shaped, T, typed } from './helpers.js';

type Op = 'add' | 'sub' | 'mul' | 'div';

function twoInputs(op: Op, a: number[], b: number[]): Graph {
  return graph({ a, b }, [layer({ kind: 'Elementwise', name: 'e', inputs: ['a', 'b'], attrs: { op } })]);
}
function run(g: Graph, xs: RawArray[], forceBigInt = false): bigint[] {
  const f = elementwiseSemantics.compileFixed(g.layers[0] as never, g, { forceBigInt });
  return Array.from(f(xs)[0] as ArrayLike<number | bigint>, (v) => BigInt(v));
}
const vals = (g: Graph, r: bigint[]) => r.map((v) => toNumber(g.tensors.e_out.type as FixedType, v));

describe('Elementwise', () => {
  test('exact types of add, sub, mul', () => {
    const t = (op: Op) => formatType(typed(twoInputs(op, [2], [2]), request(), 'ufixed<4,2>').tensors.e_out.type as FixedType);
    // ufixed<4,2> ∈ [0, 3.75] at 2^−2: sum [0, 7.5] → ufixed<5,3>; difference [−3.75, 3.75] → raw [−15, 15] → fixed<5,3>;
    // product [0, 14.0625] at 2^−4 → ufixed<8,4>
    expect(t('add')).toBe('ap_ufixed<5,3>');
    expect(t('sub')).toBe('ap_fixed<5,3>');
    expect(t('mul')).toBe('ap_ufixed<8,4>');
  });

  test('broadcast with a constant operand (typed with request.weight)', () => {
    // x [2, 3] + c [3]: c = [0.5, −1, 0.25] in fixed<8,3>
    const g0 = graph([2, 3], [layer({ kind: 'Elementwise', name: 'e', inputs: ['x', 'c'], attrs: { op: 'add' } })], [constant('c', [3], [0.5, -1, 0.25])]);
    const g = typed(g0, request({ weight: 'fixed<8,3>' }), 'fixed<8,4>');
    expect(g.tensors.c.type).toEqual(T('fixed<8,3>'));
    expect(g.tensors.e_out.shape).toEqual([2, 3]);
    const x = [1, 2, 3, -1, -2, -3];
    expect(vals(g, run(g, [f64(x.map((v) => v * 16)), new Float64Array(0)]))).toEqual([1.5, 1, 3.25, -0.5, -3, -2.75]);
    expect(Array.from(elementwiseSemantics.compileFloat(g.layers[0] as never, g)([f64(x), new Float64Array(0)])[0])).toEqual([1.5, 1, 3.25, -0.5, -3, -2.75]);
  });

  test('a constant stored with a leading batch axis of 1 broadcasts per sample', () => {
    const g0 = graph([3], [layer({ kind: 'Elementwise', name: 'e', inputs: ['x', 'c'], attrs: { op: 'mul' } })], [constant('c', [1, 3], [2, 3, 4])]);
    expect(shaped(g0).tensors.e_out.shape).toEqual([3]);
  });

  test('result request rounds the exact result once', () => {
    // 1.25 · 1.25 = 1.5625 → fixed<4,2,RND,SAT> (LSB 0.25): 6.25 LSB → 6 → 1.5; 3.75·3.75 = 14.06 → SAT 1.75
    const g = typed(twoInputs('mul', [2], [2]), request({ result: 'fixed<4,2,RND,SAT>' }), 'ufixed<4,2>');
    expect(vals(g, run(g, [f64([5, 15]), f64([5, 15])]))).toEqual([1.5, 1.75]);
  });

  test('division: exact rational rounded by the result mode; b = 0 gives 0', () => {
    // result fixed<8,4,RND> (LSB 1/16): 1/3 = 5.33 LSB → 5 → 0.3125; −1/3 → −5 → −0.3125; 1/0 → 0; 2/(−0.5) = −4
    const g = typed(twoInputs('div', [4], [4]), request({ result: 'fixed<8,4,RND>' }), 'fixed<8,4>');
    const a = f64([1, -1, 1, 2].map((v) => v * 16));
    const b = f64([3, 3, 0, -0.5].map((v) => v * 16));
    expect(vals(g, run(g, [a, b]))).toEqual([0.3125, -0.3125, 0, -4]);
    expect(vals(g, run(g, [a, b], true))).toEqual([0.3125, -0.3125, 0, -4]);
  });

  test("division with 'auto' falls back to ap_fixed's quotient type and warns", () => {
    const s = shaped(twoInputs('div', [2], [2]));
    const r = assignTypes(s, () => request(), () => T('fixed<8,4>'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // fixed<8,4> / fixed<8,4>: width 1 + 8 + 4 = 13, integer bits 1 + 4 + 4 = 9, TRN_ZERO
    expect(formatType(r.value.tensors.e_out.type as FixedType)).toBe('ap_fixed<13,9,AP_TRN_ZERO>');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['precision/division']);
    expect(r.diagnostics[0].origin?.node).toBe('e');
    // 1/3 → 0.3125 (truncated toward zero at 2^−4), −1/3 → −0.3125
    expect(vals(r.value, run(r.value, [f64([16, -16]), f64([48, 48])]))).toEqual([0.3125, -0.3125]);
  });

  test('property: add/sub/mul equal requantize of the exact result, on both paths', () => {
    const arb = fc
      .record({ op: fc.constantFrom<Op>('add', 'sub', 'mul'), a: typeArb({ maxWidth: 14 }), result: typeArb({ maxWidth: 14 }) })
      .chain((c) => fc.record({ c: fc.constant(c), xs: rawsArb(c.a, 4), ys: rawsArb(c.a, 4) }));
    fc.assert(
      fc.property(arb, ({ c, xs, ys }) => {
        const g = typed(twoInputs(c.op, [4], [4]), request({ result: c.result }), c.a);
        const l = lsbExp(c.a);
        const expected = xs.map((x, i) =>
          c.op === 'mul' ? requantize(2 * l, x * ys[i], c.result) : requantize(l, c.op === 'add' ? x + ys[i] : x - ys[i], c.result),
        );
        expect(run(g, [f64(xs.map(Number)), f64(ys.map(Number))])).toEqual(expected);
        expect(run(g, [xs.slice(), ys.slice()], true)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('property: division, number and BigInt paths agree; power-of-two divisors match requantize', () => {
    const arb = fc
      .record({ a: typeArb({ maxWidth: 14 }), result: typeArb({ maxWidth: 14 }) })
      .chain((c) => fc.record({ c: fc.constant(c), xs: rawsArb(c.a, 4), ys: rawsArb(c.a, 4) }));
    fc.assert(
      fc.property(arb, ({ c, xs, ys }) => {
        const g = typed(twoInputs('div', [4], [4]), request({ result: c.result }), c.a);
        const num = run(g, [f64(xs.map(Number)), f64(ys.map(Number))]);
        expect(run(g, [xs.slice(), ys.slice()], true)).toEqual(num);
        ys.forEach((y, i) => {
          const m = y < 0n ? -y : y;
          if (m === 0n || (m & (m - 1n)) !== 0n) return;
          const k = m.toString(2).length - 1;
          expect(num[i]).toBe(requantize(-k, y < 0n ? -xs[i] : xs[i], c.result));
        });
      }),
      { numRuns: 300 },
    );
  });
});
