import { describe, expect, test } from 'vitest';
import type { FixedType } from '../../../../src/ir/fixed/type.js';
import { toNumber } from '../../../../src/ir/fixed/value.js';
import type { Graph, Layer, LayerAttrs } from '../../../../src/ir/graph.js';
import { LAYERS } from '../../../../src/ir/layers/index.js';
import type { RawArray } from '../../../../src/ir/layers/spec.js';
import { assignTypes } from '../../../../src/passes/precision.js';
import { f64, graph, layer, request, shaped, T, typed } from './helpers.js';

function fixedOut(g: Graph, inputs: RawArray[], forceBigInt = false): number[] {
  const l = g.layers[0] as Layer;
  const f = LAYERS[l.kind].compileFixed(l as never, g, { forceBigInt });
  const t = g.tensors[l.outputs[0]].type as FixedType;
  return Array.from(f(inputs)[0] as ArrayLike<number | bigint>, (v) => toNumber(t, v));
}
function floatOut(g: Graph, inputs: number[][]): number[] {
  const l = g.layers[0] as Layer;
  return Array.from(LAYERS[l.kind].compileFloat(l as never, g)(inputs.map(f64))[0]);
}
/** raw inputs of fixed<8,4> */
const raw = (xs: number[]) => f64(xs.map((v) => v * 16));
const iota = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('Concat', () => {
  test('same types: that type; axis 1 of [2, 2] and [2, 1]', () => {
    const g = typed(graph({ a: [2, 2], b: [2, 1] }, [layer({ kind: 'Concat', name: 'c', inputs: ['a', 'b'], attrs: { axis: 1 } })]), request(), 'fixed<8,4>');
    expect(g.tensors.c_out.shape).toEqual([2, 3]);
    expect(g.tensors.c_out.type).toEqual(T('fixed<8,4>'));
    expect(fixedOut(g, [raw([1, 2, 3, 4]), raw([5, 6])])).toEqual([1, 2, 5, 3, 4, 6]);
    expect(floatOut(g, [[1, 2, 3, 4], [5, 6]])).toEqual([1, 2, 5, 3, 4, 6]);
  });

  test('different types: the smallest type holding both exactly', () => {
    const g0 = graph({ a: [2], b: [2] }, [layer({ kind: 'Concat', name: 'c', inputs: ['a', 'b'], attrs: { axis: 0 } })]);
    const types: Record<string, FixedType> = { a: T('ufixed<4,4>'), b: T('fixed<6,2>') };
    const r = assignTypes(shaped(g0), () => request(), (n) => types[n]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // ufixed<4,4> ∈ [0, 15] step 1; fixed<6,2> ∈ [−2, 1.9375] step 1/16 → [−2, 15] at 1/16: fixed<9,5>
    expect(r.value.tensors.c_out.type).toEqual(T('fixed<9,5>'));
    expect(fixedOut(r.value, [f64([15, 3]), f64([-32, 31])])).toEqual([15, 3, -2, 1.9375]);
  });
});

describe('Reshape and Transpose', () => {
  test('reshape keeps row-major data', () => {
    const g = typed(graph([2, 3], [layer({ kind: 'Reshape', name: 'r', inputs: ['x'], attrs: { shape: [3, 2] } })]), request(), 'fixed<8,4>');
    expect(g.tensors.r_out.shape).toEqual([3, 2]);
    expect(fixedOut(g, [raw(iota(6))])).toEqual(iota(6));
    expect(() => shaped(graph([2, 3], [layer({ kind: 'Reshape', inputs: ['x'], attrs: { shape: [4, 2] } })]))).toThrow(/cannot reshape/);
  });

  test('transpose [2, 3, 4] by (2, 0, 1)', () => {
    const g = typed(graph([2, 3, 4], [layer({ kind: 'Transpose', name: 't', inputs: ['x'], attrs: { perm: [2, 0, 1] } })]), request(), 'fixed<12,8>');
    expect(g.tensors.t_out.shape).toEqual([4, 2, 3]);
    const x = iota(24);
    // out[k, i, j] = x[i, j, k] = 12i + 4j + k
    const expected: number[] = [];
    for (let k = 0; k < 4; k++) for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expected.push(12 * i + 4 * j + k);
    expect(floatOut(g, [x])).toEqual(expected);
    expect(fixedOut(g, [raw(x)])).toEqual(expected);
    expect(fixedOut(g, [raw(x)], true)).toEqual(expected);
  });
});

describe('Pad', () => {
  test('constant padding, with a representable value', () => {
    const g = typed(graph([1, 2], [layer({ kind: 'Pad', name: 'p', inputs: ['x'], attrs: { pads: [0, 1, 0, 2], value: 0.5 } })]), request(), 'fixed<8,4>');
    expect(g.tensors.p_out.shape).toEqual([1, 5]);
    expect(fixedOut(g, [raw([1, 2])])).toEqual([0.5, 1, 2, 0.5, 0.5]);
    expect(floatOut(g, [[1, 2]])).toEqual([0.5, 1, 2, 0.5, 0.5]);
  });

  test('a pad value the type cannot hold is quantized, with a warning', () => {
    const s = shaped(graph([2], [layer({ kind: 'Pad', name: 'p', inputs: ['x'], attrs: { pads: [1, 0], value: 0.1 } })]));
    const r = assignTypes(s, () => request(), () => T('fixed<8,4>'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.diagnostics.map((d) => d.code)).toEqual(['precision/pad-value']);
    expect(r.diagnostics[0].message).toContain('quantized to 0.0625');
    // fixed<8,4> is TRN: 0.1 → 0.0625
    expect(fixedOut(r.value, [raw([1, 2])])).toEqual([0.0625, 1, 2]);
  });

  test('negative pads crop', () => {
    const g = typed(graph([4], [layer({ kind: 'Pad', name: 'p', inputs: ['x'], attrs: { pads: [-1, -2], value: 0 } })]), request(), 'fixed<8,4>');
    expect(fixedOut(g, [raw([1, 2, 3, 4])])).toEqual([2]);
  });
});

describe('Resize (nearest)', () => {
  function resize(x: number[], scales: number[], a: Partial<LayerAttrs['Resize']>): Graph {
    const attrs: LayerAttrs['Resize'] = { scales, coordinateTransformation: 'asymmetric', nearestMode: 'floor', ...a };
    return typed(graph(x, [layer({ kind: 'Resize', name: 'r', inputs: ['x'], attrs })]), request(), 'fixed<8,4>');
  }
  const cases: [string, number[], Partial<LayerAttrs['Resize']>, number[], number[]][] = [
    // name, input, attrs, scales, expected output indices
    // asymmetric: x = o/2 = 0, 0.5, 1, 1.5 → floor 0 0 1 1
    ['asymmetric floor ×2', [1, 2], { coordinateTransformation: 'asymmetric', nearestMode: 'floor' }, [1, 2], [0, 0, 1, 1]],
    // half_pixel: x = (o + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25 → nearest 0 0 1 1
    ['half_pixel ×2', [1, 2], { coordinateTransformation: 'half_pixel', nearestMode: 'round_prefer_floor' }, [1, 2], [0, 0, 1, 1]],
    // align_corners: x = o·(2 − 1)/(4 − 1) = 0, 1/3, 2/3, 1 → 0 0 1 1
    ['align_corners ×2', [1, 2], { coordinateTransformation: 'align_corners', nearestMode: 'round_prefer_floor' }, [1, 2], [0, 0, 1, 1]],
    // tf_half_pixel_for_nn: (o + 0.5)/2 = 0.25, 0.75, 1.25, 1.75 → ceil 1 1 2 2 → clamp 1 1 1 1
    ['tf_half_pixel_for_nn ceil ×2', [1, 2], { coordinateTransformation: 'tf_half_pixel_for_nn', nearestMode: 'ceil' }, [1, 2], [1, 1, 1, 1]],
    // half_pixel ×0.5 on 4: x = (o + 0.5)/0.5 − 0.5 = 0.5, 2.5 → ties: prefer ceil 1, 3; prefer floor 0, 2
    ['half_pixel ×0.5 prefer ceil', [1, 4], { coordinateTransformation: 'half_pixel', nearestMode: 'round_prefer_ceil' }, [1, 0.5], [1, 3]],
    ['half_pixel ×0.5 prefer floor', [1, 4], { coordinateTransformation: 'half_pixel', nearestMode: 'round_prefer_floor' }, [1, 0.5], [0, 2]],
  ];
  test.each(cases)('%s', (_, shape, a, scales, idx) => {
    const g = resize(shape, scales, a);
    const n = shape.reduce((p, q) => p * q, 1);
    const x = iota(n).map((v) => v + 1);
    expect(floatOut(g, [x])).toEqual(idx.map((i) => x[i]));
    expect(fixedOut(g, [raw(x)])).toEqual(idx.map((i) => x[i]));
  });

  test('2-D upsampling ×2', () => {
    const g = resize([1, 2, 2], [1, 2, 2], {});
    expect(g.tensors.r_out.shape).toEqual([1, 4, 4]);
    expect(floatOut(g, [[1, 2, 3, 4]])).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });
});
