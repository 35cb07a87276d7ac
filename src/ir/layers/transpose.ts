// Transpose: output axis i is input axis perm[i] (per-sample frame). Precision rule: the input
// type. Fixed-point semantics: data movement (movement.ts).

import { fixedTypeOf, tensorOf } from './constants.js';
import { forEachIndex, gatherFixed, gatherFloat, singleSource, stridesOf } from './movement.js';
import type { LayerSemantics } from './spec.js';

function permuted(x: readonly number[], perm: readonly number[]): number[] {
  return perm.map((p) => x[p]);
}

function transposeIndex(x: number[], perm: number[]): Int32Array {
  const out = permuted(x, perm);
  const strides = stridesOf(x);
  const index = new Int32Array(out.reduce((a, b) => a * b, 1));
  forEachIndex(out, (flat, c) => {
    let idx = 0;
    for (let i = 0; i < perm.length; i++) idx += c[i] * strides[perm[i]];
    index[flat] = idx;
  });
  return index;
}

export const transposeSemantics: LayerSemantics<'Transpose'> = {
  kind: 'Transpose',

  inferShape(layer, inputShapes) {
    const x = inputShapes[0];
    const perm = layer.attrs.perm;
    const sorted = perm.slice().sort((a, b) => a - b);
    if (perm.length !== x.length || sorted.some((p, i) => p !== i))
      return { error: `perm [${perm}] is not a permutation of the ${x.length} axes of [${x}]` };
    return { shapes: [permuted(x, perm)] };
  },

  inferTypes(layer, graph) {
    return { outputs: [fixedTypeOf(graph, layer.inputs[0])], internal: {}, constants: {} };
  },

  compileFloat(layer, graph) {
    return gatherFloat(singleSource(transposeIndex(tensorOf(graph, layer.inputs[0]).shape, layer.attrs.perm)));
  },

  compileFixed(layer, graph, options) {
    const g = singleSource(transposeIndex(tensorOf(graph, layer.inputs[0]).shape, layer.attrs.perm));
    return gatherFixed(g, [fixedTypeOf(graph, layer.inputs[0])], fixedTypeOf(graph, layer.outputs[0]), options);
  },
};
