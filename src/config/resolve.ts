// Resolve the config into what each layer asks for: LayerName > LayerType > Model.

import { error, type Diagnostic } from '../ir/diagnostics.js';
import { parseType } from '../ir/fixed/index.js';
import type { FixedType } from '../ir/fixed/type.js';
import { LAYER_KINDS, type Graph, type Layer, type LayerOptions } from '../ir/graph.js';
import type { PrecisionRequest } from '../ir/layers/spec.js';
import type { Config, LayerConfig, Precision } from './schema.js';

/** Defaults of the table types, as hls4ml users know them. */
export const DEFAULT_TABLE_TYPE = 'fixed<18,8,RND,SAT>';

/** A model that carries its own quantizers. */
export function isQuantized(graph: Graph): boolean {
  return graph.layers.some((l) => l.kind === 'Quant');
}

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
 * What a layer asks for. In a quantized model (one with Quant layers: QONNX or QDQ) the model's own
 * quantizers set the precisions: every layer keeps its exact result unless the config names a result
 * type for it (LayerName or LayerType), so nothing is rounded twice and only the quantizers round.
 * Model.Precision then types the inputs, the constants the model did not quantize, and the few
 * results that have no exact type (lookup tables, division, average pooling).
 */
export function precisionRequest(config: Config, layer: Layer, graph: Graph): PrecisionRequest {
  const entries = entriesFor(config, layer);
  const model = config.Model.Precision;
  const fromModel = (role: Role, fallback: string) => roleOf(model, role) ?? fallback;
  const resultStr = pick(entries, 'result') ?? (isQuantized(graph) ? 'auto' : fromModel('result', 'fixed<16,6>'));
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

/** ap_fixed quantization modes that equal a quantizer's rounding of x/scale. */
const ROUNDING_AS_Q: Partial<Record<string, FixedType['q']>> = {
  ROUND: 'RND_CONV',
  FLOOR: 'TRN',
  ROUND_TO_ZERO: 'TRN_ZERO',
  HALF_UP: 'RND_INF',
  HALF_DOWN: 'RND_ZERO',
};

/**
 * The type a quantizer's result would have if the ap_fixed constructor from double did the
 * quantizer's whole job: per-tensor power-of-two scale, zero point 0, a rounding ap_fixed knows.
 */
function quantizerAsType(layer: Layer): FixedType | undefined {
  if (layer.kind !== 'Quant') return undefined;
  const a = layer.attrs;
  if (a.mode !== 'quant' || a.scale.length !== 1 || a.zeroPoint.some((z) => z !== 0)) return undefined;
  const k = Math.log2(a.scale[0]!);
  const q = ROUNDING_AS_Q[a.rounding];
  if (!Number.isInteger(k) || !q) return undefined;
  // a narrow signed range [-(2^(b-1)-1), 2^(b-1)-1] is ap_fixed's symmetric saturation
  if (a.narrow && !a.signed) return undefined;
  const o = a.narrow ? 'SAT_SYM' : 'SAT';
  return { signed: a.signed, width: a.bitwidth, intBits: a.bitwidth + k, q, o, n: 0 };
}

/**
 * The type a graph input is quantized to: its LayerName Precision, else a default. In a quantized
 * model an input read only by one kind of power-of-two quantizer takes that quantizer's own type
 * with its rounding and saturation, so the conversion from double is the quantizer itself (no
 * double rounding); other inputs of quantized models get 24 fraction bits beyond the model
 * precision's integer bits (a float32's precision). Plain models use Model.Precision.
 */
export function inputType(config: Config, inputName: string, graph?: Graph): FixedType {
  const byName = roleOf(config.LayerName[inputName]?.Precision, 'result');
  if (byName && byName !== 'auto') return typeOf(byName);
  // 'auto' asks for exact layer results; a sample from outside has no exact type
  const modelResult = roleOf(config.Model.Precision, 'result');
  const modelDefault = typeof config.Model.Precision === 'string' ? config.Model.Precision : config.Model.Precision.default;
  const modelType = typeOf(modelResult && modelResult !== 'auto' ? modelResult : (modelDefault ?? 'fixed<16,6>'));
  if (!graph || !isQuantized(graph)) return modelType;
  const readers = graph.layers.filter((l) => l.inputs.includes(inputName));
  const asTypes = readers.map(quantizerAsType);
  const first = asTypes[0];
  if (first && asTypes.every((t) => t && JSON.stringify(t) === JSON.stringify(first))) return first;
  return { ...modelType, width: modelType.intBits + 24 };
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
