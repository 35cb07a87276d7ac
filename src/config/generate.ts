// `fhls config MODEL`: a complete default config to start from, at the granularity asked for.

import { formatType } from '../ir/fixed/index.js';
import type { FixedType } from '../ir/fixed/type.js';
import type { Graph, Layer, LayerKind } from '../ir/graph.js';
import { inputType, layerOptions, precisionRequest } from './resolve.js';
import type { Config } from './schema.js';

export type Granularity = 'model' | 'type' | 'name';

/** Which precision roles mean something for a layer kind. */
function rolesOf(layer: Layer): string[] {
  switch (layer.kind) {
    case 'Dense':
    case 'Conv':
    case 'BatchNorm':
      return ['weight', 'bias', 'accum', 'result'];
    case 'Activation':
      return ['table', 'result'];
    case 'Softmax':
      return ['exp_table', 'inv_table', 'result'];
    case 'Pool':
      return layer.attrs.op === 'avg' ? ['accum', 'result'] : [];
    case 'Elementwise':
      return ['weight', 'result'];
    case 'Concat':
    case 'Reshape':
    case 'Transpose':
    case 'Pad':
    case 'Resize':
    case 'Quant':
      return [];
  }
}

const fmt = (t: FixedType | 'auto') => (t === 'auto' ? 'auto' : formatType(t, 'hls4ml'));

function layerEntry(config: Config, graph: Graph, layer: Layer): Record<string, unknown> {
  const req = precisionRequest(config, layer, graph);
  const byRole: Record<string, FixedType | 'auto'> = {
    weight: req.weight,
    bias: req.bias,
    accum: req.accum,
    result: req.result,
    table: req.table,
    exp_table: req.expTable,
    inv_table: req.invTable,
  };
  const roles = rolesOf(layer);
  const entry: Record<string, unknown> = {};
  if (roles.length > 0) entry.Precision = Object.fromEntries(roles.map((r) => [r, fmt(byRole[r]!)]));
  const opts = layerOptions(config, layer);
  if (layer.kind === 'Dense' || layer.kind === 'Conv') {
    entry.ReuseFactor = opts.reuseFactor;
    entry.Strategy = opts.strategy;
  }
  if (layer.kind === 'Softmax' || (layer.kind === 'Activation' && roles.includes('table'))) entry.table_size = opts.tableSize;
  return entry;
}

/** A config object (plain data, ready for YAML or JSON) with every default written out. */
export function defaultConfigFor(graph: Graph, config: Config, granularity: Granularity): Record<string, unknown> {
  const out: Record<string, unknown> = { Model: { ...config.Model } };
  if (granularity === 'type') {
    const byKind: Partial<Record<LayerKind, Record<string, unknown>>> = {};
    for (const layer of graph.layers) {
      if (byKind[layer.kind]) continue;
      const entry = layerEntry(config, graph, layer);
      if (Object.keys(entry).length > 0) byKind[layer.kind] = entry;
    }
    out.LayerType = byKind;
  }
  if (granularity === 'name') {
    const byName: Record<string, unknown> = {};
    for (const input of graph.inputs) byName[input] = { Precision: { result: formatType(inputType(config, input, graph), 'hls4ml') } };
    for (const layer of graph.layers) {
      const entry = layerEntry(config, graph, layer);
      if (Object.keys(entry).length > 0) byName[layer.name] = entry;
    }
    out.LayerName = byName;
  }
  return out;
}
