// One run of the optimizer with fixed choices (a "variant"); solve.ts runs several and keeps the best.
//
//   1. optional decompositions (decompose.ts): outputs y_j = s·y_parent + Δ_j for similar columns,
//      then inputs u_i = x_i + Σ s_c·u_c for similar rows of Δ
//   2. every entry of the remaining matrix as canonical signed digits of its input u_i
//   3. common subexpressions across outputs (cse.ts)
//   4. each output's remaining terms (and its parent output) as a depth-balanced tree (tree.ts)
//   5. exact ranges, minimal widths, users of every op (assemble.ts)

import type { AdderGraph } from './adder-graph.js';
import { assembleGraph } from './assemble.js';
import { csdDigits, type SignedDigit } from './csd.js';
import { eliminateCommonSubexpressions, type Term } from './cse.js';
import { planColumns, type ColumnPlan } from './decompose.js';
import { NodeTable } from './nodes.js';
import { buildTree, combine } from './tree.js';

export interface Variant {
  /** decompose similar rows (inputs), after the columns */
  rows: boolean;
  /** decompose similar columns (outputs) */
  cols: boolean;
  /** most links in a chain of decomposed rows/columns */
  height: number;
  /** the cost of a decomposition link, in digits */
  linkCost: number;
  /** CSE weight bias (cse.ts) */
  bias: number;
  /** CSE tie order (cse.ts) */
  tieSeed: number;
  /** CSE weight perturbation (cse.ts), with tieSeed as its seed */
  noise?: number;
}

function transpose(M: readonly (readonly bigint[])[]): bigint[][] {
  return M[0].map((_, j) => M.map((r) => r[j]));
}

/**
 * Runs one variant; null if it adds nothing over the plain run (no decomposition found) or cannot
 * meet the depth bound.
 */
export function solveVariant(
  W: readonly (readonly bigint[])[],
  inputRanges: readonly (readonly [bigint, bigint])[],
  maxDepth: number,
  v: Variant,
): AdderGraph | null {
  const nIn = W.length;
  const nOut = W[0].length;
  const limited = Number.isFinite(maxDepth);
  const planOpts = { maxHeight: v.height, linkCost: v.linkCost, maxDepth };

  // 1. decompositions
  let M: readonly (readonly bigint[])[] = W;
  let rowPlan: ColumnPlan | null = null;
  let colPlan: ColumnPlan | null = null;
  if (v.cols) {
    colPlan = planColumns(M, planOpts);
    if (colPlan === null) return null;
    M = colPlan.delta;
  }
  if (v.rows) {
    // on the columns' Δ: that order works better than rows first (measured on random matrices)
    rowPlan = planColumns(transpose(M), planOpts);
    if (rowPlan === null) return null;
    M = transpose(rowPlan.delta);
  }

  // 2. signed digits
  const digitsOf: SignedDigit[][][] = M.map((r) => r.map((x) => csdDigits(x)));
  let maxShift = 0;
  let digits = 0;
  for (const r of digitsOf) {
    for (const ds of r) {
      for (const d of ds) if (d.shift > maxShift) maxShift = d.shift;
      digits += ds.length;
    }
  }
  const table = new NodeTable(
    inputRanges.map(([lo]) => Number(lo)),
    inputRanges.map(([, hi]) => Number(hi)),
    maxShift,
    nIn + digits + 2 * nIn + nOut,
  );

  // the inputs of the CSE: x_i, or u_i = x_i + Σ_children s_c·u_c (children first)
  const inputTerm: Term[] = Array.from({ length: nIn }, (_, i) => ({ node: i, shift: 0, sign: 1 }));
  if (rowPlan !== null) {
    for (let k = rowPlan.order.length - 1; k >= 0; k--) {
      const c = rowPlan.order[k];
      const p = rowPlan.parent[c];
      if (p < 0) continue;
      const uc = inputTerm[c];
      inputTerm[p] = combine(table, inputTerm[p], { ...uc, sign: (uc.sign * rowPlan.sign[c]) as 1 | -1 });
    }
  }
  const columns: Term[][] = Array.from({ length: nOut }, () => []);
  for (let i = 0; i < nIn; i++) {
    const u = inputTerm[i];
    for (let j = 0; j < nOut; j++) {
      for (const d of digitsOf[i][j]) {
        columns[j].push({ node: u.node, shift: u.shift + d.shift, sign: (u.sign * d.sign) as 1 | -1 });
      }
    }
  }

  // depth budgets: a parent column must be ready one level before its children need it
  const load = new Float64Array(nOut).fill(limited ? 2 ** maxDepth : Infinity);
  const extraLoad = new Float64Array(nOut);
  if (colPlan !== null && limited) {
    for (let j = 0; j < nOut; j++) {
      const p = colPlan.parent[j];
      if (p < 0) continue;
      load[p] = 2 ** (maxDepth - 1);
      extraLoad[j] = 2 ** (maxDepth - 1);
    }
  }
  if (limited) {
    for (let j = 0; j < nOut; j++) {
      let l = extraLoad[j];
      for (const t of columns[j]) l += 2 ** table.depth[t.node];
      if (l > load[j]) return null; // the decomposition made this output too deep
    }
  }

  // 3. CSE
  const remaining = eliminateCommonSubexpressions(table, columns, {
    load,
    extraLoad,
    bias: v.bias,
    tieSeed: v.tieSeed,
    noise: v.noise,
  });

  // 4. trees, parents before children
  const outputs = new Array<Term | null>(nOut).fill(null);
  const order = colPlan === null ? remaining.map((_, j) => j) : colPlan.order;
  for (const j of order) {
    const terms = remaining[j];
    const p = colPlan === null ? -1 : colPlan.parent[j];
    const po = p < 0 ? null : outputs[p];
    if (po !== null) terms.push({ ...po, sign: (po.sign * colPlan!.sign[j]) as 1 | -1 });
    outputs[j] = buildTree(table, terms);
  }

  // 5.
  const graph = assembleGraph(table, inputRanges, outputs);
  if (limited && graph.ops.some((op) => op.depth > maxDepth)) {
    throw new Error(`internal: CMVM graph deeper than maxDepth ${maxDepth}`);
  }
  return graph;
}
