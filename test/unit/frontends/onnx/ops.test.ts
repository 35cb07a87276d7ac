// Which layer each ONNX op becomes, with its attributes in the per-sample frame.

import { describe, expect, it } from 'vitest';
import { INT64, f, f32, seeded, type ModelSpec, type NodeSpec, type TensorSpec } from './onnx-builder.js';
import { codes, dataOf, errorsOf, expectWellFormed, graphOf, kinds, layer, outShape } from './helpers.js';

/** One node on input x of the given shape (batch 'n' added), optional initializers. */
function single(shape: number[], node: Omit<NodeSpec, 'outputs'> & { outputs?: string[] }, initializers: TensorSpec[] = [], opset = 13): ModelSpec {
  return {
    opset,
    inputs: [{ name: 'x', shape: ['n', ...shape] }],
    outputs: ['y'],
    initializers,
    nodes: [{ outputs: ['y'], name: 'node', ...node }],
  };
}

const i64 = (name: string, data: number[]): TensorSpec => ({ name, dims: [data.length], data, dtype: INT64 });

describe('Dense', () => {
  it('folds Gemm transB, alpha and beta into W [nIn, nOut] and the bias', () => {
    const B = f32(seeded(6));
    const g = graphOf(single([3], { op: 'Gemm', inputs: ['x', 'B', 'C'], attrs: { transB: 1, alpha: f(0.5), beta: f(2) } }, [
      { name: 'B', dims: [2, 3], data: B },
      { name: 'C', dims: [1, 2], data: [1, -1] },
    ]));
    const d = layer(g, 'Dense');
    expect(g.tensors[d.attrs.weight].shape).toEqual([3, 2]);
    expect(dataOf(g, d.attrs.weight)).toEqual([B[0] * 0.5, B[3] * 0.5, B[1] * 0.5, B[4] * 0.5, B[2] * 0.5, B[5] * 0.5]);
    expect(dataOf(g, d.attrs.bias)).toEqual([2, -2]);
    expect(outShape(g, d)).toEqual([2]);
  });

  it('keeps a plain Gemm weight and bias by their ONNX names', () => {
    const g = graphOf(single([3], { op: 'Gemm', inputs: ['x', 'B', 'C'] }, [
      { name: 'B', dims: [3, 2], data: seeded(6) },
      { name: 'C', dims: [2], data: [1, 2] },
    ]));
    expect(layer(g, 'Dense').attrs).toEqual({ weight: 'B', bias: 'C' });
  });

  it('broadcasts a scalar Gemm bias', () => {
    const g = graphOf(single([3], { op: 'Gemm', inputs: ['x', 'B', 'C'] }, [
      { name: 'B', dims: [3, 2], data: seeded(6) },
      { name: 'C', dims: [], data: [0.5] },
    ]));
    expect(dataOf(g, layer(g, 'Dense').attrs.bias)).toEqual([0.5, 0.5]);
  });

  it('fuses MatMul + Add of a constant into one Dense with bias', () => {
    const spec: ModelSpec = {
      inputs: [{ name: 'x', shape: ['n', 4, 8] }],
      outputs: ['y'],
      initializers: [
        { name: 'W', dims: [8, 6], data: seeded(48) },
        { name: 'b', dims: [6], data: seeded(6, 3) },
      ],
      nodes: [
        { op: 'MatMul', name: 'mm', inputs: ['x', 'W'], outputs: ['h'] },
        { op: 'Add', name: 'add', inputs: ['b', 'h'], outputs: ['y'] },
      ],
    };
    const g = graphOf(spec);
    expect(kinds(g)).toEqual(['Dense']);
    const d = layer(g, 'Dense');
    expect(d).toMatchObject({ name: 'mm', inputs: ['x'], outputs: ['y'], attrs: { weight: 'W', bias: 'b' } });
    expect(outShape(g, d)).toEqual([4, 6]);
    expect(g.tensors.h).toBeUndefined();
    expectWellFormed(g);
  });

  it('does not fuse the Add when the MatMul output has another consumer', () => {
    const spec: ModelSpec = {
      inputs: [{ name: 'x', shape: ['n', 8] }],
      outputs: ['y', 'h'],
      initializers: [
        { name: 'W', dims: [8, 6], data: seeded(48) },
        { name: 'b', dims: [1, 6], data: seeded(6, 3) },
      ],
      nodes: [
        { op: 'MatMul', name: 'mm', inputs: ['x', 'W'], outputs: ['h'] },
        { op: 'Add', name: 'add', inputs: ['h', 'b'], outputs: ['y'] },
      ],
    };
    const g = graphOf(spec);
    expect(kinds(g)).toEqual(['Dense', 'Elementwise']);
    // the [1, 6] constant lost its batch dimension
    const e = layer(g, 'Elementwise');
    expect(g.tensors[e.inputs[1]].shape).toEqual([6]);
    expect(g.outputs).toEqual(['y', 'h']);
  });

  it('reads MatMul with a vector weight as Dense + Reshape', () => {
    const g = graphOf(single([3, 4], { op: 'MatMul', inputs: ['x', 'v'] }, [{ name: 'v', dims: [4], data: [1, 2, 3, 4] }]));
    expect(kinds(g)).toEqual(['Dense', 'Reshape']);
    expect(g.tensors[layer(g, 'Dense').attrs.weight].shape).toEqual([4, 1]);
    expect(outShape(g, layer(g, 'Reshape'))).toEqual([3]);
    expect(g.outputs).toEqual(['y']);
  });
});

