// Independent checks of an AdderGraph against its matrix: values, ranges, widths, depths, users.
import { expect } from 'vitest';
import type { AdderGraph } from '../../../../src/passes/cmvm/index.js';
import { evaluateAdderGraph, evaluateAdderNodes } from '../../../../src/passes/cmvm/index.js';

export type Range = [bigint, bigint];

export function product(W: bigint[][], x: bigint[]): bigint[] {
  return W[0].map((_, j) => W.reduce((s, row, i) => s + row[j] * x[i], 0n));
}

/** The linear form Σ c_i·x_i of every node, by its own arithmetic (not the optimizer's). */
function linearForms(g: AdderGraph): bigint[][] {
  const n = g.inputs.length;
  const forms: bigint[][] = g.inputs.map((_, i) => Array.from({ length: n }, (_, k) => (k === i ? 1n : 0n)));
  for (const op of g.ops) {
    const fa = forms[op.a];
    const fb = forms[op.b];
    forms.push(fa.map((c, i) => (c << BigInt(op.shiftA)) + (op.sub ? -1n : 1n) * (fb[i] << BigInt(op.shiftB))));
  }
  return forms;
}

function minimalWidth(lo: bigint, hi: bigint): { width: number; signed: boolean } {
  if (lo < 0n) {
    let w = 1;
    while (lo < -(1n << BigInt(w - 1)) || hi > (1n << BigInt(w - 1)) - 1n) w++;
    return { width: w, signed: true };
  }
  let w = 1;
  while (hi > (1n << BigInt(w)) - 1n) w++;
  return { width: w, signed: false };
}

/** Every corner of the input box if there are few, else `limit` pseudo-random ones. */
export function corners(ranges: Range[], limit = 64): bigint[][] {
  const n = ranges.length;
  const out: bigint[][] = [];
  if (n <= 6) {
    for (let m = 0; m < 1 << n; m++) out.push(ranges.map(([lo, hi], i) => ((m >> i) & 1 ? hi : lo)));
    return out;
  }
  let s = 12345;
  for (let k = 0; k < limit; k++) {
    out.push(
      ranges.map(([lo, hi]) => {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        return s & 0x10000 ? hi : lo;
      }),
    );
  }
  return out;
}

/** Asserts everything the AdderGraph promises about itself and about W. */
export function checkGraph(
  g: AdderGraph,
  W: bigint[][],
  ranges: Range[],
  maxDepth = Infinity,
  samples: bigint[][] = [],
): void {
  const nIn = W.length;
  const nOut = W[0].length;
  expect(g.inputs.length).toBe(nIn);
  expect(g.outputs.length).toBe(nOut);
  // plain JSON
  expect(JSON.parse(JSON.stringify(g))).toEqual(g);

  g.inputs.forEach((inp, i) => {
    expect(inp.range).toEqual([ranges[i][0].toString(), ranges[i][1].toString()]);
    expect({ width: inp.width, signed: inp.signed }).toEqual(minimalWidth(ranges[i][0], ranges[i][1]));
  });

  // structure, depth, exact ranges and minimal widths
  const depth: number[] = g.inputs.map(() => 0);
  const forms = linearForms(g);
  g.ops.forEach((op, k) => {
    const id = nIn + k;
    expect(op.a).toBeLessThan(id);
    expect(op.b).toBeLessThan(id);
    expect(op.a).toBeGreaterThanOrEqual(0);
    expect(op.b).toBeGreaterThanOrEqual(0);
    expect(op.shiftA).toBeGreaterThanOrEqual(0);
    expect(op.shiftB).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(op.shiftA) && Number.isInteger(op.shiftB)).toBe(true);
    depth.push(Math.max(depth[op.a], depth[op.b]) + 1);
    expect(op.depth).toBe(depth[id]);
    expect(op.depth).toBeLessThanOrEqual(maxDepth);
    // the exact range of Σ c_i·x_i over the box
    let lo = 0n;
    let hi = 0n;
    forms[id].forEach((c, i) => {
      const [l, h] = ranges[i];
      lo += c > 0n ? c * l : c * h;
      hi += c > 0n ? c * h : c * l;
    });
    expect(op.range).toEqual([lo.toString(), hi.toString()]);
    expect({ width: op.width, signed: op.signed }).toEqual(minimalWidth(lo, hi));
    // never wider than interval arithmetic on the operands
    const r = (n: number): Range =>
      n < nIn ? ranges[n] : [BigInt(g.ops[n - nIn].range[0]), BigInt(g.ops[n - nIn].range[1])];
    const [al, ah] = r(op.a).map((v) => v << BigInt(op.shiftA));
    const [bl, bh] = r(op.b).map((v) => v << BigInt(op.shiftB));
    expect(lo).toBeGreaterThanOrEqual(op.sub ? al - bh : al + bl);
    expect(hi).toBeLessThanOrEqual(op.sub ? ah - bl : ah + bh);
    // the bounds are reached: evaluate at the extreme corners
    const cornerLo = forms[id].map((c, i) => (c > 0n ? ranges[i][0] : ranges[i][1]));
    const cornerHi = forms[id].map((c, i) => (c > 0n ? ranges[i][1] : ranges[i][0]));
    expect(evaluateAdderNodes(g, cornerLo)[id]).toBe(lo);
    expect(evaluateAdderNodes(g, cornerHi)[id]).toBe(hi);
  });

  // users: recompute by walking back from each output
  const users: number[][] = g.ops.map(() => []);
  g.outputs.forEach((o, j) => {
    if (o === null) return;
    const seen = new Set<number>();
    const stack = [o.node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n < nIn || seen.has(n)) continue;
      seen.add(n);
      users[n - nIn].push(j);
      stack.push(g.ops[n - nIn].a, g.ops[n - nIn].b);
    }
  });
  g.ops.forEach((op, k) => {
    expect(op.usedBy).toEqual(users[k]);
    expect(op.usedBy.length).toBeGreaterThan(0); // no dead ops
  });

  // null outputs exactly for the constant-zero columns
  for (let j = 0; j < nOut; j++) {
    const zero = W.every((row, i) => row[j] === 0n || (ranges[i][0] === 0n && ranges[i][1] === 0n));
    expect(g.outputs[j] === null).toBe(zero);
  }

  // values on the corners and on the given samples
  for (const x of [...corners(ranges), ...samples]) {
    expect(evaluateAdderGraph(g, x)).toEqual(product(W, x));
    const v = evaluateAdderNodes(g, x);
    g.ops.forEach((op, k) => {
      expect(v[nIn + k] >= BigInt(op.range[0]) && v[nIn + k] <= BigInt(op.range[1])).toBe(true);
    });
  }
}
