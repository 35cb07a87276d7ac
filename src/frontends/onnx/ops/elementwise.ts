// Activations, Softmax and the arithmetic ops (Add, Sub, Mul, Div) → Activation, Softmax, Elementwise.

import type { ActivationFn, LayerAttrs } from '../../../ir/graph.js';
import type { NodeInfo, Reader } from '../context.js';
import { fmtShape } from '../context.js';
import { prod } from '../tensor.js';
import { actInput, optionalConst, perSampleConst, registerOperand, type OpReader } from './common.js';

type ActAttrs = LayerAttrs['Activation'];

function activation(fn: ActivationFn, attrs: (node: NodeInfo) => Omit<ActAttrs, 'fn'> = () => ({})): OpReader {
  return {
    read(r, node) {
      const x = actInput(r, node, 0);
      if (!x) return;
      r.emit({ name: node.name, kind: 'Activation', inputs: [x.tensor], outputs: [node.outputs[0]], attrs: { fn, ...attrs(node) }, origin: node.origin }, node);
    },
  };
}

function clip(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  let min = -Infinity;
  let max = Infinity;
  if (node.opset < 11) {
    min = node.attrs.float('min', -Infinity);
    max = node.attrs.float('max', Infinity);
  } else {
    for (const [i, what] of [[1, 'min'], [2, 'max']] as const) {
      const c = optionalConst(r, node, i, what);
      if (c === 'bad') return;
      if (!c) continue;
      if (prod(c.shape) !== 1) {
        r.reject(node, 'onnx/shape-mismatch', `Clip '${node.name}': ${what} must be a scalar, got ${fmtShape(c.shape)}`);
        return;
      }
      if (i === 1) min = c.data[0];
      else max = c.data[0];
    }
  }
  r.emit({ name: node.name, kind: 'Activation', inputs: [x.tensor], outputs: [node.outputs[0]], attrs: { fn: 'clip', min, max }, origin: node.origin }, node);
}

/** PRelu: the slope becomes a constant of the activation's per-sample rank (1 where it broadcasts). */
function prelu(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const slope = optionalConst(r, node, 1, 'slope');
  if (slope === 'bad') return;
  if (!slope) {
    r.reject(node, 'onnx/bad-model', `PRelu '${node.name}' has no slope`);
    return;
  }
  const ps = perSampleConst(slope, x.shape.length);
  if (!ps.ok) {
    r.reject(node, 'onnx/batch-axis', `PRelu '${node.name}': ${ps.message}`);
    return;
  }
  const shape = [...new Array(x.shape.length - ps.c.shape.length).fill(1), ...ps.c.shape];
  if (shape.some((d, i) => d !== 1 && d !== x.shape[i])) {
    r.reject(node, 'onnx/shape-mismatch', `PRelu '${node.name}': slope ${fmtShape(slope.shape)} does not broadcast to the input [batch, ${x.shape.join(', ')}]`);
    return;
  }
  const same = shape.length === slope.shape.length && shape.every((d, i) => d === slope.shape[i]);
  const name = registerOperand(r, node.inputs[1], { ...ps.c, shape }, !same);
  r.emit({ name: node.name, kind: 'Activation', inputs: [x.tensor], outputs: [node.outputs[0]], attrs: { fn: 'prelu', slope: name }, origin: node.origin }, node);
}

function softmax(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const rank = x.shape.length;
  if (node.opset >= 13) {
    const a = r.axis(node.attrs.int('axis', -1), rank);
    if (!a.ok) {
      r.reject(node, a.batch ? 'onnx/batch-axis' : 'onnx/unsupported-attr', `Softmax '${node.name}': axis ${node.attrs.int('axis', -1)} ${a.batch ? 'is the batch axis' : 'is out of range'} for input [batch, ${x.shape.join(', ')}]`);
      return;
    }
    r.emit({ name: node.name, kind: 'Softmax', inputs: [x.tensor], outputs: [node.outputs[0]], attrs: { axis: a.axis }, origin: node.origin }, node);
    return;
  }
  // Before opset 13 Softmax flattens the input to 2-D at `axis` and normalises over everything from
  // `axis` on. That is one per-axis softmax only when at most one of those axes is longer than 1.
  const axis = node.attrs.int('axis', 1);
  const a = r.axis(axis, rank);
  if (!a.ok) {
    r.reject(node, a.batch ? 'onnx/batch-axis' : 'onnx/unsupported-attr', `Softmax '${node.name}' (opset ${node.opset}): axis ${axis} ${a.batch ? 'normalises across the batch' : 'is out of range'} for input [batch, ${x.shape.join(', ')}]`);
    return;
  }
  const tail = x.shape.slice(a.axis);
  const long = tail.map((d, i) => (d > 1 ? i : -1)).filter((i) => i >= 0);
  if (long.length > 1) {
    r.reject(
      node,
      'onnx/unsupported-attr',
      `Softmax '${node.name}' (opset ${node.opset}, axis ${axis}) normalises jointly over the axes [${tail.join(', ')}] of input [batch, ${x.shape.join(', ')}]; fhls's Softmax works along a single axis`,
      'flatten the input before the softmax, or export with opset 13 or later and softmax along one axis',
    );
    return;
  }
  const ps = a.axis + (long[0] ?? tail.length - 1);
  r.emit({ name: node.name, kind: 'Softmax', inputs: [x.tensor], outputs: [node.outputs[0]], attrs: { axis: ps }, origin: node.origin }, node);
}

