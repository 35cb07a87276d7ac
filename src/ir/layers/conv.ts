// Conv: ONNX Conv without the batch axis. x: [C, spatial...] (1-D or 2-D, any rank works),
// W: [M, C/group, k...], b: [M]; pads = [begin..., end...]; output [M, out spatial...]
// (windows.ts: floor mode).
//
// Precision rule: as Dense (dense.ts): W → request.weight, b → request.bias unless typed by the
// model; accum 'auto' = the exact accumulator from the actual weights (per output channel m:
// b_m + Σ over the kernel of min/max(w·x_min, w·x_max)); result 'auto' = the accum type.
//
// Fixed-point semantics (mac.ts), for each output channel m (group g = m / (M/group)) and each
// output position p:
//   acc = convert(b_m → accum)
//   for c over the group's input channels in order, for each kernel position row-major:
//     acc = convert(acc + convert(x[g·C/group + c, pos]·W[m, c, kpos] → accum) → accum)
//   y[m, p] = convert(acc → result)
// Kernel positions in the padding contribute zeros and are skipped (adding an exact zero
// changes nothing). Exact accum: no conversion at all.
//
// Distributed arithmetic (attrs.adderGraph): per output position the graph reads the window —
// input c·K + k is x[c, position of kernel offset k], 0 in the padding — and gives every
// Σ x·w exactly; y[m, p] = convert(convert(b_m → accum) + Σ → result), the same bits as above.

import { type Graph, size, type TensorType } from '../graph.js';
import { withArith } from './arith.js';
import { constantData, constantRaw, constantType, fixedTypeOf, tensorOf } from './constants.js';
import { accumIsExact, compileDaSums, compileMac, daArith, daFinish, exactAccumType, macArith, type MacTypes } from './mac.js';
import type { LayerSemantics } from './spec.js';
import type { LayerOf } from '../graph.js';
import { outputShape, windowTable } from './windows.js';

type Conv = LayerOf<'Conv'>;

function geometry(layer: Conv, graph: Graph, x: number[]) {
  const w = tensorOf(graph, layer.attrs.weight).shape;
  const spatial = x.slice(1);
  return {
    C: x[0],
    M: w[0],
    Cg: w[1],
    kernel: w.slice(2),
    spatial,
    spec: {
      input: spatial,
      kernel: w.slice(2),
      strides: layer.attrs.strides,
      pads: layer.attrs.pads,
      dilations: layer.attrs.dilations,
      ceilMode: false,
    },
  };
}

