// Reshape (also Flatten, Squeeze, Unsqueeze): row-major data unchanged, new per-sample shape.
// Precision rule: the input type. Fixed-point semantics: the identity on raw values (converted
// only if the output type was set to something else).

import { sameType } from '../fixed/type.js';
import { size } from '../graph.js';
import { arithFor, withArith } from './arith.js';
import { fixedTypeOf } from './constants.js';
import type { LayerSemantics } from './spec.js';

export const reshapeSemantics: LayerSemantics<'Reshape'> = {
  kind: 'Reshape',

  inferShape(layer, inputShapes) {
    const x = inputShapes[0];
    const shape = layer.attrs.shape;
    if (shape.some((d) => !Number.isInteger(d) || d < 1)) return { error: `target shape [${shape}] must be positive integers` };
    if (size(shape) !== size(x)) return { error: `cannot reshape [${x}] (${size(x)} values) to [${shape}] (${size(shape)})` };
    return { shapes: [shape.slice()] };
  },

  inferTypes(layer, graph) {
    return { outputs: [fixedTypeOf(graph, layer.inputs[0])], internal: {}, constants: {} };
  },

  compileFloat() {
    return ([x]) => [x];
  },

  compileFixed(layer, graph, options) {
    const from = fixedTypeOf(graph, layer.inputs[0]);
    const to = fixedTypeOf(graph, layer.outputs[0]);
    if (sameType(from, to)) return ([x]) => [x];
    return withArith(arithFor(options, [from, to]), (A) => ([x]) => {
      const xs = A.adopt(x);
      const y = A.alloc(xs.length);
      for (let i = 0; i < xs.length; i++) y[i] = A.convert(from, to, xs[i]);
      return [A.raw(y)];
    });
  },
};