/**
 * Abs on an activation exists only as part of softsign written out, x / (|x| + 1) (what torch
 * exports for F.softsign): Abs → Add 1 → Div(x, ·) becomes one Activation softsign.
 */
function absSoftsign(r: Reader, node: NodeInfo): void {
  const x = actInput(r, node, 0);
  if (!x) return;
  const add = r.soleConsumer(node.outputs[0]);
  const one = add && add.opType === 'Add' ? add.inputs.find((n) => n !== node.outputs[0]) : undefined;
  const c = one !== undefined ? r.constOf(one) : undefined;
  const div = add && c && prod(c.shape) === 1 && c.data[0] === 1 ? r.soleConsumer(add.outputs[0]) : undefined;
  if (!add || !div || div.opType !== 'Div' || div.inputs[1] !== add.outputs[0] || r.actOf(div.inputs[0])?.tensor !== x.tensor) {
    r.reject(node, 'onnx/unsupported-op', `Abs '${node.name}' on an activation is not supported (only as part of softsign, x / (|x| + 1))`);
    return;
  }
  r.absorbed.add(add);
  r.absorbed.add(div);
  r.poison(node.outputs);
  r.poison(add.outputs);
  r.emit({ name: div.name, kind: 'Activation', inputs: [x.tensor], outputs: [div.outputs[0]], attrs: { fn: 'softsign' }, origin: div.origin }, div);
}

function arithmetic(op: LayerAttrs['Elementwise']['op']): OpReader {
  return {
    read(r, node) {
      const names: string[] = [];
      const acts = node.inputs.slice(0, 2).map((n) => r.actOf(n));
      const rank = Math.max(...acts.map((a) => (a ? a.shape.length : -1)));
      if (acts[0] && acts[1] && acts[0].shape.length !== acts[1].shape.length) {
        r.reject(
          node,
          'onnx/shape-mismatch',
          `${node.opType} '${node.name}': operands [batch, ${acts[0].shape.join(', ')}] and [batch, ${acts[1].shape.join(', ')}] have different ranks, so broadcasting would align the batch axis of one with a feature axis of the other`,
        );
        return;
      }
      for (let i = 0; i < 2; i++) {
        const name = node.inputs[i] ?? '';
        const v = r.value(name);
        if (v?.kind === 'act') {
          names.push(v.tensor);
          continue;
        }
        if (v?.kind !== 'const') {
          actInput(r, node, i, `operand ${i + 1}`);
          return;
        }
        const ps = perSampleConst(v.c, rank);
        if (!ps.ok) {
          r.reject(node, 'onnx/batch-axis', `${node.opType} '${node.name}': ${ps.message}`);
          return;
        }
        names.push(registerOperand(r, name, ps.c, ps.changed));
      }
      r.emit({ name: node.name, kind: 'Elementwise', inputs: names, outputs: [node.outputs[0]], attrs: { op }, origin: node.origin }, node);
    },
  };
}

export const ELEMENTWISE_OPS: Record<string, OpReader> = {
  Relu: activation('relu'),
  // ONNX float attributes are float32, and so are their defaults: a float64 0.01 would make a
  // 53-bit constant (and multiplier) where the model means a 24-bit one.
  LeakyRelu: activation('leaky_relu', (n) => ({ alpha: n.attrs.float('alpha', Math.fround(0.01)) })),
  PRelu: { read: prelu },
  Elu: activation('elu', (n) => ({ alpha: n.attrs.float('alpha', 1) })),
  Selu: activation('selu', (n) => ({ alpha: n.attrs.float('alpha', 1.67326319217681884765625), gamma: n.attrs.float('gamma', 1.05070102214813232421875) })),
  ThresholdedRelu: activation('thresholded_relu', (n) => ({ alpha: n.attrs.float('alpha', 1) })),
  Sigmoid: activation('sigmoid'),
  HardSigmoid: activation('hard_sigmoid', (n) => ({ alpha: n.attrs.float('alpha', Math.fround(0.2)), beta: n.attrs.float('beta', 0.5) })),
  HardSwish: activation('hard_swish'),
  Tanh: activation('tanh'),
  Softplus: activation('softplus'),
  Softsign: activation('softsign'),
  Abs: { read: absSoftsign },
  Clip: { read: clip },
  Softmax: { read: softmax },
  Add: arithmetic('add'),
  Sub: arithmetic('sub'),
  Mul: arithmetic('mul'),
  Div: arithmetic('div'),
};
