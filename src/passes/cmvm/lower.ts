// The distributed-arithmetic stage: every Dense and Conv layer whose strategy is
// distributed_arithmetic (model-wide or per layer) gets the AdderGraph of its weight matrix in
// attrs.adderGraph. Runs after the precision pass, on a typed graph; the emulator (ir/layers/
// dense.ts, conv.ts), the Vitis emitter (backends/vitis/layers/da.ts) and the RTL lowering read it.
//
// The matrix is integer: raw weights on their common LSB (per-element types allowed: constantRaw
// puts every element on the finest grid), rows = inputs, columns = outputs.
//   Dense: rows = the nIn inputs, columns = the nOut outputs.
//   Conv:  the kernel matrix, evaluated once per output position: row c·K + k for input channel c
//          and kernel position k (row-major over the kernel), column m for output channel m;
//          block-diagonal over the groups (W[m, c − g·C/group, k] where c is in m's group g, else 0).
// Inputs range over the input tensor's type (minRaw … maxRaw), so every node's width is exact for
// every input the layer can see (0 included: the padding). The depth bound is MaxDepth
// (LayerName > LayerType > Model).
//
// A DA layer's accumulator is the exact one: the graph computes the exact sum, rounded once into
// the result. A config accum that is not exact for the layer is replaced, with a warning.

import type { Config, LayerConfig } from '../../config/schema.js';
import { error, fail, hasErrors, ok, warning, type Diagnostic, type Result } from '../../ir/diagnostics.js';
import { formatType } from '../../ir/fixed/parse.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from '../../ir/fixed/type.js';
import { type Graph, type Layer, type LayerOf, size } from '../../ir/graph.js';
import { type ConstantRaw, constantData, constantRaw, fixedTypeOf, tensorOf } from '../../ir/layers/constants.js';
import { accumIsExact, exactAccumType, type MacTypes } from '../../ir/layers/mac.js';
import type { AdderGraph } from './adder-graph.js';
import { graphStats } from './adder-graph.js';
import { csdBaselineAdders, minDepth } from './csd.js';
import { CmvmError, solveCmvm } from './solve.js';

export type DaLayer = LayerOf<'Dense'> | LayerOf<'Conv'>;

/** Whether a layer is lowered to distributed arithmetic (Dense or Conv with that strategy). */
export function isDaLayer(layer: Layer): layer is DaLayer {
  return (layer.kind === 'Dense' || layer.kind === 'Conv') && layer.options?.strategy === 'distributed_arithmetic';
}

/** The CMVM problem of a Dense or Conv layer of a typed graph. */
export interface DaProblem {
  /** rows = graph inputs, columns = outputs, raw weights at `weight.lsb` */
  W: bigint[][];
  /** the input tensor's raw range, one per row */
  ranges: [bigint, bigint][];
  /** the input tensor's type */
  x: FixedType;
  weight: ConstantRaw;
  bias?: ConstantRaw;
  nOut: number;
  /** which output each weight (in the tensor's row-major order) feeds: MacTypes.groupOf */
  groupOf: (k: number) => number;
}

