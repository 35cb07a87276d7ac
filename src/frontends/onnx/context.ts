// The reader's working state: what every ONNX value has become (a constant, an activation tensor of
// the graph, or nothing usable), the layers emitted so far, and the diagnostics collected.

import { error, warning, type Diagnostic, type Origin } from '../../ir/diagnostics.js';
import type { Layer, Tensor } from '../../ir/graph.js';
import type { Attrs, ConstTensor } from './proto.js';
import { shapeOf } from './shapes.js';

/** An activation quantized by QuantizeLinear, waiting for its DequantizeLinear. */
export interface PendingQLinear {
  /** the float activation that was quantized */
  tensor: string;
  shape: number[];
  scale: number[];
  zeroPoint: number[];
  /** per-sample axis for per-axis parameters */
  axis?: number;
  bitwidth: number;
  signed: boolean;
  /** the QuantizeLinear node, for messages */
  node: string;
}

export type Value =
  | { kind: 'const'; c: ConstTensor }
  /** `tensor` is the graph tensor holding the value (differs from the ONNX name after Identity) */
  | { kind: 'act'; tensor: string; shape: number[] }
  | { kind: 'qlinear'; q: PendingQLinear }
  /** produced by a node that could not be read: consumers stay silent */
  | { kind: 'poison' };

export interface NodeInfo {
  /** unique layer name (the ONNX node name, or a made-up one when empty or duplicated) */
  name: string;
  opType: string;
  domain: string;
  /** input value names; '' for an omitted optional input */
  inputs: string[];
  outputs: string[];
  attrs: Attrs;
  origin: Origin;
  /** version of the default ONNX opset the model imports */
  opset: number;
}

/** BatchNormalization parameters kept beside the BatchNorm layer so that folding uses them directly. */
export interface BnParams {
  gamma: number[];
  beta: number[];
  mean: number[];
  variance: number[];
  epsilon: number;
  quantized: boolean;
}

export type AxisResult = { ok: true; axis: number } | { ok: false; batch: boolean };

export class Reader {
  readonly diagnostics: Diagnostic[] = [];
  readonly values = new Map<string, Value>();
  readonly layers: Layer[] = [];
  readonly tensors: Record<string, Tensor> = {};
  /** values a Reshape may find in the batch position: 1 (what Shape reports) and any fixed batch size */
  readonly batchValues = new Set<number>([1]);
  readonly bnParams = new Map<string, BnParams>();
  /** constant tensors registered in the graph that come out of a quantizer */
  readonly quantizedConsts = new Set<string>();
  /** the ONNX nodes reading each value, and the graph outputs: for readers that match patterns */
  readonly consumers = new Map<string, NodeInfo[]>();
  readonly graphOutputs = new Set<string>();
  /** nodes already read as part of an earlier node's pattern (skipped by the main loop) */
  readonly absorbed = new Set<NodeInfo>();
  private readonly takenTensors: Set<string>;
  private readonly takenLayers = new Set<string>();

  constructor(
    readonly file: string,
    readonly opset: number,
    onnxValueNames: Iterable<string>,
  ) {
    this.takenTensors = new Set(onnxValueNames);
  }

  // --- diagnostics ----------------------------------------------------------------------------

  error(code: string, message: string, origin?: Origin, hint?: string): void {
    this.diagnostics.push(error(code, message, origin ?? { file: this.file }, hint));
  }

  warn(code: string, message: string, origin?: Origin, hint?: string): void {
    this.diagnostics.push(warning(code, message, origin ?? { file: this.file }, hint));
  }

  /** Reports a problem with a node and marks its outputs unusable. Always returns false. */
  reject(node: NodeInfo, code: string, message: string, hint?: string): false {
    this.error(code, message, node.origin, hint);
    this.poison(node.outputs);
    return false;
  }

  // --- values ---------------------------------------------------------------------------------

