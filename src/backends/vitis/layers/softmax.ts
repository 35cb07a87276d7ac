// Softmax layers in Vitis HLS C++: fhls/softmax.h. Semantics: src/ir/layers/softmax.ts — the
// exp and inverse tables are softmaxTables' entries (printed, never recomputed), indexed exactly
// (fhls/table.h).
//
// io_parallel: every slice at once. io_stream: along the channels (axis 0 of a rank >= 2 tensor,
// or a rank-1 tensor, which is one stream element) each stream element is one slice, one per
// cycle; along any other axis a slice spans positions, so the tensor is buffered, computed whole
// and streamed out.

import { bitLength } from '../../../ir/fixed/double.js';
import { formatType } from '../../../ir/fixed/parse.js';
import { lsbExp, maxRaw, minRaw } from '../../../ir/fixed/type.js';
import { size } from '../../../ir/graph.js';
import { softmaxTables } from '../../../ir/layers/softmax.js';
import { maxBig, minBig } from '../../../ir/layers/tables.js';
import { configStruct, cppInt } from '../cpp.js';
import type { Emitter, LayerCode, MultiplierGroup } from '../emitter.js';
import { multiplierLatency } from '../estimate.js';
import { indexConfig, tableLatency, tableWeight } from './table.js';
import { buffered, bufferedLatency } from './util.js';

/** ceil(log2 n): levels of a balanced reduction tree over n values. */
function levels(n: number): number {
  return n <= 1 ? 0 : Math.ceil(Math.log2(n));
}

export const emitSoftmax: Emitter<'Softmax'> = (layer, ctx): LayerCode => {
  const x = ctx.input(0);
  const y = ctx.output(0);
  const shape = x.shape;
  const rank = shape.length;
  const axis = layer.attrs.axis < 0 ? layer.attrs.axis + rank : layer.attrs.axis;
  if (!(axis >= 0 && axis < rank)) throw new Error(`softmax axis ${layer.attrs.axis} is out of range for [${shape}]`);
  const outer = size(shape.slice(0, axis));
  const n = shape[axis];
  const inner = size(shape.slice(axis + 1));
  const X = x.fixed;
  const e = lsbExp(X);

  const { exp, inv } = softmaxTables(layer, ctx.graph);
  if (exp.index.lsb !== e) throw new Error(`internal: exp table indexed at LSB 2^${exp.index.lsb}, input LSB 2^${e}`);
  const E = exp.type;
  const I = inv.type;
  const expW = tableWeight(ctx, `${ctx.layerId}_exp_table`, exp);
  const invW = tableWeight(ctx, `${ctx.layerId}_inv_table`, inv);

  // r_k − m lies in [xMin − xMax, 0]; the sum of n entries in [min(0, n·min entry), max(0, n·max entry)]
  const diffLo = minRaw(X) - maxRaw(X);
  const sumLo = BigInt(n) * minBig(0n, ...exp.entries);
  const sumHi = BigInt(n) * maxBig(0n, ...exp.entries);
  const diffBits = bitLength(-diffLo) + 1;
  const sumBits = Math.max(bitLength(sumHi), bitLength(-sumLo)) + 1;
  const expIdx = indexConfig(
    ctx.ident(`${ctx.layerId}_exp_index`),
    exp.index,
    diffLo,
    0n,
    `${layer.name}: index of exp over [${exp.lo}, ${exp.hi}) by r - max r (LSB 2^${e})`,
  );
  const invIdx = indexConfig(
    ctx.ident(`${ctx.layerId}_inv_index`),
    inv.index,
    sumLo,
    sumHi,
    `${layer.name}: index of 1/s over [${inv.lo}, ${inv.hi}) by the sum of exp entries (LSB 2^${lsbExp(E)})`,
  );
  const cfg = `${ctx.layerId}_config`;
  const config = [
    expIdx.text,
    invIdx.text,
    configStruct(cfg, `${layer.name}: softmax along axis ${axis} of [${shape.join(', ')}] ${formatType(X)} -> ${formatType(y.fixed)}`, [
      { const: 'n_in', value: x.size },
      { const: 'n', value: n, comment: 'the axis length' },
      { const: 'outer', value: outer },
      { const: 'inner', value: inner },
      { const: 'table_size', value: exp.size },
      { typedef: 'exp_table_t', type: expW.typeName, comment: formatType(E) },
      { typedef: 'inv_table_t', type: invW.typeName, comment: formatType(I) },
      { typedef: 'diff_t', type: cppInt(diffBits), comment: 'r - max r' },
      { typedef: 'sum_t', type: cppInt(sumBits), comment: `the exact sum of ${n} exp entries (stored integers)` },
      { typedef: 'exp_index', type: expIdx.name },
      { typedef: 'inv_index', type: invIdx.name },
    ]),
  ].join('\n');

  const product: Omit<MultiplierGroup, 'count'> = {
    a: { width: E.width, signed: E.signed },
    b: { width: I.width, signed: I.signed },
    constant: false,
  };
  // one slice: max tree, subtract, exp table, sum tree, inverse table, product
  const sliceLatency = levels(n) + 1 + tableLatency(expIdx) + levels(n) + tableLatency(invIdx) + multiplierLatency({ ...product, count: 1 });
  const base = { headers: ['fhls/softmax.h'], typedefs: [], config, weights: [expW, invW] };
  const tables = `${expW.name}, ${invW.name}`;
  const note = `${n}-element slices: max and sum trees (${levels(n)} levels), two ${exp.size}-entry tables, one product per element`;

  if (ctx.ioType === 'io_parallel')
    return {
      ...base,
      call: [`fhls::softmax<${cfg}>(${x.name}, ${y.name}, ${tables});`],
      estimate: { latency: sliceLatency, ii: 1, multipliers: [{ count: x.size, ...product }], note: `${note}; all ${outer * inner} slice(s) in parallel` },
    };
  if (rank < 2 || axis === 0)
    return {
      ...base,
      call: [`fhls::softmax_stream<${cfg}>(${x.name}, ${y.name}, ${tables});`],
      estimate: {
        latency: y.positions + sliceLatency,
        ii: y.positions,
        multipliers: [{ count: n, ...product }],
        note: `${note}; one slice (a position's channels) per cycle`,
      },
    };
  return {
    ...base,
    call: buffered(ctx, [x], [y], ([xi], [yo]) => [`fhls::softmax<${cfg}>(${xi}, ${yo}, ${tables});`]),
    estimate: {
      latency: bufferedLatency([x], [y], sliceLatency),
      ii: x.positions,
      multipliers: [{ count: x.size, ...product }],
      note: `${note}; along a position axis: the tensor is buffered and all ${outer * inner} slices computed in parallel`,
    },
  };
};