export function daProblem(layer: DaLayer, graph: Graph): DaProblem {
  const { weight, bias } = layer.attrs;
  const wt = tensorOf(graph, weight);
  if (!wt.type) throw new Error(`weight '${weight}' has no type (run the precision pass first)`);
  const w = constantRaw(constantData(graph, weight), wt.type);
  const bt = bias ? tensorOf(graph, bias).type : undefined;
  if (bias && !bt) throw new Error(`bias '${bias}' has no type (run the precision pass first)`);
  const b = bias && bt ? constantRaw(constantData(graph, bias), bt) : undefined;
  const x = fixedTypeOf(graph, layer.inputs[0]);
  let W: bigint[][];
  let nOut: number;
  let groupOf: (k: number) => number;
  if (layer.kind === 'Dense') {
    const [nIn, n] = wt.shape;
    nOut = n;
    W = Array.from({ length: nIn }, (_, i) => w.raw.slice(i * nOut, (i + 1) * nOut));
    groupOf = (k) => k % nOut;
  } else {
    const [M, Cg] = wt.shape;
    const K = size(wt.shape.slice(2));
    const C = Cg * layer.attrs.group;
    const perGroup = M / layer.attrs.group;
    nOut = M;
    W = Array.from({ length: C * K }, () => new Array<bigint>(M).fill(0n));
    for (let m = 0; m < M; m++) {
      const g = Math.floor(m / perGroup);
      for (let c = 0; c < Cg; c++) for (let k = 0; k < K; k++) W[(g * Cg + c) * K + k][m] = w.raw[(m * Cg + c) * K + k];
    }
    groupOf = (k) => Math.floor(k / (Cg * K));
  }
  const range: [bigint, bigint] = [minRaw(x), maxRaw(x)];
  return { W, ranges: W.map(() => range), x, weight: w, ...(b ? { bias: b } : {}), nOut, groupOf };
}

/** The MAC types of a DA layer under an accumulator and result type. */
function macTypes(p: DaProblem, accum: FixedType, result: FixedType): MacTypes {
  return { x: p.x, w: p.weight, bias: p.bias, accum, result, nOut: p.nOut, groupOf: p.groupOf };
}

/** The config entries that apply to a layer, most specific first. */
function entries(config: Config, layer: Layer): LayerConfig[] {
  return [config.LayerName[layer.name], config.LayerType[layer.kind]].filter((e): e is LayerConfig => e !== undefined);
}

/** The adder-depth bound of a layer: MaxDepth from LayerName > LayerType > Model; undefined = none. */
export function maxDepthOf(config: Config, layer: Layer): number | undefined {
  return entries(config, layer).find((e) => e.MaxDepth !== undefined)?.MaxDepth ?? config.Model.MaxDepth;
}

/** Lower one DA layer: its AdderGraph, and the exact accumulator if the config asked for another. */
function lowerLayer(layer: DaLayer, graph: Graph, config: Config, ds: Diagnostic[]): DaLayer {
  const where = `${layer.kind} layer '${layer.name}'`;
  const p = daProblem(layer, graph);
  const result = fixedTypeOf(graph, layer.outputs[0]);
  let accum = layer.types?.accum;
  if (!accum) throw new Error(`${where} has no accum type (run the precision pass first)`);
  if (!accumIsExact(macTypes(p, accum, result))) {
    const exact = exactAccumType(p.x, p.weight, p.bias, p.nOut, p.groupOf);
    ds.push(
      warning(
        'cmvm/accum-ignored',
        `${where}: the accum type ${formatType(accum, 'hls4ml')} is ignored: with distributed_arithmetic the adder graph computes the exact sum (${formatType(exact, 'hls4ml')}), rounded once into the result ${formatType(result, 'hls4ml')}`,
        layer.origin,
        'drop the accum precision for this layer, or use strategy Latency to accumulate in a narrower type',
      ),
    );
    accum = exact;
  }
  const rf = layer.options?.reuseFactor ?? 1;
  if (rf > 1)
    ds.push(warning('cmvm/reuse-ignored', `${where}: ReuseFactor ${rf} is ignored: distributed arithmetic is fully parallel (no multipliers to share)`, layer.origin));
  const maxDepth = maxDepthOf(config, layer);
  let adderGraph: AdderGraph;
  try {
    adderGraph = solveCmvm(p.W, p.ranges, maxDepth === undefined ? {} : { maxDepth });
  } catch (e) {
    if (!(e instanceof CmvmError)) throw e;
    const d = e.diagnostic;
    const hint = d.code === 'cmvm/max-depth' ? `set MaxDepth >= ${minDepth(p.W)} for this layer (LayerName: { '${layer.name}': { MaxDepth: … } }) or drop it` : d.hint;
    ds.push(error(d.code, `${where}: ${d.message}`, layer.origin, hint));
    return layer;
  }
  return { ...layer, attrs: { ...layer.attrs, adderGraph }, types: { ...layer.types, accum } } as DaLayer;
}

