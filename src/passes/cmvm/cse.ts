// Common-subexpression elimination over the signed-digit terms of all outputs at once.
//
// Each output starts as its list of CSD terms ±(x_i << s). Repeatedly, the most frequent two-term
// pattern (see nodes.ts) is made a node and substituted, non-overlapping, in every output that has it,
// until no pattern occurs twice (Hartley 1996, "Subexpression sharing in filters using canonic signed
// digit multipliers"; Hosangadi, Fallah & Kastner 2005 for the matrix / multiple-variable form).
//
// Speed: pattern frequencies live in a Map keyed by the pattern number and are updated on every
// substitution (only the pairs with a removed or added term change), instead of being recounted; the
// best pattern is found with a max-heap with lazy deletion: an entry's priority may be stale-high and
// is checked when it reaches the top.
//
// Choice: a pattern's priority is its number of (usable) occurrences; ties go to the narrower adder,
// then the shallower one. Under a depth bound a substitution is allowed in an output only if the output
// can still be finished in time: with term depths d_k an adder tree needs at least
// ceil(log2 Σ 2^d_k) levels, and Huffman-style merging of the two shallowest terms achieves exactly
// that (tree.ts), so the check is Σ 2^d_k <= 2^maxDepth after the substitution.

import { MaxHeap } from './heap.js';
import { NodeTable, estimateWidth } from './nodes.js';

export interface Term {
  node: number;
  shift: number;
  sign: 1 | -1;
}

export interface CseOptions {
  /** the depth every output must still reach; Infinity for none */
  maxDepth: number;
}

const TIE = 2 ** 20; // priority = count * TIE - tie-break penalty (< TIE)

