// Output shapes of the layers the ONNX reader produces, in the per-sample frame.
//
// A stopgap: src/ir/layers/<kind>.ts will carry each kind's `inferShape`; once that registry exists
// this file should be replaced by it. The rules are the same:
//   Dense: last axis nIn → nOut.   Conv: floor((in + padB + padE − dil·(k−1) − 1)/stride) + 1.
//   Pool: the same with ceil in ceil mode (and the last window must start inside input + begin pad).
//   Concat, Reshape, Transpose, Pad (in + b + e), Resize (floor(in·scale)), Elementwise (numpy
//   broadcast); every other kind keeps its input shape.

import type { Graph, Layer } from '../../ir/graph.js';

export type ShapeResult = { ok: true; shape: number[] } | { ok: false; message: string };

const bad = (message: string): ShapeResult => ({ ok: false, message });
const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** numpy broadcasting of two shapes; undefined when incompatible */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/** Output size of a sliding window along one axis (ONNX Conv/Pool rules). */
export function windowOut(input: number, kernel: number, stride: number, padBegin: number, padEnd: number, dilation: number, ceilMode: boolean): number {
  const span = input + padBegin + padEnd - dilation * (kernel - 1) - 1;
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // In ceil mode the last window must start inside the input or the begin padding.
  if (ceilMode && (out - 1) * stride >= input + padBegin) out--;
  return out;
}

