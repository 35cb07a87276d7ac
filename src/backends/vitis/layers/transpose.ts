// Transpose in Vitis HLS C++: fhls::transpose (fhls/movement.h), src/ir/layers/transpose.ts.

import { configStruct } from '../cpp.js';
import type { Emitter, LayerCode } from '../emitter.js';
import { buffered, bufferedLatency, stridesOf } from './util.js';

export const emitTranspose: Emitter<'Transpose'> = (layer, ctx): LayerCode => {
  const x = ctx.input(0);
  const y = ctx.output(0);
  const perm = layer.attrs.perm;
  const inStrides = stridesOf(x.shape);
  const cfg = `${ctx.layerId}_config`;
  const config = configStruct(cfg, `${layer.name}: transpose [${x.shape}] by perm [${perm}] -> [${y.shape}]`, [
    { const: 'n', value: y.size },
    { const: 'rank', value: y.shape.length },
    { table: 'out_dim', returns: 'unsigned', values: y.shape.map(String), comment: 'output shape' },
    { table: 'in_stride', returns: 'unsigned', values: perm.map((p) => String(inStrides[p])), comment: 'input stride of each output axis' },
  ]);
  const run = (xs: string, ys: string) => [`fhls::transpose<${cfg}>(${xs}, ${ys});`];
  const parallel = ctx.ioType === 'io_parallel';
  return {
    headers: ['fhls/movement.h'],
    typedefs: [],
    config,
    weights: [],
    call: parallel ? run(x.name, y.name) : buffered(ctx, [x], [y], ([xs], [ys]) => run(xs, ys)),
    estimate: {
      latency: parallel ? 0 : bufferedLatency([x], [y], 0),
      ii: parallel ? 1 : Math.max(x.positions, y.positions),
      multipliers: [],
      note: parallel ? 'data movement only (wiring)' : 'buffered: the whole tensor is read, then written',
    },
  };
};
