// A binary max-heap of (priority, key) number pairs; ties go to the larger key, so the order of
// extraction is deterministic. Used with lazy deletion: an entry may be stale, the caller checks.

export class MaxHeap {
  private prio = new Float64Array(1024);
  private key = new Float64Array(1024);
  private n = 0;

  get size(): number {
    return this.n;
  }

  topPriority(): number {
    return this.prio[0];
  }

  topKey(): number {
    return this.key[0];
  }

  private above(p1: number, k1: number, p2: number, k2: number): boolean {
    return p1 > p2 || (p1 === p2 && k1 > k2);
  }

  push(p: number, k: number): void {
    if (this.n === this.prio.length) {
      const np = new Float64Array(this.n * 2);
      const nk = new Float64Array(this.n * 2);
      np.set(this.prio);
      nk.set(this.key);
      this.prio = np;
      this.key = nk;
    }
    const prio = this.prio;
    const key = this.key;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(p, k, prio[parent], key[parent])) break;
      prio[i] = prio[parent];
      key[i] = key[parent];
      i = parent;
    }
    prio[i] = p;
    key[i] = k;
  }

  /** Removes the top entry (call topPriority/topKey first). */
  pop(): void {
    const prio = this.prio;
    const key = this.key;
    const n = --this.n;
    if (n === 0) return;
    const p = prio[n];
    const k = key[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.above(prio[c + 1], key[c + 1], prio[c], key[c])) c++;
      if (!this.above(prio[c], key[c], p, k)) break;
      prio[i] = prio[c];
      key[i] = key[c];
      i = c;
    }
    prio[i] = p;
    key[i] = k;
  }
}
