// Resize (nearest) in Vitis HLS C++: fhls::resize_nearest (fhls/movement.h),
// src/ir/layers/resize.ts. The source index on each axis is computed here by the emulator's own
// function (nearestIndex) and printed as a table, so the ONNX coordinate rules are not re-derived
// in C++.

import { nearestIndex } from '../../../ir/layers/resize.js';
import { configStruct } from '../cpp.js';
import type { Emitter, LayerCode } from '../emitter.js';
import { buffered, bufferedLatency, stridesOf } from './util.js';

export const emitResize: Emitter<'Resize'> = (layer, ctx): LayerCode => {
  const x = ctx.input(0);
  const y = ctx.output(0);
  const a = layer.attrs;
  const perAxis = y.shape.map((n, k) => Array.from({ length: n }, (_, o) => nearestIndex(o, x.shape[k], n, a.scales[k], a)));
  const base: number[] = [];
  let acc = 0;
  for (const t of perAxis) {
    base.push(acc);
    acc += t.length;
  }
  const cfg = `${ctx.layerId}_config`;
  const config = configStruct(
    cfg,
    `${layer.name}: nearest resize [${x.shape}] by [${a.scales}] (${a.coordinateTransformation}, ${a.nearestMode}) -> [${y.shape}]`,
    [
      { const: 'n_in', value: x.size },
      { const: 'n_out', value: y.size },
      { const: 'rank', value: y.shape.length },
      { table: 'out_dim', returns: 'unsigned', values: y.shape.map(String), comment: 'output shape' },
      { table: 'in_stride', returns: 'unsigned', values: stridesOf(x.shape).map(String) },
      { table: 'source', returns: 'unsigned', values: perAxis.flat().map(String), twoIndex: { base }, comment: 'input index read on axis k by output index i' },
    ],
  );
  const run = (xs: string, ys: string) => [`fhls::resize_nearest<${cfg}>(${xs}, ${ys});`];
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
