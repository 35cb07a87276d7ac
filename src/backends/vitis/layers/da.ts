// Dense and Conv with strategy distributed_arithmetic in Vitis HLS C++: the layer's AdderGraph
// (attrs.adderGraph, from passes/cmvm/lower.ts) as shift-add statements, fhls/da.h around them.
// Semantics: src/ir/layers/dense.ts, conv.ts (the adder-graph path) and mac.ts.
//
// Per layer, parameters.h gets a config struct whose static `kernel` maps one input vector (Dense:
// a row; Conv: one window, channel-major then kernel taps row-major) to one output vector:
//   inputs   const ap_int<8> n0 = fhls::raw_of(x[0]);           the raw integer of x_i
//   adders   const ap_int<12> n17 = (ap_int<12>(n3) << 2) - n9; // -> y0, y5
//            one statement per op, typed by the op's exact width: every node value fits it, and
//            the arithmetic is exact modulo 2^width (the cast, the shift and the narrowing
//            assignment keep the low bits), so the value is exactly the graph's.
//   outputs  const ap_int<WA> a0 = ap_int<WA>(bias) + (ap_int<WA>(n17) << s);
//            y[0] = fhls::from_raw<accum_t>(a0);
//            a0 is the raw accumulator (bias converted to accum, plus ±node at the accumulator
//            LSB), read as accum_t and converted to the output type by the assignment.
// No `*` anywhere. The estimate: one adder level per cycle plus one for the bias adds; no
// multipliers; the graph's adders and their total width (≈ LUTs) in the note.

import { type FixedType, lsbExp } from '../../../ir/fixed/type.js';
import { convert } from '../../../ir/fixed/quantize.js';
import type { LayerOf } from '../../../ir/graph.js';
import { size } from '../../../ir/graph.js';
import { type AdderGraph, graphStats } from '../../../passes/cmvm/index.js';
import { type DaLayer, daProblem, isDaLayer } from '../../../passes/cmvm/lower.js';
import { configStruct, cppIntValue, cppType, type Member } from '../cpp.js';
import type { EmitContext, LayerCode, TensorRef } from '../emitter.js';
import { buffered, bufferedLatency } from './util.js';

/** `ap_int<w>` or `ap_uint<w>`. */
function intType(width: number, signed: boolean): string {
  return signed ? `ap_int<${width}>` : `ap_uint<${width}>`;
}

/** "y0-3, y7": the outputs a node feeds, as ranges. */
export function outputList(cols: readonly number[]): string {
  const parts: string[] = [];
  for (let k = 0; k < cols.length; ) {
    let e = k;
    while (e + 1 < cols.length && cols[e + 1] === cols[e] + 1) e++;
    parts.push(e === k ? `y${cols[k]}` : e === k + 1 ? `y${cols[k]}, y${cols[e]}` : `y${cols[k]}-${cols[e]}`);
    k = e + 1;
  }
  return parts.join(', ');
}

/** The kernel's arithmetic, and facts the estimate needs. */
interface Kernel {
  body: string[];
  outputAdders: number;
}

/**
 * The statements of the kernel: graph nodes, then each output's accumulator and conversion.
 * `sumShift` = product LSB − accumulator LSB; `bias` raw at the accumulator LSB (converted).
 */
function kernelBody(g: AdderGraph, accum: FixedType, accumName: string, sumShift: number, bias: readonly bigint[]): Kernel {
  const nIn = g.inputs.length;
  const node = (id: number) => `n${id}`;
  const typeOf = (id: number) => (id < nIn ? g.inputs[id] : g.ops[id - nIn]);
  // the inputs something reads
  const used = new Set<number>();
  for (const op of g.ops) used.add(op.a).add(op.b);
  for (const o of g.outputs) if (o) used.add(o.node);
  const body: string[] = [];
  body.push('// the inputs as raw integers');
  for (let i = 0; i < nIn; i++) {
    if (!used.has(i)) continue;
    const t = g.inputs[i];
    body.push(`const ${intType(t.width, t.signed)} ${node(i)} = fhls::raw_of(x[${i}]);`);
  }
  if (g.ops.length > 0) body.push(`// ${g.ops.length} adders, depth ${graphStats(g).depth}: node = (a << sa) ± (b << sb), exact in its width`);
  g.ops.forEach((op, k) => {
    const id = nIn + k;
    const T = intType(op.width, op.signed);
    const operand = (n: number, s: number) => (s === 0 ? node(n) : `(${T}(${node(n)}) << ${s})`);
    const expr = `${operand(op.a, op.shiftA)} ${op.sub ? '-' : '+'} ${operand(op.b, op.shiftB)}`;
    body.push(`const ${T} ${node(id)} = ${expr};  // depth ${op.depth} -> ${outputList(op.usedBy)}`);
  });
  // the raw accumulator: a signed integer holding every accum value
  const WA = accum.width + (accum.signed ? 0 : 1);
  const A = `ap_int<${WA}>`;
  body.push(`// outputs: raw accumulator (LSB 2^${lsbExp(accum)}) = bias ± (node << shift), then converted to the output type`);
  let outputAdders = 0;
  g.outputs.forEach((o, j) => {
    const b = bias[j] ?? 0n;
    const terms: string[] = [];
    if (b !== 0n) terms.push(cppIntValue(A, b, WA));
    if (o !== null) {
      const s = o.shift + sumShift;
      const v = s === 0 ? `${A}(${node(o.node)})` : `(${A}(${node(o.node)}) << ${s})`;
      if (terms.length === 0) terms.push(o.negate ? `-${v}` : v);
      else terms.push(`${o.negate ? '-' : '+'} ${v}`);
      if (b !== 0n || o.negate) outputAdders++;
    }
    body.push(`const ${A} a${j} = ${terms.length === 0 ? '0' : terms.join(' ')};`);
    body.push(`y[${j}] = fhls::from_raw<${accumName}>(a${j});`);
  });
  return { body, outputAdders };
}

