// Concat in Vitis HLS C++: fhls::concat2/3/4 (fhls/movement.h; one concat_part config per input),
// src/ir/layers/concat.ts.
// io_stream: two inputs joined along channels (axis 0) stream position by position; other cases
// are buffered.

import { size } from '../../../ir/graph.js';
import { configStruct } from '../cpp.js';
import type { EmitContext, Emitter, LayerCode, TensorRef } from '../emitter.js';
import { buffered, bufferedLatency } from './util.js';

export const emitConcat: Emitter<'Concat'> = (layer, ctx: EmitContext): LayerCode => {
  const axis = layer.attrs.axis;
  const xs: TensorRef[] = layer.inputs.map((_, i) => ctx.input(i));
  const y = ctx.output(0);
  const outer = size(y.shape.slice(0, axis));
  const outChunk = size(y.shape.slice(axis));
  let offset = 0;
  const configs: string[] = [];
  const names: string[] = [];
  xs.forEach((x, i) => {
    const chunk = size(x.shape.slice(axis));
    const cfg = ctx.ident(`${ctx.layerId}_part${i}`);
    names.push(cfg);
    configs.push(
      configStruct(cfg, `${layer.name}: input ${i} [${x.shape}] at offset ${offset} of axis ${axis} -> [${y.shape}]`, [
        { const: 'n_in', value: x.size },
        { const: 'n_out', value: y.size },
        { const: 'outer', value: outer },
        { const: 'chunk', value: chunk },
        { const: 'out_chunk', value: outChunk },
        { const: 'offset', value: offset },
      ]),
    );
    offset += chunk;
  });
  if (xs.length > 4)
    throw new Error(`Concat of ${xs.length} inputs: the HLS library joins at most 4 (split the Concat in the model)`);
  const run = (ins: string[], out: string) =>
    ins.length === 1 ? [`fhls::concat_part<${names[0]}>(${ins[0]}, ${out});`] : [`fhls::concat${ins.length}<${names.join(', ')}>(${[...ins, out].join(', ')});`];
  const base = { headers: ['fhls/movement.h'], typedefs: [], config: configs.join('\n'), weights: [] };
  if (ctx.ioType === 'io_parallel')
    return { ...base, call: run(xs.map((x) => x.name), y.name), estimate: { latency: 0, ii: 1, multipliers: [], note: 'data movement only (wiring)' } };
  if (axis === 0 && xs.length === 2 && xs[0].positions === y.positions && xs[1].positions === y.positions) {
    const [a, b] = xs;
    return {
      ...base,
      config: '',
      call: [`fhls::concat_channels_stream<${a.type}, ${b.type}, ${y.type}, ${a.channels}, ${b.channels}, ${y.positions}>(${a.name}, ${b.name}, ${y.name});`],
      estimate: { latency: y.positions, ii: y.positions, multipliers: [], note: 'streams channels of both inputs per position' },
    };
  }
  return {
    ...base,
    call: buffered(ctx, xs, [y], (ins, [out]) => run(ins, out)),
    estimate: {
      latency: bufferedLatency(xs, [y], 0),
      ii: Math.max(y.positions, ...xs.map((x) => x.positions)),
      multipliers: [],
      note: 'buffered: the whole tensors are read, then written',
    },
  };
};