  value(name: string): Value | undefined {
    return name === '' ? undefined : this.values.get(name);
  }

  constOf(name: string): ConstTensor | undefined {
    const v = this.value(name);
    return v?.kind === 'const' ? v.c : undefined;
  }

  actOf(name: string): { tensor: string; shape: number[] } | undefined {
    const v = this.value(name);
    return v?.kind === 'act' ? v : undefined;
  }

  setConst(name: string, c: ConstTensor): void {
    this.values.set(name, { kind: 'const', c });
  }

  /** The single ONNX node reading `name` when nothing else (not even a graph output) does. */
  soleConsumer(name: string): NodeInfo | undefined {
    const users = this.consumers.get(name) ?? [];
    return users.length === 1 && !this.graphOutputs.has(name) ? users[0] : undefined;
  }

  setAct(name: string, shape: number[], tensor = name): void {
    this.values.set(name, { kind: 'act', tensor, shape });
  }

  poison(names: readonly string[]): void {
    for (const n of names) if (n) this.values.set(n, { kind: 'poison' });
  }

  // --- names ----------------------------------------------------------------------------------

  /** A tensor name no ONNX value and no earlier made-up tensor uses. */
  freshTensorName(base: string): string {
    let name = base;
    for (let k = 1; this.takenTensors.has(name); k++) name = `${base}_${k}`;
    this.takenTensors.add(name);
    return name;
  }

  /** Unique layer name from an ONNX node name (made up from the op type when empty). */
  layerName(nodeName: string, opType: string, index: number): string {
    const base = nodeName || `${opType}_${index}`;
    let name = base;
    for (let k = 1; this.takenLayers.has(name); k++) name = `${base}_${k}`;
    this.takenLayers.add(name);
    return name;
  }

  /** Reserves a name for an extra layer made from one node (e.g. `${node}_reshape`). */
  extraLayerName(base: string): string {
    let name = base;
    for (let k = 1; this.takenLayers.has(name); k++) name = `${base}_${k}`;
    this.takenLayers.add(name);
    return name;
  }

  // --- graph tensors --------------------------------------------------------------------------

  /** Registers the ONNX constant `name` as a graph tensor (as is) and returns its name. */
  useConst(name: string, c: ConstTensor): string {
    if (!this.tensors[name]) this.tensors[name] = constTensor(name, c);
    if (c.quantized) this.quantizedConsts.add(name);
    return name;
  }

  /** Registers a constant made by the reader (transposed, folded, …) under a fresh name. */
  newConst(base: string, c: ConstTensor): string {
    const name = this.freshTensorName(base);
    this.tensors[name] = constTensor(name, c);
    if (c.quantized) this.quantizedConsts.add(name);
    return name;
  }

  /**
   * Adds a layer: infers its output shape, registers the output tensor and its ONNX value.
   * On a shape problem reports it against the node and marks the outputs unusable.
   */
  emit(layer: Layer, node: NodeInfo): boolean {
    const r = shapeOf(layer, this);
    if (!r.ok) return this.reject(node, 'onnx/shape-mismatch', r.message);
    this.layers.push(layer);
    const out = layer.outputs[0];
    this.tensors[out] = { name: out, shape: r.shape };
    this.setAct(out, r.shape);
    return true;
  }

  /** A per-sample axis from an ONNX axis of a tensor whose per-sample rank is `rank`. */
  axis(onnxAxis: number, rank: number): AxisResult {
    const full = rank + 1;
    const a = onnxAxis < 0 ? onnxAxis + full : onnxAxis;
    if (a < 0 || a >= full) return { ok: false, batch: false };
    if (a === 0) return { ok: false, batch: true };
    return { ok: true, axis: a - 1 };
  }
}

function constTensor(name: string, c: ConstTensor): Tensor {
  return { name, shape: c.shape.slice(), data: c.data.slice(), ...(c.type ? { type: c.type } : {}) };
}

export function fmtShape(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}
