// The contract between the Vitis HLS backend and the per-kind layer emitters
// (src/backends/vitis/layers/<kind>.ts, one module per LayerKind, dispatched through EMITTERS).
//
// An emitter turns one typed IR layer into plain data (LayerCode); the backend assembles the
// project from it. Emitters never write files, never declare activation tensors and never print
// weights themselves:
//
// - Activation tensors are declared by the backend, one C variable per IR tensor (per consumer in
//   io_stream, see below), named by `ctx.input(i)` / `ctx.output(i)`:
//     io_parallel: `T name[size]`: the per-sample tensor flattened row-major (the IR's own layout,
//                  channels first), ARRAY_PARTITION complete. Calls pass the array.
//     io_stream:   `hls::stream<fhls::array<T, channels> > name`: one stream element per position.
//                  For a tensor of shape [C, d1, …, dk] (rank ≥ 2) there are d1·…·dk positions in
//                  row-major order and element p holds x[c][p] for c = 0…C−1, i.e. flat index
//                  c·positions + p. A tensor of rank ≤ 1 is one element holding all of it. Calls
//                  pass the stream by reference. `streamLayout(shape)` computes this.
//                  A stream is read by one consumer only: when a tensor has several consumers
//                  (or is also a model output) the backend inserts an fhls::clone_stream and each
//                  consumer's ctx.input() names its own copy.
//   `T` is the tensor's typedef (`ref.type`, in defines.h: `typedef ap_fixed<16,6> fc1_out_t;`);
//   in io_stream `ref.vecType` is the element typedef (`typedef fhls::array<fc1_out_t, 8> fc1_out_vec_t;`).
// - Weights (any constant the generated code reads) are returned as WeightArray: raw integers of
//   their exact type, flattened in whatever order the layer's C++ wants (state it in `comment`).
//   The backend writes firmware/weights/<name>.h holding
//     `static const <typeName> <name>[<n>] = { … };`
//   with `typedef <type> <typeName>;` in defines.h. Values are printed so that they are exact:
//   as exact decimals (always exactly a double when the type is ≤ 53 bits wide) or, for wider
//   types, built from their stored bits by fhls::from_bits. `ctx.constant(tensor)` builds one from
//   an IR constant. Calls name the array (`<name>`); parameters.h includes the weights headers.
// - Internal types (accumulators, tables, …) go in `typedefs` (defines.h); `config` is C++ text
//   for parameters.h (the layer's config struct(s), named by ctx.ident, e.g. `fc1_config`).
// - `call` are the lines of the top function for this layer, in order; the backend indents them
//   and prefixes the comment naming the ONNX node and op (write none yourself).
// - `estimate` is the layer's cost under the schedule its C++ implements: exact cycle counts
//   for that schedule (the backend adds them up along the graph) and every multiplier with its
//   operand widths (the backend decides DSP or LUT by the rule in estimate.ts).
// Identifiers: every C identifier in the generated files comes from ctx (sanitised from the IR
// names, unique, readable). `${ctx.layerId}_config` is reserved for the layer's main config
// struct; ask ctx.ident(hint) for any other global name (more structs, tables, local buffers).
// To store a constant in another order (e.g. transposed), take ctx.constant(...) for its type
// and values and return { ...w, name: ctx.ident(...), typeName: ctx.ident(...), values: reordered }.
//
// Helpers: cpp.ts (cppType, cppValue: exact constants, configStruct), layers/util.ts (buffered:
// the io_stream pattern "read whole tensor, compute, write", stridesOf), estimate.ts
// (dspsPerMultiplier, multiplierLatency: the DSP/LUT rule and multiply latency).
// The library headers live in templates/hls/fhls/<family>.h (copied to firmware/fhls/); they
// include "common.h" (fhls::array, traits, raw_of/from_raw, convert, stream helpers).

import type { FixedType } from '../../ir/fixed/type.js';
import type { Graph, LayerKind, LayerOf } from '../../ir/graph.js';

export type IoType = 'io_parallel' | 'io_stream';

