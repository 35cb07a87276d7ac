// Gemm / MatMul → Dense, Conv → Conv, BatchNormalization → BatchNorm, the pools → Pool.

import type { FixedType } from '../../../ir/fixed/type.js';
import { isPerElement, type TensorType } from '../../../ir/graph.js';
import type { NodeInfo, Reader } from '../context.js';
import { fmtShape } from '../context.js';
import { DT, type ConstTensor } from '../proto.js';
import { pow2Exponent } from '../quantize.js';
import { gatherConst, prod, transposeIndex } from '../tensor.js';
import { actInput, constInput, optionalConst, resolvePads, spatialList, type OpReader } from './common.js';

/** Scales a constant by a number; the exact type survives a power-of-two factor. */
function scaled(c: ConstTensor, k: number): ConstTensor {
  if (k === 1) return c;
  const e = pow2Exponent(Math.abs(k));
  const shift = (t: FixedType): FixedType => ({ ...t, intBits: t.intBits + (e as number) });
  let type: TensorType | undefined;
  if (c.type && e !== undefined && k > 0) type = isPerElement(c.type) ? { elements: c.type.elements.map(shift) } : shift(c.type);
  return { dtype: c.dtype, shape: c.shape.slice(), data: c.data.map((v) => v * k), ...(type ? { type } : {}), ...(c.quantized ? { quantized: true } : {}) };
}

/** A bias given in any shape that broadcasts along the last axis only, as a [n] constant. */
export function lastAxisBias(c: ConstTensor, n: number): ConstTensor | undefined {
  const last = c.shape.length ? c.shape[c.shape.length - 1] : 1;
  if (prod(c.shape.slice(0, -1)) !== 1 || (last !== 1 && last !== n)) return undefined;
  if (last === n) return { ...c, shape: [n] };
  const type = c.type && !isPerElement(c.type) ? c.type : undefined;
  return { dtype: c.dtype, shape: [n], data: new Array(n).fill(c.data[0]), ...(type ? { type } : {}), ...(c.quantized ? { quantized: true } : {}) };
}

function gemm(r: Reader, node: NodeInfo): void {
  const [aName, bName, cName = ''] = node.inputs;
  const aVal = r.value(aName);
  if (aVal?.kind === 'const') {
    r.reject(node, 'onnx/unsupported-op', `Gemm '${node.name}' with a constant A and an activation B is not supported (the batch would be the contraction axis)`);
    return;
  }
  const a = actInput(r, node, 0, 'input A');
  if (!a) return;
  if (node.attrs.int('transA', 0) !== 0) {
    r.reject(node, 'onnx/unsupported-attr', `Gemm '${node.name}' has transA=1 on an activation: it would contract over the batch axis`, 'export the model without transposing the input of the linear layer');
    return;
  }
  if (a.shape.length !== 1) {
    r.reject(node, 'onnx/shape-mismatch', `Gemm '${node.name}' needs a 2-D input [batch, K], got [batch, ${a.shape.join(', ')}]`);
    return;
  }
  const b = constInput(r, node, 1, 'weight B');
  if (!b) return;
  if (b.shape.length !== 2) {
    r.reject(node, 'onnx/shape-mismatch', `Gemm '${node.name}': B must be 2-D, got ${fmtShape(b.shape)}`);
    return;
  }
  const transB = node.attrs.int('transB', 0) !== 0;
  const alpha = node.attrs.float('alpha', 1);
  const beta = node.attrs.float('beta', 1);
  let w = transB ? gatherConst(b, [b.shape[1], b.shape[0]], transposeIndex(b.shape, [1, 0])) : b;
  w = scaled(w, alpha);
  const weight = !transB && alpha === 1 ? r.useConst(bName, b) : r.newConst(`${bName}_${transB ? 'T' : 'scaled'}`, w);
  let bias: string | undefined;
  const c = optionalConst(r, node, 2, 'bias C');
  if (c === 'bad') return;
  if (c && beta !== 0) {
    const n = w.shape[1];
    const values = lastAxisBias(c, n);
    if (!values) {
      r.reject(node, 'onnx/shape-mismatch', `Gemm '${node.name}': bias C of shape ${fmtShape(c.shape)} must broadcast along the output axis only ([${n}] or [1, ${n}])`);
      return;
    }
    const asIs = beta === 1 && c.shape.length === 1 && c.shape[0] === n;
    bias = asIs ? r.useConst(cName, c) : r.newConst(`${cName}_bias`, scaled(values, beta));
  }
  r.emit({ name: node.name, kind: 'Dense', inputs: [a.tensor], outputs: [node.outputs[0]], attrs: { weight, ...(bias ? { bias } : {}) }, origin: node.origin }, node);
}

