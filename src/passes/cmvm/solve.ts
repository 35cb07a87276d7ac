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
import { assembleGraph } from './assemble.js';
import { csdDigits, minDepth } from './csd.js';
import { eliminateCommonSubexpressions, type Term } from './cse.js';
import { CmvmLimitError, NodeTable } from './nodes.js';
import { buildTrees } from './tree.js';

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

export function solveCmvm(
  W: readonly (readonly bigint[])[],
  inputRanges: readonly (readonly [bigint, bigint])[],
  opts: CmvmOptions = {},
): AdderGraph {
  const problems = checkCmvmProblem(W, inputRanges, opts);
  if (problems.length > 0) throw new CmvmError(problems[0]);
  const nIn = W.length;
  const nOut = W[0].length;

  // 1. signed digits; an input that can only be 0 contributes nothing
  const columns: Term[][] = Array.from({ length: nOut }, () => []);
  let maxShift = 0;
  let digits = 0;
  for (let i = 0; i < nIn; i++) {
    const [lo, hi] = inputRanges[i];
    if (lo === 0n && hi === 0n) continue;
    for (let j = 0; j < nOut; j++) {
      for (const d of csdDigits(W[i][j])) {
        columns[j].push({ node: i, shift: d.shift, sign: d.sign });
        if (d.shift > maxShift) maxShift = d.shift;
        digits++;
      }
    }
  }

  let table: NodeTable;
  try {
    table = new NodeTable(
      inputRanges.map(([lo]) => Number(lo)),
      inputRanges.map(([, hi]) => Number(hi)),
      maxShift,
      nIn + digits,
    );
  } catch (e) {
    if (e instanceof CmvmLimitError) throw new CmvmError(error('cmvm/too-large', e.message));
    throw e;
  }

  // 2.–4.
  const maxDepth = opts.maxDepth ?? Infinity;
  const remaining = eliminateCommonSubexpressions(table, columns, { maxDepth });
  const outputs = buildTrees(table, remaining);
  return assembleGraph(table, inputRanges, outputs);
}
