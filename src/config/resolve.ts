// Resolve the config into what each layer asks for: LayerName > LayerType > Model.

import { error, type Diagnostic } from '../ir/diagnostics.js';
import { parseType } from '../ir/fixed/index.js';
import type { FixedType } from '../ir/fixed/type.js';
import { LAYER_KINDS, type Graph, type Layer, type LayerOptions } from '../ir/graph.js';
import type { PrecisionRequest } from '../ir/layers/spec.js';
import type { Config, LayerConfig, Precision } from './schema.js';

/** Defaults of the table types, as hls4ml users know them. */
export const DEFAULT_TABLE_TYPE = 'fixed<18,8,RND,SAT>';

function typeOf(s: string): FixedType {
  const r = parseType(s);
  // The schema has already checked every type string.
  if (!r.ok) throw new Error(`internal: unchecked type string ${s}`);
  return r.type;
}

type Role = 'weight' | 'bias' | 'result' | 'accum' | 'table' | 'exp_table' | 'inv_table';

/** The string a Precision entry gives a role, if it says anything about it. */
function roleOf(p: Precision | undefined, role: Role): string | undefined {
  if (p === undefined) return undefined;
  if (typeof p === 'string') return role === 'weight' || role === 'bias' || role === 'result' ? p : undefined;
  return p[role] ?? (role === 'weight' || role === 'bias' || role === 'result' ? p.default : undefined);
}

/** The layer-specific entries that apply to a layer, most specific first. */
function entriesFor(config: Config, layer: Layer): LayerConfig[] {
  const out: LayerConfig[] = [];
  const byName = config.LayerName[layer.name];
  if (byName) out.push(byName);
  const byType = config.LayerType[layer.kind];
  if (byType) out.push(byType);
  return out;
}

function pick(entries: LayerConfig[], role: Role): string | undefined {
  for (const e of entries) {
    const direct =
      role === 'table' ? e.table_t : role === 'exp_table' ? e.exp_table_t : role === 'inv_table' ? e.inv_table_t : role === 'accum' ? e.accum_t : undefined;
    const v = direct ?? roleOf(e.Precision, role);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * What a layer asks for. `consumers` are the layers reading its outputs: a layer feeding only
 * quantizers keeps its exact result unless the config names its result type, so a quantized model
 * takes its precisions from its own Quant nodes.
 */
export function precisionRequest(config: Config, layer: Layer, consumers: readonly Layer[]): PrecisionRequest {
  const entries = entriesFor(config, layer);
  const model = config.Model.Precision;
  const fromModel = (role: Role, fallback: string) => roleOf(model, role) ?? fallback;
  const feedsOnlyQuant = consumers.length > 0 && consumers.every((c) => c.kind === 'Quant');
  const resultStr = pick(entries, 'result') ?? (feedsOnlyQuant ? 'auto' : fromModel('result', 'fixed<16,6>'));
  const accumStr = pick(entries, 'accum') ?? fromModel('accum', 'auto');
  const tableSize = entries.find((e) => e.table_size !== undefined)?.table_size ?? config.Model.TableSize;
  return {
    weight: typeOf(pick(entries, 'weight') ?? fromModel('weight', 'fixed<16,6>')),
    bias: typeOf(pick(entries, 'bias') ?? fromModel('bias', 'fixed<16,6>')),
    result: resultStr === 'auto' ? 'auto' : typeOf(resultStr),
    accum: accumStr === 'auto' ? 'auto' : typeOf(accumStr),
    table: typeOf(pick(entries, 'table') ?? fromModel('table', DEFAULT_TABLE_TYPE)),
    tableSize,
    expTable: typeOf(pick(entries, 'exp_table') ?? fromModel('exp_table', DEFAULT_TABLE_TYPE)),
    invTable: typeOf(pick(entries, 'inv_table') ?? fromModel('inv_table', DEFAULT_TABLE_TYPE)),
  };
}

/** The type a graph input is quantized to: LayerName[input] Precision, else the model default. */
export function inputType(config: Config, inputName: string): FixedType {
  const byName = config.LayerName[inputName];
  const s = roleOf(byName?.Precision, 'result') ?? roleOf(config.Model.Precision, 'result') ?? 'fixed<16,6>';
  return typeOf(s);
}

export function layerOptions(config: Config, layer: Layer): LayerOptions {
  const entries = entriesFor(config, layer);
  return {
    reuseFactor: entries.find((e) => e.ReuseFactor !== undefined)?.ReuseFactor ?? config.Model.ReuseFactor,
    strategy: entries.find((e) => e.Strategy !== undefined)?.Strategy ?? config.Model.Strategy,
    tableSize: entries.find((e) => e.table_size !== undefined)?.table_size ?? config.Model.TableSize,
  };
}

/** Config entries that name nothing in this graph: every one is an error naming its path. */
export function checkConfigAgainstGraph(config: Config, graph: Graph, file?: string): Diagnostic[] {
  const ds: Diagnostic[] = [];
  const names = new Set([...graph.layers.map((l) => l.name), ...graph.inputs]);
  for (const name of Object.keys(config.LayerName)) {
    if (!names.has(name)) {
      const known = [...names].slice(0, 20).join(', ');
      ds.push(
        error('config/unknown-layer', `LayerName.${name}: no layer or input named '${name}' in the model`, { file, node: `LayerName.${name}` }, `layers and inputs: ${known}${names.size > 20 ? ', …' : ''}`),
      );
    }
  }
  const kinds = new Set<string>(LAYER_KINDS);
  for (const kind of Object.keys(config.LayerType)) {
    if (!kinds.has(kind)) {
      ds.push(error('config/unknown-layer-type', `LayerType.${kind}: unknown layer type '${kind}'`, { file, node: `LayerType.${kind}` }, `layer types: ${LAYER_KINDS.join(', ')}`));
    }
  }
  return ds;
}
