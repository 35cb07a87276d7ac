// Quantizers: folded on weights (exact values, fixed type when the scale is a power of two), Quant
// layers on activations. ONNX Runtime is the oracle for QuantizeLinear/DequantizeLinear folding.

import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { isPerElement } from '../../../../src/ir/graph.js';
import { roundBy, type Rounding } from '../../../../src/frontends/onnx/quantize.js';
import { INT8, INT16, UINT8, buildModel, f32, seeded, type ModelSpec, type NodeSpec, type TensorSpec } from './onnx-builder.js';
import { codes, dataOf, errorsOf, graphOf, kinds, layer } from './helpers.js';
import { expectExactType } from './exact-type.js';

const QD = 'qonnx.custom_op.general';
const scalar = (name: string, v: number): TensorSpec => ({ name, dims: [], data: [v] });

/** x [n, nIn] → MatMul(x, Quant(W)) → y, with the given Quant parameters and attributes */
function quantWeight(W: TensorSpec, scale: TensorSpec, bits: number, attrs: NodeSpec['attrs'] = {}, zp: TensorSpec = scalar('z', 0), domain = QD): ModelSpec {
  return {
    domains: { [domain]: 1 },
    inputs: [{ name: 'x', shape: ['n', W.dims[0]] }],
    outputs: ['y'],
    initializers: [W, { ...scale, name: 's' }, { ...zp, name: 'z' }, scalar('b', bits)],
    nodes: [
      { op: 'Quant', domain, name: 'qw', inputs: ['W', 's', 'z', 'b'], outputs: ['Wq'], attrs },
      { op: 'MatMul', name: 'mm', inputs: ['x', 'Wq'], outputs: ['y'] },
    ],
  };
}

describe('rounding modes (the QONNX table)', () => {
  const table: [number, Record<Rounding, number>][] = [
    [5.5, { ROUND: 6, CEIL: 6, FLOOR: 5, UP: 6, DOWN: 5, HALF_UP: 6, HALF_DOWN: 5 }],
    [2.5, { ROUND: 2, CEIL: 3, FLOOR: 2, UP: 3, DOWN: 2, HALF_UP: 3, HALF_DOWN: 2 }],
    [1.6, { ROUND: 2, CEIL: 2, FLOOR: 1, UP: 2, DOWN: 1, HALF_UP: 2, HALF_DOWN: 2 }],
    [1.1, { ROUND: 1, CEIL: 2, FLOOR: 1, UP: 2, DOWN: 1, HALF_UP: 1, HALF_DOWN: 1 }],
    [1.0, { ROUND: 1, CEIL: 1, FLOOR: 1, UP: 1, DOWN: 1, HALF_UP: 1, HALF_DOWN: 1 }],
    [-1.0, { ROUND: -1, CEIL: -1, FLOOR: -1, UP: -1, DOWN: -1, HALF_UP: -1, HALF_DOWN: -1 }],
    [-1.1, { ROUND: -1, CEIL: -1, FLOOR: -2, UP: -2, DOWN: -1, HALF_UP: -1, HALF_DOWN: -1 }],
    [-1.6, { ROUND: -2, CEIL: -1, FLOOR: -2, UP: -2, DOWN: -1, HALF_UP: -2, HALF_DOWN: -2 }],
    [-2.5, { ROUND: -2, CEIL: -2, FLOOR: -3, UP: -3, DOWN: -2, HALF_UP: -3, HALF_DOWN: -2 }],
    [-5.5, { ROUND: -6, CEIL: -5, FLOOR: -6, UP: -6, DOWN: -5, HALF_UP: -6, HALF_DOWN: -5 }],
  ];
  for (const [v, row] of table) {
    it(`rounds ${v}`, () => {
      for (const [mode, want] of Object.entries(row)) expect(roundBy(mode as Rounding, v), mode).toBe(want);
    });
  }
  it('rounds large values exactly', () => {
    expect(roundBy('HALF_UP', 2 ** 52 + 1)).toBe(2 ** 52 + 1);
    expect(roundBy('ROUND', 2 ** 53)).toBe(2 ** 53);
  });
});