export function eliminateCommonSubexpressions(
  table: NodeTable,
  columns: Term[][],
  opts: CseOptions,
): Term[][] {
  const SH = table.SH;
  const nCol = columns.length;
  const limited = Number.isFinite(opts.maxDepth);
  const depthBudget = limited ? 2 ** opts.maxDepth : Infinity;

  // column j: termId → sign; nodeCols[node]: column → number of terms of that node in it
  const cols: Map<number, number>[] = [];
  const nodeCols: Map<number, number>[] = [];
  const colLoad = new Float64Array(nCol); // Σ 2^depth over the column's terms
  const counts = new Map<number, number>();

  const touchNode = (node: number, col: number, delta: number): void => {
    while (nodeCols.length <= node) nodeCols.push(new Map());
    const m = nodeCols[node];
    const c = (m.get(col) ?? 0) + delta;
    if (c === 0) m.delete(col);
    else m.set(col, c);
  };

  const inc = (key: number): void => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const dec = (key: number): void => {
    const c = counts.get(key)!;
    if (c === 1) counts.delete(key);
    else counts.set(key, c - 1);
  };

  for (let j = 0; j < nCol; j++) {
    const m = new Map<number, number>();
    const ids: number[] = [];
    for (const t of columns[j]) {
      const id = table.termId(t.node, t.shift);
      for (const other of ids) {
        const on = Math.floor(other / SH);
        inc(table.patternKey(on, other - on * SH, m.get(other)!, t.node, t.shift, t.sign));
      }
      m.set(id, t.sign);
      ids.push(id);
      touchNode(t.node, j, 1);
      colLoad[j] += 2 ** table.depth[t.node];
    }
    cols.push(m);
  }

  const est = new Float64Array(2);
  const priority = (key: number, count: number): number => {
    table.estimateRange(key, est);
    const w = estimateWidth(est[0], est[1]);
    const d = table.patternDepth(key);
    const mode = (globalThis as any).__tie ?? 0;
    const G = globalThis as any;
    if (mode === 10) {
      table.decode(key);
      const sa = table.digits[table.dN1], sb = table.digits[table.dN2];
      let wgt = 1;
      switch (G.__sc) {
        case 1: wgt = sa + sb; break;
        case 2: wgt = Math.min(sa, sb) + 1; break;
        case 3: wgt = Math.sqrt(sa + sb); break;
        case 4: wgt = Math.log2(sa + sb) + G.__lam; break;
        case 5: wgt = Math.max(sa, sb) + G.__lam; break;
        case 6: wgt = sa + sb + G.__lam; break;
      }
      return Math.round(count * wgt * 1024) * TIE - (table.size - table.dN2);
    }
    if (mode === 1) return count * TIE;
    if (mode === 2) return count * TIE - Math.min(TIE - 1, Math.min(d, 63) * 1024 + w);
    if (mode === 3) return count * TIE + Math.min(TIE - 1, w * 64 + Math.min(d, 63));
    if (mode === 4) { table.decode(key); return count * TIE - Math.min(TIE-1, Math.abs(table.dDs)*64 + d); }
    if (mode === 6) { const h = Math.imul((key % 1000003) ^ ((globalThis as any).__seed ?? 0), 2654435761) >>> 12; return count * TIE - h; }
    if (mode === 7) { const lam = (globalThis as any).__lam; return Math.round((count - lam * w) * TIE) - Math.min(d, 63); }
    if (mode === 8) { table.decode(key); const ma = Math.max(-table.lo[table.dN1], table.hi[table.dN1] + 1), mb = Math.max(-table.lo[table.dN2], table.hi[table.dN2] + 1);
      const k = (table.lo[table.dN1] < 0 || table.lo[table.dN2] < 0) ? 1 : 0; const ov = k + Math.ceil(Math.log2(Math.min(ma, mb)));
      const tb = (globalThis as any).__tb ?? 0;
      if (tb === 1) return count * ov * TIE;
      if (tb === 2) return count * ov * TIE + Math.min(TIE - 1, w * 64 + Math.min(d, 63));
      if (tb === 3) return count * ov * TIE - (Math.imul((key % 1000003) ^ ((globalThis as any).__seed ?? 0), 2654435761) >>> 12);
      if (tb === 4) return count * ov * TIE - (table.size - table.dN2);
      if (tb === 5) return count * ov * TIE + (table.dN1 + table.dN2);
      return count * ov * TIE - Math.min(TIE - 1, w * 64 + Math.min(d, 63)); }
    if (mode === 5) { table.decode(key); return count * TIE - Math.min(TIE-1, (table.size - table.dN2)); }
    return count * TIE - Math.min(TIE - 1, w * 64 + Math.min(d, 63));
  };

  const heap = new MaxHeap();
  for (const [key, c] of counts) if (c >= 2) heap.push(priority(key, c), key);

  // occurrences found by `findOccurrences`: (column, shift of n1's term) pairs
  const occCol: number[] = [];
  const occShift: number[] = [];
  const used = new Set<number>();

  /** Non-overlapping, depth-allowed occurrences of the decoded pattern, into occCol/occShift. */
  const findOccurrences = (key: number): number => {
    table.decode(key);
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
    const [small, other] = m1.size <= m2.size ? [m1, m2] : [m2, m1];
    for (const [j, cnt] of small) {
      if (!other.has(j)) continue;
      const col = cols[j];
      let load = colLoad[j];
      let seen = 0;
      const n1cnt = m1.get(j)!;
      if (n1 === n2) used.clear();
      for (let s1 = 0; s1 < SH && seen < n1cnt; s1++) {
        const t1 = n1 * SH + s1;
        const g1 = col.get(t1);
        if (g1 === undefined) continue;
        seen++;
        const s2 = s1 + ds;
        if (s2 < 0 || s2 >= SH) continue;
        const t2 = n2 * SH + s2;
        const g2 = col.get(t2);
        if (g2 === undefined || (g1 === g2) !== wantSame) continue;
        if (n1 === n2) {
          if (used.has(t1) || used.has(t2)) continue;
          used.add(t1);
          used.add(t2);
        }
        if (limited && load + loadDelta > depthBudget) continue;
        load += loadDelta;
        occCol.push(j);
        occShift.push(s1);
      }
      void cnt;
    }
    return occCol.length;
  };

  const dirty: number[] = [];
  const dirtySet = new Set<number>();

  /** Replaces terms n1<<s1 and n2<<(s1+ds) of column j by the pattern's node p. */
  const substitute = (j: number, s1: number, n1: number, n2: number, ds: number, p: number): void => {
    const col = cols[j];
    const s2 = s1 + ds;
    const t1 = n1 * SH + s1;
    const t2 = n2 * SH + s2;
    const g1 = col.get(t1)!;
    const g2 = col.get(t2)!;
    col.delete(t1);
    col.delete(t2);
    touchNode(n1, j, -1);
    touchNode(n2, j, -1);
    dec(table.patternKey(n1, s1, g1, n2, s2, g2));
    const sp = Math.min(s1, s2);
    for (const [t, g] of col) {
      const n = Math.floor(t / SH);
      const s = t - n * SH;
      dec(table.patternKey(n1, s1, g1, n, s, g));
      dec(table.patternKey(n2, s2, g2, n, s, g));
      const k = table.patternKey(p, sp, g1, n, s, g);
      inc(k);
      if (!dirtySet.has(k)) {
        dirtySet.add(k);
        dirty.push(k);
      }
    }
    col.set(p * SH + sp, g1);
    touchNode(p, j, 1);
    colLoad[j] += 2 ** table.depth[p] - 2 ** table.depth[n1] - 2 ** table.depth[n2];
  };

  while (heap.size > 0) {
    const prio = heap.topPriority();
    const key = heap.topKey();
    heap.pop();
    const c = counts.get(key) ?? 0;
    if (c < 2) continue;
    const p0 = priority(key, c);
    if (p0 < prio) {
      heap.push(p0, key);
      continue;
    }
    const found = findOccurrences(key);
    if (found < 2) continue; // blocked for good: occurrences and depth slack only shrink
    const p1 = priority(key, found);
    if (p1 < prio) {
      heap.push(p1, key);
      continue;
    }
    const n1 = table.dN1;
    const n2 = table.dN2;
    const ds = table.dDs;
    const p = table.nodeFor(key);
    const H = ((globalThis as any).__hist ??= {}); H[found] = (H[found] ?? 0) + 1;
    const oc = occCol.slice();
    const os = occShift.slice();
    for (let k = 0; k < oc.length; k++) substitute(oc[k], os[k], n1, n2, ds, p);
    for (const k of dirty) {
      const cnt = counts.get(k) ?? 0;
      if (cnt >= 2) heap.push(priority(k, cnt), k);
    }
    dirty.length = 0;
    dirtySet.clear();
  }

  return cols.map((col) => {
    const out: Term[] = [];
    for (const [t, g] of col) {
      const n = Math.floor(t / SH);
      out.push({ node: n, shift: t - n * SH, sign: g as 1 | -1 });
    }
    return out;
  });
}
