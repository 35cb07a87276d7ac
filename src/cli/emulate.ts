// `fhls emulate MODEL --input X.csv [--output Y.csv] [--config C] [--float] [--trace DIR]`

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileFixedGraph,
  compileFloatGraph,
  formatFixed,
  formatFloat,
  parseCsv,
  traceReport,
  writeCsv,
  type FixedTrace,
  type FloatTrace,
} from '../emulation/index.js';
import { error } from '../ir/diagnostics.js';
import { isPerElement, size, type Graph } from '../ir/graph.js';
import type { FixedType } from '../ir/fixed/type.js';
import { readConfig, readGraph, unwrap } from './common.js';
import { checkFreshFolder, writeFileAtomic, writeFolderAtomic } from './files.js';
import { UsageError, type Io } from './io.js';
import { typeGraph } from '../pipeline.js';

export interface EmulateArgs {
  model: string;
  input: string;
  output?: string;
  config?: string;
  float?: boolean;
  trace?: string;
  force?: boolean;
}

/** Read the input CSV and split each row into one Float64Array per graph input. */
export function readSamples(io: Io, graph: Graph, path: string): Float64Array[][] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError('missing input', [error('io/not-found', `cannot read input file '${path}'`, { file: path })]);
  }
  const sizes = graph.inputs.map((n) => size(graph.tensors[n]!.shape));
  const columns = sizes.reduce((a, b) => a + b, 0);
  const rows = unwrap(io, parseCsv(text, columns, path));
  return rows.map((row) => {
    let at = 0;
    return sizes.map((n) => {
      const x = Float64Array.from(row.slice(at, at + n));
      at += n;
      return x;
    });
  });
}

function typeOfTensor(graph: Graph, name: string): FixedType {
  const t = graph.tensors[name]!.type!;
  if (isPerElement(t)) throw new Error(`internal: activation '${name}' has a per-element type`);
  return t;
}

function header(graph: Graph, names: readonly string[], prefix: string): string[] {
  const total = names.reduce((s, n) => s + size(graph.tensors[n]!.shape), 0);
  return Array.from({ length: total }, (_, i) => `${prefix}${i}`);
}

/** A file name for a tensor or layer: ONNX names hold slashes and colons. */
export function fileSafe(name: string): string {
  return name.replace(/^[/]+/, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'unnamed';
}

function traceTable(graph: Graph, fixed: FixedTrace[], float: FloatTrace[]): string {
  const report = traceReport(graph, fixed, float);
  const rows = [['layer', 'kind', 'tensor', 'max |float|', 'max abs err', 'mean abs err', 'max rel err', 'mean rel err']];
  const g = (x: number) => x.toPrecision(4);
  for (const r of report) rows.push([r.layer, r.kind, r.tensor, g(r.scale), g(r.maxAbsError), g(r.meanAbsError), g(r.maxRelError), g(r.meanRelError)]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return `${rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n')}\n`;
}

export function runEmulate(io: Io, args: EmulateArgs): void {
  if (args.trace) checkFreshFolder(args.trace, args.force, '--trace folder');
  const config = readConfig(io, args.config);
  const shaped = readGraph(io, args.model);
  const needFixed = !args.float || args.trace !== undefined;
  const graph = needFixed ? unwrap(io, typeGraph(shaped, config, args.config)) : shaped;
  const samples = readSamples(io, graph, args.input);

  const fixedTraces: FixedTrace[] = [];
  const floatTraces: FloatTrace[] = [];
  const rows: string[][] = [];
  if (args.float || args.trace) {
    const runFloat = compileFloatGraph(graph);
    for (const sample of samples) {
      const trace: FloatTrace | undefined = args.trace ? {} : undefined;
      const outs = runFloat(sample, trace);
      if (trace) floatTraces.push(trace);
      if (args.float) rows.push(outs.flatMap((o) => Array.from(o, formatFloat)));
    }
  }
  if (!args.float) {
    const runFixed = compileFixedGraph(graph);
    for (const sample of samples) {
      const trace: FixedTrace | undefined = args.trace ? {} : undefined;
      const { outputs, types } = runFixed(sample, trace);
      if (trace) fixedTraces.push(trace);
      rows.push(outputs.flatMap((o, k) => Array.from(o as ArrayLike<number | bigint>, (v) => formatFixed(types[k]!, v))));
    }
  } else if (args.trace) {
    const runFixed = compileFixedGraph(graph);
    for (const sample of samples) {
      const trace: FixedTrace = {};
      runFixed(sample, trace);
      fixedTraces.push(trace);
    }
  }

  const csv = writeCsv([header(graph, graph.outputs, 'y'), ...rows]);
  if (args.trace) {
    writeFolderAtomic(args.trace, (dir) => {
      for (const layer of graph.layers) {
        for (const tensor of layer.outputs) {
          const type = typeOfTensor(graph, tensor);
          const base = join(dir, fileSafe(tensor));
          const fixedRows = fixedTraces.map((t) => Array.from(t[tensor] as ArrayLike<number | bigint>, (v) => formatFixed(type, v)));
          const floatRows = floatTraces.map((t) => Array.from(t[tensor]!, formatFloat));
          const head = header(graph, [tensor], 'v');
          writeFileSync(`${base}.fixed.csv`, writeCsv([head, ...fixedRows]));
          writeFileSync(`${base}.float.csv`, writeCsv([head, ...floatRows]));
        }
      }
      writeFileSync(join(dir, 'errors.txt'), traceTable(graph, fixedTraces, floatTraces));
    });
  }
  if (args.output) writeFileAtomic(args.output, csv);
  else io.out(csv);
  if (args.trace) io.err(`trace written to ${args.trace} (per-layer outputs and errors.txt)\n`);
}