/** Cycles of one kernel evaluation: one adder level per cycle, one more for the bias adds. */
function kernelLatency(g: AdderGraph, outputAdders: number): number {
  return Math.max(1, graphStats(g).depth + (outputAdders > 0 ? 1 : 0));
}

function notLowered(): never {
  throw new Error('the layer has strategy distributed_arithmetic but no adder graph (the cmvm stage of the pipeline did not run)');
}

/** The parts of the config struct both kinds share; the kernel function and the accum type. */
function daParts(layer: DaLayer, ctx: EmitContext, x: TensorRef, y: TensorRef, nIn: number, nOut: number) {
  const g = layer.attrs.adderGraph ?? notLowered();
  const p = daProblem(layer, ctx.graph);
  const accum = layer.types?.accum;
  if (!accum) throw new Error('the layer has no accumulator type');
  const accumName = ctx.ident(`${ctx.layerId}_accum_t`);
  const sumShift = lsbExp(p.x) + p.weight.lsb - lsbExp(accum);
  if (sumShift < 0) throw new Error('the accumulator LSB is coarser than the products (not an exact accumulator)');
  const bias = p.bias ? p.bias.raw.map((r) => convert(p.bias!.type, accum, r)) : [];
  const k = kernelBody(g, accum, accumName, sumShift, bias);
  const stats = graphStats(g);
  const kernel = [
    `static void kernel(const ${x.type} x[${nIn}], ${y.type} y[${nOut}]) {`,
    '#pragma HLS INLINE',
    ...k.body.map((l) => `  ${l}`),
    '}',
  ];
  return { g, stats, accum, accumName, kernel, outputAdders: k.outputAdders, latency: kernelLatency(g, k.outputAdders) };
}

/** configStruct plus the kernel function as the struct's last member. */
function structWithKernel(name: string, comment: string, members: readonly Member[], kernel: readonly string[]): string {
  const text = configStruct(name, comment, members);
  const head = text.slice(0, text.lastIndexOf('};'));
  return `${head}${kernel.map((l) => (l.startsWith('#') ? l : `  ${l}`)).join('\n')}\n};`;
}

function originText(layer: DaLayer): string {
  const o = layer.origin;
  return `${layer.name}${o?.node !== undefined && o.node !== layer.name ? ` (ONNX node '${o.node}')` : ''}${o?.opType ? ` ${o.opType}` : ''}`;
}

function note(stats: { adders: number; depth: number; adderBits: number }, outputAdders: number, instances: number, kernelLatency: number): string {
  const each = instances > 1 ? ` per instance, ${instances} instances` : '';
  return (
    `distributed arithmetic: ${stats.adders} adders (${stats.adderBits} adder bits ≈ LUTs), depth ${stats.depth}, ` +
    `${outputAdders} bias/sign adders${each}; no multipliers; kernel latency ${kernelLatency} = one cycle per adder level` +
    (outputAdders > 0 ? ' + 1 for the bias adds' : '')
  );
}

