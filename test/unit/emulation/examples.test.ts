// The emulators on the real example models (examples/*.onnx with their .input.csv/.output.csv):
//   - the float executor against the framework's stored outputs and against onnxruntime
//     (float32: max abs error ≤ 1e-5 × the output's max |value|);
//   - the fixed emulator at a generous precision (fixed<32,12>, exact accumulators, 2^14-entry
//     tables) close to float;
//   - the QONNX / QDQ models at their own precisions (every layer exact, only the model's
//     quantizers round) close to float, and with power-of-two scales equal to it.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, test } from 'vitest';
import { compileFixedGraph, compileFloatGraph, type FixedTrace, type FloatTrace, parseCsv, traceReport } from '../../../src/emulation/index.js';
import { loadOnnxFile } from '../../../src/frontends/onnx/index.js';
import { formatDiagnostic } from '../../../src/ir/diagnostics.js';
import { parseType } from '../../../src/ir/fixed/parse.js';
import type { FixedType } from '../../../src/ir/fixed/type.js';
import { toNumber } from '../../../src/ir/fixed/value.js';
import { type Graph, type Layer, size } from '../../../src/ir/graph.js';
import type { PrecisionRequest } from '../../../src/ir/layers/spec.js';
import { validateGraph } from '../../../src/ir/validate.js';
import { assignTypes } from '../../../src/passes/precision.js';
import { inferShapes } from '../../../src/passes/shapes.js';

const DIR = 'examples';
const MODELS = readdirSync(DIR)
  .filter((f) => f.endsWith('.onnx'))
  .map((f) => basename(f, '.onnx'))
  .sort();

function T(s: string): FixedType {
  const r = parseType(s);
  if (!r.ok) throw new Error(r.message);
  return r.type;
}

function load(name: string): Graph {
  const r = loadOnnxFile(join(DIR, `${name}.onnx`));
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  const s = inferShapes(r.value);
  if (!s.ok) throw new Error(s.diagnostics.map(formatDiagnostic).join('\n'));
  expect(validateGraph(s.value, 'shaped')).toEqual([]);
  return s.value;
}

function csv(name: string, which: 'input' | 'output', columns: number): number[][] {
  const file = join(DIR, `${name}.${which}.csv`);
  const r = parseCsv(readFileSync(file, 'utf8'), columns, file);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.value;
}

const isQuantized = (g: Graph) => g.layers.some((l) => l.kind === 'Quant');

function typeAll(g: Graph, request: PrecisionRequest, input: FixedType, tableSize: number): Graph {
  const withOptions = { ...g, layers: g.layers.map((l) => ({ ...l, options: { reuseFactor: 1, strategy: 'Latency', tableSize } })) as Layer[] };
  const r = assignTypes(withOptions, () => request, () => input);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  expect(validateGraph(r.value, 'typed')).toEqual([]);
  return r.value;
}

function maxAbs(rows: ArrayLike<number>[]): number {
  let m = 0;
  for (const r of rows) for (let i = 0; i < r.length; i++) m = Math.max(m, Math.abs(r[i]));
  return m;
}

function maxDiff(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let m = 0;
  a.forEach((r, s) => {
    for (let i = 0; i < r.length; i++) m = Math.max(m, Math.abs(r[i] - b[s][i]));
  });
  return m;
}

interface Example {
  graph: Graph;
  inputs: Float64Array[];
  reference: number[][];
  float: Float64Array[];
}

const cache = new Map<string, Example>();
function example(name: string): Example {
  let e = cache.get(name);
  if (e) return e;
  const graph = load(name);
  expect(graph.inputs).toHaveLength(1);
  expect(graph.outputs).toHaveLength(1);
  const nIn = size(graph.tensors[graph.inputs[0]].shape);
  const nOut = size(graph.tensors[graph.outputs[0]].shape);
  const inputs = csv(name, 'input', nIn).map((r) => Float64Array.from(r));
  const reference = csv(name, 'output', nOut);
  const run = compileFloatGraph(graph);
  const float = inputs.map((x) => run([x])[0]);
  e = { graph, inputs, reference, float };
  cache.set(name, e);
  return e;
}

test('the example set is there', () => {
  expect(MODELS.length).toBeGreaterThanOrEqual(7);
});