describe('Conv and Pool', () => {
  it('reads a 2-D grouped Conv with SAME_UPPER padding and strides', () => {
    const g = graphOf(single([4, 7, 7], { op: 'Conv', inputs: ['x', 'W', 'B'], attrs: { auto_pad: 'SAME_UPPER', strides: [2, 2], group: 2, kernel_shape: [3, 2] } }, [
      { name: 'W', dims: [6, 2, 3, 2], data: seeded(72) },
      { name: 'B', dims: [6], data: seeded(6) },
    ]));
    const c = layer(g, 'Conv');
    // out = ceil(7/2) = 4; total pad = (4-1)*2 + k - 7: 2 for k=3, 1 for k=2 (the extra one at the end)
    expect(c.attrs).toEqual({ weight: 'W', bias: 'B', strides: [2, 2], pads: [1, 0, 1, 1], dilations: [1, 1], group: 2 });
    expect(outShape(g, c)).toEqual([6, 4, 4]);
  });

  it('puts the extra SAME_LOWER padding at the beginning', () => {
    const g = graphOf(single([1, 8], { op: 'Conv', inputs: ['x', 'W'], attrs: { auto_pad: 'SAME_LOWER' } }, [{ name: 'W', dims: [2, 1, 4], data: seeded(8) }]));
    expect(layer(g, 'Conv').attrs.pads).toEqual([2, 1]);
    expect(outShape(g, layer(g, 'Conv'))).toEqual([2, 8]);
  });

  it('reads a depthwise dilated 1-D Conv', () => {
    const g = graphOf(single([3, 20], { op: 'Conv', inputs: ['x', 'W'], attrs: { group: 3, dilations: [2], pads: [1, 1] } }, [{ name: 'W', dims: [3, 1, 3], data: seeded(9) }]));
    expect(outShape(g, layer(g, 'Conv'))).toEqual([3, 18]);
  });

  it('rejects a 3-D Conv', () => {
    expect(codes(errorsOf(single([1, 4, 4, 4], { op: 'Conv', inputs: ['x', 'W'] }, [{ name: 'W', dims: [1, 1, 2, 2, 2], data: seeded(8) }])))).toEqual(['onnx/unsupported-attr']);
  });

  it('reads pools with ceil mode, pads and count_include_pad', () => {
    const g = graphOf(single([2, 5, 5], { op: 'AveragePool', inputs: ['x'], attrs: { kernel_shape: [2, 2], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1, count_include_pad: 1 } }));
    const p = layer(g, 'Pool');
    expect(p.attrs).toEqual({ op: 'avg', kernel: [2, 2], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true, ceilMode: true, global: false });
    // (5 + 2 - 2)/2 = 2.5 → ceil 3, +1 = 4; the 4th window would start at 6 ≥ 5 + 1 → dropped
    expect(outShape(g, p)).toEqual([2, 3, 3]);
  });

  it('reads global pools and rejects dilated pools', () => {
    const g = graphOf(single([3, 4, 5], { op: 'GlobalMaxPool', inputs: ['x'] }));
    expect(layer(g, 'Pool').attrs).toMatchObject({ op: 'max', kernel: [4, 5], global: true });
    expect(outShape(g, layer(g, 'Pool'))).toEqual([3, 1, 1]);
    expect(codes(errorsOf(single([3, 8], { op: 'MaxPool', inputs: ['x'], attrs: { kernel_shape: [2], dilations: [2] } })))).toEqual(['onnx/unsupported-attr']);
  });
});

