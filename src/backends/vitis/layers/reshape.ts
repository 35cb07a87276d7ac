// Reshape / Flatten / Squeeze / Unsqueeze in Vitis HLS C++: the row-major data unchanged
// (src/ir/layers/reshape.ts). io_parallel: a copy (wires), converting only if the output type
// differs. io_stream: a pass-through when the stream layout is unchanged, else buffered.

import { sameType } from '../../../ir/fixed/type.js';
import type { Emitter, LayerCode } from '../emitter.js';
import { buffered, bufferedLatency } from './util.js';

export const emitReshape: Emitter<'Reshape'> = (layer, ctx): LayerCode => {
  const x = ctx.input(0);
  const y = ctx.output(0);
  const note = sameType(x.fixed, y.fixed) ? 'data movement only' : 'data movement with a type conversion';
  const copy = (xs: string, ys: string) => `fhls::convert<${x.type}, ${y.type}, ${y.size}>(${xs}, ${ys});`;
  let call: string[];
  let latency = 0;
  let ii = 1;
  if (ctx.ioType === 'io_parallel') {
    call = [copy(x.name, y.name)];
  } else if (x.channels === y.channels && x.positions === y.positions) {
    call = [`fhls::convert_stream<${x.type}, ${y.type}, ${y.channels}, ${y.positions}>(${x.name}, ${y.name});`];
    latency = y.positions;
    ii = y.positions;
  } else {
    call = buffered(ctx, [x], [y], ([xs], [ys]) => [copy(xs, ys)]);
    latency = bufferedLatency([x], [y], 0);
    ii = Math.max(x.positions, y.positions);
  }
  return {
    headers: [],
    typedefs: [],
    config: '',
    weights: [],
    call,
    estimate: { latency, ii, multipliers: [], note: `${note}: [${x.shape}] -> [${y.shape}] (${layer.attrs.shape.length}-d)` },
  };
};
