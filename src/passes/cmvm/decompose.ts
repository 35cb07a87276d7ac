// Column decomposition before the CSE (the first stage of da4ml: Sun et al. 2025, "da4ml:
// distributed arithmetic for real-time neural networks on FPGAs").
//
// Two outputs whose weight columns are close are cheaper together: y_j = s·y_k + Δ·x with
// Δ = W_:j - s·W_:k costs the digits of Δ plus one adder, instead of the digits of W_:j. Even for
// random matrices some pairs of columns are much closer than a column is to zero, because the digit
// count of a difference varies a lot between pairs. We take the minimum spanning tree of the graph
// whose vertices are the columns and the zero column (the root), with
//     cost(root, j) = digits(W_:j),   cost(k, j) = min over s = ±1 of digits(W_:j - s·W_:k) + 1
// (Prim's algorithm, O(n_out²) edges). A bound on the tree's height keeps the chains y_j ← y_k ← …
// short; the caller tries several plans and keeps the best graph. The "+ 1" for the extra adder is a
// parameter (`linkCost`): the CSE later shares the digits of a column among outputs, so a digit is
// worth less than an adder and a slightly higher link cost makes better plans.
//
// On W^T the same plan links similar rows (inputs): x_c·W_c + x_p·W_p = x_c·Δ_c + (x_p + s·x_c)·W_p
// with Δ_c = W_c - s·W_p, so the CSE sees the input u_p = x_p + s·x_c (variant.ts).
//
// Under a depth bound D only one level of links is used: a parent must finish by D - 1, so its digits
// must fit in 2^(D-1), and a child's Δ must fit in 2^D - 2^(D-1) beside it.

import { csdWeight } from './csd.js';

export interface ColumnPlan {
  /** parent column of each column, -1 for the root (the column is built from its own digits) */
  parent: number[];
  /** y_j = sign[j]·y_parent + Δ_j (1 for root children) */
  sign: (1 | -1)[];
  /** columns in an order where every parent comes before its children */
  order: number[];
  /** Δ, the matrix the CSE works on (rows = inputs, columns = outputs) */
  delta: bigint[][];
  /** height of the tree: the longest chain of parents */
  height: number;
}

const SMALL = 2 ** 30;

function weightOf(v: number | bigint): number {
  if (typeof v === 'bigint') return csdWeight(v);
  let n = 0;
  while (v !== 0) {
    if ((v & 1) !== 0) {
      v -= (v & 3) === 1 ? 1 : -1;
      n++;
    }
    v = Math.trunc(v / 2);
  }
  return n;
}

export interface PlanOptions {
  /** most parent links above any column */
  maxHeight: number;
  /** the cost of a link, in digits */
  linkCost: number;
  /** the depth bound of the whole graph, Infinity for none */
  maxDepth: number;
}

/**
 * The minimum spanning tree plan for the columns of W, or null when no column is worth building
 * from another one.
 */
export function planColumns(W: readonly (readonly bigint[])[], opts: PlanOptions): ColumnPlan | null {
  const nIn = W.length;
  const nOut = W[0].length;
  const limited = Number.isFinite(opts.maxDepth);
  const maxHeight = limited ? 1 : opts.maxHeight;
  if (nOut < 2 || maxHeight < 1) return null;
  const half = limited ? 2 ** (opts.maxDepth - 1) : Infinity;
  const small = W.every((r) => r.every((v) => v > -SMALL && v < SMALL));
  const col: (number | bigint)[][] = Array.from({ length: nOut }, (_, j) =>
    W.map((r) => (small ? Number(r[j]) : r[j])),
  );
  const sub = (a: number | bigint, b: number | bigint, s: number): number | bigint =>
    typeof a === 'number' ? a - s * (b as number) : a - BigInt(s) * (b as bigint);
  const rootCost = col.map((c) => c.reduce((acc: number, v) => acc + weightOf(v), 0));

  // Prim from the root: best[j] = cheapest known way to attach j
  const best = rootCost.slice();
  const parent = new Array<number>(nOut).fill(-1);
  const sign = new Array<1 | -1>(nOut).fill(1);
  const depth = new Array<number>(nOut).fill(0);
  const done = new Array<boolean>(nOut).fill(false);
  const order: number[] = [];
  for (let step = 0; step < nOut; step++) {
    let j = -1;
    for (let c = 0; c < nOut; c++) if (!done[c] && (j < 0 || best[c] < best[j])) j = c;
    done[j] = true;
    order.push(j);
    depth[j] = parent[j] < 0 ? 0 : depth[parent[j]] + 1;
    if (depth[j] >= maxHeight || rootCost[j] > half) continue; // j may not become a parent
    for (let c = 0; c < nOut; c++) {
      if (done[c]) continue;
      for (const s of [1, -1] as const) {
        let cost = opts.linkCost;
        for (let i = 0; i < nIn && cost < best[c]; i++) cost += weightOf(sub(col[c][i], col[j][i], s));
        if (cost < best[c] && cost - opts.linkCost <= half) {
          best[c] = cost;
          parent[c] = j;
          sign[c] = s;
        }
      }
    }
  }
  if (parent.every((p) => p < 0)) return null;
  const delta = W.map((r) => r.map((v, j) => (parent[j] < 0 ? v : v - BigInt(sign[j]) * r[parent[j]])));
  return { parent, sign, order, delta, height: Math.max(...depth) };
}