describe('BatchNormalization', () => {
  const bn = (after: NodeSpec[], shape: number[], channels: number): ModelSpec => ({
    inputs: [{ name: 'x', shape: ['n', ...shape] }],
    outputs: ['y'],
    initializers: [
      { name: 'W', dims: [channels, shape[0], 3], data: seeded(channels * shape[0] * 3) },
      { name: 'Wd', dims: [shape[0], channels], data: seeded(shape[0] * channels, 4) },
      { name: 'cb', dims: [channels], data: seeded(channels, 5) },
      { name: 'gamma', dims: [channels], data: [0.5, 2, 1.5, 1].slice(0, channels) },
      { name: 'beta', dims: [channels], data: [0.1, 0.2, 0.3, 0.4].slice(0, channels) },
      { name: 'mean', dims: [channels], data: [1, -1, 0.5, 0].slice(0, channels) },
      { name: 'var', dims: [channels], data: [4, 1, 0.25, 9].slice(0, channels) },
    ],
    nodes: [...after, { op: 'BatchNormalization', name: 'bn', inputs: ['h', 'gamma', 'beta', 'mean', 'var'], outputs: ['y'], attrs: { epsilon: f(2 ** -10) } }],
  });

  it('folds into the Conv before it (W·s, (b − mean)·s + beta)', () => {
    const spec = bn([{ op: 'Conv', name: 'conv', inputs: ['x', 'W', 'cb'], outputs: ['h'] }], [2, 6], 4);
    const g = graphOf(spec);
    expect(kinds(g)).toEqual(['Conv']);
    const c = layer(g, 'Conv');
    expect(c.outputs).toEqual(['y']);
    const s = [0.5, 2, 1.5, 1].map((gm, i) => gm / Math.sqrt([4, 1, 0.25, 9][i] + 2 ** -10));
    const W = f32(seeded(24));
    const cb = f32(seeded(4, 5));
    expect(dataOf(g, c.attrs.weight)).toEqual(W.map((w, i) => w * s[Math.floor(i / 6)]));
    expect(dataOf(g, c.attrs.bias)).toEqual(cb.map((b, i) => (b - [1, -1, 0.5, 0][i]) * s[i] + Math.fround([0.1, 0.2, 0.3, 0.4][i])));
    // the original constants are not altered (or kept when unused)
    expect(g.tensors.W).toBeUndefined();
  });

  it('folds into a Dense on a flat input', () => {
    const g = graphOf(bn([{ op: 'MatMul', name: 'mm', inputs: ['x', 'Wd'], outputs: ['h'] }], [3], 2));
    expect(kinds(g)).toEqual(['Dense']);
  });

  it('stays a BatchNorm layer when the producer output has another use', () => {
    const spec = bn([{ op: 'Conv', name: 'conv', inputs: ['x', 'W'], outputs: ['h'] }], [2, 6], 4);
    spec.outputs = ['y', 'h'];
    const g = graphOf(spec);
    expect(kinds(g)).toEqual(['Conv', 'BatchNorm']);
    const b = layer(g, 'BatchNorm');
    const s1 = 2 / Math.sqrt(1 + 2 ** -10);
    expect(dataOf(g, b.attrs.scale)[1]).toBe(s1);
    expect(dataOf(g, b.attrs.bias)[1]).toBe(Math.fround(0.2) + s1);
  });

  it('stays a BatchNorm layer after an activation', () => {
    const spec = bn([{ op: 'Relu', name: 'r', inputs: ['x'], outputs: ['h'] }], [4, 5], 4);
    expect(kinds(graphOf(spec))).toEqual(['Activation', 'BatchNorm']);
  });
});

