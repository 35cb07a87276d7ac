// Running a graph on one sample: the float64 reference (ONNX semantics) and the bit-exact
// fixed-point emulator (the specification the HLS C++ and the RTL reproduce).
//
// Both compile every layer once (constants quantized, index maps built) and return a runner
// taking one sample's inputs — a Float64Array per graph input, flattened row-major — and
// returning the graph outputs. Pass a trace object to record every tensor's value (graph inputs
// and layer outputs) by tensor name. Constants are read by the layers at compile time; a layer
// input that is a constant is handed an empty array.

import { quantize } from '../ir/fixed/quantize.js';
import { quantizeNum } from '../ir/fixed/quantize-num.js';
import type { FixedType } from '../ir/fixed/type.js';
import { type Graph, isPerElement, size } from '../ir/graph.js';
import { semanticsOf } from '../ir/layers/index.js';
import type { FixedOptions, RawArray } from '../ir/layers/spec.js';

export type FloatTrace = Record<string, Float64Array>;
export type FixedTrace = Record<string, RawArray>;

export interface FixedResult {
  outputs: RawArray[];
  /** the type of each output */
  types: FixedType[];
}

const EMPTY_FLOAT = new Float64Array(0);
const EMPTY_RAW: RawArray = new Float64Array(0);

function checkInputs(graph: Graph, inputs: readonly Float64Array[]): void {
  if (inputs.length !== graph.inputs.length)
    throw new Error(`the graph takes ${graph.inputs.length} input(s), got ${inputs.length}`);
  graph.inputs.forEach((name, i) => {
    const n = size(graph.tensors[name].shape);
    if (inputs[i].length !== n) throw new Error(`input '${name}' takes ${n} values, got ${inputs[i].length}`);
  });
}

/** Compile the float64 reference of a (shaped) graph. */
export function compileFloatGraph(graph: Graph): (inputs: Float64Array[], trace?: FloatTrace) => Float64Array[] {
  const steps = graph.layers.map((layer) => ({ layer, run: semanticsOf(layer).compileFloat(layer as never, graph) }));
  return (inputs, trace) => {
    checkInputs(graph, inputs);
    const env = new Map<string, Float64Array>();
    graph.inputs.forEach((name, i) => env.set(name, inputs[i]));
    for (const { layer, run } of steps) {
      const xs = layer.inputs.map((n) => env.get(n) ?? EMPTY_FLOAT);
      const ys = run(xs);
      layer.outputs.forEach((n, i) => env.set(n, ys[i]));
    }
    if (trace) for (const [n, v] of env) trace[n] = v;
    return graph.outputs.map((n) => env.get(n)!);
  };
}

function typeOf(graph: Graph, name: string): FixedType {
  const t = graph.tensors[name]?.type;
  if (!t || isPerElement(t)) throw new Error(`tensor '${name}' has no fixed type (run the precision pass first)`);
  return t;
}

/** Quantize one double input with its type: the ap_fixed constructor from double. */
export function quantizeInput(type: FixedType, x: Float64Array, options?: FixedOptions): RawArray {
  if (type.width <= 53 && !options?.forceBigInt) return x.map((v) => quantizeNum(type, v));
  return Array.from(x, (v) => quantize(type, v));
}

/** Compile the bit-exact fixed-point emulator of a typed graph. */
export function compileFixedGraph(
  graph: Graph,
  options?: FixedOptions,
): (inputs: Float64Array[], trace?: FixedTrace) => FixedResult {
  const steps = graph.layers.map((layer) => ({ layer, run: semanticsOf(layer).compileFixed(layer as never, graph, options) }));
  const inputTypes = graph.inputs.map((n) => typeOf(graph, n));
  const outputTypes = graph.outputs.map((n) => typeOf(graph, n));
  return (inputs, trace) => {
    checkInputs(graph, inputs);
    const env = new Map<string, RawArray>();
    graph.inputs.forEach((name, i) => env.set(name, quantizeInput(inputTypes[i], inputs[i], options)));
    for (const { layer, run } of steps) {
      const xs = layer.inputs.map((n) => env.get(n) ?? EMPTY_RAW);
      const ys = run(xs);
      layer.outputs.forEach((n, i) => env.set(n, ys[i]));
    }
    if (trace) for (const [n, v] of env) trace[n] = v;
    return { outputs: graph.outputs.map((n) => env.get(n)!), types: outputTypes };
  };
}
