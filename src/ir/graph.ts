// The quantized layer graph: plain, JSON-serialisable data shared by every stage.
//
// Shapes are per sample: the leading batch dimension of the model's inputs is removed by the
// frontend, and every axis attribute is expressed in that per-sample frame (ONNX axis 1 → 0).
// Layout stays the model's own (channels first for torch models).

import type { Origin } from './diagnostics.js';
import type { FixedType } from './fixed/type.js';
import type { AdderGraph } from '../passes/cmvm/adder-graph.js';

export type { Origin } from './diagnostics.js';

export const LAYER_KINDS = [
  'Dense',
  'Conv',
  'Pool',
  'BatchNorm',
  'Activation',
  'Softmax',
  'Elementwise',
  'Concat',
  'Reshape',
  'Transpose',
  'Pad',
  'Resize',
  'Quant',
] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/** One type per element of a tensor (HGQ-style heterogeneous precision), row-major. */
export interface PerElementType {
  readonly elements: FixedType[];
}
export type TensorType = FixedType | PerElementType;

export function isPerElement(t: TensorType): t is PerElementType {
  return (t as PerElementType).elements !== undefined;
}

export interface Tensor {
  name: string;
  /** per-sample shape for activations; the full shape for constants */
  shape: number[];
  /** set by the precision pass; constants may arrive typed from the model (QONNX Quant on a weight) */
  type?: TensorType;
  /** float64 values of a constant, row-major. Quantized constants hold exact dyadic values. */
  data?: number[];
}

export type ActivationFn =
  | 'relu'
  | 'leaky_relu'
  | 'prelu'
  | 'elu'
  | 'selu'
  | 'thresholded_relu'
  | 'sigmoid'
  | 'hard_sigmoid'
  | 'hard_swish'
  | 'tanh'
  | 'softplus'
  | 'softsign'
  | 'clip';

export type QuantRounding = 'ROUND' | 'CEIL' | 'FLOOR' | 'ROUND_TO_ZERO' | 'HALF_UP' | 'HALF_DOWN';

/** Attributes of each layer kind (per-sample frame). Constant operands are tensor names. */
export interface LayerAttrs {
  /**
   * y[..., j] = Σ_i x[..., i]·W[i, j] + b[j], along the last axis. W: [nIn, nOut], b: [nOut].
   * adderGraph (strategy distributed_arithmetic, set by passes/cmvm/lower.ts): the exact Σ_i x_i·W_ij
   * on raw integers (x at its LSB, W at its common LSB), rows = the nIn inputs.
   */
  Dense: { weight: string; bias?: string; adderGraph?: AdderGraph };
  /**
   * NCHW minus N: x [C, L] or [C, H, W]; W [M, C/group, k...]; pads = [begin..., end...].
   * adderGraph (distributed_arithmetic): the kernel matrix, shared by every output position: one
   * input per (channel c, kernel position k), row c·K + k (K kernel positions, row-major), one
   * output per output channel m; block-diagonal over the groups (a zero for c outside m's group).
   */
  Conv: { weight: string; bias?: string; strides: number[]; pads: number[]; dilations: number[]; group: number; adderGraph?: AdderGraph };
  /** Global pools have kernel = spatial size. Average divides by the window size (see countIncludePad). */
  Pool: {
    op: 'max' | 'avg';
    kernel: number[];
    strides: number[];
    pads: number[];
    countIncludePad: boolean;
    ceilMode: boolean;
    global: boolean;
  };
  /** y = x·scale[c] + bias[c] along axis 0 (channels). scale/bias: [C]. */
  BatchNorm: { scale: string; bias: string };
  /** Element-wise function. alpha/beta/gamma/min/max as the ONNX op defines them; prelu's slope is a tensor. */
  Activation: { fn: ActivationFn; alpha?: number; beta?: number; gamma?: number; min?: number; max?: number; slope?: string };
  Softmax: { axis: number };
  /** Two operands (either may be a constant tensor) with numpy broadcasting of per-sample shapes. */
  Elementwise: { op: 'add' | 'sub' | 'mul' | 'div' };
  Concat: { axis: number };
  /** Row-major data unchanged; output per-sample shape. Covers Reshape, Flatten, Squeeze, Unsqueeze. */
  Reshape: { shape: number[] };
  Transpose: { perm: number[] };
  /** Constant padding. pads = [begin..., end...] per axis of the per-sample shape. */
  Pad: { pads: number[]; value: number };
  /** Nearest-neighbour resize; ONNX coordinate rules. scales per axis of the per-sample shape. */
  Resize: {
    scales: number[];
    coordinateTransformation: 'half_pixel' | 'asymmetric' | 'align_corners' | 'pytorch_half_pixel' | 'tf_half_pixel_for_nn';
    nearestMode: 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil';
  };
  /**
   * QONNX Quant / BipolarQuant / Trunc, and ONNX QuantizeLinear→DequantizeLinear pairs.
   * quant:   y = (clamp(round(x/scale + zp), lo, hi) − zp)·scale
   * bipolar: y = (x >= 0 ? 1 : −1)·scale
   * trunc:   y = (round_or_floor((x/scale + zp) / 2^(inBits−outBits)) ·2^(inBits−outBits) − zp)·scale  (QONNX Trunc)
   * scale and zeroPoint have one entry (per tensor) or one per index along `axis` (per-axis).
   */
  Quant: {
    mode: 'quant' | 'bipolar' | 'trunc';
    scale: number[];
    zeroPoint: number[];
    axis?: number;
    bitwidth: number;
    signed: boolean;
    narrow: boolean;
    rounding: QuantRounding;
    /** trunc only */
    inputBitwidth?: number;
  };
}

export interface LayerOf<K extends LayerKind> {
  name: string;
  kind: K;
  /** activation tensors only; constant operands are named in attrs (Elementwise: both operands here) */
  inputs: string[];
  outputs: string[];
  attrs: LayerAttrs[K];
  origin: Origin;
  /** internal types by role ('accum', 'table', 'expTable', 'invTable', …), set by the precision pass */
  types?: Record<string, FixedType>;
  /** implementation choices resolved from the config */
  options?: LayerOptions;
}

export type Layer = { [K in LayerKind]: LayerOf<K> }[LayerKind];

export type Strategy = 'Latency' | 'Resource' | 'distributed_arithmetic';

export interface LayerOptions {
  reuseFactor: number;
  strategy: Strategy;
  tableSize: number;
}

export interface Graph {
  /** where the model came from */
  source: { file: string; format: 'onnx' | 'qonnx' };
  /** model inputs (per-sample shapes), in ONNX order */
  inputs: string[];
  /** model outputs, in ONNX order */
  outputs: string[];
  /** topologically ordered */
  layers: Layer[];
  /** every tensor: activations and constants */
  tensors: Record<string, Tensor>;
}

export function size(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The constant operands a layer reads (weights, biases, slopes, constant element-wise operands). */
export function constantNames(layer: Layer, graph: Graph): string[] {
  const names: string[] = [];
  switch (layer.kind) {
    case 'Dense':
    case 'Conv':
      names.push(layer.attrs.weight);
      if (layer.attrs.bias) names.push(layer.attrs.bias);
      break;
    case 'BatchNorm':
      names.push(layer.attrs.scale, layer.attrs.bias);
      break;
    case 'Activation':
      if (layer.attrs.slope) names.push(layer.attrs.slope);
      break;
    case 'Elementwise':
      for (const n of layer.inputs) if (graph.tensors[n]?.data) names.push(n);
      break;
    default:
      break;
  }
  return names;
}
