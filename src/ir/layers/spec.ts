// What every layer kind defines, in one file per kind (src/ir/layers/<kind>.ts):
// its shape rule, its precision rule, and its float and bit-exact fixed-point semantics.
// The fixed-point semantics here are the specification every backend reproduces bit for bit.
//
// Changes since the first version (all backward compatible — to the activation engineer):
// - compileFixed takes an optional third argument `options?: FixedOptions`; `forceBigInt: true`
//   asks for the BigInt path even where the number path would be exact (tests compare the two).
//   Implementations that ignore it still satisfy the interface.
// - InferredTypes may carry `diagnostics` (warnings such as "pad value not representable,
//   quantized to …"); the precision pass reports them with the layer's origin.
// - Constants are read from the graph at compile time. When a layer input is a constant tensor
//   (Elementwise operands), the emulator hands the compiled closure an empty array in its place.
// - Shared helpers you may use: ./arith.ts (NUM/BIG arithmetic behind one interface, arithFor,
//   withArith), ./ratio.ts (requantizeRatio: an exact rational into a type), ./constants.ts.

import type { Diagnostic } from '../diagnostics.js';
import type { FixedType } from '../fixed/type.js';
import type { Graph, LayerKind, LayerOf, TensorType } from '../graph.js';

/**
 * The precision a layer asks for, resolved from the config (LayerName > LayerType > Model).
 * 'auto' means: the exact (full-precision) type, so nothing is lost at that point.
 */
export interface PrecisionRequest {
  weight: FixedType;
  bias: FixedType;
  result: FixedType | 'auto';
  accum: FixedType | 'auto';
  /** lookup-table activations: the type of the table entries */
  table: FixedType;
  tableSize: number;
  /** softmax */
  expTable: FixedType;
  invTable: FixedType;
}

export interface InferredTypes {
  /** one type per output tensor */
  outputs: FixedType[];
  /** internal types by role ('accum', 'table', 'expTable', 'invTable', …) */
  internal: Record<string, FixedType>;
  /** the types of the constants the layer reads (weights, biases, slopes), by tensor name */
  constants: Record<string, TensorType>;
  /** warnings about the rule's choices (e.g. a constant that had to be rounded), optional */
  diagnostics?: Diagnostic[];
}

/** Options of compileFixed. */
export interface FixedOptions {
  /** run the BigInt path even where the number path is exact (tests compare the two) */
  forceBigInt?: boolean;
}

/** Raw values of one tensor: integers stored in doubles (fast path, |v| < 2^53) or BigInts. */
export type RawArray = Float64Array | bigint[];

export interface LayerSpec<K extends LayerKind> {
  readonly kind: K;
  /** per-sample output shapes from per-sample input shapes; a message when they don't fit */
  inferShape(layer: LayerOf<K>, inputShapes: number[][], graph: Graph): { shapes: number[][] } | { error: string };
}

/**
 * Everything a layer kind defines. Semantics are compiled once per layer (tables, quantized
 * constants, index maps are computed here) and the returned closures run once per sample.
 */
export interface LayerSemantics<K extends LayerKind> extends LayerSpec<K> {
  /** the precision rule: output, internal and constant types under a request */
  inferTypes(layer: LayerOf<K>, graph: Graph, request: PrecisionRequest): InferredTypes;
  /** float64 reference (ONNX semantics) */
  compileFloat(layer: LayerOf<K>, graph: Graph): (inputs: Float64Array[]) => Float64Array[];
  /**
   * bit-exact fixed-point semantics on a typed graph (every tensor has a type, layer.types set).
   * Inputs and outputs are raw integers of the tensors' types.
   */
  compileFixed(layer: LayerOf<K>, graph: Graph, options?: FixedOptions): (inputs: RawArray[]) => RawArray[];
}

export type LayerRegistry = { readonly [K in LayerKind]: LayerSemantics<K> };
