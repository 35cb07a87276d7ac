// From the optimizer's node table to the AdderGraph: keep only the ops the outputs read, number them
// in creation order (which is topological), and give each its exact range, type and users.
//
// Ranges are exact, not interval arithmetic: a node computes Σ c_i·x_i with integer coefficients
// (its "linear form"), and over the box of input ranges that sum reaches exactly
// [Σ min(c_i·lo_i, c_i·hi_i), Σ max(c_i·lo_i, c_i·hi_i)], which is never wider than what interval
// arithmetic on the operands gives (it is narrower when the operands share inputs).

import type { AdderGraph, AdderOp, OutputTerm } from './adder-graph.js';
import { widthOfRange } from './adder-graph.js';
import type { Term } from './cse.js';
import type { NodeTable } from './nodes.js';

type LinearForm = Map<number, bigint>;

function rangeOf(form: LinearForm, ranges: readonly (readonly [bigint, bigint])[]): [bigint, bigint] {
  let lo = 0n;
  let hi = 0n;
  for (const [i, c] of form) {
    const [l, h] = ranges[i];
    if (c > 0n) {
      lo += c * l;
      hi += c * h;
    } else {
      lo += c * h;
      hi += c * l;
    }
  }
  return [lo, hi];
}

export function assembleGraph(
  table: NodeTable,
  inputRanges: readonly (readonly [bigint, bigint])[],
  outputs: (Term | null)[],
): AdderGraph {
  const nIn = table.nIn;
  const total = table.size;
  // reachability from the outputs (operands always have smaller ids than their op)
  const live = new Uint8Array(total);
  for (const o of outputs) if (o !== null) live[o.node] = 1;
  for (let id = total - 1; id >= nIn; id--) {
    if (live[id] === 0) continue;
    live[table.a[id - nIn]] = 1;
    live[table.b[id - nIn]] = 1;
  }
  const newId = new Int32Array(total).fill(-1);
  for (let i = 0; i < nIn; i++) newId[i] = i;
  let next = nIn;
  for (let id = nIn; id < total; id++) if (live[id] === 1) newId[id] = next++;

  const forms: (LinearForm | undefined)[] = new Array(total);
  for (let i = 0; i < nIn; i++) forms[i] = new Map([[i, 1n]]);
  const ops: AdderOp[] = [];
  for (let id = nIn; id < total; id++) {
    if (live[id] === 0) continue;
    const k = id - nIn;
    const a = table.a[k];
    const b = table.b[k];
    const sA = table.shiftA[k];
    const sB = table.shiftB[k];
    const sub = table.sub[k];
    const form: LinearForm = new Map();
    for (const [i, c] of forms[a]!) form.set(i, c << BigInt(sA));
    for (const [i, c] of forms[b]!) {
      const v = (form.get(i) ?? 0n) + (sub ? -(c << BigInt(sB)) : c << BigInt(sB));
      if (v === 0n) form.delete(i);
      else form.set(i, v);
    }
    forms[id] = form;
    const [lo, hi] = rangeOf(form, inputRanges);
    const { width, signed } = widthOfRange(lo, hi);
    ops.push({
      a: newId[a],
      b: newId[b],
      shiftA: sA,
      shiftB: sB,
      sub,
      range: [lo.toString(), hi.toString()],
      width,
      signed,
      depth: table.depth[id],
      usedBy: [],
    });
  }

  // usedBy: the columns whose output reaches the op
  const stamp = new Int32Array(next).fill(-1);
  const stack: number[] = [];
  outputs.forEach((o, j) => {
    if (o === null) return;
    stack.push(newId[o.node]);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id < nIn || stamp[id] === j) continue;
      stamp[id] = j;
      const op = ops[id - nIn];
      op.usedBy.push(j);
      stack.push(op.a, op.b);
    }
  });

  const outs: (OutputTerm | null)[] = outputs.map((o) =>
    o === null ? null : { node: newId[o.node], shift: o.shift, negate: o.sign < 0 },
  );
  const inputs = inputRanges.map(([lo, hi]) => ({
    range: [lo.toString(), hi.toString()] as [string, string],
    ...widthOfRange(lo, hi),
  }));
  return { inputs, ops, outputs: outs };
}