describe('activations and softmax', () => {
  const act = (op: string, attrs: NodeSpec['attrs'] = {}, opset = 13, inputs = ['x'], inits: TensorSpec[] = []) => graphOf(single([2, 3], { op, inputs, attrs }, inits, opset));

  it('maps each activation op with its attributes', () => {
    expect(layer(act('Relu'), 'Activation').attrs).toEqual({ fn: 'relu' });
    expect(layer(act('LeakyRelu'), 'Activation').attrs).toEqual({ fn: 'leaky_relu', alpha: Math.fround(0.01) }); // the float32 default
    expect(layer(act('Elu', { alpha: f(0.5) }), 'Activation').attrs).toEqual({ fn: 'elu', alpha: 0.5 });
    expect(layer(act('Selu'), 'Activation').attrs).toMatchObject({ fn: 'selu', alpha: 1.67326319217681884765625, gamma: 1.05070102214813232421875 });
    expect(layer(act('ThresholdedRelu'), 'Activation').attrs).toEqual({ fn: 'thresholded_relu', alpha: 1 });
    expect(layer(act('HardSigmoid'), 'Activation').attrs).toEqual({ fn: 'hard_sigmoid', alpha: Math.fround(0.2), beta: 0.5 });
    for (const [op, fn] of [['Sigmoid', 'sigmoid'], ['HardSwish', 'hard_swish'], ['Tanh', 'tanh'], ['Softplus', 'softplus'], ['Softsign', 'softsign']]) {
      expect(layer(act(op, {}, 14), 'Activation').attrs).toEqual({ fn });
    }
  });

  it('reads Clip from attributes before opset 11 and from inputs after, missing = ±Infinity', () => {
    expect(layer(act('Clip', { min: f(-1), max: f(1) }, 10), 'Activation').attrs).toEqual({ fn: 'clip', min: -1, max: 1 });
    expect(layer(act('Clip', {}, 10), 'Activation').attrs).toEqual({ fn: 'clip', min: -Infinity, max: Infinity });
    const g = act('Clip', {}, 13, ['x', '', 'hi'], [{ name: 'hi', dims: [], data: [6] }]);
    expect(layer(g, 'Activation').attrs).toEqual({ fn: 'clip', min: -Infinity, max: 6 });
  });

  it('gives PRelu a slope of the per-sample rank', () => {
    const g = graphOf(single([3, 4, 4], { op: 'PRelu', inputs: ['x', 'slope'] }, [{ name: 'slope', dims: [3, 1, 1], data: [0.1, 0.2, 0.3] }]));
    const a = layer(g, 'Activation');
    expect(a.attrs).toEqual({ fn: 'prelu', slope: 'slope' });
    expect(g.tensors.slope.shape).toEqual([3, 1, 1]);
    const g2 = graphOf(single([3, 4], { op: 'PRelu', inputs: ['x', 'slope'] }, [{ name: 'slope', dims: [1], data: [0.25] }]));
    expect(g2.tensors[layer(g2, 'Activation').attrs.slope as string].shape).toEqual([1, 1]);
  });

  it('recognises softsign written as x / (|x| + 1)', () => {
    const g = graphOf({
      inputs: [{ name: 'x', shape: ['n', 5] }],
      outputs: ['y'],
      initializers: [{ name: 'one', dims: [], data: [1] }],
      nodes: [
        { op: 'Abs', name: 'abs', inputs: ['x'], outputs: ['a'] },
        { op: 'Add', name: 'add', inputs: ['a', 'one'], outputs: ['d'] },
        { op: 'Div', name: 'div', inputs: ['x', 'd'], outputs: ['y'] },
      ],
    });
    expect(g.layers).toMatchObject([{ kind: 'Activation', name: 'div', inputs: ['x'], outputs: ['y'], attrs: { fn: 'softsign' } }]);
  });

  it('reads Softmax axes per opset', () => {
    expect(layer(graphOf(single([2, 3], { op: 'Softmax', inputs: ['x'] })), 'Softmax').attrs.axis).toBe(1);
    expect(layer(graphOf(single([2, 3], { op: 'Softmax', inputs: ['x'], attrs: { axis: 1 } })), 'Softmax').attrs.axis).toBe(0);
    // opset 11, axis 1 on [n, 2, 1]: only axis 1 (per-sample 0) is longer than 1 → a per-axis softmax
    expect(layer(graphOf(single([2, 1], { op: 'Softmax', inputs: ['x'] }, [], 11)), 'Softmax').attrs.axis).toBe(0);
    expect(layer(graphOf(single([3, 4], { op: 'Softmax', inputs: ['x'], attrs: { axis: -1 } }, [], 11)), 'Softmax').attrs.axis).toBe(1);
    expect(layer(graphOf(single([5], { op: 'Softmax', inputs: ['x'] }, [], 11)), 'Softmax').attrs.axis).toBe(0);
  });
});

