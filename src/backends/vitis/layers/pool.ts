// Pool (max / average, 1-D and 2-D, global, pads, ceil mode, count_include_pad) in Vitis HLS C++:
// fhls::pool / pool_stream / pool_single_stream (templates/hls/fhls/pool.h, on fhls/window.h).
// Semantics: src/ir/layers/pool.ts.
//
// The config holds the window geometry (global pools: the whole input, stride 1, no pads), op and
// count_include_pad; for average pooling the exact window-sum type (the layer's accum), and the
// integer and stand-in types of the exact rational rounding (pool.h: average): shift = input LSB −
// output LSB exponent, int_t wide enough for the shifted sum, the shifted count and 4q + 3.
//
// Estimate (no multipliers; K = kernel size): depth = ceil(log2 K) comparison/adder levels, plus
// for average pooling 1 cycle when every window count is a power of two, else an int_t-bit divider
// (its width + 3 cycles).
//   io_parallel: latency = depth, II = 1.
//   io_stream:   latency = n_iter + depth, II = n_iter (the line-buffer schedule of window.ts);
//                a single output position (global pooling): latency = H·W + depth, II = H·W.

import { bitLength } from '../../../ir/fixed/double.js';
import { type FixedType, lsbExp } from '../../../ir/fixed/type.js';
import { size } from '../../../ir/graph.js';
import { windowTable } from '../../../ir/layers/windows.js';
import { configStruct, cppInt, cppType, type Member } from '../cpp.js';
import type { Emitter, LayerCode, Typedef } from '../emitter.js';
import { ceilLog2, geometryMembers, geometryOf, streamMembers, streamSchedule } from './window.js';

export const emitPool: Emitter<'Pool'> = (layer, ctx): LayerCode => {
  const a = layer.attrs;
  const x = ctx.input(0);
  const y = ctx.output(0);
  const spatial = x.shape.slice(1);
  const kernel = a.global ? spatial : a.kernel;
  const strides = a.global ? spatial.map(() => 1) : a.strides;
  const pads = a.global ? [...spatial, ...spatial].map(() => 0) : a.pads;
  const ones = spatial.map(() => 1);
  const g = geometryOf(x.shape, kernel, strides, pads, ones, y.shape.slice(1), `Pool '${layer.name}'`);
  const isMax = a.op === 'max';
  const K = size(kernel);
  const cfg = `${ctx.layerId}_config`;
  const members: Member[] = [
    ...geometryMembers(g),
    { const: 'op', value: isMax ? 'fhls::POOL_MAX' : 'fhls::POOL_AVG', type: 'int' },
    { const: 'count_include_pad', value: a.countIncludePad },
  ];
  const typedefs: Typedef[] = [];
  let depth = ceilLog2(K);
  let divider = '';
  if (!isMax) {
    const sum = layer.types?.accum;
    if (!sum) throw new Error(`average pool '${layer.name}' has no accum (window sum) type`);
    const table = windowTable({ input: spatial, kernel, strides, pads, dilations: ones, ceilMode: !a.global && a.ceilMode });
    const counts = Array.from(table.padded, (pad, p) => table.start[p + 1] - table.start[p] + (a.countIncludePad ? pad : 0));
    const maxN = Math.max(...counts);
    const lt = lsbExp(y.fixed);
    const shift = lsbExp(x.fixed) - lt;
    const bits = Math.max(sum.width + 1 + Math.max(shift, 0), bitLength(BigInt(maxN)) + 1 + Math.max(-shift, 0)) + 4;
    const standin: FixedType = { signed: true, width: bits, intBits: bits + lt - 2, q: 'TRN', o: 'WRAP', n: 0 };
    const sumT = ctx.ident(`${ctx.layerId}_sum_t`);
    typedefs.push({ name: sumT, type: sum, comment: `window sum of ${layer.name} (exact)` });
    members.push(
      { typedef: 'sum_t', type: sumT },
      { typedef: 'int_t', type: cppInt(bits), comment: 'shifted sum, shifted count, 4q + 3' },
      { typedef: 'standin_t', type: cppType(standin), comment: 'the quotient as 4q + f at two more fraction bits than the output' },
      { const: 'shift', value: shift, type: 'int', comment: 'input LSB exponent - output LSB exponent' },
    );
    const pow2 = counts.every((n) => (n & (n - 1)) === 0);
    depth += pow2 ? 1 : bits + 3;
    divider = pow2 ? ', power-of-two counts (a shift)' : `, a ${bits}-bit divider`;
  }
  const opText = `${a.global ? 'global ' : ''}${isMax ? 'max' : 'average'} pool`;
  const geometryText = a.global
    ? ''
    : `, kernel [${kernel}], strides [${strides}], pads [${pads}]${a.ceilMode ? ', ceil mode' : ''}${!isMax && a.countIncludePad ? ', count_include_pad' : ''}`;
  const what = `${layer.name}: ${opText} [${x.shape.join(', ')}] -> [${y.shape.join(', ')}]${geometryText}`;
  const base = { headers: ['fhls/pool.h'], typedefs, weights: [] };

  if (ctx.ioType === 'io_parallel')
    return {
      ...base,
      config: configStruct(cfg, what, members),
      call: [`fhls::pool<${cfg}>(${x.name}, ${y.name});`],
      estimate: { latency: depth, ii: 1, multipliers: [], note: `every window at once${divider}` },
    };
  if (g.OH * g.OW === 1) {
    const n = g.H * g.W;
    return {
      ...base,
      config: configStruct(cfg, what, members),
      call: [`fhls::pool_single_stream<${cfg}>(${x.name}, ${y.name});`],
      estimate: { latency: n + depth, ii: n, multipliers: [], note: `one output position: running ${isMax ? 'maxima' : 'sums'} over ${n} input positions${divider}` },
    };
  }
  const steps = streamSchedule(g);
  return {
    ...base,
    config: configStruct(cfg, what, [...members, ...streamMembers(g, steps)]),
    call: [`fhls::pool_stream<${cfg}>(${x.name}, ${y.name});`],
    estimate: { latency: steps.length + depth, ii: steps.length, multipliers: [], note: `line buffer, ${steps.length} loop iterations at II 1${divider}` },
  };
};
