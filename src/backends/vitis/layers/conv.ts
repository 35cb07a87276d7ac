// Conv (1-D and 2-D, grouped and depthwise) in Vitis HLS C++: fhls::conv / fhls::conv_stream
// (templates/hls/fhls/conv.h, on fhls/mac.h and fhls/window.h). Semantics: src/ir/layers/conv.ts.
//
// Two config structs: <layer>_mac (the MAC of one output position: n_in = C/group · kernel size
// products per output, n_out = the filters, n_groups = group) and <layer>_config (the window
// geometry, `typedef <layer>_mac mac`, the io_parallel multiplier limit and, in io_stream, the line
// buffer and the loop's trip count). The weights W[m][c][kh][kw] are written rearranged in-major,
// [c][kh][kw][m], the order fhls::mac reads (the array's comment says so).
//
// Estimate (the cost model of layers/mac.ts; P output positions, taps = kernel taps inside the
// input, n_iter and the per-iteration reads/computes from the stream schedule of layers/window.ts):
//   io_parallel  Latency:  latency = RF − 1 + mul + levels(C/group · max taps + 1), II = RF,
//                          multipliers = ceil(M · C/group · Σ_p taps(p) / RF)
//                Resource: latency = RF − 1 + mul + ceil(BF / M), II = RF, multipliers = P · BF
//   io_stream    Latency:  latency = n_iter · RF + mul + levels(n_in + 1), II = n_iter · RF,
//                          multipliers = M · n_in / RF
//                Resource: latency = II = Σ over iterations of max(1, [read] + [compute]·(RF + mul +
//                          ceil(BF / M))), multipliers = BF

import { size } from '../../../ir/graph.js';
import { windowTable } from '../../../ir/layers/windows.js';
import { configStruct } from '../cpp.js';
import type { Emitter, LayerCode, WeightArray } from '../emitter.js';
import { accumTypedef, biasArray, macDepth, macLatency, macMembers, macMultipliers, macPlan, strategyNote, transposeValues } from './mac.js';
import { geometryMembers, geometryOf, streamMembers, streamSchedule } from './window.js';

/** The in-major copy of each conv weight array (one per array, however many layers read it). */
const rearranged = new WeakMap<WeightArray, WeightArray>();

function inMajor(w: WeightArray, nOut: number, nIn: number, shape: number[]): WeightArray {
  let r = rearranged.get(w);
  if (!r) {
    r = { ...w, shape, values: transposeValues(w.values, nOut, nIn) };
    rearranged.set(w, r);
  }
  return r;
}

export const emitConv: Emitter<'Conv'> = (layer, ctx): LayerCode => {
  const { weight, bias, strides, pads, dilations, group } = layer.attrs;
  const x = ctx.input(0);
  const y = ctx.output(0);
  const ws = ctx.graph.tensors[weight].shape;
  const [M, Cg] = ws;
  const kernel = ws.slice(2);
  const nIn = Cg * size(kernel);
  const g = geometryOf(x.shape, kernel, strides, pads, dilations, y.shape.slice(1), `Conv '${layer.name}'`);
  const w = inMajor(
    ctx.constant(weight, undefined, `W of ${layer.name} [${ws.join('][')}] rearranged [c][${kernel.map((_, i) => `k${i}`).join('][')}][m] = [${nIn}][${M}] (in-major, as fhls::mac reads it)`),
    M,
    nIn,
    [Cg, ...kernel, M],
  );
  const b = biasArray(ctx, layer, bias, M);
  const plan = macPlan(layer, x.fixed, w.type, nIn, M, group);
  const accum = accumTypedef(ctx, layer, plan);
  const resource = plan.strategy === 'Resource';

  // Taps inside the input per output position (the others multiply a constant 0 in io_parallel).
  const table = windowTable({ input: x.shape.slice(1), kernel, strides, pads, dilations, ceilMode: false });
  const P = size(table.outShape);
  let totalTaps = 0;
  let maxTaps = 0;
  for (let p = 0; p < P; p++) {
    const taps = table.start[p + 1] - table.start[p];
    totalTaps += taps;
    maxTaps = Math.max(maxTaps, taps);
  }
  const parallelProducts = M * Cg * totalTaps;
  const parallelLimit = Math.max(1, Math.ceil(parallelProducts / plan.rf));

  const macCfg = ctx.ident(`${ctx.layerId}_mac`);
  const cfg = `${ctx.layerId}_config`;
  const kind = group === 1 ? 'Conv' : group === g.C && Cg === 1 ? 'depthwise Conv' : `grouped Conv (${group} groups)`;
  const what = `${layer.name}: ${kind} ${x.shape.length - 1}-D [${x.shape.join(', ')}] -> [${y.shape.join(', ')}], kernel [${kernel.join(', ')}]`;
  const streaming = ctx.ioType === 'io_stream';
  const steps = streaming ? streamSchedule(g) : [];
  const config = [
    configStruct(macCfg, `${layer.name}: the MAC of one output position, ${strategyNote(plan)}`, [
      ...macMembers(plan, { accum: accum.name, weight: w.typeName, bias: b.typeName }, resource ? plan.bf : Math.ceil((M * nIn) / plan.rf)),
    ]),
    configStruct(cfg, what, [
      ...geometryMembers(g),
      { const: 'n_filt', value: M },
      { const: 'chan_per_group', value: Cg },
      { const: 'multiplier_limit', value: parallelLimit, comment: `io_parallel Latency: ${parallelProducts} products / ReuseFactor` },
      { typedef: 'mac', type: macCfg },
      ...(streaming ? streamMembers(g, steps) : []),
    ]),
  ].join('\n');
  const base = { headers: ['fhls/conv.h'], typedefs: [accum], config, weights: [w, b] };

  if (!streaming) {
    const count = resource ? P * plan.bf : parallelLimit;
    return {
      ...base,
      call: [`fhls::conv<${cfg}>(${x.name}, ${y.name}, ${w.name}, ${b.name});`],
      estimate: {
        latency: macLatency(plan, Cg * maxTaps),
        ii: plan.rf,
        multipliers: macMultipliers(plan, count),
        note: `${strategyNote(plan)}: all ${P} output positions at once, ${resource ? `${plan.rf} iteration(s) of ${plan.bf} product(s) each` : `${parallelProducts} products on ${count} multiplier(s)`}`,
      },
    };
  }
  const depth = macDepth(plan, nIn);
  let latency: number;
  if (resource) latency = steps.reduce((s, st) => s + Math.max(1, (st.read ? 1 : 0) + (st.compute ? plan.rf + depth : 0)), 0);
  else latency = steps.length * plan.rf + depth;
  return {
    ...base,
    call: [`fhls::conv_stream<${cfg}>(${x.name}, ${y.name}, ${w.name}, ${b.name});`],
    estimate: {
      latency,
      ii: resource ? latency : steps.length * plan.rf,
      multipliers: macMultipliers(plan, resource ? plan.bf : Math.ceil((M * nIn) / plan.rf)),
      note: `${strategyNote(plan)}: one output position at a time from a line buffer, ${steps.length} loop iterations`,
    },
  };
};
