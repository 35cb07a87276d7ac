import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CmvmError,
  checkCmvmProblem,
  csdBaselineAdders,
  evaluateAdderGraph,
  evaluateAdderGraphNum,
  fitsInFloat64,
  graphStats,
  minDepth,
  solveCmvm,
} from '../../../../src/passes/cmvm/index.js';
import { checkGraph, product, type Range } from './check.js';

const int8: Range = [-128n, 127n];
const ranges = (n: number, r: Range = int8): Range[] => Array.from({ length: n }, () => r);

/** mulberry32: a small seeded PRNG */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomInt8Matrix(rows: number, cols: number, seed: number): bigint[][] {
  const r = prng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => BigInt(Math.floor(r() * 256) - 128)));
}

describe('solveCmvm on tiny matrices', () => {
  it('3·x0 + 5·x1 needs the 3 adders of its 4 digits, 2 levels deep', () => {
    const W = [[3n], [5n]];
    const g = solveCmvm(W, ranges(2));
    checkGraph(g, W, ranges(2));
    expect(graphStats(g)).toMatchObject({ adders: 3, depth: 2 });
    expect(evaluateAdderGraph(g, [10n, -7n])).toEqual([30n - 35n]);
  });

  it('a single digit is a wire: shift and negation are free', () => {
    const g = solveCmvm([[-8n]], ranges(1));
    expect(g.ops).toEqual([]);
    expect(g.outputs).toEqual([{ node: 0, shift: 3, negate: true }]);
    expect(g.inputs).toEqual([{ range: ['-128', '127'], width: 8, signed: true }]);
  });

  it('zero columns are null outputs', () => {
    const W = [
      [0n, 1n, 0n],
      [0n, 2n, 0n],
    ];
    const g = solveCmvm(W, ranges(2));
    checkGraph(g, W, ranges(2));
    expect(g.outputs[0]).toBeNull();
    expect(g.outputs[2]).toBeNull();
    expect(g.ops).toHaveLength(1); // x0 + 2·x1
  });

  it('shares a sum between outputs, shifted and negated', () => {
    // y0 = x0 + x1, y1 = -(4·x0 + 4·x1), y2 = 3·x0 + 3·x1 = (x0 + x1)·3
    const W = [
      [1n, -4n, 3n],
      [1n, -4n, 3n],
    ];
    const g = solveCmvm(W, ranges(2));
    checkGraph(g, W, ranges(2));
    expect(graphStats(g).adders).toBe(2);
    expect(g.outputs[1]).toMatchObject({ node: g.outputs[0]!.node, shift: 2, negate: true });
  });

  it('builds 5·x once for 5·x and 10·x', () => {
    const W = [[5n, 10n]];
    const g = solveCmvm(W, ranges(1));
    checkGraph(g, W, ranges(1));
    expect(g.ops).toHaveLength(1);
    expect(g.outputs[1]).toMatchObject({ node: g.outputs[0]!.node, shift: 1, negate: false });
  });

  it('finds the repeated digit pattern inside one constant (85 = 0b1010101 = 5·17)', () => {
    const W = [[85n]];
    const g = solveCmvm(W, ranges(1));
    checkGraph(g, W, ranges(1));
    expect(graphStats(g).adders).toBe(2); // CSD needs 3
  });

  it('uses exact ranges when operands share inputs', () => {
    // x0 + x1 and x0 - x1 → (x0 + x1) + (x0 - x1) would be 2·x0; every range must be exact anyway
    const W = [
      [1n, 1n, 3n],
      [1n, -1n, 1n],
    ];
    const r: Range[] = [
      [0n, 15n],
      [-3n, 3n],
    ];
    const g = solveCmvm(W, r);
    checkGraph(g, W, r);
  });

  it('drops inputs whose range is [0, 0]', () => {
    const W = [
      [3n, 0n],
      [7n, 5n],
    ];
    const r: Range[] = [int8, [0n, 0n]];
    const g = solveCmvm(W, r);
    checkGraph(g, W, r);
    expect(g.outputs[1]).toBeNull();
  });

  it('handles unsigned and huge values exactly', () => {
    const big = (1n << 70n) + 12345n;
    const W = [
      [big, -big, 1n],
      [3n, big * 3n, 0n],
    ];
    const r: Range[] = [
      [0n, (1n << 40n) - 1n],
      [-(1n << 20n), 1n << 20n],
    ];
    const g = solveCmvm(W, r);
    checkGraph(g, W, r, Infinity, [[(1n << 40n) - 3n, -12345n]]);
    expect(fitsInFloat64(g)).toBe(false);
    expect(() => evaluateAdderGraphNum(g, [1, 1], new Float64Array(3))).toThrow(/2\^53/);
  });

  it('builds a near-copy of an output from that output', () => {
    // y1 = y0 + x3 and y2 = -y0 + 2·x5: two adders beyond y0
    const c0 = [77n, -45n, 109n, 3n, -91n, 60n, 25n, -128n];
    const W = c0.map((v, i) => [v, i === 3 ? v + 1n : v, i === 5 ? -v + 2n : -v]);
    const g = solveCmvm(W, ranges(8));
    checkGraph(g, W, ranges(8));
    const single = csdBaselineAdders(c0.map((v) => [v]));
    expect(graphStats(g).adders).toBeLessThanOrEqual(single + 2);
  });

  it('is deterministic', () => {
    const W = randomInt8Matrix(8, 8, 7);
    expect(solveCmvm(W, ranges(8))).toEqual(solveCmvm(W, ranges(8)));
  });
});