export const convSemantics: LayerSemantics<'Conv'> = {
  kind: 'Conv',

  inferShape(layer, inputShapes, graph) {
    const x = inputShapes[0];
    const w = tensorOf(graph, layer.attrs.weight).shape;
    const { group, strides, pads, dilations } = layer.attrs;
    const rank = x.length - 1;
    if (rank < 1) return { error: `input shape [${x}] has no spatial axis (expected [C, spatial...])` };
    if (w.length !== rank + 2) return { error: `weight shape [${w}] does not fit a ${rank}-D convolution of input [${x}]` };
    if (!(group >= 1) || x[0] % group !== 0 || w[0] % group !== 0)
      return { error: `group ${group} does not divide the ${x[0]} input and ${w[0]} output channels` };
    if (w[1] * group !== x[0]) return { error: `weight has ${w[1]} channels per group; input has ${x[0]} channels in ${group} group(s)` };
    if (strides.length !== rank || dilations.length !== rank || pads.length !== 2 * rank)
      return { error: `strides/dilations need ${rank} entries and pads ${2 * rank} for a ${rank}-D convolution` };
    if (layer.attrs.bias && size(tensorOf(graph, layer.attrs.bias).shape) !== w[0])
      return { error: `bias '${layer.attrs.bias}' must have ${w[0]} values` };
    const out = outputShape(geometry(layer, graph, x).spec);
    if (out.some((d) => d < 1)) return { error: `kernel [${w.slice(2)}] does not fit the padded input [${x.slice(1)}]` };
    return { shapes: [[w[0], ...out]] };
  },

  inferTypes(layer, graph, request) {
    const { weight, bias } = layer.attrs;
    const wType = constantType(graph, weight, request.weight);
    const bType = bias ? constantType(graph, bias, request.bias) : undefined;
    const t = convMacTypes(layer, graph, wType, bType);
    const accum = request.accum === 'auto' ? exactAccumType(t.x, t.w, t.bias, t.nOut, t.groupOf) : request.accum;
    const result = request.result === 'auto' ? accum : request.result;
    const constants: Record<string, TensorType> = { [weight]: wType };
    if (bias && bType) constants[bias] = bType;
    return { outputs: [result], internal: { accum }, constants };
  },

  compileFloat(layer, graph) {
    const x = tensorOf(graph, layer.inputs[0]).shape;
    const g = geometry(layer, graph, x);
    const table = windowTable(g.spec);
    const w = constantData(graph, layer.attrs.weight);
    const b = layer.attrs.bias ? constantData(graph, layer.attrs.bias) : undefined;
    const S = size(g.spatial);
    const K = size(g.kernel);
    const P = size(table.outShape);
    const perGroup = g.M / layer.attrs.group;
    return ([xs]) => {
      const y = new Float64Array(g.M * P);
      for (let m = 0; m < g.M; m++) {
        const grp = Math.floor(m / perGroup);
        for (let p = 0; p < P; p++) {
          let s = 0;
          for (let c = 0; c < g.Cg; c++) {
            const xb = (grp * g.Cg + c) * S;
            const wb = (m * g.Cg + c) * K;
            for (let e = table.start[p]; e < table.start[p + 1]; e++) s += xs[xb + table.inputIndex[e]] * w[wb + table.kernelIndex[e]];
          }
          y[m * P + p] = b ? s + b[m] : s;
        }
      }
      return [y];
    };
  },

  compileFixed(layer, graph, options) {
    const { weight, bias } = layer.attrs;
    const base = convMacTypes(layer, graph, tensorOf(graph, weight).type, bias ? tensorOf(graph, bias).type : undefined);
    const accum = layer.types?.accum;
    if (!accum) throw new Error(`layer '${layer.name}' has no accum type (run the precision pass first)`);
    const t: MacTypes = { ...base, accum, result: fixedTypeOf(graph, layer.outputs[0]) };
    const exact = accumIsExact(t);
    const geo = geometry(layer, graph, tensorOf(graph, layer.inputs[0]).shape);
    const table = windowTable(geo.spec);
    const { start, inputIndex, kernelIndex } = table;
    const S = size(geo.spatial);
    const K = size(geo.kernel);
    const P = size(table.outShape);
    const { M, Cg } = geo;
    const perGroup = M / layer.attrs.group;
    const g = layer.attrs.adderGraph;
    if (g) {
      const C = Cg * layer.attrs.group;
      return withArith(daArith(t, g, options), (A) => {
        const da = compileDaSums(A, t, g, C * K, layer.name);
        const { finish } = daFinish(A, t);
        const win = da.input;
        return (inputs) => {
          const x = A.adopt(inputs[0]);
          const y = A.alloc(M * P);
          for (let p = 0; p < P; p++) {
            for (let r = 0; r < C * K; r++) win[r] = A.zero;
            for (let c = 0; c < C; c++)
              for (let e = start[p]; e < start[p + 1]; e++) win[c * K + kernelIndex[e]] = x[c * S + inputIndex[e]];
            da.run();
            for (let m = 0; m < M; m++) y[m * P + p] = finish(da.output[m], m);
          }
          return [A.raw(y)];
        };
      });
    }
    return withArith(macArith(t, exact, options), (A) => {
      const { w, bias: b, step, finish } = compileMac(A, t, exact);
      return (inputs) => {
        const x = A.adopt(inputs[0]);
        const y = A.alloc(M * P);
        for (let m = 0; m < M; m++) {
          const grp = Math.floor(m / perGroup);
          for (let p = 0; p < P; p++) {
            let acc = b[m];
            for (let c = 0; c < Cg; c++) {
              const xb = (grp * Cg + c) * S;
              const wb = (m * Cg + c) * K;
              for (let e = start[p]; e < start[p + 1]; e++) acc = step(acc, x[xb + inputIndex[e]], w[wb + kernelIndex[e]]);
            }
            y[m * P + p] = finish(acc);
          }
        }
        return [A.raw(y)];
      };
    });
  },
};

function convMacTypes(layer: Conv, graph: Graph, wType: TensorType | undefined, bType: TensorType | undefined) {
  const { weight, bias } = layer.attrs;
  if (!wType) throw new Error(`weight '${weight}' has no type`);
  if (bias && !bType) throw new Error(`bias '${bias}' has no type`);
  const ws = tensorOf(graph, weight).shape;
  const perOut = size(ws.slice(1));
  return {
    x: fixedTypeOf(graph, layer.inputs[0]),
    w: constantRaw(constantData(graph, weight), wType),
    bias: bias && bType ? constantRaw(constantData(graph, bias), bType) : undefined,
    nOut: ws[0],
    groupOf: (k: number) => Math.floor(k / perOut),
  };
}