/** One activation tensor as the generated C++ sees it. */
export interface TensorRef {
  /** the IR tensor name */
  readonly tensor: string;
  /** the C variable (array in io_parallel, stream in io_stream) */
  readonly name: string;
  /** the scalar typedef of the tensor's elements (defines.h) */
  readonly type: string;
  readonly fixed: FixedType;
  /** per-sample shape (IR layout) and its number of elements */
  readonly shape: readonly number[];
  readonly size: number;
  /** io_stream layout: number of stream elements and elements per position (see streamLayout) */
  readonly positions: number;
  readonly channels: number;
  /** io_stream: the stream element typedef, `fhls::array<type, channels>`; io_parallel: undefined */
  readonly vecType?: string;
}

/** A constant array written to firmware/weights/<name>.h. */
export interface WeightArray {
  /** C identifier of the array (unique: take it from ctx.constant or ctx.ident) */
  name: string;
  /** C typedef name of the element type, declared by the backend in defines.h */
  typeName: string;
  type: FixedType;
  /** the logical shape, for the comment; values are flat, length = product(shape) */
  shape: number[];
  /** raw integers of `type`: value = raw · 2^(intBits − width) */
  values: readonly bigint[];
  /** what it is and how it is ordered, e.g. "W of /fc1/Gemm, [n_in][n_out] row-major" */
  comment: string;
}

/** An internal type for defines.h: `typedef <type> <name>; // <comment>`. */
export interface Typedef {
  name: string;
  type: FixedType;
  comment: string;
}

/** Multipliers of one shape: `count` instances of a widthA × widthB product (signedness per operand). */
export interface MultiplierGroup {
  count: number;
  a: { width: number; signed: boolean };
  b: { width: number; signed: boolean };
  /** true when one operand is a constant (a LUT multiplier by a constant is cheaper) */
  constant: boolean;
}

/** The layer's cost under the schedule its C++ implements. */
export interface LayerEstimate {
  /** cycles from the first input to the last output of one sample */
  latency: number;
  /** initiation interval: cycles between successive samples */
  ii: number;
  /** physical multipliers instantiated (after reuse: n_mult / ReuseFactor) */
  multipliers: MultiplierGroup[];
  /** one line on how the numbers were obtained, for report.json */
  note: string;
}

/** What an emitter returns for one layer. */
export interface LayerCode {
  /** library headers to #include, relative to firmware/: e.g. 'fhls/elementwise.h' */
  headers: string[];
  typedefs: Typedef[];
  /** C++ text for parameters.h (config structs); '' when none */
  config: string;
  weights: WeightArray[];
  /** lines of the top function (no comment naming the node: the backend adds it) */
  call: string[];
  estimate: LayerEstimate;
}

export interface EmitContext {
  readonly graph: Graph;
  readonly ioType: IoType;
  /** position of the layer in graph.layers */
  readonly index: number;
  /** the layer's own unique C identifier (sanitised from its name), for naming its config etc. */
  readonly layerId: string;
  /** activation input i (aligned with layer.inputs); throws for a constant operand */
  input(i: number): TensorRef;
  /** output i (aligned with layer.outputs) */
  output(i: number): TensorRef;
  /** whether layer.inputs[i] is a constant (Elementwise operands) */
  isConstant(i: number): boolean;
  /**
   * A weight array for an IR constant, its values quantized with the constant's type (a
   * per-element type is widened to the smallest type holding all its elements) or with `type`
   * when given. The name is unique and sanitised from the tensor name.
   */
  constant(tensor: string, type?: FixedType, comment?: string): WeightArray;
  /** a fresh unique C identifier derived from `hint` (sanitised; `_2`, `_3`… when taken) */
  ident(hint: string): string;
}

export type Emitter<K extends LayerKind> = (layer: LayerOf<K>, ctx: EmitContext) => LayerCode;

/** The io_stream layout of a per-sample shape: channels = axis 0 for rank ≥ 2, else one element. */
export function streamLayout(shape: readonly number[]): { positions: number; channels: number } {
  const total = shape.reduce((a, b) => a * b, 1);
  if (shape.length < 2) return { positions: 1, channels: total };
  return { positions: total / shape[0], channels: shape[0] };
}

/** A LayerCode with nothing in it, to spread into: `{ ...emptyCode(), call: [...] }`. */
export function emptyCode(): LayerCode {
  return { headers: [], typedefs: [], config: '', weights: [], call: [], estimate: { latency: 0, ii: 1, multipliers: [], note: '' } };
}
