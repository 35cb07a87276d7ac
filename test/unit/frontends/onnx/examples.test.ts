// The committed example models (examples/*.onnx, written by examples/make_examples.py) and, when
// present, the extra torch models of examples/make_extra_models.py in /tmp/fhls_extra.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadOnnxFile } from '../../../../src/frontends/onnx/index.js';
import { isPerElement, type Graph } from '../../../../src/ir/graph.js';
import { expectWellFormed, kinds, layer, outShape } from './helpers.js';
import { expectExactType } from './exact-type.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples', import.meta.url));
const EXTRA = '/tmp/fhls_extra';

function load(name: string): Graph {
  const r = loadOnnxFile(join(EXAMPLES, `${name}.onnx`));
  if (!r.ok) expect.fail(r.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  expect(r.diagnostics).toEqual([]);
  expectWellFormed(r.value);
  expect(r.value.inputs).toEqual(['input']);
  expect(r.value.outputs).toEqual(['output']);
  return r.value;
}

const shapes = (g: Graph) => g.layers.map((l) => outShape(g, l));
const has = (name: string) => existsSync(join(EXAMPLES, `${name}.onnx`));

describe.runIf(has('jet_mlp'))('examples', () => {
  it('jet_mlp: four Dense layers and a Softmax', () => {
    const g = load('jet_mlp');
    expect(g.source.format).toBe('onnx');
    expect(g.tensors.input.shape).toEqual([16]);
    expect(kinds(g)).toEqual(['Dense', 'Activation', 'Dense', 'Activation', 'Dense', 'Activation', 'Dense', 'Softmax']);
    expect(shapes(g)).toEqual([[64], [64], [32], [32], [32], [32], [5], [5]]);
    expect(g.layers.filter((l) => l.kind === 'Dense').map((l) => g.tensors[(l.attrs as { weight: string }).weight].shape)).toEqual([[16, 64], [64, 32], [32, 32], [32, 5]]);
    expect(layer(g, 'Softmax').attrs.axis).toBe(0);
    expect(g.layers[0].origin).toMatchObject({ node: '/0/Gemm', opType: 'Gemm' });
  });

  it('conv1d: the all-zero Pad before the AveragePool disappears', () => {
    const g = load('conv1d');
    expect(kinds(g)).toEqual(['Conv', 'Activation', 'Pool', 'Conv', 'Activation', 'Pool', 'Reshape', 'Dense']);
    expect(shapes(g)).toEqual([[4, 32], [4, 32], [4, 16], [8, 14], [8, 14], [8, 7], [56], [5]]);
    expect(layer(g, 'Conv').attrs).toMatchObject({ pads: [1, 1], strides: [1], group: 1 });
    expect(layer(g, 'Pool', 1).attrs).toMatchObject({ op: 'avg', kernel: [2], strides: [2] });
  });

  it('conv2d: grouped and depthwise convolutions', () => {
    const g = load('conv2d');
    expect(kinds(g)).toEqual(['Conv', 'Activation', 'Pool', 'Conv', 'Activation', 'Conv', 'Activation', 'Pool', 'Reshape', 'Dense', 'Activation']);
    expect(shapes(g).at(-1)).toEqual([10]);
    expect([1, 2].map((i) => layer(g, 'Conv', i).attrs.group)).toEqual([4, 8]);
    expect(outShape(g, layer(g, 'Reshape'))).toEqual([72]);
  });

  it('residual: Add of two activations and Concat', () => {
    const g = load('residual');
    expect(kinds(g)).toEqual(['Dense', 'Activation', 'Elementwise', 'Dense', 'Dense', 'Concat', 'Activation', 'Dense']);
    expect(layer(g, 'Elementwise').inputs).toEqual([g.layers[1].outputs[0], 'input']);
    expect(layer(g, 'Concat').attrs.axis).toBe(0);
    expect(layer(g, 'Activation', 1).attrs).toEqual({ fn: 'leaky_relu', alpha: Math.fround(0.1) });
  });

  it('qonnx_mlp: Quant layers on activations, typed weights, MatMul+Add fused', () => {
    const g = load('qonnx_mlp');
    expect(g.source.format).toBe('qonnx');
    expect(kinds(g)).toEqual(['Quant', 'Dense', 'Activation', 'Quant', 'Dense', 'Quant']);
    expect(g.layers.filter((l) => l.kind === 'Quant').map((l) => l.attrs)).toEqual([
      { mode: 'quant', scale: [2 ** -4], zeroPoint: [0], bitwidth: 8, signed: true, narrow: false, rounding: 'ROUND' },
      { mode: 'quant', scale: [2 ** -3], zeroPoint: [0], bitwidth: 6, signed: false, narrow: false, rounding: 'ROUND' },
      { mode: 'quant', scale: [2 ** -4], zeroPoint: [0], bitwidth: 10, signed: true, narrow: false, rounding: 'ROUND' },
    ]);
    const [d1, d2] = [layer(g, 'Dense', 0), layer(g, 'Dense', 1)];
    const w1 = g.tensors[d1.attrs.weight];
    expect(w1.shape).toEqual([10, 16]);
    expect(w1.type).toEqual({ signed: true, width: 6, intBits: 1, q: 'TRN', o: 'WRAP', n: 0 });
    // narrow 6 bit: integers in [-31, 31] times 2^-5
    expect(w1.data?.every((v) => Number.isInteger(v * 32) && Math.abs(v * 32) <= 31)).toBe(true);
    expect(g.tensors[d2.attrs.weight].type).toMatchObject({ signed: true, width: 4, intBits: 1 });
    expect(d1.attrs.bias && g.tensors[d1.attrs.bias].shape).toEqual([16]);
    expect(shapes(g)).toEqual([[10], [16], [16], [16], [4], [4]]);
  });

  it('qonnx_mlp_nonp2: exact types of the values where scales are not powers of two', () => {
    const g = load('qonnx_mlp_nonp2');
    expect(kinds(g)).toEqual(['Quant', 'Dense', 'Activation', 'Quant', 'Dense', 'Quant']);
    expect(layer(g, 'Quant').attrs.scale).toEqual([Math.fround(0.0375)]);
    expectExactType(g, layer(g, 'Dense', 0).attrs.weight);
    expectExactType(g, layer(g, 'Dense', 1).attrs.weight);
  });

  it('qdq_mlp: QuantizeLinear→DequantizeLinear pairs and per-row weight scales', () => {
    const g = load('qdq_mlp');
    expect(g.source.format).toBe('onnx');
    expect(kinds(g)).toEqual(['Quant', 'Dense', 'Activation', 'Quant', 'Dense']);
    expect(layer(g, 'Quant', 0).attrs).toMatchObject({ scale: [1 / 16], bitwidth: 8, signed: true });
    expect(layer(g, 'Quant', 1).attrs).toMatchObject({ scale: [1 / 8], bitwidth: 8, signed: false });
    const w1 = g.tensors[layer(g, 'Dense').attrs.weight];
    expect(w1.shape).toEqual([10, 16]);
    // per-row scales of W1 [16, 10] become per-column ones after transB: one type per element
    const t = w1.type;
    expect(t && isPerElement(t)).toBe(true);
    if (t && isPerElement(t)) {
      expect(t.elements.every((e) => e.signed && e.width === 8)).toBe(true);
      const firstRow = t.elements.slice(0, 16).map((e) => e.intBits);
      expect(t.elements.slice(16, 32).map((e) => e.intBits)).toEqual(firstRow);
      expect(firstRow.every((b) => b >= 0 && b <= 2)).toBe(true);
    }
  });
});

const extra = existsSync(EXTRA) ? readdirSync(EXTRA).filter((f) => f.endsWith('.onnx')) : [];

describe.runIf(extra.length > 0)('models in /tmp/fhls_extra (manual try-outs)', () => {
  it.each(extra)('%s reads, or fails only on ops the IR has no layer for', (file) => {
    const r = loadOnnxFile(join(EXTRA, file));
    if (r.ok) {
      expectWellFormed(r.value);
      return;
    }
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code).every((c) => c === 'onnx/unsupported-op'), errors.map((d) => d.message).join('\n')).toBe(true);
  });
});
