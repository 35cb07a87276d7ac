// solveCmvm: a constant matrix W (rows = inputs, columns = outputs, integers) and the integer range
// of every input → an AdderGraph computing y_j = Σ_i x_i·W_ij with shifts and adders only.
//
// One run ("variant", variant.ts) goes: optional decomposition of similar columns and rows
// (decompose.ts) → canonical signed digits (csd.ts) → common subexpressions across outputs (cse.ts)
// → a depth-balanced adder tree per output (tree.ts) → exact ranges and types (assemble.ts).
// The greedy steps are sensitive to small choices, so we run a few variants, as many as the size
// of the matrix allows, and keep the graph with the fewest adders (then adder bits, then depth).
// The result is deterministic.

import type { Diagnostic } from '../../ir/diagnostics.js';
import { error, formatDiagnostic } from '../../ir/diagnostics.js';
import type { AdderGraph } from './adder-graph.js';
import { graphStats } from './adder-graph.js';
import { csdWeight, minDepth } from './csd.js';
import { CmvmLimitError } from './nodes.js';
import { solveVariant, type Variant } from './variant.js';

export interface CmvmOptions {
  /** the largest adder depth allowed; unlimited if absent. At least minDepth(W). */
  maxDepth?: number;
}

/** The optimizer's input could not be solved; `diagnostic.code` is one of the 'cmvm/…' codes. */
export class CmvmError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(formatDiagnostic(diagnostic));
    this.name = 'CmvmError';
  }
}

/** Every problem with a CMVM problem statement, as diagnostics (empty when it can be solved). */
export function checkCmvmProblem(
  W: readonly (readonly bigint[])[],
  inputRanges: readonly (readonly [bigint, bigint])[],
  opts: CmvmOptions = {},
): Diagnostic[] {
  const ds: Diagnostic[] = [];
  if (W.length === 0 || W[0].length === 0) {
    ds.push(error('cmvm/empty-matrix', `constant matrix is empty (${W.length} rows, ${W[0]?.length ?? 0} columns)`));
    return ds;
  }
  const cols = W[0].length;
  const bad = W.findIndex((r) => r.length !== cols);
  if (bad >= 0) {
    ds.push(error('cmvm/ragged-matrix', `constant matrix row ${bad} has ${W[bad].length} entries, row 0 has ${cols}`));
    return ds;
  }
  if (inputRanges.length !== W.length) {
    const msg = `${inputRanges.length} input ranges for a matrix of ${W.length} rows (one per input)`;
    ds.push(error('cmvm/input-ranges', msg));
  }
  inputRanges.forEach(([lo, hi], i) => {
    if (lo > hi) ds.push(error('cmvm/input-ranges', `input ${i} has an empty range [${lo}, ${hi}]`));
  });
  if (opts.maxDepth !== undefined) {
    const need = minDepth(W);
    if (!Number.isInteger(opts.maxDepth) || opts.maxDepth < 0) {
      ds.push(error('cmvm/max-depth', `maxDepth must be a non-negative integer, got ${opts.maxDepth}`));
    } else if (opts.maxDepth < need) {
      ds.push(
        error(
          'cmvm/max-depth',
          `maxDepth ${opts.maxDepth} is below the minimum depth ${need} of this matrix`,
          undefined,
          `the output with the most signed digits needs ${need} adder levels; use maxDepth >= ${need}`,
        ),
      );
    }
  }
  return ds;
}

/**
 * Variants in the order they are tried (see variantCount), best first
 * as measured on dense random int8 matrices (16×16 … 64×64). Without a depth bound the column
 * decomposition wins by 1–4 %; the pattern weight bias matters only there (under a bound the best
 * rule is plain most-frequent-first, which a large bias amounts to).
 */
function variants(limited: boolean): Variant[] {
  const v = (rows: boolean, cols: boolean, linkCost: number, bias: number, tieSeed = 0): Variant => ({
    rows,
    cols,
    height: 64,
    linkCost,
    bias: limited ? 4 : bias,
    tieSeed,
  });
  const list = [
    v(false, true, 2, 0),
    v(true, true, 3, 1),
    v(false, false, 2, 0),
    v(false, true, 2, 0, 0x2545f491),
    v(true, true, 3, 0.5),
    v(true, false, 2, 0),
    v(true, true, 3, 1, 0x9e3779b9),
    v(false, true, 3, 1),
  ];
  if (!limited) return list;
  // under a depth bound the plain run is the one that always fits; decompositions need slack
  return [
    v(false, false, 2, 4),
    v(false, true, 2, 4),
    v(false, false, 2, 4, 0x2545f491),
    v(true, true, 3, 4),
    v(false, false, 2, 4, 0x9e3779b9),
    v(true, false, 2, 4),
    v(false, false, 2, 4, 0x6a09e667),
    v(false, true, 2, 4, 0xbb67ae85),
  ];
}

/** Fewer adders first, then fewer adder bits, then shallower. */
function better(a: AdderGraph, b: AdderGraph): boolean {
  const sa = graphStats(a);
  const sb = graphStats(b);
  if (sa.adders !== sb.adders) return sa.adders < sb.adders;
  if (sa.adderBits !== sb.adderBits) return sa.adderBits < sb.adderBits;
  return sa.depth < sb.depth;
}

/**
 * How many variants to run: the CSE's work grows with Σ over outputs of (digits)², about 10^6
 * "pair units" (~0.4 s on one core) for a dense random 64×64 int8 matrix, which gets one variant;
 * a 16×16 one (1.6·10^4) gets all of them.
 */
const WORK_BUDGET = 1.5e6;
const MAX_VARIANTS = 8;

function variantCount(W: readonly (readonly bigint[])[]): number {
  const digits = new Array<number>(W[0].length).fill(0);
  for (const row of W) row.forEach((v, j) => (digits[j] += csdWeight(v)));
  const work = digits.reduce((s, d) => s + (d * d) / 2, 0);
  return Math.max(1, Math.min(MAX_VARIANTS, Math.floor(WORK_BUDGET / Math.max(1, work))));
}

export function solveCmvm(
  W: readonly (readonly bigint[])[],
  inputRanges: readonly (readonly [bigint, bigint])[],
  opts: CmvmOptions = {},
): AdderGraph {
  const problems = checkCmvmProblem(W, inputRanges, opts);
  if (problems.length > 0) throw new CmvmError(problems[0]);
  const maxDepth = opts.maxDepth ?? Infinity;
  // an input that can only be 0 contributes nothing
  const Wz = W.map((r, i) => (inputRanges[i][0] === 0n && inputRanges[i][1] === 0n ? r.map(() => 0n) : r));
  let best: AdderGraph | null = null;
  let runs = 0;
  const limit = variantCount(Wz);
  for (const v of variants(Number.isFinite(maxDepth))) {
    if (best !== null && runs >= limit) break;
    let g: AdderGraph | null;
    try {
      g = solveVariant(Wz, inputRanges, maxDepth, v);
    } catch (e) {
      if (e instanceof CmvmLimitError) throw new CmvmError(error('cmvm/too-large', e.message));
      throw e;
    }
    if (g === null) continue;
    runs++;
    if (best === null || better(g, best)) best = g;
  }
  return best!;
}
