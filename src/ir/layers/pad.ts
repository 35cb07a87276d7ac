// Pad: constant padding; pads = [begin..., end...] per axis of the per-sample shape (negative
// pads crop, as in ONNX). Precision rule: the input type. The pad value is the ap_fixed
// constructor of `value` in that type: when it is not exactly representable the precision rule
// says so (a warning) and the quantized value is used. Fixed-point semantics: data movement.

import { quantize } from '../fixed/quantize.js';
import { formatType, toDecimal, isRepresentable } from '../fixed/index.js';
import { warning } from '../diagnostics.js';
import { fixedTypeOf, tensorOf } from './constants.js';
import { forEachIndex, gatherFixed, gatherFloat, singleSource, stridesOf } from './movement.js';
import type { InferredTypes, LayerSemantics } from './spec.js';

function padIndex(x: number[], pads: number[]): Int32Array {
  const r = x.length;
  const out = x.map((d, i) => d + pads[i] + pads[i + r]);
  const strides = stridesOf(x);
  const index = new Int32Array(out.reduce((a, b) => a * b, 1));
  forEachIndex(out, (flat, c) => {
    let idx = 0;
    for (let i = 0; i < r; i++) {
      const p = c[i] - pads[i];
      if (p < 0 || p >= x[i]) {
        idx = -1;
        break;
      }
      idx += p * strides[i];
    }
    index[flat] = idx;
  });
  return index;
}

export const padSemantics: LayerSemantics<'Pad'> = {
  kind: 'Pad',

  inferShape(layer, inputShapes) {
    const x = inputShapes[0];
    const pads = layer.attrs.pads;
    if (pads.length !== 2 * x.length) return { error: `pads [${pads}] need ${2 * x.length} entries for shape [${x}]` };
    const out = x.map((d, i) => d + pads[i] + pads[i + x.length]);
    if (out.some((d) => d < 1)) return { error: `pads [${pads}] crop shape [${x}] to nothing` };
    return { shapes: [out] };
  },

  inferTypes(layer, graph): InferredTypes {
    const t = fixedTypeOf(graph, layer.inputs[0]);
    const value = layer.attrs.value;
    const types: InferredTypes = { outputs: [t], internal: {}, constants: {} };
    if (!isRepresentable(t, value))
      types.diagnostics = [
        warning(
          'precision/pad-value',
          `pad value ${value} is not a value of ${formatType(t)}; it is quantized to ${toDecimal(t, quantize(t, value))}`,
          layer.origin,
        ),
      ];
    return types;
  },

  compileFloat(layer, graph) {
    return gatherFloat(singleSource(padIndex(tensorOf(graph, layer.inputs[0]).shape, layer.attrs.pads)), layer.attrs.value);
  },

  compileFixed(layer, graph, options) {
    const g = singleSource(padIndex(tensorOf(graph, layer.inputs[0]).shape, layer.attrs.pads));
    return gatherFixed(g, [fixedTypeOf(graph, layer.inputs[0])], fixedTypeOf(graph, layer.outputs[0]), options, layer.attrs.value);
  },
};
