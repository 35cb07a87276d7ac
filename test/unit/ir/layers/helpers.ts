// Small hand-built graphs for the layer tests.

import { formatDiagnostic } from '../../../../src/ir/diagnostics.js';
import { parseType } from '../../../../src/ir/fixed/parse.js';
import type { FixedType } from '../../../../src/ir/fixed/type.js';
import type { Graph, Layer, LayerAttrs, LayerKind, Tensor, TensorType } from '../../../../src/ir/graph.js';
import type { PrecisionRequest } from '../../../../src/ir/layers/spec.js';
import { validateGraph } from '../../../../src/ir/validate.js';
import { assignTypes } from '../../../../src/passes/precision.js';
import { inferShapes } from '../../../../src/passes/shapes.js';

export function T(s: string): FixedType {
  const r = parseType(s);
  if (!r.ok) throw new Error(r.message);
  return r.type;
}

export function request(over: Partial<{ [K in keyof PrecisionRequest]: PrecisionRequest[K] | string }> = {}): PrecisionRequest {
  const conv = (v: unknown) => (typeof v === 'string' && v !== 'auto' ? T(v) : v);
  const base: Record<string, unknown> = {
    weight: T('fixed<16,6>'),
    bias: T('fixed<16,6>'),
    result: 'auto',
    accum: 'auto',
    table: T('fixed<18,8>'),
    tableSize: 1024,
    expTable: T('fixed<18,8>'),
    invTable: T('fixed<18,8>'),
  };
  for (const [k, v] of Object.entries(over)) base[k] = conv(v);
  return base as unknown as PrecisionRequest;
}

export interface LayerDef<K extends LayerKind> {
  kind: K;
  name?: string;
  inputs: string[];
  outputs?: string[];
  attrs: LayerAttrs[K];
}

let counter = 0;

export function layer<K extends LayerKind>(d: LayerDef<K>): Layer {
  const name = d.name ?? `${d.kind.toLowerCase()}_${counter++}`;
  return {
    name,
    kind: d.kind,
    inputs: d.inputs,
    outputs: d.outputs ?? [`${name}_out`],
    attrs: d.attrs,
    origin: { file: 'test.onnx', node: name, opType: d.kind },
  } as Layer;
}

export function constant(name: string, shape: number[], data: number[], type?: TensorType): Tensor {
  return { name, shape, data, ...(type ? { type } : {}) };
}

/** A graph with one input `x` of the given shape, the layers in order, and the last layer's output as the output. */
export function graph(inputShape: number[] | Record<string, number[]>, layers: Layer[], constants: Tensor[] = []): Graph {
  const inputs = Array.isArray(inputShape) ? { x: inputShape } : inputShape;
  const tensors: Record<string, Tensor> = {};
  for (const [n, s] of Object.entries(inputs)) tensors[n] = { name: n, shape: s };
  for (const c of constants) tensors[c.name] = c;
  for (const l of layers) for (const o of l.outputs) tensors[o] = { name: o, shape: [] };
  return {
    source: { file: 'test.onnx', format: 'onnx' },
    inputs: Object.keys(inputs),
    outputs: layers[layers.length - 1].outputs.slice(),
    layers,
    tensors,
  };
}

export function shaped(g: Graph): Graph {
  const r = inferShapes(g);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  const problems = validateGraph(r.value, 'shaped');
  if (problems.length) throw new Error(problems.map(formatDiagnostic).join('\n'));
  return r.value;
}

/** Shapes and types under one request for every layer and one input type for every input. */
export function typed(g: Graph, req: PrecisionRequest | ((l: Layer) => PrecisionRequest), input: FixedType | string): Graph {
  const s = shaped(g);
  const inputType = typeof input === 'string' ? T(input) : input;
  const r = assignTypes(s, typeof req === 'function' ? req : () => req, () => inputType);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  const problems = validateGraph(r.value, 'typed');
  if (problems.length) throw new Error(problems.map(formatDiagnostic).join('\n'));
  return r.value;
}

export const f64 = (xs: number[]) => Float64Array.from(xs);
