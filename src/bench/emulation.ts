// Emulator throughput and front-end compile time, measured in one run.

import { readFileSync } from 'node:fs';
import { defaultConfig } from '../config/load.js';
import { compileFixedGraph, compileFloatGraph, parseCsv } from '../emulation/index.js';
import { size, type Graph } from '../ir/graph.js';
import { compileModel } from '../pipeline.js';
import { EXAMPLES, examplePath, timeIt } from './measure.js';

function samplesOf(graph: Graph, name: string): Float64Array[][] {
  const n = size(graph.tensors[graph.inputs[0]!]!.shape);
  const r = parseCsv(readFileSync(examplePath(name, 'input.csv'), 'utf8'), n, name);
  if (!r.ok) throw new Error(`bench: cannot read ${name} inputs`);
  return r.value.map((row) => [Float64Array.from(row)]);
}

function typed(name: string): Graph {
  const r = compileModel(examplePath(name, 'onnx'), defaultConfig());
  if (!r.ok) throw new Error(`bench: cannot compile ${name}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
}

export interface EmulatorFigures {
  model: string;
  floatSamplesPerSecond: number;
  fixedSamplesPerSecond: number;
  /** fixed / float throughput: how much the bit-exact emulator costs over float64 */
  ratio: number;
}

/** Emulator samples/s against the float64 executor on the same graph and samples. */
export function benchEmulator(name = 'jet_mlp'): EmulatorFigures {
  const graph = typed(name);
  const samples = samplesOf(graph, name);
  const runFloat = compileFloatGraph(graph);
  const runFixed = compileFixedGraph(graph);
  const float = timeIt(() => {
    for (const s of samples) runFloat(s);
  }, samples.length);
  const fixed = timeIt(() => {
    for (const s of samples) runFixed(s);
  }, samples.length);
  return { model: name, floatSamplesPerSecond: float.perSecond, fixedSamplesPerSecond: fixed.perSecond, ratio: fixed.perSecond / float.perSecond };
}

export interface CompileFigures {
  model: string;
  layers: number;
  /** read + shapes + precision + validation, milliseconds (median of runs) */
  milliseconds: number;
  /** against the first example in the same run */
  ratio: number;
}

/** Parse + lower time of every example (stages 1–5 of the pipeline). */
export function benchCompile(): CompileFigures[] {
  const rows: CompileFigures[] = [];
  for (const name of EXAMPLES) {
    const layers = typed(name).layers.length;
    const t = timeIt(() => typed(name), 1);
    rows.push({ model: name, layers, milliseconds: t.secondsPerItem * 1000, ratio: 0 });
  }
  const base = rows[0]!.milliseconds;
  for (const r of rows) r.ratio = r.milliseconds / base;
  return rows;
}