describe('QONNX Quant on weights', () => {
  it('folds a power-of-two quantizer exactly and records the fixed type', () => {
    // x/scale with scale 2^-3: 2.5 → 2 (half to even), 3.5 → 4, -2.5 → -2, 9 → 7 and -9 → -7 (4 bit, narrow)
    const W: TensorSpec = { name: 'W', dims: [3, 2], data: [2.5 / 8, 3.5 / 8, -2.5 / 8, 9 / 8, -9 / 8, 0.1] };
    const g = graphOf(quantWeight(W, scalar('s', 2 ** -3), 4, { narrow: 1 }));
    const d = layer(g, 'Dense');
    expect(d.attrs.weight).toBe('Wq');
    const t = g.tensors.Wq;
    expect(t.data).toEqual([2 / 8, 4 / 8, -2 / 8, 7 / 8, -7 / 8, Math.round(Math.fround(0.1) * 8) / 8]);
    expect(t.type).toEqual({ signed: true, width: 4, intBits: 1, q: 'TRN', o: 'WRAP', n: 0 });
    expect(g.source.format).toBe('qonnx');
  });

  it('follows rounding_mode and signed', () => {
    const W: TensorSpec = { name: 'W', dims: [2, 2], data: [0.75, -0.75, 5, -1] };
    const g = graphOf(quantWeight(W, scalar('s', 0.5), 3, { signed: 0, rounding_mode: 'floor' }));
    // unsigned 3 bit: 0..7; floor(1.5) = 1, floor(-1.5) = -2 → 0, 10 → 7, -2 → 0
    expect(g.tensors.Wq.data).toEqual([0.5, 0, 3.5, 0]);
    expect(g.tensors.Wq.type).toMatchObject({ signed: false, width: 3, intBits: 2 });
  });

  it('gives the exact type of the values for a scale that is not a power of two, or a zero point', () => {
    const W: TensorSpec = { name: 'W', dims: [2, 2], data: f32([0.3, -0.2, 0.05, 1]) };
    const g = graphOf(quantWeight(W, scalar('s', 0.1), 8));
    expectExactType(g, 'Wq');
    const s = Math.fround(0.1);
    // float32 0.05 / float32 0.1 is exactly 0.5, which rounds to the even 0
    expect(g.tensors.Wq.data).toEqual([3 * s, -2 * s, 0, 10 * s]);
    const g2 = graphOf(quantWeight(W, scalar('s', 0.125), 8, { signed: 0 }, scalar('z', 3)));
    expectExactType(g2, 'Wq');
    // unsigned with zero point 3: round(-1.6) + 3 = 1 → (1 - 3)·0.125; round(0.4) + 3 = 3 → 0
    expect(dataOf(g2, 'Wq').slice(1, 3)).toEqual([-0.25, 0]);
  });

  it('gives per-channel power-of-two scales one type per element', () => {
    const W: TensorSpec = { name: 'W', dims: [2, 3], data: [1, 1, 1, -1, -1, -1] };
    const g = graphOf(quantWeight(W, { name: 's', dims: [1, 3], data: [0.5, 0.25, 0.125] }, 6));
    const t = g.tensors.Wq.type;
    expect(t && isPerElement(t)).toBe(true);
    if (t && isPerElement(t)) expect(t.elements.map((e) => e.intBits)).toEqual([5, 4, 3, 5, 4, 3]);
    // per-channel scales that are not powers of two: one exact type for all values
    const g2 = graphOf(quantWeight(W, { name: 's', dims: [1, 3], data: [0.5, 0.3, 0.125] }, 6));
    expectExactType(g2, 'Wq');
  });

  it('keeps the type through a Transpose of the quantized weight (Gemm transB)', () => {
    const spec = quantWeight({ name: 'W', dims: [3, 2], data: [0.5, 1, -1, 0.25, 0, 2] }, scalar('s', 0.25), 5);
    spec.nodes[1] = { op: 'Gemm', name: 'fc', inputs: ['x', 'Wq'], outputs: ['y'], attrs: { transB: 1 } };
    spec.inputs = [{ name: 'x', shape: ['n', 2] }];
    const g = graphOf(spec);
    const w = g.tensors[layer(g, 'Dense').attrs.weight];
    expect(w.shape).toEqual([2, 3]);
    expect(w.data).toEqual([0.5, -1, 0, 1, 0.25, 2]);
    expect(w.type).toMatchObject({ signed: true, width: 5, intBits: 3 });
  });

  it('accepts the legacy domains', () => {
    for (const domain of ['finn.custom_op.general', 'onnx.brevitas']) {
      const g = graphOf(quantWeight({ name: 'W', dims: [1, 1], data: [0.3] }, scalar('s', 0.5), 4, {}, scalar('z', 0), domain));
      expect(g.tensors.Wq.data).toEqual([0.5]);
      expect(g.source.format).toBe('qonnx');
    }
  });

  it('does not fold a BatchNorm into a layer with quantized weights', () => {
    const spec = quantWeight({ name: 'W', dims: [2, 2], data: [0.5, 1, -1, 0.25] }, scalar('s', 0.25), 5);
    spec.nodes[1].outputs = ['h'];
    spec.initializers?.push(...['g', 'be', 'm', 'v'].map((name) => ({ name, dims: [2], data: [1, 1] })));
    spec.nodes.push({ op: 'BatchNormalization', name: 'bn', inputs: ['h', 'g', 'be', 'm', 'v'], outputs: ['y'] });
    expect(kinds(graphOf(spec))).toEqual(['Dense', 'BatchNorm']);
  });
});

