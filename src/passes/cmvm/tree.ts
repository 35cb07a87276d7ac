// The last step: each output's remaining terms become one adder tree. Merging the two shallowest
// terms first (Huffman's rule with 2^depth as the weight) reaches depth ceil(log2 Σ 2^d_k), the least
// possible for those terms, which is the bound the CSE kept within. Among equally deep terms the ones
// of smallest magnitude go first, so wide values are added late and the adders stay narrow.

import type { Term } from './cse.js';
import { NodeTable } from './nodes.js';

export function buildTrees(table: NodeTable, columns: Term[][]): (Term | null)[] {
  return columns.map((terms) => buildTree(table, terms));
}

function magnitude(table: NodeTable, t: Term): number {
  return Math.max(Math.abs(table.lo[t.node]), Math.abs(table.hi[t.node])) * 2 ** t.shift;
}

export function buildTree(table: NodeTable, terms: Term[]): Term | null {
  if (terms.length === 0) return null;
  const items = terms.map((t) => ({ t, depth: table.depth[t.node], mag: magnitude(table, t) }));
  const before = (x: (typeof items)[number], y: (typeof items)[number]): boolean =>
    x.depth < y.depth || (x.depth === y.depth && x.mag < y.mag);
  while (items.length > 1) {
    // take the two first items in (depth, magnitude) order; columns are short after the CSE
    let i0 = 0;
    for (let i = 1; i < items.length; i++) if (before(items[i], items[i0])) i0 = i;
    const x = items[i0];
    items[i0] = items[items.length - 1];
    items.pop();
    let i1 = 0;
    for (let i = 1; i < items.length; i++) if (before(items[i], items[i1])) i1 = i;
    const y = items[i1];
    items[i1] = items[items.length - 1];
    items.pop();
    const t = combine(table, x.t, y.t);
    items.push({ t, depth: table.depth[t.node], mag: magnitude(table, t) });
  }
  return items[0].t;
}

/** The term equal to t1 + t2, through the (possibly already existing) node of their pattern. */
export function combine(table: NodeTable, t1: Term, t2: Term): Term {
  const key = table.patternKey(t1.node, t1.shift, t1.sign, t2.node, t2.shift, t2.sign);
  const first = t1.node < t2.node || (t1.node === t2.node && t1.shift < t2.shift) ? t1 : t2;
  const node = table.nodeFor(key);
  return { node, shift: Math.min(t1.shift, t2.shift), sign: first.sign };
}
