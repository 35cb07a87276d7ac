// Index arithmetic on row-major tensors, shared by the constant evaluator and the op readers.

import { isPerElement, type TensorType } from '../../ir/graph.js';
import type { ConstTensor } from './proto.js';

export function prod(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: readonly number[]): number[] {
  const s: number[] = new Array(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** For each flat index of `out`, the flat index of the element of `src` (numpy broadcast) it reads. */
export function broadcastIndex(out: readonly number[], src: readonly number[]): number[] {
  const r = out.length;
  const srcStrides = stridesOf(src);
  // stride of src along each out axis (0 where src broadcasts or is absent)
  const st = out.map((_, i) => {
    const j = i - (r - src.length);
    return j < 0 || src[j] === 1 ? 0 : srcStrides[j];
  });
  return broadcastLike(out, st);
}

/** For each flat index of the transposed tensor, the flat index in the source. */
export function transposeIndex(shape: readonly number[], perm: readonly number[]): number[] {
  const outShape = perm.map((p) => shape[p]);
  const srcStrides = stridesOf(shape);
  return broadcastLike(outShape, perm.map((p) => srcStrides[p]));
}

/** Walks `outShape` row-major and accumulates per-axis source strides. */
export function broadcastLike(outShape: readonly number[], strides: readonly number[]): number[] {
  const n = prod(outShape);
  const r = outShape.length;
  const idx: number[] = new Array(n);
  const counter: number[] = new Array(r).fill(0);
  let at = 0;
  for (let k = 0; k < n; k++) {
    idx[k] = at;
    for (let a = r - 1; a >= 0; a--) {
      counter[a]++;
      at += strides[a];
      if (counter[a] < outShape[a]) break;
      at -= strides[a] * outShape[a];
      counter[a] = 0;
    }
  }
  return idx;
}

/** A constant made by picking elements of `src` (data movement): values, type and flags follow. */
export function gatherConst(src: ConstTensor, shape: number[], index: readonly number[]): ConstTensor {
  return {
    dtype: src.dtype,
    shape,
    data: index.map((i) => src.data[i]),
    ...(src.type ? { type: pickType(src.type, index) } : {}),
    ...(src.quantized ? { quantized: true } : {}),
  };
}

export function pickType(t: TensorType, index: readonly number[]): TensorType {
  return isPerElement(t) ? { elements: index.map((i) => t.elements[i]) } : t;
}

export function identityIndex(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