describe('BipolarQuant and Trunc', () => {
  it('folds BipolarQuant on a weight to ±scale', () => {
    const g = graphOf({
      domains: { [QD]: 1 },
      inputs: [{ name: 'x', shape: ['n', 2] }],
      outputs: ['y'],
      initializers: [{ name: 'W', dims: [2, 2], data: [0.3, -0.1, 0, -5] }, scalar('s', 0.5)],
      nodes: [
        { op: 'BipolarQuant', domain: QD, name: 'bq', inputs: ['W', 's'], outputs: ['Wq'] },
        { op: 'MatMul', name: 'mm', inputs: ['x', 'Wq'], outputs: ['y'] },
      ],
    });
    expect(g.tensors.Wq.data).toEqual([0.5, -0.5, 0.5, -0.5]);
    expect(g.tensors.Wq.type).toMatchObject({ signed: true, width: 2, intBits: 1 });
  });

  it('makes Quant layers of BipolarQuant and Trunc on activations', () => {
    const g = graphOf({
      domains: { [QD]: 1 },
      inputs: [{ name: 'x', shape: ['n', 4] }],
      outputs: ['y'],
      initializers: [scalar('s', 0.25), scalar('z', 0), scalar('ib', 8), scalar('ob', 4), scalar('os', 4)],
      nodes: [
        { op: 'BipolarQuant', domain: QD, name: 'bq', inputs: ['x', 's'], outputs: ['a'] },
        { op: 'Trunc', domain: QD, name: 'tr', inputs: ['a', 's', 'z', 'ib', 'ob'], outputs: ['b'] },
        { op: 'Trunc', domain: QD, name: 'tr2', inputs: ['b', 's', 'z', 'ib', 'os', 'ob'], outputs: ['y'], attrs: { rounding_mode: 'ROUND', signed: 0 } },
      ],
    });
    expect(g.layers.map((l) => l.attrs)).toEqual([
      { mode: 'bipolar', scale: [0.25], zeroPoint: [0], bitwidth: 1, signed: true, narrow: false, rounding: 'ROUND' },
      { mode: 'trunc', scale: [0.25], zeroPoint: [0], bitwidth: 4, inputBitwidth: 8, signed: true, narrow: false, rounding: 'FLOOR' },
      { mode: 'trunc', scale: [0.25], zeroPoint: [0], bitwidth: 4, inputBitwidth: 8, signed: false, narrow: false, rounding: 'ROUND' },
    ]);
  });

  it('rejects a Trunc output scale that is not scale·2^(in−out)', () => {
    const errs = errorsOf({
      domains: { [QD]: 1 },
      inputs: [{ name: 'x', shape: ['n', 4] }],
      outputs: ['y'],
      initializers: [scalar('s', 0.25), scalar('z', 0), scalar('ib', 8), scalar('ob', 4), scalar('os', 0.5)],
      nodes: [{ op: 'Trunc', domain: QD, name: 'tr', inputs: ['x', 's', 'z', 'ib', 'os', 'ob'], outputs: ['y'] }],
    });
    expect(codes(errs)).toEqual(['qonnx/unsupported-param']);
  });
});