describe('errors', () => {
  it('rejects an empty matrix', () => {
    expect(() => solveCmvm([], [])).toThrow(CmvmError);
    expect(() => solveCmvm([[]], [int8])).toThrow(/empty/);
    expect(checkCmvmProblem([], [])[0].code).toBe('cmvm/empty-matrix');
  });

  it('rejects a ragged matrix', () => {
    const W = [[1n, 2n], [3n]];
    expect(() => solveCmvm(W, ranges(2))).toThrow(/row 1 has 1 entries, row 0 has 2/);
    expect(checkCmvmProblem(W, ranges(2))[0].code).toBe('cmvm/ragged-matrix');
  });

  it('rejects a depth bound below the minimum and names the minimum', () => {
    const W = [[85n], [3n]]; // 6 digits → 3 levels
    expect(minDepth(W)).toBe(3);
    let err: unknown;
    try {
      solveCmvm(W, ranges(2), { maxDepth: 2 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CmvmError);
    expect((err as CmvmError).diagnostic.code).toBe('cmvm/max-depth');
    expect((err as CmvmError).message).toMatch(/minimum depth 3/);
    expect(() => solveCmvm(W, ranges(2), { maxDepth: 1.5 })).toThrow(/integer/);
    checkGraph(solveCmvm(W, ranges(2), { maxDepth: 3 }), W, ranges(2), 3);
  });

  it('rejects input ranges that do not fit the matrix', () => {
    expect(() => solveCmvm([[1n], [2n]], ranges(1))).toThrow(/1 input ranges for a matrix of 2 rows/);
    expect(() => solveCmvm([[1n]], [[3n, 2n]])).toThrow(/empty range/);
  });
});

describe('solveCmvm properties', () => {
  const problem = fc
    .record({
      rows: fc.integer({ min: 1, max: 12 }),
      cols: fc.integer({ min: 1, max: 12 }),
      bits: fc.integer({ min: 1, max: 10 }),
      sparsity: fc.double({ min: 0, max: 0.9, noNaN: true }),
      seed: fc.integer(),
      signedW: fc.boolean(),
      inputBits: fc.integer({ min: 1, max: 12 }),
      signedX: fc.boolean(),
      extraDepth: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    })
    .map((p) => {
      const r = prng(p.seed);
      const W = Array.from({ length: p.rows }, () =>
        Array.from({ length: p.cols }, () => {
          if (r() < p.sparsity) return 0n;
          const m = 2 ** p.bits;
          return BigInt(p.signedW ? Math.floor(r() * m) - m / 2 : Math.floor(r() * m));
        }),
      );
      const xr: Range[] = Array.from({ length: p.rows }, () => {
        const m = 2n ** BigInt(p.inputBits);
        return p.signedX ? [-m / 2n, m / 2n - 1n] : [0n, m - 1n];
      });
      const maxDepth = p.extraDepth === undefined ? undefined : minDepth(W) + p.extraDepth;
      return { W, xr, maxDepth, seed: p.seed };
    });

  it('computes W·x exactly, with exact ranges, minimal widths and the depth bound', () => {
    fc.assert(
      fc.property(problem, ({ W, xr, maxDepth, seed }) => {
        const g = solveCmvm(W, xr, maxDepth === undefined ? {} : { maxDepth });
        const r = prng(seed ^ 0x5bd1e995);
        const samples = Array.from({ length: 8 }, () =>
          xr.map(([lo, hi]) => lo + BigInt(Math.floor(r() * Number(hi - lo + 1n)))),
        );
        checkGraph(g, W, xr, maxDepth ?? Infinity, samples);
        expect(graphStats(g).adders).toBeLessThanOrEqual(csdBaselineAdders(W));
        // the float path agrees
        const out = new Float64Array(W[0].length);
        for (const x of samples) {
          evaluateAdderGraphNum(g, x.map(Number), out);
          expect(Array.from(out, (v) => BigInt(v))).toEqual(product(W, x));
        }
      }),
      { numRuns: 120 },
    );
  });
});

describe('solveCmvm on dense random matrices', () => {
  it('16×16 int8: well below the CSD baseline, unlimited and at minimum depth', () => {
    const W = randomInt8Matrix(16, 16, 1);
    const base = csdBaselineAdders(W);
    const g = solveCmvm(W, ranges(16));
    checkGraph(g, W, ranges(16));
    expect(graphStats(g).adders).toBeLessThan(base * 0.55);
    const d = minDepth(W);
    const gd = solveCmvm(W, ranges(16), { maxDepth: d });
    checkGraph(gd, W, ranges(16), d);
    expect(graphStats(gd).depth).toBe(d);
    expect(graphStats(gd).adders).toBeLessThan(base * 0.57);
  });
});