function matmul(r: Reader, node: NodeInfo): void {
  const [aName, bName] = node.inputs;
  const av = r.value(aName);
  const bv = r.value(bName);
  if (av?.kind === 'act' && bv?.kind === 'act') {
    r.reject(node, 'onnx/unsupported-op', `MatMul '${node.name}' of two activations is not supported yet (only a constant right operand, which becomes a Dense layer)`);
    return;
  }
  if (av?.kind === 'const') {
    r.reject(node, 'onnx/unsupported-op', `MatMul '${node.name}' with a constant left operand and an activation right operand is not supported`);
    return;
  }
  const a = actInput(r, node, 0, 'input A');
  if (!a) return;
  const b = constInput(r, node, 1, 'weight B');
  if (!b) return;
  if (a.shape.length < 1) {
    r.reject(node, 'onnx/shape-mismatch', `MatMul '${node.name}': the input has no feature axis (shape [batch])`);
    return;
  }
  const k = a.shape[a.shape.length - 1];
  let w: ConstTensor;
  let vector = false;
  if (b.shape.length === 1) {
    w = { ...b, shape: [b.shape[0], 1] };
    vector = true;
  } else {
    if (b.shape.length > 2 && (prod(b.shape.slice(0, -2)) !== 1 || b.shape.length > a.shape.length + 1)) {
      r.reject(node, 'onnx/unsupported-op', `MatMul '${node.name}' with a batched constant ${fmtShape(b.shape)} is not supported (only a 2-D weight)`);
      return;
    }
    w = b.shape.length === 2 ? b : { ...b, shape: b.shape.slice(-2) };
  }
  if (w.shape[0] !== k) {
    r.reject(node, 'onnx/shape-mismatch', `MatMul '${node.name}': input [batch, ${a.shape.join(', ')}] does not match weight ${fmtShape(b.shape)}`);
    return;
  }
  const weight = w === b ? r.useConst(bName, b) : r.newConst(`${bName}_2d`, w);
  const out = node.outputs[0];
  const denseOut = vector ? r.freshTensorName(`${out}_col`) : out;
  if (!r.emit({ name: node.name, kind: 'Dense', inputs: [a.tensor], outputs: [denseOut], attrs: { weight }, origin: node.origin }, node)) return;
  if (vector) {
    const shape = a.shape.slice(0, -1);
    r.emit({ name: r.extraLayerName(`${node.name}_squeeze`), kind: 'Reshape', inputs: [denseOut], outputs: [out], attrs: { shape }, origin: node.origin }, node);
  }
}

function conv(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const k = x.shape.length - 1;
  if (k < 1 || k > 2) {
    r.reject(node, 'onnx/unsupported-attr', `Conv '${node.name}' on input [batch, ${x.shape.join(', ')}]: only 1-D and 2-D convolutions are supported`);
    return;
  }
  const w = constInput(r, node, 1, 'weight W');
  if (!w) return;
  const b = optionalConst(r, node, 2, 'bias B');
  if (b === 'bad') return;
  if (w.shape.length !== k + 2) {
    r.reject(node, 'onnx/shape-mismatch', `Conv '${node.name}': weight ${fmtShape(w.shape)} must have ${k + 2} axes for input [batch, ${x.shape.join(', ')}]`);
    return;
  }
  const kernel = w.shape.slice(2);
  const ks = node.attrs.ints('kernel_shape');
  if (ks && (ks.length !== k || ks.some((v, i) => v !== kernel[i]))) {
    r.reject(node, 'onnx/shape-mismatch', `Conv '${node.name}': kernel_shape [${ks}] disagrees with the weight ${fmtShape(w.shape)}`);
    return;
  }
  const strides = spatialList(node, 'strides', k, 1);
  const dilations = spatialList(node, 'dilations', k, 1);
  if (typeof strides === 'string' || typeof dilations === 'string') {
    r.reject(node, 'onnx/unsupported-attr', `Conv '${node.name}': ${typeof strides === 'string' ? strides : dilations}`);
    return;
  }
  const pads = resolvePads(node.attrs.string('auto_pad', 'NOTSET'), node.attrs.ints('pads'), x.shape.slice(1), kernel, strides, dilations);
  if (typeof pads === 'string') {
    r.reject(node, 'onnx/unsupported-attr', `Conv '${node.name}': ${pads}`);
    return;
  }
  const weight = r.useConst(node.inputs[1], w);
  let bias: string | undefined;
  if (b) bias = b.shape.length === 1 ? r.useConst(node.inputs[2], b) : r.newConst(`${node.inputs[2]}_1d`, { ...b, shape: [prod(b.shape)] });
  const group = node.attrs.int('group', 1);
  r.emit(
    { name: node.name, kind: 'Conv', inputs: [x.tensor], outputs: [node.outputs[0]], attrs: { weight, ...(bias ? { bias } : {}), strides, pads, dilations, group }, origin: node.origin },
    node,
  );
}

