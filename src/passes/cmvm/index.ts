// The CMVM optimizer: constant matrix × vector as a shared adder graph (see solve.ts).
export type { AdderGraph, AdderInput, AdderOp, OutputTerm, GraphStats, DecimalRange } from './adder-graph.js';
export {
  evaluateAdderGraph,
  evaluateAdderGraphNum,
  evaluateAdderNodes,
  fitsInFloat64,
  graphStats,
  widthOfRange,
} from './adder-graph.js';
export { csdDigits, csdBaselineAdders, csdWeight, minDepth } from './csd.js';
export type { SignedDigit } from './csd.js';
export { solveCmvm, checkCmvmProblem, CmvmError } from './solve.js';
export type { CmvmOptions } from './solve.js';
