// `fhls inspect MODEL [--config C] [--json]`: layers, shapes, types, parameters, multiplications,
// and for layers lowered to distributed arithmetic: multipliers before, adders after, depth and the
// estimated LUTs (daLayerSummary, the same figures as the convert report).

import { layerCost } from '../ir/cost.js';
import { formatType } from '../ir/fixed/index.js';
import { isPerElement, type Graph, type TensorType } from '../ir/graph.js';
import { daLayerSummary, type DaLayerSummary } from '../passes/cmvm/lower.js';
import { readTypedGraph } from './common.js';
import type { Io } from './io.js';

export interface InspectArgs {
  model: string;
  config?: string;
  json?: boolean;
}

function typeText(t: TensorType | undefined): string {
  if (!t) return '-';
  if (!isPerElement(t)) return formatType(t, 'hls4ml');
  const distinct = new Set(t.elements.map((e) => formatType(e, 'hls4ml')));
  return distinct.size === 1 ? [...distinct][0]! : `per-element (${distinct.size} types)`;
}

const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

export function inspectText(graph: Graph): string {
  const lines: string[] = [];
  lines.push(`model: ${graph.source.file} (${graph.source.format})`);
  for (const name of graph.inputs) {
    const t = graph.tensors[name]!;
    lines.push(`input: ${name} ${shapeText(t.shape)} ${typeText(t.type)}`);
  }
  for (const name of graph.outputs) {
    const t = graph.tensors[name]!;
    lines.push(`output: ${name} ${shapeText(t.shape)} ${typeText(t.type)}`);
  }
  const da = new Map<string, DaLayerSummary>();
  for (const layer of graph.layers) {
    const s = daLayerSummary(layer, graph);
    if (s) da.set(layer.name, s);
  }
  // the adders column only for models with DA layers: other models print as they always did
  const header = ['layer', 'kind', 'onnx op', 'shape in -> out', 'result', 'weight', 'accum', 'params', 'mults'];
  const rows: string[][] = [da.size > 0 ? [...header, 'adders'] : header];
  let params = 0;
  let mults = 0;
  let bits = 0;
  for (const layer of graph.layers) {
    const cost = layerCost(layer, graph);
    params += cost.parameters;
    mults += cost.multiplications;
    bits += cost.weightBits;
    const inShapes = layer.inputs.filter((n) => !graph.tensors[n]?.data).map((n) => shapeText(graph.tensors[n]!.shape));
    const outShape = shapeText(graph.tensors[layer.outputs[0]!]!.shape);
    const weightName = layer.kind === 'Dense' || layer.kind === 'Conv' ? layer.attrs.weight : layer.kind === 'BatchNorm' ? layer.attrs.scale : undefined;
    const kindText = layer.kind === 'Activation' ? `Activation(${layer.attrs.fn})` : layer.kind === 'Pool' ? `Pool(${layer.attrs.op})` : layer.kind === 'Elementwise' ? `Elementwise(${layer.attrs.op})` : layer.kind;
    rows.push([
      layer.name,
      kindText,
      layer.origin.opType ?? '-',
      `${inShapes.join(' ')} -> ${outShape}`,
      typeText(graph.tensors[layer.outputs[0]!]!.type),
      weightName ? typeText(graph.tensors[weightName]!.type) : '-',
      layer.types?.accum ? formatType(layer.types.accum, 'hls4ml') : '-',
      String(cost.parameters),
      String(cost.multiplications),
      ...(da.size > 0 ? [String(da.get(layer.name)?.adders ?? '-')] : []),
    ]);
  }
  lines.push('', table(rows), '');
  lines.push(`total: ${graph.layers.length} layers, ${params} parameters (${bits} bits), ${mults} multiplications per sample`);
  if (da.size > 0) lines.push('', ...daText([...da.values()]));
  return `${lines.join('\n')}\n`;
}

const percentFewer = (after: number, before: number) => (before > 0 ? `, ${Math.round((100 * (before - after)) / before)}% fewer` : '');

/**
 * The DA layers: the constant multiplications one evaluation of the layer's matrix needs without
 * DA, the adders of its graph (every two-input addition or subtraction), the per-output CSD
 * baseline, adder levels, Σ adder widths, the adders after the graph (a bias, or a sign flip with
 * no bias to absorb it) and the LUT estimate. A Conv evaluates its one graph at every output position.
 */
function daText(layers: DaLayerSummary[]): string[] {
  const rows = [
    ['DA layer', 'kind', 'multipliers', 'adders', 'CSD adders', 'depth', 'adder bits', 'output adders', 'est. LUTs', 'evaluations'],
    ...layers.map((s) => [s.layer, s.kind, s.multipliers, s.adders, s.csdAdders, s.depth, s.adderBits, s.outputAdders, s.estimatedLuts, s.evaluations].map(String)),
  ];
  const sum = (f: (s: DaLayerSummary) => number) => layers.reduce((t, s) => t + f(s), 0);
  const [m, a, c, luts] = [sum((s) => s.multipliers), sum((s) => s.adders), sum((s) => s.csdAdders), sum((s) => s.estimatedLuts)];
  const depth = Math.max(...layers.map((s) => s.depth));
  return [
    'distributed arithmetic (multipliers: the non-zero weights of one evaluation of the matrix; est. LUTs: adder bits + output adders):',
    table(rows),
    '',
    `DA total: ${layers.length} layer${layers.length === 1 ? '' : 's'}, ${m} multipliers -> ${a} adders (CSD baseline ${c}${percentFewer(a, c)}), depth up to ${depth}, est. ${luts} LUTs`,
  ];
}

export function runInspect(io: Io, args: InspectArgs): void {
  const { graph } = readTypedGraph(io, args.model, args.config);
  io.out(args.json ? `${JSON.stringify(graph, null, 2)}\n` : inspectText(graph));
}
