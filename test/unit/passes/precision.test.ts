import { describe, expect, test } from 'vitest';
import { fixedType } from '../../../src/ir/fixed/type.js';
import type { Graph } from '../../../src/ir/graph.js';
import { validateGraph } from '../../../src/ir/validate.js';
import { assignTypes } from '../../../src/passes/precision.js';
import { inferShapes } from '../../../src/passes/shapes.js';
import { constant, graph, layer, request, shaped, T } from '../ir/layers/helpers.js';

function mlp(): Graph {
  return graph(
    [4],
    [
      layer({ kind: 'Dense', name: 'fc1', inputs: ['x'], outputs: ['h'], attrs: { weight: 'W1', bias: 'b1' } }),
      layer({ kind: 'Reshape', name: 'flat', inputs: ['h'], outputs: ['h2'], attrs: { shape: [3] } }),
      layer({ kind: 'Dense', name: 'fc2', inputs: ['h2'], outputs: ['y'], attrs: { weight: 'W2' } }),
    ],
    [
      constant('W1', [4, 3], [0.5, -0.25, 1, 0.125, 0, -1, 2, 0.75, -0.5, 1, 1, 1]),
      constant('b1', [3], [0.1, 0.2, -0.3]),
      constant('W2', [3, 2], [1, -1, 0.5, 0.5, -2, 0.25]),
    ],
  );
}

describe('inferShapes', () => {
  test('fills every layer output', () => {
    const r = inferShapes(mlp());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.tensors.h.shape).toEqual([3]);
    expect(r.value.tensors.y.shape).toEqual([2]);
    expect(validateGraph(r.value, 'shaped')).toEqual([]);
  });

  test('reports a mismatch with the layer origin, once (downstream layers skipped)', () => {
    const g = mlp();
    g.tensors.x = { name: 'x', shape: [5] };
    const r = inferShapes(g);
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].code).toBe('shape/mismatch');
    expect(r.diagnostics[0].origin).toEqual({ file: 'test.onnx', node: 'fc1', opType: 'Dense' });
    expect(r.diagnostics[0].message).toMatch(/\[5\].*input size 4/);
  });

  test('does not change its argument', () => {
    const g = mlp();
    const before = JSON.stringify(g);
    inferShapes(g);
    expect(JSON.stringify(g)).toBe(before);
  });
});

describe('assignTypes', () => {
  test('inputs, outputs, constants and internal types; input types flow through the graph', () => {
    const s = shaped(mlp());
    const before = JSON.stringify(s);
    const r = assignTypes(s, (l) => request(l.name === 'fc1' ? { result: 'fixed<10,4>' } : { weight: 'fixed<6,2>' }), () => T('fixed<8,3>'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(JSON.stringify(s)).toBe(before); // not mutated
    const g = r.value;
    expect(g.tensors.x.type).toEqual(T('fixed<8,3>'));
    expect(g.tensors.h.type).toEqual(T('fixed<10,4>'));
    expect(g.tensors.h2.type).toEqual(T('fixed<10,4>')); // Reshape passes the type on
    expect(g.tensors.W1.type).toEqual(T('fixed<16,6>'));
    expect(g.tensors.W2.type).toEqual(T('fixed<6,2>'));
    // fc2 reads h2 (fixed<10,4>, LSB 2^−6) with weights at 2^−4: exact accum at 2^−10 = y
    expect(g.layers[2].types!.accum.intBits - g.layers[2].types!.accum.width).toBe(-10);
    expect(g.tensors.y.type).toEqual(g.layers[2].types!.accum);
    expect(validateGraph(g, 'typed')).toEqual([]);
  });

  test('an unusable type is an error with the origin', () => {
    // a 1000-bit input and 60-bit weights give an exact accumulator wider than 1024 bits
    const r = assignTypes(shaped(mlp()), () => request({ weight: fixedType(true, 60, 30) }), () => fixedType(true, 1000, 500));
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0].code).toBe('precision/type');
    expect(r.diagnostics[0].origin?.node).toBe('fc1');
    expect(r.diagnostics[0].hint).toBeDefined();
  });
});

describe('validateGraph', () => {
  test('names, order, shapes, constants and types', () => {
    const g = shaped(mlp());
    const codes = (x: Graph, stage: 'shaped' | 'typed' = 'shaped') => validateGraph(x, stage).map((d) => d.code);
    expect(codes(g)).toEqual([]);
    expect(codes(g, 'typed')).toContain('graph/type');
    // out of order
    expect(codes({ ...g, layers: [g.layers[1], g.layers[0], g.layers[2]] })).toContain('graph/order');
    // duplicate layer name
    expect(codes({ ...g, layers: [g.layers[0], { ...g.layers[1], name: 'fc1' }, g.layers[2]] })).toContain('graph/duplicate-name');
    // a weight that is not a constant
    expect(codes({ ...g, tensors: { ...g.tensors, W2: { name: 'W2', shape: [3, 2] } } })).toContain('graph/constant');
    // a bad shape
    expect(codes({ ...g, tensors: { ...g.tensors, h: { name: 'h', shape: [0] } } })).toContain('graph/shape');
    // an unknown graph output
    expect(codes({ ...g, outputs: ['nope'] })).toContain('graph/order');
  });
});
