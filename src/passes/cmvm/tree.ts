// The last step: each output's remaining terms become one adder tree. Merging the two shallowest
// terms first (Huffman's rule with 2^depth as the weight; Golumbic 1976, "Combinatorial merging")
// reaches depth ceil(log2 Σ 2^d_k), the least possible for those terms, which is the bound the CSE
// kept within. The rule only fixes the depths of the two terms merged; among the terms it allows,
// we merge the pair whose adder is narrowest (similar shifts and magnitudes), which saves LUTs
// without changing the depth or the number of adders.

import type { Term } from './cse.js';
import { NodeTable, estimateWidth } from './nodes.js';

const est = new Float64Array(2);

/** Estimated width of the adder for t1 + t2. */
function mergeWidth(table: NodeTable, t1: Term, t2: Term): number {
  table.estimateRange(table.patternKey(t1.node, t1.shift, t1.sign, t2.node, t2.shift, t2.sign), est);
  return estimateWidth(est[0], est[1]);
}

export function buildTree(table: NodeTable, terms: Term[]): Term | null {
  if (terms.length === 0) return null;
  const items = terms.slice();
  const depth = (t: Term): number => table.depth[t.node];
  while (items.length > 1) {
    // the shallowest terms, and the next depth if only one is that shallow
    let d0 = Infinity;
    for (const t of items) d0 = Math.min(d0, depth(t));
    const first = items.filter((t) => depth(t) === d0);
    let i: Term;
    let j: Term;
    if (first.length >= 2) {
      // neighbours in shift order are the natural partners; take the narrowest such pair
      first.sort((x, y) => x.shift - y.shift || x.node - y.node);
      let best = 1;
      let bestW = Infinity;
      for (let k = 1; k < first.length; k++) {
        const w = mergeWidth(table, first[k - 1], first[k]);
        if (w < bestW) {
          bestW = w;
          best = k;
        }
      }
      i = first[best - 1];
      j = first[best];
    } else {
      i = first[0];
      let d1 = Infinity;
      for (const t of items) if (t !== i) d1 = Math.min(d1, depth(t));
      let bestW = Infinity;
      j = i;
      for (const t of items) {
        if (t === i || depth(t) !== d1) continue;
        const w = mergeWidth(table, i, t);
        if (w < bestW) {
          bestW = w;
          j = t;
        }
      }
    }
    items.splice(items.indexOf(i), 1);
    items.splice(items.indexOf(j), 1);
    items.push(combine(table, i, j));
  }
  return items[0];
}

/** The term equal to t1 + t2, through the (possibly already existing) node of their pattern. */
export function combine(table: NodeTable, t1: Term, t2: Term): Term {
  const key = table.patternKey(t1.node, t1.shift, t1.sign, t2.node, t2.shift, t2.sign);
  const first = t1.node < t2.node || (t1.node === t2.node && t1.shift < t2.shift) ? t1 : t2;
  const node = table.nodeFor(key);
  return { node, shift: Math.min(t1.shift, t2.shift), sign: first.sign };
}
