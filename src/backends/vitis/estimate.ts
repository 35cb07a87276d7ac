// Cost estimates for report.json and the printed summary.
//
// The numbers are those of fhls's schedule model, exact for that model and stated as such: each
// layer is a pipeline stage whose latency and initiation interval (II) its emitter computes from
// the loop structure of its C++ (see LayerEstimate in emitter.ts); layers run one after another,
// so the model's latency is the longest path through the graph (the sum of the layer latencies
// along it) and its II is the largest layer II. In io_stream the layers of a DATAFLOW region
// overlap in hardware, so the sum is an upper bound there. Vitis HLS schedules operators itself:
// check the csynth report for the figure at your clock.
//
// Multipliers. A product of an a-bit by a b-bit operand (widths as signed two's complement: an
// unsigned w-bit operand counts as w + 1) is placed, by fhls's rule:
//   - in LUTs when the narrower operand has at most LUT_MAX_NARROW (4) bits, or both together at
//     most LUT_MAX_SUM (10) bits: small products are cheaper in fabric than in a DSP slice;
//   - otherwise in DSP48E2 slices (27 x 18 signed): ceil(wide / 27) * ceil(narrow / 18) slices,
//     the wider operand on the 27-bit port.
// Latency of one multiply: 1 cycle in LUTs; 3 cycles in one DSP (input, multiply and output
// registers); 3 + ceil(log2(slices)) for a product split across several slices (adding the partial
// products). A multiplier operand wider than MAX_MULTIPLIER_WIDTH (64) bits is refused: it costs a
// dozen slices per product and almost always means an unintended precision (an 'auto' result
// chained into a multiplication).

import type { Graph, Layer } from '../../ir/graph.js';
import type { LayerEstimate, MultiplierGroup } from './emitter.js';

export const LUT_MAX_NARROW = 4;
export const LUT_MAX_SUM = 10;
export const DSP_A = 27;
export const DSP_B = 18;
export const MAX_MULTIPLIER_WIDTH = 64;

function signedWidth(o: { width: number; signed: boolean }): number {
  return o.signed ? o.width : o.width + 1;
}

/** DSP48E2 slices of one product of the group (0: in LUTs). */
export function dspsPerMultiplier(g: MultiplierGroup): number {
  const a = signedWidth(g.a);
  const b = signedWidth(g.b);
  const wide = Math.max(a, b);
  const narrow = Math.min(a, b);
  if (narrow <= LUT_MAX_NARROW || wide + narrow <= LUT_MAX_SUM) return 0;
  return Math.ceil(wide / DSP_A) * Math.ceil(narrow / DSP_B);
}

/** Cycles of one multiply (see the header). */
export function multiplierLatency(g: MultiplierGroup): number {
  const d = dspsPerMultiplier(g);
  if (d === 0) return 1;
  return d === 1 ? 3 : 3 + Math.ceil(Math.log2(d));
}

/** A multiplier with an operand wider than the limit, as text for an error message; undefined if none. */
export function tooWideMultiplier(groups: readonly MultiplierGroup[], limit = MAX_MULTIPLIER_WIDTH): string | undefined {
  for (const g of groups) {
    if (g.a.width > limit || g.b.width > limit) return `${g.a.width} × ${g.b.width} bits`;
  }
  return undefined;
}

export interface LayerReport {
  layer: string;
  kind: string;
  /** the ONNX node and op the layer came from */
  node?: string;
  opType?: string;
  outputs: { tensor: string; type: string; shape: number[] }[];
  latency: number;
  ii: number;
  /** cycle at which the layer's last output is ready (longest path from the inputs) */
  finish: number;
  multipliers: { count: number; a: string; b: string; constant: boolean; dspsEach: number; resource: 'DSP' | 'LUT' }[];
  dsps: number;
  lutMultipliers: number;
  weightBits: number;
  reuseFactor?: number;
  strategy?: string;
  note: string;
}

export interface ModelReport {
  model: string;
  project: string;
  part: string;
  clockPeriodNs: number;
  ioType: string;
  schedule: string;
  layers: LayerReport[];
  total: {
    latencyCycles: number;
    latencyNs: number;
    ii: number;
    dsps: number;
    lutMultipliers: number;
    multipliers: number;
    weightBits: number;
  };
}

