// Dense in Vitis HLS C++: fhls::dense / fhls::dense_stream (templates/hls/fhls/dense.h, on the MAC
// of fhls/mac.h). Semantics: src/ir/layers/dense.ts.
//
// One config struct holds the MAC (n_in, n_out, reuse_factor, block_factor, multiplier_limit,
// strategy, accum_t, weight_t, bias_t) and n_rows (inputs with several axes: one Dense per row of
// the last axis). Weights are written as ONNX holds them after the frontend: W[n_in][n_out]
// row-major, which is the in-major order fhls::mac reads.
//
// Estimate (see layers/mac.ts for the cost model):
//   io_parallel  Latency:  latency = RF − 1 + mul + levels(n_in + 1), II = RF,
//                          multipliers = ceil(rows·n_in·n_out / RF)
//                Resource: latency = RF − 1 + mul + ceil(BF / n_out), II = RF, multipliers = rows·BF
//   io_stream    one-axis input (one stream element): 1 cycle to read it + the io_parallel latency;
//                more axes: buffered (every position read, the layer, every position written).

import { isPerElement } from '../../../ir/graph.js';
import { configStruct } from '../cpp.js';
import type { Emitter, LayerCode } from '../emitter.js';
import { accumTypedef, biasArray, macLatency, macMembers, macMultipliers, macPlan, strategyNote } from './mac.js';
import { buffered, bufferedLatency } from './util.js';

export const emitDense: Emitter<'Dense'> = (layer, ctx): LayerCode => {
  const { weight, bias } = layer.attrs;
  const x = ctx.input(0);
  const y = ctx.output(0);
  const wShape = ctx.graph.tensors[weight].shape;
  const [nIn, nOut] = wShape;
  const rows = x.size / nIn;
  const w = ctx.constant(weight, undefined, `W of ${layer.name}, [n_in = ${nIn}][n_out = ${nOut}] row-major (in-major, as fhls::mac reads it)`);
  const b = biasArray(ctx, layer, bias, nOut);
  const plan = macPlan(layer, x.fixed, w.type, nIn, nOut, 1);
  const accum = accumTypedef(ctx, layer, plan);
  const resource = plan.strategy === 'Resource';
  const cfg = `${ctx.layerId}_config`;
  const wt = ctx.graph.tensors[weight].type;
  const perElement = wt && isPerElement(wt) ? ' (per-element weight types widened to one type)' : '';
  const config = configStruct(cfg, `${layer.name}: Dense ${nIn} -> ${nOut}${rows > 1 ? ` on ${rows} rows` : ''}, ${strategyNote(plan)}${perElement}`, [
    ...macMembers(plan, { accum: accum.name, weight: w.typeName, bias: b.typeName }, resource ? rows * plan.bf : Math.ceil((rows * nIn * nOut) / plan.rf)),
    { const: 'n_rows', value: rows },
  ]);
  const inner = macLatency(plan, nIn);
  const multipliers = macMultipliers(plan, resource ? rows * plan.bf : Math.ceil((rows * nIn * nOut) / plan.rf));
  const note = `${strategyNote(plan)}: ${resource ? `${plan.rf} iteration(s) of ${plan.bf} product(s)` : `${rows * nIn * nOut} products on ${multipliers[0].count} multiplier(s)`}`;
  const base = { headers: ['fhls/dense.h'], typedefs: [accum], config, weights: [w, b] };
  const run = (xs: string, ys: string) => [`fhls::dense<${cfg}>(${xs}, ${ys}, ${w.name}, ${b.name});`];

  if (ctx.ioType === 'io_parallel')
    return { ...base, call: run(x.name, y.name), estimate: { latency: inner, ii: plan.rf, multipliers, note } };
  if (x.shape.length === 1)
    return {
      ...base,
      call: [`fhls::dense_stream<${cfg}>(${x.name}, ${y.name}, ${w.name}, ${b.name});`],
      estimate: { latency: 1 + inner, ii: plan.rf, multipliers, note: `${note}; one stream element in and out` },
    };
  return {
    ...base,
    call: buffered(ctx, [x], [y], ([xs], [ys]) => run(xs, ys)),
    estimate: {
      latency: bufferedLatency([x], [y], inner),
      ii: Math.max(plan.rf, x.positions, y.positions),
      multipliers,
      note: `${note}; buffered: the whole input is read, then the output written`,
    },
  };
};
