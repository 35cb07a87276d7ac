// Resize, nearest neighbour, ONNX coordinate rules (per-sample frame; scales per axis).
// Output length per axis: floor(L·scale). For output index o, the input coordinate is
//   half_pixel:           (o + 0.5)/scale − 0.5
//   pytorch_half_pixel:   out > 1 ? (o + 0.5)/scale − 0.5 : 0
//   align_corners:        out > 1 ? o·(L − 1)/(out − 1) : 0
//   asymmetric:           o/scale
//   tf_half_pixel_for_nn: (o + 0.5)/scale
// then rounded by nearestMode (round_prefer_floor / round_prefer_ceil: ties to floor / ceil;
// floor; ceil) and clamped to [0, L − 1]. Precision rule: the input type. Fixed-point
// semantics: the same index map on raw values (data movement).

import type { LayerOf } from '../graph.js';
import { fixedTypeOf, tensorOf } from './constants.js';
import { forEachIndex, gatherFixed, gatherFloat, singleSource, stridesOf } from './movement.js';
import type { LayerSemantics } from './spec.js';

type Resize = LayerOf<'Resize'>['attrs'];

function outLength(len: number, scale: number): number {
  return Math.floor(len * scale);
}

/** The input index read by output index o on one axis. */
export function nearestIndex(o: number, len: number, out: number, scale: number, a: Resize): number {
  let x: number;
  switch (a.coordinateTransformation) {
    case 'half_pixel':
      x = (o + 0.5) / scale - 0.5;
      break;
    case 'pytorch_half_pixel':
      x = out > 1 ? (o + 0.5) / scale - 0.5 : 0;
      break;
    case 'align_corners':
      x = out > 1 ? (o * (len - 1)) / (out - 1) : 0;
      break;
    case 'asymmetric':
      x = o / scale;
      break;
    case 'tf_half_pixel_for_nn':
      x = (o + 0.5) / scale;
      break;
  }
  const f = Math.floor(x);
  let i: number;
  switch (a.nearestMode) {
    case 'round_prefer_floor':
      i = x - f <= 0.5 ? f : f + 1;
      break;
    case 'round_prefer_ceil':
      i = x - f < 0.5 ? f : f + 1;
      break;
    case 'floor':
      i = f;
      break;
    case 'ceil':
      i = Math.ceil(x);
      break;
  }
  return Math.min(Math.max(i, 0), len - 1);
}

function resizeIndex(x: number[], a: Resize): Int32Array {
  const out = x.map((d, i) => outLength(d, a.scales[i]));
  const perAxis = out.map((n, i) => Array.from({ length: n }, (_, o) => nearestIndex(o, x[i], n, a.scales[i], a)));
  const strides = stridesOf(x);
  const index = new Int32Array(out.reduce((p, q) => p * q, 1));
  forEachIndex(out, (flat, c) => {
    let idx = 0;
    for (let i = 0; i < c.length; i++) idx += perAxis[i][c[i]] * strides[i];
    index[flat] = idx;
  });
  return index;
}

export const resizeSemantics: LayerSemantics<'Resize'> = {
  kind: 'Resize',

  inferShape(layer, inputShapes) {
    const x = inputShapes[0];
    const scales = layer.attrs.scales;
    if (scales.length !== x.length) return { error: `scales [${scales}] need ${x.length} entries for shape [${x}]` };
    if (scales.some((s) => !(s > 0))) return { error: `scales [${scales}] must be positive` };
    const out = x.map((d, i) => outLength(d, scales[i]));
    if (out.some((d) => d < 1)) return { error: `scales [${scales}] shrink [${x}] to nothing` };
    return { shapes: [out] };
  },

  inferTypes(layer, graph) {
    return { outputs: [fixedTypeOf(graph, layer.inputs[0])], internal: {}, constants: {} };
  },

  compileFloat(layer, graph) {
    return gatherFloat(singleSource(resizeIndex(tensorOf(graph, layer.inputs[0]).shape, layer.attrs)));
  },

  compileFixed(layer, graph, options) {
    const g = singleSource(resizeIndex(tensorOf(graph, layer.inputs[0]).shape, layer.attrs));
    return gatherFixed(g, [fixedTypeOf(graph, layer.inputs[0])], fixedTypeOf(graph, layer.outputs[0]), options);
  },
};
