// Common-subexpression elimination over the signed-digit terms of all outputs at once.
//
// Each output starts as its list of terms ±(u << s) (CSD digits of the inputs). Repeatedly, the
// best two-term pattern (see nodes.ts) is made a node and substituted, non-overlapping, in every
// output that has it, until no pattern occurs twice (Hartley 1996, "Subexpression sharing in filters
// using canonic signed digit multipliers"; Hosangadi, Fallah & Kastner 2005 for the matrix form;
// the pattern weighting follows the spirit of da4ml's "weighted most common", Sun et al. 2025).
//
// Priority of a pattern with `count` non-overlapping occurrences whose operands sum d_a and d_b
// input digits:  count · (log2(d_a + d_b) + bias). Extracting it saves count - 1 adders now; the
// weight makes the search grow the large subexpressions it has started (a node that already covers
// several digits and recurs in several outputs is likely to recur together with more digits), which
// beats the plain most-frequent rule by 2–3 % on dense matrices without a depth bound. Ties go to
// the narrower adder, then to the newer operands. A large bias makes the rule most-frequent-first,
// which is better under a depth bound (deep nodes grown early block later substitutions).
//
// Depth bound: a substitution is allowed in an output only if the output can still be finished in
// time. With term depths d_k an adder tree needs at least ceil(log2 Σ 2^d_k) levels and merging the
// two shallowest terms first reaches exactly that (tree.ts), so the check is Σ 2^d_k <= 2^budget.
//
// Speed: pattern frequencies are updated on every substitution (only pairs with a removed or added
// term change) instead of being recounted: input-pair patterns in a flat array, the others in a hash
// table (count-table.ts); pairs of a new node with a node that has a single term in the new node's
// outputs cannot recur and are not counted. The best pattern comes from a max-heap with lazy
// deletion (an entry's priority may be stale-high and is checked when it reaches the top). A dense
// random 64×64 int8 matrix (11,000 digits, 10^6 initial pairs) takes about 0.4 s.

import { CountTable } from './count-table.js';
import { MaxHeap } from './heap.js';
import { NodeTable, estimateWidth } from './nodes.js';

export interface Term {
  node: number;
  shift: number;
  sign: 1 | -1;
}

export interface CseOptions {
  /** per output: 2^(depth the output must still reach); Infinity for no bound */
  load: Float64Array;
  /** per output: load already taken by a term that joins the output after the CSE (Σ 2^depth) */
  extraLoad?: Float64Array;
  /** added to log2(d_a + d_b) in the pattern weight */
  bias: number;
  /** 0: ties go to newer operands; otherwise a seed for a pseudo-random tie order */
  tieSeed: number;
  /** relative amplitude of a seeded pseudo-random perturbation of each pattern's weight (0: none) */
  noise?: number;
}

const TIE = 2 ** 24; // priority = round(weighted count · 1024) · TIE - tie-break (< TIE)

