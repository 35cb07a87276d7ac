// What every layer kind defines, in one file per kind (src/ir/layers/<kind>.ts):
// its shape rule, its precision rule, and its float and bit-exact fixed-point semantics.
// The fixed-point semantics here are the specification every backend reproduces bit for bit.

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
  compileFixed(layer: LayerOf<K>, graph: Graph): (inputs: RawArray[]) => RawArray[];
}

export type LayerRegistry = { readonly [K in LayerKind]: LayerSemantics<K> };