describe('QONNX Quant on activations', () => {
  const actQuant = (shape: number[], scale: TensorSpec, attrs: NodeSpec['attrs'] = {}): ModelSpec => ({
    domains: { [QD]: 1 },
    inputs: [{ name: 'x', shape: ['n', ...shape] }],
    outputs: ['y'],
    initializers: [{ ...scale, name: 's' }, scalar('z', 0), scalar('b', 6)],
    nodes: [{ op: 'Quant', domain: QD, name: 'q', inputs: ['x', 's', 'z', 'b'], outputs: ['y'], attrs }],
  });

  it('makes a per-tensor Quant layer', () => {
    const g = graphOf(actQuant([4], scalar('s', 0.125), { signed: 0, narrow: 1, rounding_mode: 'half_up' }));
    expect(g.layers).toMatchObject([
      { kind: 'Quant', name: 'q', inputs: ['x'], outputs: ['y'], attrs: { mode: 'quant', scale: [0.125], zeroPoint: [0], bitwidth: 6, signed: false, narrow: true, rounding: 'HALF_UP' } },
    ]);
    expect(g.layers[0].origin).toEqual({ file: 'test.onnx', node: 'q', opType: 'Quant', domain: QD });
  });

  it('finds the channel axis of a per-channel scale', () => {
    const g = graphOf(actQuant([3, 5], { name: 's', dims: [1, 3, 1], data: [0.5, 0.25, 0.125] }));
    expect(layer(g, 'Quant').attrs).toMatchObject({ scale: [0.5, 0.25, 0.125], axis: 0 });
    expect(codes(errorsOf(actQuant([3, 5], { name: 's', dims: [3, 5], data: seeded(15).map((v) => Math.abs(v) + 0.1) })))).toEqual(['qonnx/unsupported-param']);
  });

  it('rejects rounding UP on an activation, which the IR cannot express', () => {
    expect(codes(errorsOf(actQuant([4], scalar('s', 0.5), { rounding_mode: 'UP' })))).toEqual(['qonnx/unsupported-rounding']);
  });
});

describe('QuantizeLinear → DequantizeLinear', () => {
  const qdq = (shape: number[], scale: TensorSpec, zp: TensorSpec | undefined, dqScale = scale, axis?: number, opset = 13): ModelSpec => ({
    opset,
    inputs: [{ name: 'x', shape: ['n', ...shape] }],
    outputs: ['y'],
    initializers: [{ ...scale, name: 's' }, { ...dqScale, name: 's2' }, ...(zp ? [{ ...zp, name: 'zp' }] : [])],
    nodes: [
      { op: 'QuantizeLinear', name: 'ql', inputs: ['x', 's', ...(zp ? ['zp'] : [])], outputs: ['q'], attrs: axis === undefined ? {} : { axis } },
      { op: 'DequantizeLinear', name: 'dql', inputs: ['q', 's2', ...(zp ? ['zp'] : [])], outputs: ['y'], attrs: axis === undefined ? {} : { axis } },
    ],
  });

  it('makes a Quant layer whose type comes from the zero point', () => {
    const int8 = graphOf(qdq([4], scalar('s', 0.0625), { name: 'zp', dims: [], data: [0], dtype: INT8 }));
    expect(layer(int8, 'Quant').attrs).toEqual({ mode: 'quant', scale: [0.0625], zeroPoint: [0], bitwidth: 8, signed: true, narrow: false, rounding: 'ROUND' });
    const uint8 = graphOf(qdq([4], scalar('s', 0.0625), undefined));
    expect(layer(uint8, 'Quant').attrs).toMatchObject({ bitwidth: 8, signed: false, zeroPoint: [0] });
    const int16 = graphOf(qdq([4], scalar('s', 0.5), { name: 'zp', dims: [], data: [-3], dtype: INT16 }, undefined, undefined, 21));
    expect(layer(int16, 'Quant').attrs).toMatchObject({ bitwidth: 16, signed: true, zeroPoint: [-3] });
  });

  it('reads per-axis scales', () => {
    const g = graphOf(qdq([3, 2], { name: 's', dims: [3], data: [0.5, 0.25, 1] }, { name: 'zp', dims: [3], data: [0, 1, 2], dtype: UINT8 }, undefined, 1));
    expect(layer(g, 'Quant').attrs).toMatchObject({ scale: [0.5, 0.25, 1], zeroPoint: [0, 1, 2], axis: 0, signed: false });
  });

  it('rejects a pair with different scales, and QuantizeLinear feeding another op', () => {
    expect(codes(errorsOf(qdq([4], scalar('s', 0.5), undefined, scalar('s2', 0.25))))).toEqual(['onnx/unsupported-qdq']);
    const spec = qdq([4], scalar('s', 0.5), undefined);
    spec.nodes[1] = { op: 'Relu', name: 'r', inputs: ['q'], outputs: ['y'] };
    expect(codes(errorsOf(spec))).toEqual(['onnx/unsupported-qdq']);
  });
});