describe('element-wise arithmetic', () => {
  it('keeps constant operands as Elementwise inputs, in ONNX order', () => {
    const g = graphOf(single([2, 3], { op: 'Div', inputs: ['k', 'x'] }, [{ name: 'k', dims: [], data: [2] }]));
    expect(layer(g, 'Elementwise')).toMatchObject({ inputs: ['k', 'x'], attrs: { op: 'div' } });
    expect(g.tensors.k).toMatchObject({ shape: [], data: [2] });
  });

  it('drops a leading batch 1 of a constant operand', () => {
    const g = graphOf(single([2, 3], { op: 'Mul', inputs: ['x', 'k'] }, [{ name: 'k', dims: [1, 2, 1], data: [2, 3] }]));
    const e = layer(g, 'Elementwise');
    expect(g.tensors[e.inputs[1]]).toMatchObject({ shape: [2, 1], data: [2, 3] });
    expect(outShape(g, e)).toEqual([2, 3]);
  });

  it('broadcasts two activations of the same rank', () => {
    const g = graphOf({
      inputs: [{ name: 'a', shape: ['n', 2, 3] }, { name: 'b', shape: ['n', 1, 3] }],
      outputs: ['y'],
      nodes: [{ op: 'Sub', name: 's', inputs: ['a', 'b'], outputs: ['y'] }],
    });
    expect(outShape(g, layer(g, 'Elementwise'))).toEqual([2, 3]);
    expect(g.inputs).toEqual(['a', 'b']);
  });
});

