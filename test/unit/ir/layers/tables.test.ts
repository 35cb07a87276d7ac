import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { fixedType, quantize } from '../../../../src/ir/fixed/index.js';
import { BIG, NUM } from '../../../../src/ir/layers/arith.js';
import {
  binCentre,
  commonType,
  dyadic,
  dyadicType,
  elementShifts,
  indexer,
  indexOf,
  rangeType,
  tableEntries,
  tableIndex,
  unionRange,
} from '../../../../src/ir/layers/tables.js';

/**
 * Independent reference for the index: the largest k in [0, N−1] whose left edge lo + k·(hi−lo)/N
 * is <= x, found by bisection with exact rational comparisons (N·lo + k·(hi−lo) <= N·x), and 0 when x < lo.
 */
function refIndex(r: bigint, lsb: number, lo: number, hi: number, n: number): number {
  const a = dyadic(lo);
  const b = dyadic(hi);
  const k = Math.max(0, -lsb, -a.e, -b.e);
  const sc = (m: bigint, e: number) => m << BigInt(e + k);
  const x = sc(r, lsb);
  const l = sc(a.m, a.e);
  const w = sc(b.m, b.e) - l;
  const N = BigInt(n);
  const edgeLe = (j: number) => N * l + BigInt(j) * w <= N * x;
  if (!edgeLe(0)) return 0;
  let good = 0;
  let bad = n; // edge n is hi: x >= hi clamps to n − 1 anyway
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (edgeLe(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

describe('tableIndex', () => {
  it('sigmoid range, fixed<16,6> input, N = 1024: idx = (r + 8192) >> 4', () => {
    // lsb 2^-10: E = 10, shift 0, offset −8·2^10, W = 16·2^10 = 2^14, gcd(1024, 2^14) = 1024
    const ix = tableIndex(-10, -8, 8, 1024);
    expect(ix).toMatchObject({ shift: 0, offset: -8192n, mul: 1n, div: 16n, rLo: -8192n, rHi: 8191n });
    expect(indexOf(ix, 0n)).toBe(512); // x = 0 is the left edge of bin 512
    expect(indexOf(ix, -1n)).toBe(511);
    expect(indexOf(ix, -8192n)).toBe(0); // x = −8
    expect(indexOf(ix, -8193n)).toBe(0); // clamped
    expect(indexOf(ix, 8191n)).toBe(1023);
    expect(indexOf(ix, 8192n)).toBe(1023); // x = 8 = hi: clamped
    expect(indexOf(ix, 15n)).toBe(512);
    expect(indexOf(ix, 16n)).toBe(513);
  });

  it('coarse input (lsb 16) over [−8, 8): x = 0 → 512, x = ±16 → the ends', () => {
    // E = 0, shift 4, offset −8, W = 16, g = 16, mul 64, div 1; rLo = ceil(−8/16) = 0, rHi = ceil(8/16) − 1 = 0
    const ix = tableIndex(4, -8, 8, 1024);
    expect(ix).toMatchObject({ shift: 4, offset: -8n, mul: 64n, div: 1n, rLo: 0n, rHi: 0n });
    expect([-1n, 0n, 1n].map((r) => indexOf(ix, r))).toEqual([0, 512, 1023]);
  });

  it('a range between two grid points (rLo > rHi) sends every value to one end', () => {
    const ix = tableIndex(0, 0.25, 0.5, 8); // integers: none lies in [0.25, 0.5)
    expect(ix.rLo).toBe(1n);
    expect(ix.rHi).toBe(0n);
    expect([-3n, 0n, 1n, 5n].map((r) => indexOf(ix, r))).toEqual([0, 0, 7, 7]);
  });

  it('non-power-of-two size and range: general floor((r·2^shift − offset)·mul / div)', () => {
    // [1, 10), N = 1000, lsb 2^-3: E = 3, offset 8, W = 72, g = gcd(1000, 72) = 8, mul 125, div 9
    const ix = tableIndex(-3, 1, 10, 1000);
    expect(ix).toMatchObject({ shift: 0, offset: 8n, mul: 125n, div: 9n });
    expect(indexOf(ix, 9n)).toBe(13); // x = 1.125: floor(0.125·1000/9) = floor(13.9)
  });

  it('matches the bisection reference exactly, at and around every kind of bin edge', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -14, max: 4 }), // input lsb
        fc.constantFrom([-8, 8], [-4, 4], [-8, 0], [1, 17], [1, 10], [-0.375, 2.5], [0.25, 0.5]),
        fc.constantFrom(1, 2, 7, 64, 1000, 1024),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        (lsb, [lo, hi], n, r) => {
          const ix = tableIndex(lsb, lo, hi, n);
          const got = indexOf(ix, BigInt(r));
          expect(got).toBe(refIndex(BigInt(r), lsb, lo, hi, n));
          // the three implementations agree
          expect(indexer(NUM, ix, -2_000_000n, 2_000_000n)(r)).toBe(got);
          expect(indexer(BIG, ix, -2_000_000n, 2_000_000n)(BigInt(r))).toBe(got);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('exact bin edges: x = lo + k·step gives k and one LSB below gives k − 1', () => {
    // step = 16/1024 = 2^-6; input lsb 2^-12: edge k is raw (−8 + k/64)·4096
    const ix = tableIndex(-12, -8, 8, 1024);
    for (let k = 1; k < 1024; k += 37) {
      const edge = BigInt(-8 * 4096 + k * 64);
      expect(indexOf(ix, edge)).toBe(k);
      expect(indexOf(ix, edge - 1n)).toBe(k - 1);
    }
  });

  it('thresholds clamped into the input range change no index', () => {
    const ix = tableIndex(-20, -8, 8, 1024); // rLo = −8·2^20 is far outside a 12-bit input
    const f = indexer(NUM, ix, -2048n, 2047n);
    for (let r = -2048; r <= 2047; r += 13) expect(f(r)).toBe(indexOf(ix, BigInt(r)));
  });
});

describe('tableEntries', () => {
  const T = fixedType(true, 18, 8, 'RND', 'SAT');

  it('holds f at the bin centres: sigmoid entry 512 = quantize(T, σ(1/128)) = 514', () => {
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const e = tableEntries(sig, -8, 8, 1024, T);
    expect(binCentre(-8, 8, 1024, 512)).toBe(1 / 128);
    // σ(1/128)·1024 = 513.99999 → AP_RND → 514
    expect(e[512]).toBe(514n);
    // σ(−8 + 1/128)·1024 = 0.346 → 0; σ(8 − 1/128)·1024 = 1023.65 → 1024 (= 1.0)
    expect(e[0]).toBe(0n);
    expect(e[1023]).toBe(1024n);
    for (let i = 0; i < 1024; i += 101) expect(e[i]).toBe(quantize(T, sig(binCentre(-8, 8, 1024, i))));
  });

  it('sigmoid and tanh tables are monotone for any size and table type', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2048 }),
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom('RND', 'TRN', 'RND_CONV', 'TRN_ZERO' as const),
        (n, w, i, q) => {
          const t = fixedType(true, w, Math.min(i, w), q, 'SAT');
          for (const [f, lo, hi] of [
            [(x: number) => 1 / (1 + Math.exp(-x)), -8, 8],
            [Math.tanh, -4, 4],
          ] as const) {
            const e = tableEntries(f, lo, hi, n, t);
            for (let k = 1; k < n; k++) expect(e[k] >= e[k - 1]).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects empty ranges and bad sizes', () => {
    expect(() => tableEntries(Math.exp, 0, 0, 8, T)).toThrow(/empty/);
    expect(() => tableIndex(-4, -1, 1, 0)).toThrow(/size/);
  });
});

describe('exact integers and types', () => {
  it('dyadic: float32 0.01 is 5368709·2^-29, exactly', () => {
    expect(dyadic(Math.fround(0.01))).toEqual({ m: 5368709n, e: -29 });
    expect(dyadic(0)).toEqual({ m: 0n, e: 0 });
    expect(dyadic(-0.375)).toEqual({ m: -3n, e: -3 });
    expect(dyadic(96)).toEqual({ m: 3n, e: 5 });
    expect(() => dyadic(Infinity)).toThrow();
    // its exact type: 23 significant bits, LSB 2^-29
    expect(dyadicType(dyadic(Math.fround(0.01)))).toMatchObject({ signed: false, width: 23, intBits: -6 });
  });

  it('rangeType and unionRange give the smallest exact type', () => {
    expect(rangeType({ lo: 0n, hi: 32767n, lsb: -10 })).toMatchObject({ signed: false, width: 15, intBits: 5 });
    expect(rangeType({ lo: -4n, hi: 3n, lsb: -1 }, 'RND', 'SAT')).toMatchObject({ signed: true, width: 3, intBits: 2, q: 'RND', o: 'SAT' });
    // [−1, 1)@2^-3 ∪ [0, 4]@2^0 = [−8, 32]@2^-3
    expect(unionRange([
      { lo: -8n, hi: 7n, lsb: -3 },
      { lo: 0n, hi: 4n, lsb: 0 },
    ])).toEqual({ lo: -8n, hi: 32n, lsb: -3 });
  });

  it('per-element types move exactly to their common type', () => {
    const a = fixedType(true, 8, 4);
    const b = fixedType(false, 6, 1);
    const t = { elements: [a, b, a] };
    const c = commonType(t);
    // a: [−8, 8) at 2^-4; b: [0, 2) at 2^-5 → signed, LSB 2^-5, [−256, 255]
    expect(c).toMatchObject({ signed: true, width: 9, intBits: 4 });
    const shifts = elementShifts(t, c);
    expect(Array.from(shifts ?? [])).toEqual([1, 0, 1]);
    expect(elementShifts(a, a)).toBeUndefined();
  });
});