export function eliminateCommonSubexpressions(table: NodeTable, columns: Term[][], opts: CseOptions): Term[][] {
  const SH = table.SH;
  const DS2 = table.DS * 2;
  const NMAX = table.NMAX;
  const OFF = SH - 1;
  const nCol = columns.length;
  const budget = opts.load;

  const DENSE = table.DENSE;
  /** table.patternKey, inlined: the CSE computes a few million keys */
  const pk = (n1: number, s1: number, g1: number, n2: number, s2: number, g2: number): number => {
    if (n1 > n2 || (n1 === n2 && s1 > s2)) {
      const tn = n1;
      n1 = n2;
      n2 = tn;
      const ts = s1;
      s1 = s2;
      s2 = ts;
    }
    const rest = (s2 - s1 + OFF) * 2 + (g1 === g2 ? 0 : 1);
    return n2 < DENSE ? -((n1 * DENSE + n2) * DS2 + rest) - 1 : (n1 * NMAX + n2) * DS2 + rest;
  };

  // column j: its terms as parallel typed arrays (a column only shrinks) and termId → index
  const cNode: Int32Array[] = [];
  const cShift: Int32Array[] = [];
  const cSign: Int8Array[] = [];
  const cLen = new Int32Array(nCol);
  const cPos: Map<number, number>[] = [];
  const colLoad = new Float64Array(nCol); // Σ 2^depth over the column's terms
  // nodeCols[node]: column → number of terms of that node in it
  const nodeCols: Map<number, number>[] = [];
  // pattern counts: dense keys (< 0) in an array, the others in a hash table
  let pairs = 0;
  for (const c of columns) pairs += (c.length * (c.length - 1)) / 2;
  const dense = new Int32Array(table.denseSize);
  const sparse = new CountTable(Math.min(1 << 20, pairs / 4 + 1024));
  const inc = (k: number): number => (k < 0 ? ++dense[-k - 1] : sparse.inc(k));
  const dec = (k: number): void => {
    if (k < 0) dense[-k - 1]--;
    else sparse.dec(k);
  };
  const count = (k: number): number => (k < 0 ? dense[-k - 1] : sparse.get(k));

  const touchNode = (node: number, col: number, delta: number): void => {
    while (nodeCols.length <= node) nodeCols.push(new Map());
    const m = nodeCols[node];
    const c = (m.get(col) ?? 0) + delta;
    if (c === 0) m.delete(col);
    else m.set(col, c);
  };
  const signAt = (j: number, node: number, shift: number): number => {
    const i = cPos[j].get(node * SH + shift);
    return i === undefined ? 0 : cSign[j][i];
  };
  const removeTerm = (j: number, node: number, shift: number): void => {
    const pos = cPos[j];
    const id = node * SH + shift;
    const i = pos.get(id)!;
    const last = --cLen[j];
    if (i !== last) {
      const n = (cNode[j][i] = cNode[j][last]);
      const s = (cShift[j][i] = cShift[j][last]);
      cSign[j][i] = cSign[j][last];
      pos.set(n * SH + s, i);
    }
    pos.delete(id);
    touchNode(node, j, -1);
    colLoad[j] -= 2 ** table.depth[node];
  };
  const addTerm = (j: number, node: number, shift: number, sign: number): void => {
    const i = cLen[j]++;
    cNode[j][i] = node;
    cShift[j][i] = shift;
    cSign[j][i] = sign;
    cPos[j].set(node * SH + shift, i);
    touchNode(node, j, 1);
    colLoad[j] += 2 ** table.depth[node];
  };

  for (let j = 0; j < nCol; j++) {
    const n = columns[j].length;
    cNode.push(new Int32Array(n));
    cShift.push(new Int32Array(n));
    cSign.push(new Int8Array(n));
    cPos.push(new Map());
    const nodes = cNode[j];
    const shifts = cShift[j];
    const signs = cSign[j];
    // in (node, shift) order every earlier term is the first of the pair: no swap in the key
    const sorted = columns[j].slice().sort((x, y) => x.node - y.node || x.shift - y.shift);
    for (const t of sorted) {
      const n2 = t.node;
      const s2 = t.shift;
      const g2 = t.sign;
      const len = cLen[j];
      if (n2 < DENSE) {
        for (let k = 0; k < len; k++) {
          dense[(nodes[k] * DENSE + n2) * DS2 + (s2 - shifts[k] + OFF) * 2 + (signs[k] === g2 ? 0 : 1)]++;
        }
      } else {
        for (let k = 0; k < len; k++) inc(pk(nodes[k], shifts[k], signs[k], n2, s2, g2));
      }
      addTerm(j, n2, s2, g2);
    }
    if (opts.extraLoad) colLoad[j] += opts.extraLoad[j];
  }

  // ---- priorities ----
  const est = new Float64Array(2);
  const seed = opts.tieSeed;
  const noise = seed === 0 ? 0 : (opts.noise ?? 0);
  const priority = (key: number, n: number): number => {
    table.estimateRange(key, est); // also decodes the key
    const n1 = table.dN1;
    const n2 = table.dN2;
    let weight = Math.log2(table.digits[n1] + table.digits[n2]) + opts.bias;
    const width = Math.min(63, estimateWidth(est[0], est[1]));
    const order =
      seed === 0 ? (NMAX - n2) / NMAX : (Math.imul((key % 1000003) ^ seed, 0x9e3779b1) >>> 0) / 4294967296;
    if (noise > 0) weight *= 1 + noise * (order - 0.5);
    return Math.round(Math.min(n * weight, 2 ** 18) * 1024) * TIE - width * 2 ** 18 - Math.floor(order * 2 ** 18);
  };

  const heap = new MaxHeap();
  for (let i = 0; i < dense.length; i++) if (dense[i] >= 2) heap.push(priority(-i - 1, dense[i]), -i - 1);
  sparse.forEach((key, c) => {
    if (c >= 2) heap.push(priority(key, c), key);
  });

  // ---- occurrences ----
  const occCol: number[] = [];
  const occShift: number[] = [];
  const used = new Set<number>();

  /** Non-overlapping, depth-allowed occurrences of pattern `key` (decoded in table.d*), into occ*. */
  const findOccurrences = (): number => {
    const n1 = table.dN1;
    const n2 = table.dN2;
    const ds = table.dDs;
    const wantSame = !table.dSub;
    const d1 = table.depth[n1];
    const d2 = table.depth[n2];
    const loadDelta = 2 ** (Math.max(d1, d2) + 1) - 2 ** d1 - 2 ** d2;
    occCol.length = 0;
    occShift.length = 0;
    const m1 = nodeCols[n1];
    const m2 = nodeCols[n2];
    if (m1 === undefined || m2 === undefined) return 0;
    const small = m1.size <= m2.size ? m1 : m2;
    const other = small === m1 ? m2 : m1;
    for (const j of small.keys()) {
      if (!other.has(j)) continue;
      const n1cnt = m1.get(j)!;
      let load = colLoad[j];
      let seen = 0;
      if (n1 === n2) used.clear();
      for (let s1 = 0; s1 < SH && seen < n1cnt; s1++) {
        const g1 = signAt(j, n1, s1);
        if (g1 === 0) continue;
        seen++;
        const s2 = s1 + ds;
        if (s2 < 0 || s2 >= SH) continue;
        const g2 = signAt(j, n2, s2);
        if (g2 === 0 || (g1 === g2) !== wantSame) continue;
        if (n1 === n2) {
          if (used.has(s1) || used.has(s2)) continue;
          used.add(s1);
          used.add(s2);
        }
        if (load + loadDelta > budget[j]) continue;
        load += loadDelta;
        occCol.push(j);
        occShift.push(s1);
      }
    }
    return occCol.length;
  };

  // ---- substitution ----
  const fresh: number[] = [];
  let reused = false; // p was placed before (a pattern re-extracted after blocked occurrences)
  // terms per node over the outputs the new node goes to: a pair (p, n) can only recur if node n
  // has two terms there, so the others are not counted (most of them, late in the search)
  const peers = new Int32Array(table.NMAX);
  let filterPeers = false;

  /** Replaces terms n1<<s1 and n2<<(s1+ds) of column j by the pattern's node p. */
  const substitute = (j: number, s1: number, n1: number, n2: number, ds: number, p: number): void => {
    const s2 = s1 + ds;
    const g1 = signAt(j, n1, s1);
    const g2 = signAt(j, n2, s2);
    removeTerm(j, n1, s1);
    removeTerm(j, n2, s2);
    dec(pk(n1, s1, g1, n2, s2, g2));
    const sp = s1 < s2 ? s1 : s2;
    const nodes = cNode[j];
    const shifts = cShift[j];
    const signs = cSign[j];
    const len = cLen[j];
    for (let k = 0; k < len; k++) {
      const n = nodes[k];
      const s = shifts[k];
      const g = signs[k];
      dec(pk(n1, s1, g1, n, s, g));
      dec(pk(n2, s2, g2, n, s, g));
      if (filterPeers && peers[n] < 2 && n !== p) continue;
      const key = pk(p, sp, g1, n, s, g);
      const c = inc(key);
      if (c === 2 || (reused && c > 2)) fresh.push(key);
    }
    addTerm(j, p, sp, g1);
  };

  const peerNodes: number[] = [];
  /** peers[n] = terms of node n in the distinct columns `cols`. */
  const countPeers = (cols: number[]): void => {
    let last = -1;
    for (const j of cols) {
      if (j === last) continue; // occurrences come column by column
      last = j;
      const nodes = cNode[j];
      for (let k = 0; k < cLen[j]; k++) {
        const n = nodes[k];
        if (peers[n]++ === 0) peerNodes.push(n);
      }
    }
  };
  const clearPeers = (): void => {
    for (const n of peerNodes) peers[n] = 0;
    peerNodes.length = 0;
  };

  while (heap.size > 0) {
    const prio = heap.topPriority();
    const key = heap.topKey();
    heap.pop();
    const c = count(key);
    if (c < 2) continue;
    const p0 = priority(key, c);
    if (p0 < prio) {
      heap.push(p0, key);
      continue;
    }
    const found = findOccurrences(); // key is still decoded by priority()
    if (found < 2) continue; // blocked for good: occurrences and depth slack only shrink
    if (found < c) {
      const p1 = priority(key, found);
      if (p1 < prio) {
        heap.push(p1, key);
        continue;
      }
    }
    const n1 = table.dN1;
    const n2 = table.dN2;
    const ds = table.dDs;
    const p = table.nodeFor(key);
    const oc = occCol.slice();
    const os = occShift.slice();
    reused = nodeCols.length > p;
    // the filter needs p's pairs to be new (sparse keys, first placement of p)
    filterPeers = p >= DENSE && !reused;
    if (filterPeers) countPeers(oc);
    for (let k = 0; k < oc.length; k++) substitute(oc[k], os[k], n1, n2, ds, p);
    if (filterPeers) clearPeers();
    // every key incremented above involves p; for a new p it was 0 before this round, so the keys
    // that reached 2 are all the new candidates, pushed once with their final count
    for (const k of reused ? new Set(fresh) : fresh) heap.push(priority(k, count(k)), k);
    fresh.length = 0;
  }

  const out: Term[][] = [];
  for (let j = 0; j < nCol; j++) {
    const terms: Term[] = [];
    for (let k = 0; k < cLen[j]; k++) {
      terms.push({ node: cNode[j][k], shift: cShift[j][k], sign: cSign[j][k] as 1 | -1 });
    }
    out.push(terms);
  }
  return out;
}