describe.each(MODELS)('%s', (name) => {
  test('float executor = the stored reference outputs', () => {
    const { reference, float } = example(name);
    expect(float).toHaveLength(200);
    expect(maxDiff(float, reference)).toBeLessThanOrEqual(1e-5 * maxAbs(reference));
  });

  test('float executor = onnxruntime (float32)', async (ctx) => {
    const { graph, inputs, float } = example(name);
    if (graph.source.format === 'qonnx' || /qonnx/.test(name)) ctx.skip(); // onnxruntime has no QONNX custom ops
    const session = await ort.InferenceSession.create(join(DIR, `${name}.onnx`));
    const shape = graph.tensors[graph.inputs[0]].shape;
    const data = new Float32Array(inputs.length * size(shape));
    inputs.forEach((x, s) => data.set(x, s * x.length));
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, [inputs.length, ...shape]) });
    const y = out[session.outputNames[0]].data as Float32Array;
    const n = y.length / inputs.length;
    const rows = inputs.map((_, s) => y.subarray(s * n, (s + 1) * n));
    expect(maxDiff(float, rows)).toBeLessThanOrEqual(1e-5 * maxAbs(rows));
  });

  test('fixed emulator at fixed<32,12> everywhere is close to float', () => {
    const { graph, inputs, float } = example(name);
    const t = T('fixed<32,12,RND,SAT>');
    const request: PrecisionRequest = { weight: t, bias: t, result: t, accum: 'auto', table: t, tableSize: 1 << 14, expTable: t, invTable: t };
    const typed = typeAll(graph, request, t, 1 << 14);
    const run = compileFixedGraph(typed);
    const out = inputs.map((x) => {
      const r = run([x]);
      return Array.from(r.outputs[0] as ArrayLike<number | bigint>, (v) => toNumber(r.types[0], v));
    });
    const err = maxDiff(out, float);
    if (process.env.FHLS_DEBUG) console.log(name, 'fixed<32,12> max abs error', err, 'of', maxAbs(float));
    // tables of 2^14 entries over their ranges, 20 fraction bits elsewhere
    expect(err).toBeLessThanOrEqual(2e-3 * Math.max(1, maxAbs(float)));
  });

  test('fixed emulator at fixed<16,6>: the number path equals the forced BigInt path', () => {
    const { graph, inputs } = example(name);
    const t = T('fixed<16,6>');
    const request: PrecisionRequest = { weight: t, bias: t, result: t, accum: 'auto', table: T('fixed<18,8,RND,SAT>'), tableSize: 1024, expTable: t, invTable: t };
    const typed = typeAll(graph, request, t, 1024);
    const num = compileFixedGraph(typed);
    const big = compileFixedGraph(typed, { forceBigInt: true });
    for (const x of inputs.slice(0, 20)) {
      const a: FixedTrace = {};
      const b: FixedTrace = {};
      num([x], a);
      big([x], b);
      for (const tensor of Object.keys(a)) expect(Array.from(a[tensor] as ArrayLike<number | bigint>, (v) => BigInt(v)), tensor).toEqual(Array.from(b[tensor] as ArrayLike<number | bigint>, (v) => BigInt(v)));
    }
  });

  test("quantized models at their own precision: close to float (equal with power-of-two scales)", (ctx) => {
    const { graph, inputs, float, reference } = example(name);
    if (!isQuantized(graph)) ctx.skip();
    // layers exact ('auto'); constants the model did not type get fixed<32,8>; inputs keep 32
    // fraction bits (float32 inputs of these models are exact in it when ≥ 2^−8 in magnitude)
    const w = T('fixed<40,8>');
    const request: PrecisionRequest = { weight: w, bias: w, result: 'auto', accum: 'auto', table: T('fixed<18,8,RND,SAT>'), tableSize: 1024, expTable: w, invTable: w };
    const typed = typeAll(graph, request, T('fixed<48,16>'), 1024);
    const run = compileFixedGraph(typed);
    const fixedTraces: FixedTrace[] = [];
    const floatTraces: FloatTrace[] = [];
    const runFloat = compileFloatGraph(typed);
    const out = inputs.map((x) => {
      const ft: FixedTrace = {};
      const r = run([x], ft);
      fixedTraces.push(ft);
      const fl: FloatTrace = {};
      runFloat([x], fl);
      floatTraces.push(fl);
      return Array.from(r.outputs[0] as ArrayLike<number | bigint>, (v) => toNumber(r.types[0], v));
    });
    const report = traceReport(typed, fixedTraces, floatTraces);
    expect(report.map((l) => l.layer)).toEqual(typed.layers.map((l) => l.name));
    if (name === 'qonnx_mlp' || name === 'qdq_mlp') {
      // power-of-two scales, biases on a 2^−8 grid: the fixed-point result is the exact one
      // (equal as numbers: the reference may hold −0 where the fixed point has 0)
      expect(maxDiff(out, reference)).toBe(0);
      expect(maxDiff(out, float)).toBe(0);
      expect(report.every((l) => l.maxAbsError === 0)).toBe(true);
    } else {
      // one output quantization step at most (non power-of-two scales: x/scale in float64 vs exact)
      const step = Math.max(...(typed.layers.at(-1)!.kind === 'Quant' ? (typed.layers.at(-1)!.attrs as { scale: number[] }).scale : [0]));
      if (process.env.FHLS_DEBUG) console.log(name, 'own precision max abs error', maxDiff(out, float), 'step', step);
      expect(maxDiff(out, float)).toBeLessThanOrEqual(step * 1.0001);
    }
  });
});