function batchNorm(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  if (node.attrs.int('training_mode', 0) !== 0 || node.outputs.filter((o) => o).length > 1) {
    r.reject(node, 'onnx/unsupported-attr', `BatchNormalization '${node.name}' is in training mode; export the model in eval() mode`);
    return;
  }
  const params: ConstTensor[] = [];
  for (const [i, what] of [[1, 'scale'], [2, 'bias B'], [3, 'running mean'], [4, 'running variance']] as const) {
    const c = constInput(r, node, i, what);
    if (!c) return;
    params.push(c);
  }
  const channels = x.shape[0];
  if (x.shape.length < 1 || params.some((p) => prod(p.shape) !== channels)) {
    r.reject(node, 'onnx/shape-mismatch', `BatchNormalization '${node.name}': input [batch, ${x.shape.join(', ')}] has ${channels} channels, parameters have ${params.map((p) => prod(p.shape)).join('/')}`);
    return;
  }
  const [gamma, beta, mean, variance] = params.map((p) => p.data);
  const epsilon = node.attrs.float('epsilon', 1e-5);
  const s = gamma.map((g, c) => g / Math.sqrt(variance[c] + epsilon));
  const bias = beta.map((b, c) => b - mean[c] * s[c]);
  const quantized = params.some((p) => p.quantized);
  const flag = quantized ? { quantized: true } : {};
  const scaleName = r.newConst(`${node.name}_scale`, { dtype: DT.FLOAT, shape: [channels], data: s, ...flag });
  const biasName = r.newConst(`${node.name}_bias`, { dtype: DT.FLOAT, shape: [channels], data: bias, ...flag });
  if (r.emit({ name: node.name, kind: 'BatchNorm', inputs: [x.tensor], outputs: [node.outputs[0]], attrs: { scale: scaleName, bias: biasName }, origin: node.origin }, node)) {
    r.bnParams.set(node.name, { gamma, beta, mean, variance, epsilon, quantized });
  }
}

function pool(op: 'max' | 'avg', global: boolean) {
  return (r: Reader, node: NodeInfo): void => {
    const x = actInput(r, node, 0);
    if (!x) return;
    const k = x.shape.length - 1;
    if (k < 1 || k > 2) {
      r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}' on input [batch, ${x.shape.join(', ')}]: only 1-D and 2-D pooling is supported`);
      return;
    }
    if (node.outputs.length > 1 && node.outputs[1]) {
      r.reject(node, 'onnx/unsupported-attr', `MaxPool '${node.name}': the Indices output is not supported`);
      return;
    }
    const spatial = x.shape.slice(1);
    if (global) {
      r.emit(
        {
          name: node.name,
          kind: 'Pool',
          inputs: [x.tensor],
          outputs: [node.outputs[0]],
          attrs: { op, kernel: spatial, strides: new Array(k).fill(1), pads: new Array(2 * k).fill(0), countIncludePad: false, ceilMode: false, global: true },
          origin: node.origin,
        },
        node,
      );
      return;
    }
    const kernel = node.attrs.ints('kernel_shape');
    if (!kernel || kernel.length !== k) {
      r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': kernel_shape must list ${k} sizes`);
      return;
    }
    const strides = spatialList(node, 'strides', k, 1);
    const dilations = spatialList(node, 'dilations', k, 1);
    if (typeof strides === 'string' || typeof dilations === 'string') {
      r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': ${typeof strides === 'string' ? strides : dilations}`);
      return;
    }
    if (dilations.some((d) => d !== 1)) {
      r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}' has dilations [${dilations}]; only dilation 1 is supported for pooling`);
      return;
    }
    const pads = resolvePads(node.attrs.string('auto_pad', 'NOTSET'), node.attrs.ints('pads'), spatial, kernel, strides, dilations);
    if (typeof pads === 'string') {
      r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': ${pads}`);
      return;
    }
    const ceilMode = node.attrs.int('ceil_mode', 0) === 1;
    const countIncludePad = op === 'avg' && node.attrs.int('count_include_pad', 0) === 1;
    r.emit(
      { name: node.name, kind: 'Pool', inputs: [x.tensor], outputs: [node.outputs[0]], attrs: { op, kernel, strides, pads, countIncludePad, ceilMode, global: false }, origin: node.origin },
      node,
    );
  };
}

export const LINEAR_OPS: Record<string, OpReader> = {
  Gemm: { read: gemm },
  MatMul: { read: matmul },
  Conv: { read: conv },
  BatchNormalization: { read: batchNorm },
  MaxPool: { read: pool('max', false) },
  AveragePool: { read: pool('avg', false) },
  GlobalMaxPool: { read: pool('max', true) },
  GlobalAveragePool: { read: pool('avg', true) },
};