export function emitDenseDa(layer: LayerOf<'Dense'>, ctx: EmitContext): LayerCode {
  const x = ctx.input(0);
  const y = ctx.output(0);
  const [nIn, nOut] = ctx.graph.tensors[layer.attrs.weight].shape;
  const rows = x.size / nIn;
  const d = daParts(layer, ctx, x, y, nIn, nOut);
  const cfg = `${ctx.layerId}_config`;
  const members: Member[] = [
    { const: 'n_in', value: nIn },
    { const: 'n_out', value: nOut },
    { const: 'n_rows', value: rows },
  ];
  const config = structWithKernel(
    cfg,
    `${originText(layer)}: Dense ${nIn} -> ${nOut} as distributed arithmetic: ${d.stats.adders} adders, depth ${d.stats.depth}, no multipliers`,
    members,
    d.kernel,
  );
  let call: string[];
  let latency: number;
  let ii = 1;
  if (ctx.ioType === 'io_parallel') {
    call = [`fhls::dense_da<${cfg}>(${x.name}, ${y.name});`];
    latency = d.latency;
  } else if (x.shape.length <= 1 && y.shape.length <= 1) {
    call = [`fhls::dense_da_stream<${cfg}>(${x.name}, ${y.name});`];
    latency = d.latency + 1;
  } else {
    call = buffered(ctx, [x], [y], ([xb], [yb]) => [`fhls::dense_da<${cfg}>(${xb}, ${yb});`]);
    latency = bufferedLatency([x], [y], d.latency);
    ii = Math.max(x.positions, y.positions);
  }
  return {
    headers: ['fhls/da.h'],
    typedefs: [{ name: d.accumName, type: d.accum, comment: `${layer.name}: the exact accumulator (raw sums of the adder graph plus the bias)` }],
    config,
    weights: [],
    call,
    estimate: { latency, ii, multipliers: [], note: note(d.stats, d.outputAdders, rows, d.latency) },
  };
}

export function emitConvDa(layer: LayerOf<'Conv'>, ctx: EmitContext): LayerCode {
  const x = ctx.input(0);
  const y = ctx.output(0);
  const w = ctx.graph.tensors[layer.attrs.weight].shape;
  const rank = x.shape.length - 1;
  if (rank !== 1 && rank !== 2) throw new Error(`the Vitis backend emits 1-D and 2-D convolutions only (this one is ${rank}-D)`);
  const [C, ...spatial] = x.shape;
  const [M, , ...kernel] = w;
  const [, ...outSpatial] = y.shape;
  const two = (a: readonly number[], fill: number) => (rank === 1 ? [fill, a[0]] : [a[0], a[1]]);
  const [H, W] = two(spatial, 1);
  const [FH, FW] = two(kernel, 1);
  const [OH, OW] = two(outSpatial, 1);
  const [SH, SW] = two(layer.attrs.strides, 1);
  const [DH, DW] = two(layer.attrs.dilations, 1);
  const [PT, PL] = two(layer.attrs.pads.slice(0, rank), 0);
  const K = size(kernel);
  const d = daParts(layer, ctx, { ...x, size: C * K }, y, C * K, M);
  const cfg = `${ctx.layerId}_config`;
  const members: Member[] = [
    { const: 'n_chan', value: C },
    { const: 'in_height', value: H },
    { const: 'in_width', value: W },
    { const: 'n_filt', value: M },
    { const: 'filt_height', value: FH },
    { const: 'filt_width', value: FW },
    { const: 'stride_height', value: SH },
    { const: 'stride_width', value: SW },
    { const: 'dilation_height', value: DH },
    { const: 'dilation_width', value: DW },
    { const: 'pad_top', value: PT },
    { const: 'pad_left', value: PL },
    { const: 'out_height', value: OH },
    { const: 'out_width', value: OW },
  ];
  const groups = layer.attrs.group > 1 ? `, ${layer.attrs.group} groups` : '';
  const config = structWithKernel(
    cfg,
    `${originText(layer)}: Conv ${C} -> ${M} channels, kernel [${kernel.join('x')}]${groups} as distributed arithmetic: ${d.stats.adders} adders, depth ${d.stats.depth}, no multipliers`,
    members,
    d.kernel,
  );
  const P = OH * OW;
  let call: string[];
  let latency: number;
  let ii = 1;
  let instances = P;
  if (ctx.ioType === 'io_parallel') {
    call = [`fhls::conv_da<${cfg}>(${x.name}, ${y.name});`];
    latency = d.latency;
  } else {
    call = buffered(ctx, [x], [y], ([xb], [yb]) => [`fhls::conv_da_pipelined<${cfg}>(${xb}, ${yb});`]);
    latency = bufferedLatency([x], [y], P - 1 + d.latency);
    ii = Math.max(x.positions, P, y.positions);
    instances = 1;
  }
  return {
    headers: ['fhls/da.h'],
    typedefs: [{ name: d.accumName, type: d.accum, comment: `${layer.name}: the exact accumulator (raw sums of the adder graph plus the bias)` }],
    config,
    weights: [],
    call,
    estimate: { latency, ii, multipliers: [], note: note(d.stats, d.outputAdders, instances, d.latency) },
  };
}

/** Whether a layer goes to this emitter (the dispatch in layers/index.ts): Dense/Conv with strategy distributed_arithmetic. */
export { isDaLayer };