describe('shape ops', () => {
  it('resolves Reshape targets with 0 and -1', () => {
    const g = graphOf(single([2, 3, 4], { op: 'Reshape', inputs: ['x', 's'] }, [i64('s', [0, 0, -1])]));
    expect(layer(g, 'Reshape').attrs.shape).toEqual([2, 12]);
    const g2 = graphOf(single([2, 3, 4], { op: 'Reshape', inputs: ['x', 's'] }, [i64('s', [-1, 4, 6])]));
    expect(layer(g2, 'Reshape').attrs.shape).toEqual([4, 6]);
  });

  it('resolves x.view(x.size(0), -1): Shape → Gather → Unsqueeze → Concat → Reshape', () => {
    const spec: ModelSpec = {
      inputs: [{ name: 'x', shape: ['n', 2, 3, 4] }],
      outputs: ['y'],
      initializers: [{ name: 'zero', dims: [], data: [0], dtype: INT64 }, i64('minus1', [-1]), i64('ax0', [0])],
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['s'] },
        { op: 'Gather', inputs: ['s', 'zero'], outputs: ['n0'], attrs: { axis: 0 } },
        { op: 'Unsqueeze', inputs: ['n0', 'ax0'], outputs: ['n1'] },
        { op: 'Concat', inputs: ['n1', 'minus1'], outputs: ['target'], attrs: { axis: 0 } },
        { op: 'Reshape', name: 'view', inputs: ['x', 'target'], outputs: ['y'] },
      ],
    };
    const g = graphOf(spec);
    expect(g.layers).toMatchObject([{ kind: 'Reshape', name: 'view', attrs: { shape: [24] } }]);
    expect(Object.keys(g.tensors).sort()).toEqual(['x', 'y']);
  });

  it('maps Flatten, Squeeze and Unsqueeze (attribute and input axes) to Reshape', () => {
    expect(layer(graphOf(single([2, 3, 4], { op: 'Flatten', inputs: ['x'] })), 'Reshape').attrs.shape).toEqual([24]);
    expect(layer(graphOf(single([1, 3, 4], { op: 'Flatten', inputs: ['x'], attrs: { axis: 2 } })), 'Reshape').attrs.shape).toEqual([12]);
    expect(layer(graphOf(single([3, 1, 4], { op: 'Squeeze', inputs: ['x'], attrs: { axes: [2] } }, [], 11)), 'Reshape').attrs.shape).toEqual([3, 4]);
    expect(layer(graphOf(single([3, 1, 4], { op: 'Squeeze', inputs: ['x', 'a'] }, [i64('a', [-2])])), 'Reshape').attrs.shape).toEqual([3, 4]);
    expect(layer(graphOf(single([3, 4], { op: 'Unsqueeze', inputs: ['x', 'a'] }, [i64('a', [1, -1])])), 'Reshape').attrs.shape).toEqual([1, 3, 4, 1]);
    expect(codes(errorsOf(single([3, 4], { op: 'Unsqueeze', inputs: ['x'], attrs: { axes: [0] } }, [], 11)))).toEqual(['onnx/batch-axis']);
  });

  it('maps Transpose with the batch kept first', () => {
    const g = graphOf(single([2, 3, 4], { op: 'Transpose', inputs: ['x'], attrs: { perm: [0, 2, 3, 1] } }));
    expect(layer(g, 'Transpose').attrs.perm).toEqual([1, 2, 0]);
    expect(outShape(g, layer(g, 'Transpose'))).toEqual([3, 4, 2]);
  });

  it('maps Concat and normalises negative axes', () => {
    const g = graphOf({
      inputs: [{ name: 'a', shape: ['n', 2, 3] }, { name: 'b', shape: ['n', 2, 5] }],
      outputs: ['y'],
      nodes: [{ op: 'Concat', name: 'cat', inputs: ['a', 'b'], outputs: ['y'], attrs: { axis: -1 } }],
    });
    expect(layer(g, 'Concat').attrs.axis).toBe(1);
    expect(outShape(g, layer(g, 'Concat'))).toEqual([2, 8]);
  });

  it('reads Pad from attributes (opset < 11) and inputs, and drops an all-zero Pad', () => {
    const g = graphOf(single([2, 4], { op: 'Pad', inputs: ['x'], attrs: { pads: [0, 0, 1, 0, 0, 2], value: f(0.5) } }, [], 10));
    expect(layer(g, 'Pad').attrs).toEqual({ pads: [0, 1, 0, 2], value: 0.5 });
    expect(outShape(g, layer(g, 'Pad'))).toEqual([2, 7]);
    const g2 = graphOf(single([2, 4], { op: 'Pad', inputs: ['x', 'p', 'v'] }, [i64('p', [0, 1, 1, 0, 0, 0]), { name: 'v', dims: [], data: [-1] }]));
    expect(layer(g2, 'Pad').attrs).toEqual({ pads: [1, 1, 0, 0], value: -1 });
    const g3 = graphOf(single([2, 4], { op: 'Pad', inputs: ['x', 'p', '', 'axes'] }, [i64('p', [2, 3]), i64('axes', [-1])], 18));
    expect(layer(g3, 'Pad').attrs.pads).toEqual([0, 2, 0, 3]);
    const g4 = graphOf({ ...single([2, 4], { op: 'Pad', inputs: ['x', 'p'], outputs: ['h'] }, [i64('p', [0, 0, 0, 0, 0, 0])]), nodes: [
      { op: 'Pad', name: 'pad', inputs: ['x', 'p'], outputs: ['h'] },
      { op: 'Relu', name: 'r', inputs: ['h'], outputs: ['y'] },
    ] });
    expect(g4.layers).toMatchObject([{ kind: 'Activation', inputs: ['x'] }]);
    expect(codes(errorsOf(single([2, 4], { op: 'Pad', inputs: ['x', 'p'], attrs: { mode: 'reflect' } }, [i64('p', [0, 0, 1, 0, 0, 1])])))).toEqual(['onnx/unsupported-attr']);
  });

  it('reads Resize from scales or sizes, and Upsample', () => {
    const g = graphOf(single([2, 3, 4], { op: 'Resize', inputs: ['x', '', 's'], attrs: { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' } }, [{ name: 's', dims: [4], data: [1, 1, 2, 2] }]));
    expect(layer(g, 'Resize').attrs).toEqual({ scales: [1, 2, 2], coordinateTransformation: 'asymmetric', nearestMode: 'floor' });
    expect(outShape(g, layer(g, 'Resize'))).toEqual([2, 6, 8]);
    const g2 = graphOf(single([2, 3, 4], { op: 'Resize', inputs: ['x', '', '', 'sz'] }, [i64('sz', [1, 2, 7, 10])]));
    expect(layer(g2, 'Resize').attrs).toMatchObject({ coordinateTransformation: 'half_pixel', nearestMode: 'round_prefer_floor' });
    expect(outShape(g2, layer(g2, 'Resize'))).toEqual([2, 7, 10]);
    const g3 = graphOf(single([2, 3], { op: 'Upsample', inputs: ['x', 's'] }, [{ name: 's', dims: [3], data: [1, 1, 3] }], 9));
    expect(layer(g3, 'Resize').attrs).toEqual({ scales: [1, 3], coordinateTransformation: 'asymmetric', nearestMode: 'floor' });
    expect(codes(errorsOf(single([2, 3], { op: 'Resize', inputs: ['x', '', 's'], attrs: { mode: 'linear' } }, [{ name: 's', dims: [3], data: [1, 1, 2] }])))).toEqual(['onnx/unsupported-attr']);
    expect(codes(errorsOf(single([2, 3], { op: 'Resize', inputs: ['x', '', 's'] }, [{ name: 's', dims: [3], data: [2, 1, 2] }])))).toEqual(['onnx/batch-axis']);
  });
});

describe('graph bookkeeping', () => {
  it('removes Identity and Dropout, keeping the ONNX output names', () => {
    const g = graphOf({
      inputs: [{ name: 'x', shape: ['n', 3] }],
      outputs: ['y', 'z'],
      nodes: [
        { op: 'Relu', name: 'r', inputs: ['x'], outputs: ['a'] },
        { op: 'Dropout', name: 'd', inputs: ['a'], outputs: ['b'] },
        { op: 'Identity', name: 'i', inputs: ['b'], outputs: ['y'] },
        { op: 'Identity', name: 'i2', inputs: ['x'], outputs: ['z'] },
      ],
    });
    expect(g.layers.map((l) => [l.kind, l.inputs, l.outputs])).toEqual([
      ['Activation', ['x'], ['y']],
      ['Reshape', ['x'], ['z']],
    ]);
    expect(g.outputs).toEqual(['y', 'z']);
    expectWellFormed(g);
  });

  it('drops a Cast of an activation to a float type, and rejects one to an integer type', () => {
    const g = graphOf(single([3], { op: 'Cast', inputs: ['x'], attrs: { to: 11 } }));
    expect(g.layers).toMatchObject([{ kind: 'Reshape', inputs: ['x'], outputs: ['y'] }]);
    expect(codes(errorsOf(single([3], { op: 'Cast', inputs: ['x'], attrs: { to: INT64 } })))).toEqual(['onnx/unsupported-op']);
  });

  it('makes layer names unique and keeps origins', () => {
    const g = graphOf({
      inputs: [{ name: 'x', shape: ['n', 3] }],
      outputs: ['y'],
      nodes: [
        { op: 'Relu', name: 'same', inputs: ['x'], outputs: ['a'] },
        { op: 'Tanh', name: 'same', inputs: ['a'], outputs: ['b'] },
        { op: 'Sigmoid', name: '', inputs: ['b'], outputs: ['y'] },
      ],
    });
    expect(g.layers.map((l) => l.name)).toEqual(['same', 'same_1', 'Sigmoid_2']);
    expect(g.layers[1].origin).toEqual({ file: 'test.onnx', node: 'same_1', opType: 'Tanh', domain: '' });
  });

  it('drops branches that reach no output', () => {
    const g = graphOf({
      inputs: [{ name: 'x', shape: ['n', 3] }],
      outputs: ['y'],
      nodes: [
        { op: 'Relu', name: 'r', inputs: ['x'], outputs: ['y'] },
        { op: 'Tanh', name: 'dangling', inputs: ['x'], outputs: ['unused'] },
      ],
    });
    expect(g.layers.map((l) => l.name)).toEqual(['r']);
    expect(g.tensors.unused).toBeUndefined();
  });

  it('sorts nodes given out of order', () => {
    const g = graphOf({
      inputs: [{ name: 'x', shape: ['n', 3] }],
      outputs: ['y'],
      nodes: [
        { op: 'Tanh', name: 't', inputs: ['a'], outputs: ['y'] },
        { op: 'Relu', name: 'r', inputs: ['x'], outputs: ['a'] },
      ],
    });
    expect(g.layers.map((l) => l.name)).toEqual(['r', 't']);
  });

  it('treats an input that is also an initializer as a constant', () => {
    const spec = single([3], { op: 'Add', inputs: ['x', 'k'] }, [{ name: 'k', dims: [3], data: [1, 2, 3] }]);
    spec.inputs.push({ name: 'k', shape: [3] });
    const g = graphOf(spec);
    expect(g.inputs).toEqual(['x']);
    expect(g.tensors.k.data).toEqual([1, 2, 3]);
  });

  it('keeps only the constants that layers use', () => {
    const g = graphOf(single([3], { op: 'Gemm', inputs: ['x', 'B'], attrs: { transB: 1 } }, [{ name: 'B', dims: [2, 3], data: seeded(6) }, { name: 'unused', dims: [1], data: [1] }]));
    expect(Object.keys(g.tensors).sort()).toEqual(['B_T', 'x', 'y']);
  });
});
