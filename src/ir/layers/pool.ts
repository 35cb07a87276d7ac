// Pool: max or average pooling over the spatial axes of x: [C, spatial...] (ONNX MaxPool,
// AveragePool, GlobalMaxPool, GlobalAveragePool without the batch axis). Global pools use the
// whole spatial extent as the kernel (strides 1, no pads). Windows: windows.ts; pads must be
// smaller than the kernel, so every window holds at least one input position.
//
// Precision rule:
//   max: output = the input type (the maximum is exact; request.result is ignored).
//   avg: accum = the exact type of a window sum (K = kernel size values of the input type: range
//        [K·x_min, K·x_max] at the input LSB); result = request.result, or for 'auto' the input's
//        range with ceil(log2 K) more fraction bits, TRN/WRAP (ap_fixed defaults) — exact when K
//        is a power of two, otherwise the quotient is truncated.
//
// Fixed-point semantics:
//   max: y = the largest input value in the window (padding never wins: ONNX pads max pooling
//        with −inf), converted to the output type if it differs from the input type.
//   avg: s = Σ x over the window's input positions (exact); n = the window size counting the
//        padding positions if countIncludePad, else the input positions only; y = the exact
//        rational s / n rounded into result with result's Q mode, then result's O mode
//        (requantizeRatio).
// Float: ONNX semantics in float64 (max with −inf padding; average s / n with the same n).

import { exactTypeOfRange } from '../fixed/arith.js';
import { type FixedType, lsbExp, maxRaw, minRaw, sameType } from '../fixed/type.js';
import { type LayerOf, size } from '../graph.js';
import { arithFor, maxAbsRaw, withArith } from './arith.js';
import { fixedTypeOf, tensorOf } from './constants.js';
import { ratioFitsNumber } from './ratio.js';
import type { InferredTypes, LayerSemantics } from './spec.js';
import { outputShape, type WindowSpec, windowTable } from './windows.js';

type Pool = LayerOf<'Pool'>;

function spec(layer: Pool, x: number[]): WindowSpec {
  const input = x.slice(1);
  const a = layer.attrs;
  if (a.global)
    return { input, kernel: input, strides: input.map(() => 1), pads: [...input, ...input].map(() => 0), dilations: input.map(() => 1), ceilMode: false };
  return { input, kernel: a.kernel, strides: a.strides, pads: a.pads, dilations: input.map(() => 1), ceilMode: a.ceilMode };
}

/** ceil(log2 n) for n ≥ 1, exactly. */
function ceilLog2(n: number): number {
  let b = 0;
  while (2 ** b < n) b++;
  return b;
}

function avgTypes(xType: FixedType, kernelSize: number): { accum: FixedType; auto: FixedType } {
  const lx = lsbExp(xType);
  const k = BigInt(kernelSize);
  const accum = exactTypeOfRange(k * minRaw(xType), k * maxRaw(xType), lx);
  const extra = ceilLog2(kernelSize);
  const auto = exactTypeOfRange(minRaw(xType) << BigInt(extra), maxRaw(xType) << BigInt(extra), lx - extra);
  return { accum, auto };
}

export const poolSemantics: LayerSemantics<'Pool'> = {
  kind: 'Pool',

  inferShape(layer, inputShapes) {
    const x = inputShapes[0];
    const rank = x.length - 1;
    if (rank < 1) return { error: `input shape [${x}] has no spatial axis (expected [C, spatial...])` };
    const a = layer.attrs;
    if (!a.global) {
      if (a.kernel.length !== rank || a.strides.length !== rank || a.pads.length !== 2 * rank)
        return { error: `kernel/strides need ${rank} entries and pads ${2 * rank} for ${rank}-D pooling of [${x}]` };
      for (let i = 0; i < rank; i++)
        if (a.pads[i] >= a.kernel[i] || a.pads[i + rank] >= a.kernel[i])
          return { error: `pads [${a.pads}] must be smaller than the kernel [${a.kernel}]` };
    }
    const out = outputShape(spec(layer, x));
    if (out.some((d) => d < 1)) return { error: `kernel [${a.kernel}] does not fit the padded input [${x.slice(1)}]` };
    return { shapes: [[x[0], ...out]] };
  },

  inferTypes(layer, graph, request): InferredTypes {
    const xType = fixedTypeOf(graph, layer.inputs[0]);
    if (layer.attrs.op === 'max') return { outputs: [xType], internal: {}, constants: {} };
    const x = tensorOf(graph, layer.inputs[0]).shape;
    const { accum, auto } = avgTypes(xType, size(spec(layer, x).kernel));
    return { outputs: [request.result === 'auto' ? auto : request.result], internal: { accum }, constants: {} };
  },

  compileFloat(layer, graph) {
    const x = tensorOf(graph, layer.inputs[0]).shape;
    const table = windowTable(spec(layer, x));
    const C = x[0];
    const S = size(x.slice(1));
    const P = size(table.outShape);
    const { start, inputIndex, padded } = table;
    const isMax = layer.attrs.op === 'max';
    const includePad = layer.attrs.countIncludePad;
    return ([xs]) => {
      const y = new Float64Array(C * P);
      for (let c = 0; c < C; c++) {
        for (let p = 0; p < P; p++) {
          let acc = isMax ? -Infinity : 0;
          for (let e = start[p]; e < start[p + 1]; e++) {
            const v = xs[c * S + inputIndex[e]];
            acc = isMax ? (v > acc ? v : acc) : acc + v;
          }
          const n = start[p + 1] - start[p] + (includePad ? padded[p] : 0);
          y[c * P + p] = isMax ? acc : acc / n;
        }
      }
      return [y];
    };
  },

  compileFixed(layer, graph, options) {
    const xShape = tensorOf(graph, layer.inputs[0]).shape;
    const table = windowTable(spec(layer, xShape));
    const C = xShape[0];
    const S = size(xShape.slice(1));
    const P = size(table.outShape);
    const { start, inputIndex, padded } = table;
    const xType = fixedTypeOf(graph, layer.inputs[0]);
    const result = fixedTypeOf(graph, layer.outputs[0]);
    const lx = lsbExp(xType);
    const isMax = layer.attrs.op === 'max';
    const includePad = layer.attrs.countIncludePad;
    const convertOut = !sameType(xType, result);
    const sumType = avgTypes(xType, table.kernelSize).accum;
    const A0 = isMax
      ? arithFor(options, [xType, result])
      : arithFor(options, [xType, sumType, result], [], ratioFitsNumber(lx, maxAbsRaw(sumType), BigInt(table.kernelSize), result));
    return withArith(A0, (A) => (inputs) => {
      const x = A.adopt(inputs[0]);
      const y = A.alloc(C * P);
      for (let c = 0; c < C; c++) {
        for (let p = 0; p < P; p++) {
          const first = start[p];
          let acc = x[c * S + inputIndex[first]];
          for (let e = first + 1; e < start[p + 1]; e++) {
            const v = x[c * S + inputIndex[e]];
            acc = isMax ? (A.lt(acc, v) ? v : acc) : A.add(acc, v);
          }
          if (isMax) {
            y[c * P + p] = convertOut ? A.convert(xType, result, acc) : acc;
          } else {
            const n = start[p + 1] - first + (includePad ? padded[p] : 0);
            y[c * P + p] = A.requantizeRatio(lx, acc, A.of(n), result);
          }
        }
      }
      return [A.raw(y)];
    });
  },
};
