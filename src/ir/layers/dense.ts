// Dense: y[..., j] = Σ_i x[..., i]·W[i, j] + b[j] along the last axis. W: [nIn, nOut], b: [nOut].
//
// Precision rule: W gets request.weight and b request.bias, unless the constant already has a
// type (exact, from a quantizer in the model; a per-element type is kept too). accum 'auto' is
// the exact accumulator: LSB = min(product LSB, bias LSB), range = the exact range of every
// partial sum computed from the actual weights (per output j: b_j + Σ_i min/max(w_ij·x_min,
// w_ij·x_max)), so the accumulator never rounds nor overflows. result 'auto' = the accum type.
//
// Fixed-point semantics (mac.ts), for each row and each output j:
//   acc = convert(b_j → accum)
//   for i = 0 … nIn−1 in order: acc = convert(acc + convert(x_i·w_ij → accum) → accum)
//   y_j = convert(acc → result)
// x_i·w_ij is exact; each product is quantized into accum with accum's Q mode and each addition
// wraps/saturates with accum's O mode (ap_fixed `acc += (accum_t)(x * w)`). With an exact accum
// the conversions are identities and are skipped.
//
// Distributed arithmetic (attrs.adderGraph, strategy distributed_arithmetic): per row the graph
// gives every Σ_i x_i·w_ij exactly; y_j = convert(convert(b_j → accum) + Σ → result) with the
// exact accum the lowering guarantees — the same bits as the loop above (mac.ts).

import { type Graph, type LayerOf, size, type TensorType } from '../graph.js';
import { withArith } from './arith.js';
import { constantData, constantRaw, constantType, fixedTypeOf, tensorOf } from './constants.js';
import { accumIsExact, compileDaSums, compileMac, daArith, daFinish, exactAccumType, macArith, type MacTypes } from './mac.js';
import type { LayerSemantics } from './spec.js';

export const denseSemantics: LayerSemantics<'Dense'> = {
  kind: 'Dense',

  inferShape(layer, inputShapes, graph) {
    const x = inputShapes[0];
    const w = tensorOf(graph, layer.attrs.weight).shape;
    if (w.length !== 2) return { error: `weight '${layer.attrs.weight}' must be 2-D [nIn, nOut], got [${w}]` };
    if (x.length < 1 || x[x.length - 1] !== w[0])
      return { error: `input shape [${x}] does not end in the weight's input size ${w[0]}` };
    if (layer.attrs.bias) {
      const b = tensorOf(graph, layer.attrs.bias).shape;
      if (size(b) !== w[1]) return { error: `bias '${layer.attrs.bias}' has ${size(b)} values for ${w[1]} outputs` };
    }
    return { shapes: [[...x.slice(0, -1), w[1]]] };
  },

  inferTypes(layer, graph, request) {
    const { weight, bias } = layer.attrs;
    const wType = constantType(graph, weight, request.weight);
    const bType = bias ? constantType(graph, bias, request.bias) : undefined;
    const t = denseMacTypes(layer, graph, wType, bType);
    const accum = request.accum === 'auto' ? exactAccumType(t.x, t.w, t.bias, t.nOut, t.groupOf) : request.accum;
    const result = request.result === 'auto' ? accum : request.result;
    const constants: Record<string, TensorType> = { [weight]: wType };
    if (bias && bType) constants[bias] = bType;
    return { outputs: [result], internal: { accum }, constants };
  },

  compileFloat(layer, graph) {
    const w = constantData(graph, layer.attrs.weight);
    const [nIn, nOut] = tensorOf(graph, layer.attrs.weight).shape;
    const b = layer.attrs.bias ? constantData(graph, layer.attrs.bias) : undefined;
    return ([x]) => {
      const rows = x.length / nIn;
      const y = new Float64Array(rows * nOut);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < nOut; j++) {
          let s = 0;
          for (let i = 0; i < nIn; i++) s += x[r * nIn + i] * w[i * nOut + j];
          y[r * nOut + j] = b ? s + b[j] : s;
        }
      }
      return [y];
    };
  },

  compileFixed(layer, graph, options) {
    const { weight, bias } = layer.attrs;
    const base = denseMacTypes(layer, graph, tensorOf(graph, weight).type, bias ? tensorOf(graph, bias).type : undefined);
    const accum = layer.types?.accum;
    if (!accum) throw new Error(`layer '${layer.name}' has no accum type (run the precision pass first)`);
    const t: MacTypes = { ...base, accum, result: fixedTypeOf(graph, layer.outputs[0]) };
    const [nIn, nOut] = tensorOf(graph, weight).shape;
    const g = layer.attrs.adderGraph;
    if (g) {
      return withArith(daArith(t, g, options), (A) => {
        const da = compileDaSums(A, t, g, nIn, layer.name);
        const { finish } = daFinish(A, t);
        return (inputs) => {
          const x = A.adopt(inputs[0]);
          const rows = x.length / nIn;
          const y = A.alloc(rows * nOut);
          for (let r = 0; r < rows; r++) {
            for (let i = 0; i < nIn; i++) da.input[i] = x[r * nIn + i];
            da.run();
            for (let j = 0; j < nOut; j++) y[r * nOut + j] = finish(da.output[j], j);
          }
          return [A.raw(y)];
        };
      });
    }
    const exact = accumIsExact(t);
    return withArith(macArith(t, exact, options), (A) => {
      const mac = compileMac(A, t, exact);
      const { w, step, finish } = mac;
      const b = mac.bias;
      return (inputs) => {
        const x = A.adopt(inputs[0]);
        const rows = x.length / nIn;
        const y = A.alloc(rows * nOut);
        for (let r = 0; r < rows; r++) {
          const base = r * nIn;
          for (let j = 0; j < nOut; j++) {
            let acc = b[j];
            for (let i = 0; i < nIn; i++) acc = step(acc, x[base + i], w[i * nOut + j]);
            y[r * nOut + j] = finish(acc);
          }
        }
        return [A.raw(y)];
      };
    });
  },
};

function denseMacTypes(layer: LayerOf<'Dense'>, graph: Graph, wType: TensorType | undefined, bType: TensorType | undefined) {
  const { weight, bias } = layer.attrs;
  if (!wType) throw new Error(`weight '${weight}' has no type`);
  if (bias && !bType) throw new Error(`bias '${bias}' has no type`);
  const nOut = tensorOf(graph, weight).shape[1];
  return {
    x: fixedTypeOf(graph, layer.inputs[0]),
    w: constantRaw(constantData(graph, weight), wType),
    bias: bias && bType ? constantRaw(constantData(graph, bias), bType) : undefined,
    nOut,
    groupOf: (k: number) => k % nOut,
  };
}
