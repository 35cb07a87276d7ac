// Concat: inputs joined along `axis` (per-sample frame); all other dimensions equal.
//
// Precision rule: when all inputs share one type, that type; otherwise the smallest type holding
// every input value exactly (finest LSB, union of the ranges). request.result is not used.
// Fixed-point semantics: data movement (movement.ts); a value is converted only where its input's
// type differs from the output type (never rounds under the rule above).

import { sameType } from '../fixed/type.js';
import { size } from '../graph.js';
import { fixedTypeOf, tensorOf, unionType } from './constants.js';
import { type Gather, gatherFixed, gatherFloat } from './movement.js';
import type { LayerSemantics } from './spec.js';

function concatGather(shapes: number[][], axis: number): Gather {
  const outer = size(shapes[0].slice(0, axis));
  const chunks = shapes.map((s) => size(s.slice(axis)));
  const total = outer * chunks.reduce((a, b) => a + b, 0);
  const source = new Int32Array(total);
  const index = new Int32Array(total);
  let i = 0;
  for (let o = 0; o < outer; o++) {
    chunks.forEach((chunk, s) => {
      for (let k = 0; k < chunk; k++, i++) {
        source[i] = s;
        index[i] = o * chunk + k;
      }
    });
  }
  return { source, index };
}

export const concatSemantics: LayerSemantics<'Concat'> = {
  kind: 'Concat',

  inferShape(layer, inputShapes) {
    const axis = layer.attrs.axis;
    const first = inputShapes[0];
    if (!first) return { error: 'needs at least one input' };
    if (axis < 0 || axis >= first.length) return { error: `axis ${axis} is out of range for shape [${first}]` };
    for (const s of inputShapes)
      if (s.length !== first.length || s.some((d, i) => i !== axis && d !== first[i]))
        return { error: `input shapes ${inputShapes.map((x) => `[${x}]`).join(', ')} differ outside axis ${axis}` };
    const out = first.slice();
    out[axis] = inputShapes.reduce((a, s) => a + s[axis], 0);
    return { shapes: [out] };
  },

  inferTypes(layer, graph) {
    const types = layer.inputs.map((n) => fixedTypeOf(graph, n));
    const out = types.every((t) => sameType(t, types[0])) ? types[0] : unionType(types);
    return { outputs: [out], internal: {}, constants: {} };
  },

  compileFloat(layer, graph) {
    return gatherFloat(concatGather(layer.inputs.map((n) => tensorOf(graph, n).shape), layer.attrs.axis));
  },

  compileFixed(layer, graph, options) {
    const g = concatGather(layer.inputs.map((n) => tensorOf(graph, n).shape), layer.attrs.axis);
    const types = layer.inputs.map((n) => fixedTypeOf(graph, n));
    return gatherFixed(g, types, fixedTypeOf(graph, layer.outputs[0]), options);
  },
};
