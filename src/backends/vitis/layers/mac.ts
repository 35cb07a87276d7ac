// The multiply-accumulate shared by the Dense and Conv emitters (templates/hls/fhls/mac.h): its
// config struct, the ReuseFactor check, the weight arrays and the cost model of both strategies.
//
// Cost model (the numbers fhls reports, exact for this schedule): a product takes
// multiplierLatency (estimate.ts); additions take one adder level per cycle. A wrapping
// accumulator (AP_WRAP without saturation bits) adds n terms as a balanced tree of ceil(log2 n)
// levels (modular addition: any order gives the same bits); any other overflow mode must add in
// the emulator's order, a chain of n − 1 levels.
//   Latency:  products spread over RF cycles (II = RF):    RF − 1 + mul + levels(n_in + 1)
//   Resource: RF pipelined iterations of BF products each: RF − 1 + mul + ceil(BF / n_out)
//             (the adds one output receives in one iteration, chained)

import type { FixedType } from '../../../ir/fixed/type.js';
import type { Layer } from '../../../ir/graph.js';
import { validReuseFactors } from '../check.js';
import { cppType, type Member } from '../cpp.js';
import type { EmitContext, MultiplierGroup, Typedef, WeightArray } from '../emitter.js';
import { multiplierLatency } from '../estimate.js';

/** The strategies of fhls/mac.h (distributed_arithmetic layers go to layers/da.ts instead). */
export type MacStrategy = 'Latency' | 'Resource';

export interface MacPlan {
  /** terms per output, outputs, groups (each output reads its group's n_in inputs) */
  nIn: number;
  nOut: number;
  nGroups: number;
  rf: number;
  /** products per iteration of the Resource loop: nIn·nOut / rf */
  bf: number;
  strategy: MacStrategy;
  x: FixedType;
  w: FixedType;
  accum: FixedType;
}

/** The layer's strategy and ReuseFactor, checked (the backend's convert check reports the same first). */
export function macPlan(layer: Layer, x: FixedType, w: FixedType, nIn: number, nOut: number, nGroups: number): MacPlan {
  const accum = layer.types?.accum;
  if (!accum) throw new Error(`layer '${layer.name}' has no accum type (run the precision pass first)`);
  const rf = layer.options?.reuseFactor ?? 1;
  const n = nIn * nOut;
  if (!Number.isInteger(rf) || rf < 1 || n % rf !== 0)
    throw new Error(
      `ReuseFactor ${rf} is not valid for layer '${layer.name}' (${nIn} × ${nOut} = ${n} multiplications): it must divide ${n}; valid values are ${validReuseFactors(n).join(', ')}`,
    );
  const strategy: MacStrategy = layer.options?.strategy === 'Resource' ? 'Resource' : 'Latency';
  return { nIn, nOut, nGroups, rf, bf: n / rf, strategy, x, w, accum };
}

/** The accumulator typedef (defines.h). */
export function accumTypedef(ctx: EmitContext, layer: Layer, plan: MacPlan): Typedef {
  return { name: ctx.ident(`${ctx.layerId}_accum_t`), type: plan.accum, comment: `accumulator of ${layer.name}` };
}

/** The MAC config members (mac.h). */
export function macMembers(plan: MacPlan, names: { accum: string; weight: string; bias: string }, multiplierLimit: number): Member[] {
  return [
    { const: 'n_in', value: plan.nIn, comment: 'products per output' },
    { const: 'n_out', value: plan.nOut },
    { const: 'n_groups', value: plan.nGroups },
    { const: 'reuse_factor', value: plan.rf },
    { const: 'block_factor', value: plan.bf, comment: 'products per iteration of the Resource loop' },
    { const: 'multiplier_limit', value: multiplierLimit },
    { const: 'strategy', value: plan.strategy === 'Resource' ? 'fhls::RESOURCE' : 'fhls::LATENCY', type: 'int' },
    { typedef: 'accum_t', type: names.accum, comment: cppType(plan.accum) },
    { typedef: 'weight_t', type: names.weight },
    { typedef: 'bias_t', type: names.bias },
  ];
}

/** The bias array, or zeros (in a 1-bit type) when the layer has none, as hls4ml does. */
export function biasArray(ctx: EmitContext, layer: Layer, bias: string | undefined, nOut: number): WeightArray {
  if (bias) return ctx.constant(bias, undefined, `b of ${layer.name}, [${nOut}]`);
  const name = ctx.ident(`${ctx.layerId}_no_bias`);
  return {
    name,
    typeName: ctx.ident(`${name}_t`),
    type: { signed: false, width: 1, intBits: 1, q: 'TRN', o: 'WRAP', n: 0 },
    shape: [nOut],
    values: new Array<bigint>(nOut).fill(0n),
    comment: `${layer.name} has no bias: zeros`,
  };
}

/** One physical multiplier kind of the MAC: input × weight. */
export function macMultipliers(plan: MacPlan, count: number): MultiplierGroup[] {
  return [{ count, a: { width: plan.x.width, signed: plan.x.signed }, b: { width: plan.w.width, signed: plan.w.signed }, constant: true }];
}

/** Adder levels to sum n terms (see the header). */
export function adderLevels(accum: FixedType, n: number): number {
  if (n <= 1) return 0;
  const wraps = accum.o === 'WRAP' && accum.n === 0;
  return wraps ? Math.ceil(Math.log2(n)) : n - 1;
}

/** The per-call depth of the MAC (cycles from its inputs to its outputs, after the RF cycles). */
export function macDepth(plan: MacPlan, termsPerOutput: number): number {
  const mul = multiplierLatency(macMultipliers(plan, 1)[0]);
  if (plan.strategy === 'Resource') return mul + Math.ceil(plan.bf / plan.nOut);
  return mul + adderLevels(plan.accum, termsPerOutput + 1);
}

/** The latency of one MAC call: RF − 1 + depth. */
export function macLatency(plan: MacPlan, termsPerOutput: number): number {
  return plan.rf - 1 + macDepth(plan, termsPerOutput);
}

/** The note naming the strategy and ReuseFactor. */
export function strategyNote(plan: MacPlan): string {
  return `${plan.strategy}, ReuseFactor ${plan.rf}`;
}

/** Rows of a weight matrix stored [a][b] rearranged as [b][a]. */
export function transposeValues(values: readonly bigint[], a: number, b: number): bigint[] {
  const out = new Array<bigint>(values.length);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out[j * a + i] = values[i * b + j];
  return out;
}
