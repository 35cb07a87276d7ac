import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatType } from '../../../../src/ir/fixed/parse.js';
import { convert, quantize } from '../../../../src/ir/fixed/quantize.js';
import { productType, sumType } from '../../../../src/ir/fixed/arith.js';
import { type FixedType, lsbExp } from '../../../../src/ir/fixed/type.js';
import { toNumber } from '../../../../src/ir/fixed/value.js';
import type { Graph } from '../../../../src/ir/graph.js';
import { batchNormSemantics } from '../../../../src/ir/layers/batchnorm.js';
import type { RawArray } from '../../../../src/ir/layers/spec.js';
import { rawsArb, typeArb, valueOf } from './arbitraries.js';
import { constant, f64, graph, layer, request, T, typed } from './helpers.js';

function bnGraph(shape: number[], scale: number[], bias: number[]): Graph {
  return graph(shape, [layer({ kind: 'BatchNorm', name: 'bn', inputs: ['x'], attrs: { scale: 's', bias: 'b' } })], [
    constant('s', [scale.length], scale),
    constant('b', [bias.length], bias),
  ]);
}
function run(g: Graph, x: RawArray, forceBigInt = false): bigint[] {
  const f = batchNormSemantics.compileFixed(g.layers[0] as never, g, { forceBigInt });
  return Array.from(f([x])[0] as ArrayLike<number | bigint>, (v) => BigInt(v));
}

describe('BatchNorm', () => {
  test('exact accum and result: y = x·scale[c] + bias[c] exactly', () => {
    // x: fixed<8,4> [C=2, 2]; scale [0.5, −1.25], bias [0.25, 1] in fixed<16,6>
    // products at LSB 2^−14, biases at 2^−10 → LSB 2^−14; ranges ch0 [−4, 3.97]+0.25, ch1 [−9.9, 10]+1
    const g = typed(bnGraph([2, 2], [0.5, -1.25], [0.25, 1]), request(), 'fixed<8,4>');
    const acc = g.layers[0].types!.accum;
    expect(lsbExp(acc)).toBe(-14);
    const out = g.tensors.bn_out.type as FixedType;
    const x = [1, -2, 3, -0.5];
    const y = run(g, f64(x.map((v) => v * 16))).map((r) => toNumber(out, r));
    expect(y).toEqual([0.75, -0.75, -2.75, 1.625]);
    expect(Array.from(batchNormSemantics.compileFloat(g.layers[0] as never, g)([f64(x)])[0])).toEqual([0.75, -0.75, -2.75, 1.625]);
  });

  test('explicit accum rounds the product, result rounds the sum', () => {
    // accum fixed<6,3,RND,SAT> (LSB 1/8): x = 0.0625·0.5 = 0.03125 → 0.25 LSB → 0; bias 0.25 → 2 LSB → y = 0.25
    // x = 3.9375·(−1.25) = −4.921875 → SAT −4; + 1 → −3; result fixed<4,3,TRN,SAT> (LSB 0.5) → −3
    const g = typed(bnGraph([2, 1], [0.5, -1.25], [0.25, 1]), request({ accum: 'fixed<6,3,RND,SAT>', result: 'fixed<4,3,TRN,SAT>' }), 'fixed<8,4>');
    const y = run(g, f64([1, 63])).map((r) => toNumber(T('fixed<4,3,TRN,SAT>'), r));
    expect(y).toEqual([0, -3]);
  });

  test('property: matches the formula with the fixed module, on both paths', () => {
    const arb = fc
      .record({ x: typeArb({ maxWidth: 12 }), s: typeArb({ maxWidth: 10, modes: false }), b: typeArb({ maxWidth: 10, modes: false }), accum: typeArb({ maxWidth: 16 }), result: typeArb({ maxWidth: 12 }) })
      .chain((c) => fc.record({ c: fc.constant(c), xs: rawsArb(c.x, 6), ss: rawsArb(c.s, 3), bs: rawsArb(c.b, 3) }));
    fc.assert(
      fc.property(arb, ({ c, xs, ss, bs }) => {
        const g = typed(bnGraph([3, 2], ss.map((r) => valueOf(c.s, r)), bs.map((r) => valueOf(c.b, r))), request({ weight: c.s, bias: c.b, accum: c.accum, result: c.result }), c.x);
        const p = productType(c.x, c.s);
        const expected = xs.map((x, i) => {
          const ch = Math.floor(i / 2);
          const pa = convert(p, c.accum, x * ss[ch]);
          const ba = convert(c.b, c.accum, quantize(c.b, valueOf(c.b, bs[ch])));
          return convert(sumType(c.accum, c.accum), c.result, pa + ba);
        });
        expect(run(g, f64(xs.map(Number)))).toEqual(expected);
        expect(run(g, xs.slice(), true)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('auto types are exact', () => {
    const g = typed(bnGraph([2, 2], [0.5, -1.25], [0.25, 1]), request(), 'fixed<8,4>');
    expect(formatType(g.tensors.bn_out.type as FixedType)).toMatch(/^ap_fixed<\d+,\d+>$/);
    fc.assert(
      fc.property(rawsArb(T('fixed<8,4>'), 4), (xs) => {
        const y = run(g, f64(xs.map(Number))).map((r) => toNumber(g.tensors.bn_out.type as FixedType, r));
        const x = xs.map((r) => Number(r) / 16);
        expect(y).toEqual([x[0] * 0.5 + 0.25, x[1] * 0.5 + 0.25, x[2] * -1.25 + 1, x[3] * -1.25 + 1]);
      }),
    );
  });
});