describe('QuantizeLinear / DequantizeLinear on weights, against ONNX Runtime', () => {
  /** y = DequantizeLinear(QuantizeLinear(W)) with W a graph input (for ORT) or an initializer (for fhls). */
  function pair(W: number[], dims: number[], scale: number[], zp: number[], zpType: number, axis: number): { ortModel: Uint8Array; fhls: ModelSpec } {
    const params: TensorSpec[] = [
      { name: 's', dims: scale.length > 1 ? [scale.length] : [], data: scale },
      { name: 'zp', dims: zp.length > 1 ? [zp.length] : [], data: zp, dtype: zpType },
    ];
    const nodes: NodeSpec[] = [
      { op: 'QuantizeLinear', inputs: ['W', 's', 'zp'], outputs: ['q'], attrs: { axis } },
      { op: 'DequantizeLinear', inputs: ['q', 's', 'zp'], outputs: ['Wd'], attrs: { axis } },
    ];
    const ortModel = buildModel({ inputs: [{ name: 'W', shape: dims }], outputs: ['Wd'], initializers: params, nodes });
    const fhls: ModelSpec = {
      inputs: [{ name: 'x', shape: ['n', dims[0]] }],
      outputs: ['y'],
      initializers: [{ name: 'W', dims, data: W }, ...params],
      nodes: [...nodes, { op: 'MatMul', name: 'mm', inputs: ['x', 'Wd'], outputs: ['y'] }],
    };
    return { ortModel, fhls };
  }

  async function check(W: number[], dims: number[], scale: number[], zp: number[], zpType: number, axis = 1) {
    const { ortModel, fhls } = pair(W, dims, scale, zp, zpType, axis);
    const session = await ort.InferenceSession.create(ortModel);
    const out = await session.run({ W: new ort.Tensor('float32', Float32Array.from(W), dims) });
    const g = graphOf(fhls);
    // fhls keeps (q − zp)·scale in float64 (exact here); ORT rounds it to float32
    expect(dataOf(g, layer(g, 'Dense').attrs.weight).map(Math.fround)).toEqual(Array.from(out.Wd.data as Float32Array));
    return g;
  }

  it('folds a per-tensor int8 pair, ties included, and types it', async () => {
    const s = 2 ** -4;
    const W = f32([...seeded(20, 5).map((v) => v * 6), 2.5 * s, -2.5 * s, 3.5 * s, 200 * s, -300 * s, 0]);
    const g = await check(W, [13, 2], [s], [0], INT8);
    expect(g.tensors[layer(g, 'Dense').attrs.weight].type).toEqual({ signed: true, width: 8, intBits: 4, q: 'TRN', o: 'WRAP', n: 0 });
  });

  it('folds a per-axis uint8 pair with zero points (exact type of the values)', async () => {
    const W = f32(seeded(12, 9).map((v) => v * 2));
    const g = await check(W, [4, 3], [2 ** -5, 2 ** -3, 2 ** -6], [128, 100, 7], UINT8, 1);
    expectExactType(g, layer(g, 'Dense').attrs.weight);
  });

  it('folds a per-axis int8 pair along axis 0 with power-of-two scales into per-element types', async () => {
    const W = f32(seeded(6, 3));
    const g = await check(W, [2, 3], [2 ** -7, 2 ** -6], [0, 0], INT8, 0);
    const t = g.tensors[layer(g, 'Dense').attrs.weight].type;
    expect(t && isPerElement(t) && t.elements.map((e) => e.intBits)).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it('agrees with ORT on a non-power-of-two scale', async () => {
    const W = f32(seeded(30, 4));
    await check(W, [10, 3], [Math.fround(0.0123)], [3], INT8);
  });
});
