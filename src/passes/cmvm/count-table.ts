// A counter keyed by non-negative integers below 2^53 (pattern keys): open addressing with linear
// probing over typed arrays, several times faster than Map<number, number> for the millions of
// increments and decrements the CSE makes. Entries whose count falls to 0 stay until the next resize.

const EMPTY = -1;

export class CountTable {
  private keys: Float64Array;
  private counts: Int32Array;
  private mask: number;
  private used = 0; // occupied slots, zero counts included

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 4) cap *= 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.counts = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private slot(key: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 13;
    let i = h & this.mask;
    const keys = this.keys;
    for (;;) {
      const k = keys[i];
      if (k === key || k === EMPTY) return i;
      i = (i + 1) & this.mask;
    }
  }

  get(key: number): number {
    const i = this.slot(key);
    return this.keys[i] === key ? this.counts[i] : 0;
  }

  /** Adds 1 and returns the new count. */
  inc(key: number): number {
    let i = this.slot(key);
    if (this.keys[i] !== key) {
      if ((this.used + 1) * 2 > this.keys.length) {
        this.resize();
        i = this.slot(key);
      }
      this.keys[i] = key;
      this.counts[i] = 0;
      this.used++;
    }
    return ++this.counts[i];
  }

  /** Subtracts 1 from a positive count; an absent key is left absent. */
  dec(key: number): void {
    const i = this.slot(key);
    if (this.keys[i] === key && this.counts[i] > 0) this.counts[i]--;
  }

  /** Calls f for every key with a positive count. */
  forEach(f: (key: number, count: number) => void): void {
    const { keys, counts } = this;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY && counts[i] > 0) f(keys[i], counts[i]);
  }

  private resize(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    let live = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== EMPTY && oldCounts[i] > 0) live++;
    let cap = oldKeys.length;
    while (live * 4 > cap) cap *= 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.counts = new Int32Array(cap);
    this.mask = cap - 1;
    this.used = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] === EMPTY || oldCounts[i] <= 0) continue;
      const j = this.slot(oldKeys[i]);
      this.keys[j] = oldKeys[i];
      this.counts[j] = oldCounts[i];
      this.used++;
    }
  }
}
