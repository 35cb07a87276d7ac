// The node table shared by the CSE and the tree builder, and the code of a two-term pattern.
//
// A term is a signed, shifted node: sign · (node << shift). Two terms t1 = (n1, s1, g1) and
// t2 = (n2, s2, g2) with (n1, s1) < (n2, s2) add up to
//     g1 · 2^m · ((n1 << (s1 - m)) + g1·g2 · (n2 << (s2 - m))),   m = min(s1, s2)
// so the pair is fully described, up to an overall shift and sign, by the pattern
// (n1, n2, ds = s2 - s1, sub = g1 ≠ g2). Every pattern is one number, its key, which lets the CSE
// keep frequency counts in flat tables, and a node is never built twice for one pattern (`nodeFor`).
//
// Keys come in two ranges. When both nodes are below `DENSE` (the inputs and the first nodes
// built, where most pairs are), the key is -(index + 1) with a small index into a dense counter
// array; otherwise it is a non-negative number below 2^53 for a hash table (count-table.ts).

export class CmvmLimitError extends RangeError {}

/** Largest dense counter array, in entries. */
const DENSE_ENTRIES = 1 << 21;

export class NodeTable {
  /** shifts of terms are 0 .. SH-1 */
  readonly SH: number;
  /** relative shifts ds are -(SH-1) .. SH-1 */
  readonly DS: number;
  /** an upper bound on the number of nodes */
  readonly NMAX: number;
  /** nodes below DENSE have dense pattern keys among themselves */
  readonly DENSE: number;
  readonly nIn: number;
  // operand fields of op node id = nIn + k at index k
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly shiftA: number[] = [];
  readonly shiftB: number[] = [];
  readonly sub: boolean[] = [];
  // per node (inputs included): adder depth and a float estimate of its range (interval arithmetic)
  readonly depth: number[] = [];
  readonly lo: number[] = [];
  readonly hi: number[] = [];
  /** number of input digits a node sums (1 for an input) */
  readonly digits: number[] = [];
  private readonly bySig = new Map<number, number>();
  // decoded pattern fields, written by `decode`
  dN1 = 0;
  dN2 = 0;
  dDs = 0;
  dSub = false;

  constructor(inputLo: readonly number[], inputHi: readonly number[], maxShift: number, maxNodes: number) {
    this.nIn = inputLo.length;
    this.SH = maxShift + 1;
    this.DS = 2 * this.SH - 1;
    this.NMAX = Math.max(1, maxNodes);
    if (this.NMAX * this.NMAX * this.DS * 2 >= Number.MAX_SAFE_INTEGER) {
      throw new CmvmLimitError(`CMVM problem too large: ${maxNodes} nodes with shifts up to ${maxShift}`);
    }
    // the inputs (and nodes built from them early) only: a small array stays in the cache
    this.DENSE = Math.min(this.NMAX, this.nIn + 16, Math.floor(Math.sqrt(DENSE_ENTRIES / (2 * this.DS))));
    for (let i = 0; i < this.nIn; i++) {
      this.depth.push(0);
      this.lo.push(inputLo[i]);
      this.hi.push(inputHi[i]);
      this.digits.push(1);
    }
  }

  get size(): number {
    return this.depth.length;
  }

  /** Entries of the dense counter array. */
  get denseSize(): number {
    return this.DENSE * this.DENSE * this.DS * 2;
  }

  /** The key of the pattern of terms g1·(n1 << s1) and g2·(n2 << s2) (g = ±1). */
  patternKey(n1: number, s1: number, g1: number, n2: number, s2: number, g2: number): number {
    if (n1 > n2 || (n1 === n2 && s1 > s2)) {
      const tn = n1;
      n1 = n2;
      n2 = tn;
      const ts = s1;
      s1 = s2;
      s2 = ts;
    }
    if (s1 < 0 || s2 < 0 || s1 >= this.SH || s2 >= this.SH || n2 >= this.NMAX) {
      throw new RangeError(`internal: pattern outside the key space (${n1}<<${s1}, ${n2}<<${s2})`);
    }
    const rest = (s2 - s1 + this.SH - 1) * 2 + (g1 === g2 ? 0 : 1);
    if (n2 < this.DENSE) return -((n1 * this.DENSE + n2) * this.DS * 2 + rest) - 1;
    return (n1 * this.NMAX + n2) * this.DS * 2 + rest;
  }

  /** Unpacks a pattern key into dN1, dN2, dDs, dSub. */
  decode(key: number): void {
    const dense = key < 0;
    const k = dense ? -key - 1 : key;
    const sub = k % 2;
    let r = (k - sub) / 2;
    const dsi = r % this.DS;
    r = (r - dsi) / this.DS;
    const m = dense ? this.DENSE : this.NMAX;
    this.dN2 = r % m;
    this.dN1 = (r - this.dN2) / m;
    this.dDs = dsi - (this.SH - 1);
    this.dSub = sub === 1;
  }

  /** Float estimate of the range of the pattern's node (decodes the key); [lo, hi] in out. */
  estimateRange(key: number, out: Float64Array): void {
    this.decode(key);
    const ma = this.dDs < 0 ? 2 ** -this.dDs : 1;
    const mb = this.dDs > 0 ? 2 ** this.dDs : 1;
    const aLo = this.lo[this.dN1] * ma;
    const aHi = this.hi[this.dN1] * ma;
    const bLo = this.lo[this.dN2] * mb;
    const bHi = this.hi[this.dN2] * mb;
    out[0] = this.dSub ? aLo - bHi : aLo + bLo;
    out[1] = this.dSub ? aHi - bLo : aHi + bHi;
  }

  /** The node computing the pattern (n1 << shiftA) ± (n2 << shiftB), created on first use. */
  nodeFor(key: number): number {
    const found = this.bySig.get(key);
    if (found !== undefined) return found;
    const est = new Float64Array(2);
    this.estimateRange(key, est); // also decodes
    const id = this.depth.length;
    this.a.push(this.dN1);
    this.b.push(this.dN2);
    this.shiftA.push(this.dDs < 0 ? -this.dDs : 0);
    this.shiftB.push(this.dDs > 0 ? this.dDs : 0);
    this.sub.push(this.dSub);
    this.depth.push(Math.max(this.depth[this.dN1], this.depth[this.dN2]) + 1);
    this.lo.push(est[0]);
    this.hi.push(est[1]);
    this.digits.push(this.digits[this.dN1] + this.digits[this.dN2]);
    this.bySig.set(key, id);
    return id;
  }
}

/** Float estimate of the bits of a node with range [lo, hi] (see widthOfRange for the exact one). */
export function estimateWidth(lo: number, hi: number): number {
  if (lo < 0) {
    const m = Math.max(hi, -lo - 1);
    return (m < 1 ? 0 : Math.floor(Math.log2(m)) + 1) + 1;
  }
  return hi < 2 ? 1 : Math.floor(Math.log2(hi)) + 1;
}
