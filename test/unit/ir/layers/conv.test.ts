import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type FixedType, lsbExp } from '../../../../src/ir/fixed/type.js';
import { toNumber } from '../../../../src/ir/fixed/value.js';
import type { Graph, LayerAttrs } from '../../../../src/ir/graph.js';
import { convSemantics } from '../../../../src/ir/layers/conv.js';
import type { RawArray } from '../../../../src/ir/layers/spec.js';
import { rawsArb, typeArb, valueOf } from './arbitraries.js';
import { constant, f64, graph, layer, request, T, typed } from './helpers.js';
import { refConv1d } from './reference.js';

function convGraph(x: number[], wShape: number[], w: number[], b: number[] | null, attrs: Partial<LayerAttrs['Conv']> = {}): Graph {
  const rank = x.length - 1;
  const a: LayerAttrs['Conv'] = {
    weight: 'W',
    ...(b ? { bias: 'b' } : {}),
    strides: new Array(rank).fill(1),
    pads: new Array(2 * rank).fill(0),
    dilations: new Array(rank).fill(1),
    group: 1,
    ...attrs,
  };
  const consts = [constant('W', wShape, w)];
  if (b) consts.push(constant('b', [wShape[0]], b));
  return graph(x, [layer({ kind: 'Conv', name: 'c', inputs: ['x'], attrs: a })], consts);
}

function run(g: Graph, x: RawArray, forceBigInt = false): bigint[] {
  const f = convSemantics.compileFixed(g.layers[0] as never, g, { forceBigInt });
  return Array.from(f([x])[0] as ArrayLike<number | bigint>, (v) => BigInt(v));
}

function values(g: Graph, raws: bigint[]): number[] {
  return raws.map((r) => toNumber(g.tensors.c_out.type as FixedType, r));
}

const rawIn = (t: string, xs: number[]) => f64(xs.map((v) => v / 2 ** lsbExp(T(t))));