/**
 * The stage: every DA layer lowered. Errors (a depth bound below the matrix's minimum, a matrix
 * too large) name the layer; warnings say what the config asked for that DA ignores.
 */
export function lowerDistributedArithmetic(graph: Graph, config: Config): Result<Graph> {
  const ds: Diagnostic[] = [];
  for (const [name, e] of Object.entries(config.LayerName)) {
    const layer = graph.layers.find((l) => l.name === name);
    if (!layer) continue;
    if (e.Strategy === 'distributed_arithmetic' && layer.kind !== 'Dense' && layer.kind !== 'Conv')
      ds.push(warning('cmvm/strategy-ignored', `LayerName.${name}: Strategy distributed_arithmetic applies to Dense and Conv layers only; ignored for ${layer.kind} layer '${name}'`, layer.origin));
    else if (e.MaxDepth !== undefined && !isDaLayer(layer))
      ds.push(warning('cmvm/max-depth-ignored', `LayerName.${name}: MaxDepth applies to distributed_arithmetic layers only; ignored for ${layer.kind} layer '${name}'`, layer.origin));
  }
  const layers = graph.layers.map((l) => (isDaLayer(l) ? lowerLayer(l, graph, config, ds) : l));
  return hasErrors(ds) ? fail(ds) : ok({ ...graph, layers }, ds);
}

/** What distributed arithmetic did to one layer: for `fhls inspect` and the convert report. */
export interface DaLayerSummary {
  layer: string;
  kind: 'Dense' | 'Conv';
  /** constant multiplications of one evaluation of the layer's matrix without DA (non-zero weights) */
  multipliers: number;
  /** two-input additions/subtractions of the adder graph */
  adders: number;
  /** adder levels of the graph */
  depth: number;
  /** Σ adder widths of the graph */
  adderBits: number;
  /** the per-output CSD baseline without sharing, for comparison */
  csdAdders: number;
  /** outputs that need one more adder after the graph: a bias to add, or a sign to flip without one */
  outputAdders: number;
  /** estimated LUTs: one per adder result bit (adderBits) plus the output adders at the accumulator width */
  estimatedLuts: number;
  /** times the graph is evaluated per sample (Dense rows, Conv output positions); one instance, pipelined */
  evaluations: number;
}

/** The summary of a lowered DA layer; undefined for any other layer. */
export function daLayerSummary(layer: Layer, graph: Graph): DaLayerSummary | undefined {
  if ((layer.kind !== 'Dense' && layer.kind !== 'Conv') || !layer.attrs.adderGraph) return undefined;
  const g = layer.attrs.adderGraph;
  const p = daProblem(layer, graph);
  const s = graphStats(g);
  const accum = layer.types?.accum;
  const biasRaw = p.bias?.raw ?? [];
  let outputAdders = 0;
  g.outputs.forEach((o, j) => {
    const hasBias = (biasRaw[j] ?? 0n) !== 0n;
    if (o !== null && (hasBias || o.negate)) outputAdders++;
  });
  const multipliers = p.weight.raw.filter((r) => r !== 0n).length;
  const evaluations = size(tensorOf(graph, layer.outputs[0]).shape) / p.nOut;
  return {
    layer: layer.name,
    kind: layer.kind,
    multipliers,
    adders: s.adders,
    depth: s.depth,
    adderBits: s.adderBits,
    csdAdders: csdBaselineAdders(p.W),
    outputAdders,
    estimatedLuts: s.adderBits + outputAdders * (accum ? accum.width : 0),
    evaluations,
  };
}

/** The raw LSB exponent of the graph's sums: the input LSB plus the weights' common LSB. */
export function daSumLsb(p: DaProblem): number {
  return lsbExp(p.x) + p.weight.lsb;
}