export const SCHEDULE_NOTE =
  "fhls's schedule model: each layer is a pipeline stage with the latency and II its C++ loop " +
  'structure gives; model latency = longest path (sum of layer latencies along it), model II = largest ' +
  'layer II. Exact for this model; in io_stream the DATAFLOW stages overlap, so the latency is an upper ' +
  "bound. Vitis HLS's own schedule (csynth report) may differ by operator latencies.";

/** Longest-path finish times of every layer (graph inputs ready at cycle 0). */
export function finishTimes(graph: Graph, estimates: readonly LayerEstimate[]): number[] {
  const ready = new Map<string, number>();
  for (const n of graph.inputs) ready.set(n, 0);
  return graph.layers.map((layer, i) => {
    const start = Math.max(0, ...layer.inputs.map((n) => ready.get(n) ?? 0));
    const finish = start + estimates[i].latency;
    for (const o of layer.outputs) ready.set(o, finish);
    return finish;
  });
}

export function multiplierRows(groups: readonly MultiplierGroup[]): LayerReport['multipliers'] {
  const fmt = (o: { width: number; signed: boolean }) => `${o.signed ? '' : 'u'}${o.width}`;
  return groups.map((g) => {
    const d = dspsPerMultiplier(g);
    return { count: g.count, a: fmt(g.a), b: fmt(g.b), constant: g.constant, dspsEach: d, resource: d > 0 ? 'DSP' : 'LUT' };
  });
}

/** The report of an emitted model (per layer and totals) under the given clock. */
export function buildReport(
  graph: Graph,
  layers: readonly {
    layer: Layer;
    code: { estimate: LayerEstimate; weights: readonly { type: { width: number }; values: readonly unknown[] }[] };
  }[],
  outputs: (layer: Layer) => LayerReport['outputs'],
  meta: { model: string; project: string; part: string; clockPeriodNs: number; ioType: string },
): ModelReport {
  const finish = finishTimes(
    graph,
    layers.map((l) => l.code.estimate),
  );
  const rows: LayerReport[] = layers.map(({ layer, code }, i) => {
    const mults = multiplierRows(code.estimate.multipliers);
    return {
      layer: layer.name,
      kind: layer.kind,
      ...(layer.origin?.node !== undefined ? { node: layer.origin.node } : {}),
      ...(layer.origin?.opType !== undefined ? { opType: layer.origin.opType } : {}),
      outputs: outputs(layer),
      latency: code.estimate.latency,
      ii: code.estimate.ii,
      finish: finish[i],
      multipliers: mults,
      dsps: mults.reduce((s, m) => s + m.count * m.dspsEach, 0),
      lutMultipliers: mults.filter((m) => m.resource === 'LUT').reduce((s, m) => s + m.count, 0),
      weightBits: code.weights.reduce((s, w) => s + w.type.width * w.values.length, 0),
      ...(layer.options ? { reuseFactor: layer.options.reuseFactor, strategy: layer.options.strategy } : {}),
      note: code.estimate.note,
    };
  });
  // a tensor's finish time is its producer's; the model is done when its last output is
  const producerFinish = new Map<string, number>();
  layers.forEach(({ layer }, i) => layer.outputs.forEach((o) => producerFinish.set(o, finish[i])));
  const latencyCycles = Math.max(0, ...graph.outputs.map((o) => producerFinish.get(o) ?? 0));
  return {
    ...meta,
    schedule: SCHEDULE_NOTE,
    layers: rows,
    total: {
      latencyCycles,
      latencyNs: latencyCycles * meta.clockPeriodNs,
      ii: Math.max(1, ...rows.map((r) => r.ii)),
      dsps: rows.reduce((s, r) => s + r.dsps, 0),
      lutMultipliers: rows.reduce((s, r) => s + r.lutMultipliers, 0),
      multipliers: rows.reduce((s, r) => s + r.multipliers.reduce((t, m) => t + m.count, 0), 0),
      weightBits: rows.reduce((s, r) => s + r.weightBits, 0),
    },
  };
}
