// solveCmvm: a constant matrix W (rows = inputs, columns = outputs, integers) and the integer range
// of every input → an AdderGraph computing y_j = Σ_i x_i·W_ij with shifts and adders only.
//
//   1. every entry as canonical signed digits: output j = Σ ±(x_i << s)          (csd.ts)
//   2. common subexpressions across outputs, most frequent two-term pattern first (cse.ts)
//   3. each output's remaining terms as a depth-balanced adder tree              (tree.ts)
//   4. exact ranges, minimal widths, users of every op                           (assemble.ts)

import type { Diagnostic } from '../../ir/diagnostics.js';
import { error, formatDiagnostic } from '../../ir/diagnostics.js';
import type { AdderGraph } from './adder-graph.js';
import { graphStats } from './adder-graph.js';
import { minDepth } from './csd.js';
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
    ds.push(error('cmvm/input-ranges', `${inputRanges.length} input ranges for a matrix of ${W.length} rows (one per input)`));
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

/** Variants tried in this order while the work budget lasts; the first is always run. */
function variants(limited: boolean): Variant[] {
  const bias = limited ? 4 : 0;
  const v = (rows: boolean, cols: boolean, tieSeed = 0, height = 64, linkCost = 2): Variant => ({
    rows,
    cols,
    height,
    linkCost,
    bias,
    tieSeed,
  });
  return [
    v(false, false),
    v(false, true),
    v(true, false),
    v(false, true, 0x2545f491),
    v(true, true),
    v(false, true, 0, 64, 3),
    v(true, false, 0x9e3779b9),
    v(false, false, 0x6a09e667),
    v(false, true, 0xbb67ae85, 2),
    v(true, false, 0x3c6ef372, 64, 3),
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
 * Work budget in pair-units (Σ terms²/2 over the outputs at the start of the CSE): a dense random
 * 64×64 int8 matrix costs about 10^6 per variant (~0.4 s), a 16×16 one about 1.6·10^4.
 */
const WORK_BUDGET = 2.2e6;

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
  let work = 0;
  for (const v of variants(Number.isFinite(maxDepth))) {
    if (best !== null && work >= WORK_BUDGET) break;
    let r;
    try {
      r = solveVariant(Wz, inputRanges, maxDepth, v);
    } catch (e) {
      if (e instanceof CmvmLimitError) throw new CmvmError(error('cmvm/too-large', e.message));
      throw e;
    }
    if (r === null) continue;
    work += r.work;
    if (best === null || better(r.graph, best)) best = r.graph;
  }
  return best!;
}
