// numpy broadcasting of two per-sample shapes (Elementwise).

import { size } from '../graph.js';

/**
 * The broadcast shape of a and b (right-aligned; a dimension of 1 stretches), or undefined when
 * they do not broadcast. `rank` caps the result: leading 1s beyond it (a constant stored with the
 * model's batch axis of 1) are dropped.
 */
export function broadcastShape(a: readonly number[], b: readonly number[], rank: number): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out.push(da === 1 ? db : da);
  }
  while (out.length > rank && out[0] === 1) out.shift();
  return out;
}

/** For each flat index of `out`, the flat index into an operand of shape `shape` (broadcast). */
export function broadcastIndex(shape: readonly number[], out: readonly number[]): Int32Array {
  const n = size(out);
  const map = new Int32Array(n);
  // the operand's strides, right-aligned to out; 0 where it is broadcast
  const strides = new Array<number>(out.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const j = out.length - shape.length + i;
    if (j >= 0 && shape[i] !== 1) strides[j] = stride;
    stride *= shape[i];
  }
  for (let o = 0; o < n; o++) {
    let rest = o;
    let idx = 0;
    for (let j = out.length - 1; j >= 0; j--) {
      idx += (rest % out[j]) * strides[j];
      rest = Math.floor(rest / out[j]);
    }
    map[o] = idx;
  }
  return map;
}
