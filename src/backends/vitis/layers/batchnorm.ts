// BatchNorm (inference, folded to y = x·scale[c] + bias[c]) in Vitis HLS C++: fhls::batchnorm /
// batchnorm_stream (templates/hls/fhls/batchnorm.h). Semantics: src/ir/layers/batchnorm.ts.
//
// The config holds the sizes, the ReuseFactor (any value ≥ 1: the multipliers are
// ceil(count / RF), as hls4ml's normalization layer) and the accumulator, scale and bias types.
// scale and bias are written as the model holds them, one value per channel.
//
// Estimate (mul = multiplierLatency of estimate.ts; one cycle for the add):
//   io_parallel: latency = RF − 1 + mul + 1, II = RF, multipliers = ceil(n / RF)
//   io_stream:   latency = P·RF + mul + 1, II = P·RF (P positions of C channels),
//                multipliers = ceil(C / RF)

import { size } from '../../../ir/graph.js';
import { configStruct, cppType } from '../cpp.js';
import type { Emitter, LayerCode, MultiplierGroup } from '../emitter.js';
import { multiplierLatency } from '../estimate.js';

export const emitBatchNorm: Emitter<'BatchNorm'> = (layer, ctx): LayerCode => {
  const { scale, bias } = layer.attrs;
  const x = ctx.input(0);
  const y = ctx.output(0);
  const accum = layer.types?.accum;
  if (!accum) throw new Error(`layer '${layer.name}' has no accum type (run the precision pass first)`);
  const rf = layer.options?.reuseFactor ?? 1;
  if (!Number.isInteger(rf) || rf < 1) throw new Error(`ReuseFactor ${rf} is not valid for layer '${layer.name}': it must be a positive integer`);
  const C = x.shape[0];
  const inner = size(x.shape.slice(1));
  const s = ctx.constant(scale, undefined, `scale of ${layer.name}, one per channel [${C}]`);
  const b = ctx.constant(bias, undefined, `bias of ${layer.name}, one per channel [${C}]`);
  const accumT = ctx.ident(`${ctx.layerId}_accum_t`);
  const parallel = ctx.ioType === 'io_parallel';
  const count = Math.ceil((parallel ? x.size : C) / rf);
  const cfg = `${ctx.layerId}_config`;
  const config = configStruct(cfg, `${layer.name}: BatchNorm [${x.shape.join(', ')}], x·scale[c] + bias[c], ReuseFactor ${rf}`, [
    { const: 'n', value: x.size },
    { const: 'n_chan', value: C },
    { const: 'n_inner', value: inner, comment: 'elements per channel' },
    { const: 'reuse_factor', value: rf },
    { const: 'multiplier_limit', value: count },
    { typedef: 'accum_t', type: accumT, comment: cppType(accum) },
    { typedef: 'scale_t', type: s.typeName },
    { typedef: 'bias_t', type: b.typeName },
  ]);
  const group: MultiplierGroup = { count, a: { width: x.fixed.width, signed: x.fixed.signed }, b: { width: s.type.width, signed: s.type.signed }, constant: true };
  const depth = multiplierLatency(group) + 1;
  const base = {
    headers: ['fhls/batchnorm.h'],
    typedefs: [{ name: accumT, type: accum, comment: `product of ${layer.name}` }],
    config,
    weights: [s, b],
  };
  if (parallel)
    return {
      ...base,
      call: [`fhls::batchnorm<${cfg}>(${x.name}, ${y.name}, ${s.name}, ${b.name});`],
      estimate: { latency: rf - 1 + depth, ii: rf, multipliers: [group], note: `${x.size} products on ${count} multiplier(s), ReuseFactor ${rf}` },
    };
  const P = x.positions;
  return {
    ...base,
    call: [`fhls::batchnorm_stream<${cfg}>(${x.name}, ${y.name}, ${s.name}, ${b.name});`],
    estimate: { latency: P * rf + depth, ii: P * rf, multipliers: [group], note: `${P} position(s) of ${C} channel(s), ${count} multiplier(s), ReuseFactor ${rf}` },
  };
};