describe('Conv', () => {
  test('1-D, stride 2, pads 1: padding contributes nothing', () => {
    // x = [1 2 3 4 5], W = [1 0 −1], b = 0.5, out = floor((5 + 2 − 2 − 1)/2) + 1 = 3.
    // o0 reads positions −1 (pad), 0, 1: 0·1 + 1·0 + 2·(−1) = −2 → −1.5
    // o1 reads 1, 2, 3: 2 − 4 = −2 → −1.5;  o2 reads 3, 4, 5 (pad): 4 → 4.5
    const g = typed(convGraph([1, 5], [1, 1, 3], [1, 0, -1], [0.5], { strides: [2], pads: [1, 1] }), request(), 'fixed<8,4>');
    expect(g.tensors.c_out.shape).toEqual([1, 3]);
    const x = rawIn('fixed<8,4>', [1, 2, 3, 4, 5]);
    expect(values(g, run(g, x))).toEqual([-1.5, -1.5, 4.5]);
    expect(Array.from(convSemantics.compileFloat(g.layers[0] as never, g)([f64([1, 2, 3, 4, 5])])[0])).toEqual([-1.5, -1.5, 4.5]);
  });

  test('1-D dilation 3', () => {
    // out = floor((5 − 3·1 − 1)/1) + 1 = 2; y_o = x_o + 2·x_{o+3}: 1 + 8 = 9, 2 + 10 = 12
    const g = typed(convGraph([1, 5], [1, 1, 2], [1, 2], null, { dilations: [3] }), request(), 'fixed<8,4>');
    expect(values(g, run(g, rawIn('fixed<8,4>', [1, 2, 3, 4, 5])))).toEqual([9, 12]);
  });

  test('2-D grouped (depthwise) convolution', () => {
    // 2 channels, group 2, 2×2 kernel on 2×2 input: y_m = Σ x[m]·W[m]
    // y0 = 1 + 2 + 3 + 4 = 10;  y1 = −1·0.5 + 0.5·2 + 2·(−1) + (−2)·0.25 = −2
    const g = typed(convGraph([2, 2, 2], [2, 1, 2, 2], [1, 1, 1, 1, 0.5, 2, -1, 0.25], null, { group: 2 }), request(), 'fixed<8,4>');
    expect(g.tensors.c_out.shape).toEqual([2, 1, 1]);
    expect(values(g, run(g, rawIn('fixed<8,4>', [1, 2, 3, 4, -1, 0.5, 2, -2])))).toEqual([10, -2]);
  });

  test('shape errors are reported', () => {
    const bad = convGraph([3, 5], [2, 2, 3], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], null);
    expect(() => typed(bad, request(), 'fixed<8,4>')).toThrow(/channels/);
  });

  const conv1dArb = fc
    .record({
      C: fc.constantFrom(1, 2, 4),
      group: fc.constantFrom(1, 2),
      mPerGroup: fc.integer({ min: 1, max: 2 }),
      L: fc.integer({ min: 3, max: 8 }),
      K: fc.integer({ min: 1, max: 3 }),
      stride: fc.integer({ min: 1, max: 2 }),
      padB: fc.integer({ min: 0, max: 2 }),
      padE: fc.integer({ min: 0, max: 2 }),
      dil: fc.integer({ min: 1, max: 2 }),
      x: typeArb({ maxWidth: 10 }),
      w: typeArb({ maxWidth: 8, modes: false }),
      b: typeArb({ maxWidth: 8, modes: false }),
      accum: typeArb({ maxWidth: 14 }),
      result: typeArb({ maxWidth: 10 }),
    })
    .filter((c) => c.C % c.group === 0 && c.L + c.padB + c.padE - c.dil * (c.K - 1) - 1 >= 0)
    .chain((c) => {
      const M = c.mPerGroup * c.group;
      return fc.record({
        c: fc.constant(c),
        xs: rawsArb(c.x, c.C * c.L),
        ws: rawsArb(c.w, M * (c.C / c.group) * c.K),
        bs: rawsArb(c.b, M),
      });
    });

  test('property: matches the naive BigInt reference on both paths (any accum)', () => {
    fc.assert(
      fc.property(conv1dArb, ({ c, xs, ws, bs }) => {
        const M = c.mPerGroup * c.group;
        const W = ws.map((r) => valueOf(c.w, r));
        const B = bs.map((r) => valueOf(c.b, r));
        const g0 = convGraph([c.C, c.L], [M, c.C / c.group, c.K], W, B, {
          strides: [c.stride],
          pads: [c.padB, c.padE],
          dilations: [c.dil],
          group: c.group,
        });
        const g = typed(g0, request({ weight: c.w, bias: c.b, accum: c.accum, result: c.result }), c.x);
        const expected = refConv1d({ x: c.x, w: c.w, b: c.b, accum: c.accum, result: c.result }, xs, c.C, c.L, W, M, c.K, B, {
          stride: c.stride,
          padB: c.padB,
          padE: c.padE,
          dil: c.dil,
          group: c.group,
        });
        expect(run(g, f64(xs.map(Number)))).toEqual(expected);
        expect(run(g, xs.slice(), true)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('property: 2-D with the exact accumulator equals the float reference exactly (dyadic values)', () => {
    const arb = fc
      .record({
        C: fc.constantFrom(1, 2),
        group: fc.constantFrom(1, 2),
        H: fc.integer({ min: 2, max: 5 }),
        Wd: fc.integer({ min: 2, max: 5 }),
        kh: fc.integer({ min: 1, max: 3 }),
        kw: fc.integer({ min: 1, max: 3 }),
        sh: fc.integer({ min: 1, max: 2 }),
        sw: fc.integer({ min: 1, max: 2 }),
        pads: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 }),
        dh: fc.integer({ min: 1, max: 2 }),
      })
      .filter((c) => c.C % c.group === 0 && c.H + c.pads[0] + c.pads[2] - c.dh * (c.kh - 1) - 1 >= 0 && c.Wd + c.pads[1] + c.pads[3] - c.kw >= 0)
      .chain((c) =>
        fc.record({
          c: fc.constant(c),
          xs: fc.array(fc.integer({ min: -128, max: 127 }), { minLength: c.C * c.H * c.Wd, maxLength: c.C * c.H * c.Wd }),
          ws: fc.array(fc.integer({ min: -64, max: 63 }), { minLength: 2 * (c.C / c.group) * c.kh * c.kw, maxLength: 2 * (c.C / c.group) * c.kh * c.kw }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ c, xs, ws }) => {
        const g0 = convGraph([c.C, c.H, c.Wd], [2, c.C / c.group, c.kh, c.kw], ws.map((v) => v / 16), [0.25, -0.5], {
          strides: [c.sh, c.sw],
          pads: c.pads,
          dilations: [c.dh, 1],
          group: c.group,
        });
        const g = typed(g0, request({ weight: 'fixed<8,4>', bias: 'fixed<8,4>' }), 'fixed<8,4>');
        const fixed = values(g, run(g, f64(xs)));
        const float = Array.from(convSemantics.compileFloat(g.layers[0] as never, g)([f64(xs.map((v) => v / 16))])[0]);
        expect(fixed).toEqual(float);
        // and an independent float reference
        const [Ho, Wo] = g.tensors.c_out.shape.slice(1);
        const Cg = c.C / c.group;
        const ref: number[] = [];
        for (let m = 0; m < 2; m++)
          for (let oh = 0; oh < Ho; oh++)
            for (let ow = 0; ow < Wo; ow++) {
              let s = [0.25, -0.5][m];
              const grp = Math.floor(m / (2 / c.group));
              for (let ci = 0; ci < Cg; ci++)
                for (let a = 0; a < c.kh; a++)
                  for (let b = 0; b < c.kw; b++) {
                    const h = oh * c.sh - c.pads[0] + a * c.dh;
                    const w = ow * c.sw - c.pads[1] + b;
                    if (h < 0 || h >= c.H || w < 0 || w >= c.Wd) continue;
                    s += (xs[((grp * Cg + ci) * c.H + h) * c.Wd + w] / 16) * (ws[((m * Cg + ci) * c.kh + a) * c.kw + b] / 16);
                  }
              ref.push(s);
            }
        expect(float).toEqual(ref);
      }),
      { numRuns: 200 },
    );
  });
});
