// Pad (constant) in Vitis HLS C++: fhls::pad (fhls/movement.h), src/ir/layers/pad.ts.
// The fill value is the ONNX double, converted by the ap_fixed constructor in the C++ as the
// emulator does.

import { configStruct, cppDouble } from '../cpp.js';
import type { Emitter, LayerCode } from '../emitter.js';
import { buffered, bufferedLatency, stridesOf } from './util.js';

export const emitPad: Emitter<'Pad'> = (layer, ctx): LayerCode => {
  const x = ctx.input(0);
  const y = ctx.output(0);
  const pads = layer.attrs.pads;
  const r = x.shape.length;
  const cfg = `${ctx.layerId}_config`;
  const config = configStruct(cfg, `${layer.name}: pad [${x.shape}] by [${pads}] with ${layer.attrs.value} -> [${y.shape}]`, [
    { const: 'n_in', value: x.size },
    { const: 'n_out', value: y.size },
    { const: 'rank', value: r },
    { table: 'out_dim', returns: 'unsigned', values: y.shape.map(String), comment: 'output shape' },
    { table: 'in_dim', returns: 'unsigned', values: x.shape.map(String), comment: 'input shape' },
    { table: 'pad_begin', returns: 'int', values: pads.slice(0, r).map(String), comment: 'padding before each axis (negative: crop)' },
    { table: 'in_stride', returns: 'unsigned', values: stridesOf(x.shape).map(String) },
    { fn: 'fill', returns: 'double', body: `return ${cppDouble(layer.attrs.value)};`, comment: 'the pad value' },
  ]);
  const run = (xs: string, ys: string) => [`fhls::pad<${cfg}>(${xs}, ${ys});`];
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