export function shapeOf(layer: Layer, graph: Pick<Graph, 'tensors'>): ShapeResult {
  const shapes: number[][] = [];
  for (const n of layer.inputs) {
    const t = graph.tensors[n];
    if (!t) return bad(`layer '${layer.name}' reads '${n}', which is not a known tensor`);
    shapes.push(t.shape);
  }
  const x = shapes[0] ?? [];
  const constShape = (name: string | undefined) => (name ? graph.tensors[name]?.shape : undefined);
  switch (layer.kind) {
    case 'Dense': {
      const w = constShape(layer.attrs.weight);
      if (!w || w.length !== 2) return bad(`Dense weight must be 2-D [nIn, nOut], got ${w ? fmt(w) : 'nothing'}`);
      if (x.length < 1 || x[x.length - 1] !== w[0]) return bad(`Dense input ${fmt(x)} does not end in nIn = ${w[0]} (weight ${fmt(w)})`);
      const b = constShape(layer.attrs.bias);
      if (b && prod(b) !== w[1]) return bad(`Dense bias ${fmt(b)} does not hold nOut = ${w[1]} values`);
      return { ok: true, shape: [...x.slice(0, -1), w[1]] };
    }
    case 'Conv': {
      const { strides, pads, dilations, group } = layer.attrs;
      const w = constShape(layer.attrs.weight);
      const k = x.length - 1;
      if (k < 1 || k > 2) return bad(`Conv input must be [C, L] or [C, H, W] per sample, got ${fmt(x)}`);
      if (!w || w.length !== k + 2) return bad(`Conv weight must be [M, C/group, ${k === 1 ? 'k' : 'kH, kW'}], got ${w ? fmt(w) : 'nothing'}`);
      if (group < 1 || x[0] !== w[1] * group || w[0] % group !== 0) {
        return bad(`Conv input has ${x[0]} channels but the weight ${fmt(w)} with group ${group} expects ${w[1] * group}`);
      }
      if (strides.length !== k || dilations.length !== k || pads.length !== 2 * k) return bad(`Conv strides/dilations/pads do not match ${k} spatial axes`);
      const b = constShape(layer.attrs.bias);
      if (b && prod(b) !== w[0]) return bad(`Conv bias ${fmt(b)} does not hold ${w[0]} values`);
      const out = [w[0]];
      for (let i = 0; i < k; i++) {
        const o = windowOut(x[i + 1], w[i + 2], strides[i], pads[i], pads[i + k], dilations[i], false);
        if (o < 1) return bad(`Conv output would be empty along spatial axis ${i} (input ${fmt(x)}, kernel ${fmt(w.slice(2))})`);
        out.push(o);
      }
      return { ok: true, shape: out };
    }
    case 'Pool': {
      const { kernel, strides, pads, ceilMode, global } = layer.attrs;
      const k = x.length - 1;
      if (k < 1 || k > 2) return bad(`Pool input must be [C, L] or [C, H, W] per sample, got ${fmt(x)}`);
      if (global) return { ok: true, shape: [x[0], ...new Array(k).fill(1)] };
      if (kernel.length !== k || strides.length !== k || pads.length !== 2 * k) return bad(`Pool kernel/strides/pads do not match ${k} spatial axes`);
      const out = [x[0]];
      for (let i = 0; i < k; i++) {
        const o = windowOut(x[i + 1], kernel[i], strides[i], pads[i], pads[i + k], 1, ceilMode);
        if (o < 1) return bad(`Pool output would be empty along spatial axis ${i} (input ${fmt(x)}, kernel ${fmt(kernel)})`);
        out.push(o);
      }
      return { ok: true, shape: out };
    }
    case 'BatchNorm': {
      const s = constShape(layer.attrs.scale);
      if (x.length < 1 || !s || prod(s) !== x[0]) return bad(`BatchNorm input ${fmt(x)} has ${x[0]} channels, scale has ${s ? prod(s) : 0}`);
      return { ok: true, shape: x.slice() };
    }
    case 'Activation': {
      const slope = constShape(layer.attrs.slope);
      if (slope && (slope.length > x.length || !sameShape(broadcastShapes(x, slope), x))) return bad(`PRelu slope ${fmt(slope)} does not broadcast to ${fmt(x)}`);
      return { ok: true, shape: x.slice() };
    }
    case 'Softmax': {
      if (layer.attrs.axis < 0 || layer.attrs.axis >= x.length) return bad(`Softmax axis ${layer.attrs.axis} is outside ${fmt(x)}`);
      return { ok: true, shape: x.slice() };
    }
    case 'Elementwise': {
      if (shapes.length !== 2) return bad(`Elementwise needs two operands, got ${shapes.length}`);
      const out = broadcastShapes(shapes[0], shapes[1]);
      return out ? { ok: true, shape: out } : bad(`operands ${fmt(shapes[0])} and ${fmt(shapes[1])} do not broadcast`);
    }
    case 'Concat': {
      const a = layer.attrs.axis;
      if (a < 0 || a >= x.length) return bad(`Concat axis ${a} is outside ${fmt(x)}`);
      const out = x.slice();
      for (const s of shapes.slice(1)) {
        if (s.length !== x.length || s.some((d, i) => i !== a && d !== x[i])) return bad(`Concat operands ${shapes.map(fmt).join(', ')} differ outside axis ${a}`);
        out[a] += s[a];
      }
      return { ok: true, shape: out };
    }
    case 'Reshape': {
      const s = layer.attrs.shape;
      if (s.some((d) => !Number.isInteger(d) || d < 0) || prod(s) !== prod(x)) return bad(`cannot reshape ${fmt(x)} (${prod(x)} values) to ${fmt(s)}`);
      return { ok: true, shape: s.slice() };
    }
    case 'Transpose': {
      const p = layer.attrs.perm;
      if (p.length !== x.length || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) return bad(`Transpose perm ${fmt(p)} is not a permutation of ${x.length} axes`);
      return { ok: true, shape: p.map((i) => x[i]) };
    }
    case 'Pad': {
      const p = layer.attrs.pads;
      if (p.length !== 2 * x.length) return bad(`Pad needs ${2 * x.length} pads for ${fmt(x)}, got ${p.length}`);
      const out = x.map((d, i) => d + p[i] + p[i + x.length]);
      if (out.some((d) => d < 1)) return bad(`Pad ${fmt(p)} leaves nothing of ${fmt(x)}`);
      return { ok: true, shape: out };
    }
    case 'Resize': {
      const s = layer.attrs.scales;
      if (s.length !== x.length) return bad(`Resize needs ${x.length} scales for ${fmt(x)}, got ${s.length}`);
      const out = x.map((d, i) => Math.floor(d * s[i]));
      if (out.some((d) => d < 1)) return bad(`Resize scales ${fmt(s)} leave nothing of ${fmt(x)}`);
      return { ok: true, shape: out };
    }
    case 'Quant': {
      const { axis, scale, zeroPoint } = layer.attrs;
      if (axis !== undefined) {
        if (axis < 0 || axis >= x.length) return bad(`Quant axis ${axis} is outside ${fmt(x)}`);
        for (const p of [scale, zeroPoint]) if (p.length !== 1 && p.length !== x[axis]) return bad(`Quant has ${p.length} per-axis parameters for ${x[axis]} entries along axis ${axis}`);
      } else if (scale.length !== 1 || zeroPoint.length !== 1) {
        return bad('per-tensor Quant needs one scale and one zero point');
      }
      return { ok: true, shape: x.slice() };
    }
  }
}

function sameShape(a: readonly number[] | undefined, b: readonly number[]): boolean {
  return !!a && a.length === b.length && a.every((d, i) => d === b[i]);
}
