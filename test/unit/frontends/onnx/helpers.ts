// Shared by the ONNX frontend tests: read a built model, look at layers and diagnostics.

import { expect } from 'vitest';
import type { Diagnostic, Result } from '../../../../src/ir/diagnostics.js';
import type { Graph, Layer, LayerKind, LayerOf } from '../../../../src/ir/graph.js';
import { readOnnx } from '../../../../src/frontends/onnx/index.js';
import { buildModel, type ModelSpec } from './onnx-builder.js';

export function read(spec: ModelSpec, file = 'test.onnx'): Result<Graph> {
  return readOnnx(buildModel(spec), file);
}

/** The graph, failing the test with the diagnostics when reading failed. */
export function graphOf(spec: ModelSpec): Graph {
  const r = read(spec);
  if (!r.ok) expect.fail(`expected the model to read, got:\n${r.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n')}`);
  return r.value;
}

export function errorsOf(spec: ModelSpec): Diagnostic[] {
  const r = read(spec);
  expect(r.ok, 'expected the model to be rejected').toBe(false);
  return r.diagnostics.filter((d) => d.severity === 'error');
}

export function codes(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}

export function kinds(g: Graph): LayerKind[] {
  return g.layers.map((l) => l.kind);
}

export function layer<K extends LayerKind>(g: Graph, kind: K, index = 0): LayerOf<K> {
  const ls = g.layers.filter((l): l is Layer & LayerOf<K> => l.kind === kind);
  if (!ls[index]) expect.fail(`no ${kind} layer #${index} in [${kinds(g).join(', ')}]`);
  return ls[index];
}

export function shapeOfTensor(g: Graph, name: string): number[] {
  const t = g.tensors[name];
  if (!t) expect.fail(`no tensor '${name}'`);
  return t.shape;
}

export function outShape(g: Graph, l: Layer): number[] {
  return shapeOfTensor(g, l.outputs[0]);
}

export function dataOf(g: Graph, name: string | undefined): number[] {
  const t = name ? g.tensors[name] : undefined;
  if (!t?.data) expect.fail(`no constant '${name}'`);
  return t.data;
}

/** Every layer reads known tensors, every tensor a layer reads is produced earlier or is an input/constant. */
export function expectWellFormed(g: Graph): void {
  const ready = new Set<string>(g.inputs);
  for (const [name, t] of Object.entries(g.tensors)) if (t.data) ready.add(name);
  const names = new Set<string>();
  for (const l of g.layers) {
    expect(names.has(l.name), `duplicate layer name ${l.name}`).toBe(false);
    names.add(l.name);
    for (const i of l.inputs) expect(ready.has(i), `${l.name} reads ${i} before it exists`).toBe(true);
    for (const o of l.outputs) {
      expect(g.tensors[o], `${l.name} output ${o} has no tensor`).toBeDefined();
      ready.add(o);
    }
    expect(l.origin.file).toBeDefined();
    expect(l.origin.node).toBeDefined();
    expect(l.origin.opType).toBeDefined();
  }
  for (const o of g.outputs) expect(ready.has(o), `output ${o} is never produced`).toBe(true);
  expect(JSON.parse(JSON.stringify(g)).layers.length).toBe(g.layers.length);
}
