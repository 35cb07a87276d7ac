// `fhls inspect MODEL [--config C] [--json]`: layers, shapes, types, parameters, multiplications.

import { layerCost } from '../ir/cost.js';
import { formatType } from '../ir/fixed/index.js';
import { isPerElement, type Graph, type TensorType } from '../ir/graph.js';
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
  const rows: string[][] = [['layer', 'kind', 'onnx op', 'shape in -> out', 'result', 'weight', 'accum', 'params', 'mults']];
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
    ]);
  }
  lines.push('', table(rows), '');
  lines.push(`total: ${graph.layers.length} layers, ${params} parameters (${bits} bits), ${mults} multiplications per sample`);
  return `${lines.join('\n')}\n`;
}

export function runInspect(io: Io, args: InspectArgs): void {
  const { graph } = readTypedGraph(io, args.model, args.config);
  io.out(args.json ? `${JSON.stringify(graph, null, 2)}\n` : inspectText(graph));
}
