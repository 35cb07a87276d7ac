import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { type FixedType, fixedType, lsbExp, maxRaw, minRaw, quantize } from '../../../../src/ir/fixed/index.js';
import type { Graph, LayerOf, TensorType } from '../../../../src/ir/graph.js';
import type { PrecisionRequest, RawArray } from '../../../../src/ir/layers/spec.js';
import {
  expRange,
  invRange,
  softmaxSemantics,
  softmaxTables,
} from '../../../../src/ir/layers/softmax.js';
import { commonType } from '../../../../src/ir/layers/tables.js';

const T18 = fixedType(true, 18, 8, 'RND', 'SAT');
const F16_6 = fixedType(true, 16, 6); // lsb 2^-10
const U16_0 = fixedType(false, 16, 0, 'RND', 'SAT'); // lsb 2^-16, [0, 1)

interface Setup {
  X: TensorType;
  Y: FixedType;
  shape: number[];
  axis?: number;
  expTable?: FixedType;
  invTable?: FixedType;
  tableSize?: number;
}

function setup(s: Setup): { layer: LayerOf<'Softmax'>; graph: Graph } {
  const layer: LayerOf<'Softmax'> = {
    name: 'sm',
    kind: 'Softmax',
    inputs: ['x'],
    outputs: ['y'],
    attrs: { axis: s.axis ?? -1 },
    origin: { node: 'sm' },
    types: { expTable: s.expTable ?? T18, invTable: s.invTable ?? T18 },
    options: { reuseFactor: 1, strategy: 'Latency', tableSize: s.tableSize ?? 1024 },
  };
  const graph: Graph = {
    source: { file: 'test.onnx', format: 'onnx' },
    inputs: ['x'],
    outputs: ['y'],
    layers: [layer],
    tensors: { x: { name: 'x', shape: s.shape, type: s.X }, y: { name: 'y', shape: s.shape, type: s.Y } },
  };
  return { layer, graph };
}

function asBig(a: RawArray): bigint[] {
  return Array.from(a as ArrayLike<number | bigint>, (v) => BigInt(v));
}

/** Raws through the fixed semantics on both paths (checked equal), as bigint. */
function runFixed(s: Setup, raws: readonly (number | bigint)[]): bigint[] {
  const { layer, graph } = setup(s);
  const wide = raws.some((v) => typeof v === 'bigint');
  const input: RawArray = wide ? raws.map((v) => BigInt(v)) : Float64Array.from(raws as number[]);
  const fast = asBig(softmaxSemantics.compileFixed(layer, graph)([input])[0]);
  const big = asBig(softmaxSemantics.compileFixed(layer, graph, { forceBigInt: true })([input])[0]);
  expect(fast).toEqual(big);
  return fast;
}

const request = (over: Partial<PrecisionRequest> = {}): PrecisionRequest => ({
  weight: fixedType(true, 16, 6),
  bias: fixedType(true, 16, 6),
  result: 'auto',
  accum: 'auto',
  table: T18,
  tableSize: 1024,
  expTable: T18,
  invTable: T18,
  ...over,
});

describe('softmax fixed point: hand-checked', () => {
  it('ranges: R = min(2^intBits(X), Rcap), inverse over [1, 1 + 2^ceil(log2(n−1)))', () => {
    // expTable fixed<18,8>: 10 fraction bits, (10+1)·ln 2 = 7.62 → Rcap = 8
    expect(expRange(F16_6, T18)).toBe(8);
    expect(expRange(fixedType(true, 8, 1), T18)).toBe(2); // differences of fixed<8,1> lie in (−2, 0]
    // 23 fraction bits: 24·ln 2 = 16.6 → Rcap = 32, below 2^6
    expect(expRange(F16_6, fixedType(false, 24, 1))).toBe(32);
    expect([1, 2, 3, 10, 17, 64].map((n) => invRange(n)[1])).toEqual([2, 2, 3, 17, 17, 65]);
  });

  it('two equal inputs: each 1020·514 LSB = 0.4999924, a tie in ufixed<16,0>', () => {
    // d = 0 → top exp entry: exp(−8/2048)·1024 = 1020.008 → 1020; s = 2040 at 2^-10 (1.992)
    // inv over [1, 2): idx = 2040 − 1024 = 1016, centre 1 + 1016.5/1024, 1/centre·1024 = 513.88 → 514
    // y = 1020·514 = 524280 at 2^-20 = 32767.5 LSB of 2^-16: AP_RND → 32768, AP_TRN → 32767
    expect(runFixed({ X: F16_6, Y: U16_0, shape: [2] }, [0, 0])).toEqual([32768n, 32768n]);
    const trn = fixedType(false, 16, 0, 'TRN', 'SAT');
    expect(runFixed({ X: F16_6, Y: trn, shape: [2] }, [123, 123])).toEqual([32767n, 32767n]);
  });

  it('one dominant input: the others fall below the exp table', () => {
    // x = [10, 0, 0]: d = −10 is below −8, entry 0 = exp(−8 + 1/256)·1024 = 0.35 → 0; s = 1020
    // n = 3: inverse over [1, 3); s < 1 clamps to entry 0: 1/(1 + 2/2048)·1024 = 1023.0 → 1023;
    // y0 = 1020·1023 at 2^-20, exact in a result with LSB 2^-20
    const y = runFixed({ X: F16_6, Y: fixedType(false, 24, 4), shape: [3] }, [10240, 0, 0]);
    expect(y).toEqual([1020n * 1023n, 0n, 0n]);
  });

  it('softmaxTables exposes both tables with their index maps', () => {
    const { layer, graph } = setup({ X: F16_6, Y: U16_0, shape: [10] });
    const { exp, inv } = softmaxTables(layer, graph);
    expect(exp).toMatchObject({ role: 'expTable', lo: -8, hi: 0, size: 1024, type: T18 });
    // d at 2^-10 over [−8, 0): offset −8192, W = 8192, div 8, shift 0
    expect(exp.index).toMatchObject({ shift: 0, offset: -8192n, mul: 1n, div: 8n, rLo: -8192n, rHi: -1n });
    expect(exp.entries[1023]).toBe(1020n);
    // n = 10: inverse over [1, 17), s at 2^-10: offset 1024, W = 16384, div 16
    expect(inv).toMatchObject({ role: 'invTable', lo: 1, hi: 17, size: 1024 });
    expect(inv.index).toMatchObject({ shift: 0, offset: 1024n, mul: 1n, div: 16n });
    expect(inv.entries[0]).toBe(quantize(T18, 1 / (1 + 1 / 128)));
  });

  it('the axis: softmax along rows or along columns of a [2, 3] input', () => {
    const Y = fixedType(false, 24, 4);
    const x = [0, 1024, 2048, 1024, 0, 3072]; // [[0, 1, 2], [1, 0, 3]]
    const rows = runFixed({ X: F16_6, Y, shape: [2, 3], axis: 1 }, x);
    const cols = runFixed({ X: F16_6, Y, shape: [2, 3], axis: 0 }, x);
    // columns: each pair independently; the rows of a column pair run against each other
    const col = (k: number) => runFixed({ X: F16_6, Y, shape: [2], axis: 0 }, [x[k], x[3 + k]]);
    expect([0, 1, 2].flatMap((k) => col(k))).toEqual([cols[0], cols[3], cols[1], cols[4], cols[2], cols[5]]);
    expect(rows.slice(0, 3)).toEqual(runFixed({ X: F16_6, Y, shape: [3] }, x.slice(0, 3)));
    expect(rows.slice(3)).toEqual(runFixed({ X: F16_6, Y, shape: [3] }, x.slice(3)));
  });
});

// ————————————————————————————————————————————————————————————————————— properties

const inputType = fc
  .record({ w: fc.integer({ min: 4, max: 20 }), i: fc.integer({ min: -1, max: 7 }), signed: fc.boolean() })
  .map(({ w, i, signed }) => fixedType(signed, w, Math.min(i, w)));

const typedVector = inputType.chain((t) =>
  fc.tuple(fc.constant(t), fc.array(fc.bigInt({ min: minRaw(t), max: maxRaw(t) }), { minLength: 1, maxLength: 16 })),
);

describe('properties', () => {
  it('outputs sum to 1 within the documented bound', () => {
    fc.assert(
      fc.property(typedVector, ([X, raws]) => {
        const n = raws.length;
        const Y = fixedType(false, 24, 2, 'RND', 'SAT');
        const { layer, graph } = setup({ X, Y, shape: [n] });
        const { exp, inv } = softmaxTables(layer, graph);
        const y = runFixed({ X, Y, shape: [n] }, raws.map(Number));
        const sum = y.reduce((a, b) => a + Number(b), 0) * 2 ** lsbExp(Y);
        // Σ e_k·inv = s·inv exactly (the exp entries' own errors cancel), and s·inv = s/c + s·δ with
        // c the inverse bin centre and |δ| <= half an inverse LSB; |s − c| <= step/2, or, for s < 1
        // (clamped to entry 0), <= step/2 + 1 − (top exp entry) since s >= top entry. Then each y
        // rounds by at most one result LSB.
        const invStep = (inv.hi - inv.lo) / inv.size;
        const topGap = 1 - Number(exp.entries[exp.size - 1]) * 2 ** lsbExp(exp.type);
        const bound = invStep / 2 + topGap + n * 2 ** (lsbExp(inv.type) - 1) + n * 2 ** lsbExp(Y) + 1e-12;
        expect(Math.abs(sum - 1)).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 400 },
    );
  });

  it('argmax is preserved for well-separated inputs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -4, max: 3.5, noNaN: true }), { minLength: 2, maxLength: 12 }),
        fc.nat(),
        (xs, pick) => {
          const X = fixedType(true, 16, 4);
          const k = pick % xs.length;
          xs[k] = Math.max(...xs) + 0.125; // the winner leads by at least 1/8
          if (xs[k] >= 8) return;
          const y = runFixed({ X, Y: fixedType(false, 18, 1, 'RND', 'SAT'), shape: [xs.length] }, xs.map((v) => Number(quantize(X, v))));
          const best = y.reduce((b, v, i) => (v > y[b] ? i : b), 0);
          expect(best).toBe(k);
          expect(y.filter((v) => v === y[k]).length).toBe(1);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('fast path and BigInt path agree, wide inputs and results included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 70 }),
        fc.integer({ min: -3, max: 10 }),
        fc.integer({ min: 2, max: 64 }),
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(T18, fixedType(false, 40, 2, 'RND', 'SAT')),
        (w, i, wy, xs, tableType) => {
          const X = fixedType(true, w, Math.min(i, w));
          const Y = fixedType(false, wy, 1, 'RND', 'SAT');
          const raws = xs.map((v) => quantize(X, v));
          runFixed({ X, Y, shape: [xs.length], expTable: tableType, invTable: tableType }, w <= 53 ? raws.map(Number) : raws);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a per-element input type equals the same values moved to the common type', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(inputType, fc.double({ min: -3, max: 3, noNaN: true })), { minLength: 1, maxLength: 6 }), (pairs) => {
        const elements = pairs.map(([t]) => t);
        const raws = pairs.map(([t, v]) => quantize(t, v));
        const Y = fixedType(false, 20, 1, 'RND', 'SAT');
        const per = runFixed({ X: { elements }, Y, shape: [pairs.length] }, raws.map(Number));
        const common = commonType({ elements });
        const moved = raws.map((r, k) => r << BigInt(lsbExp(elements[k]) - lsbExp(common)));
        expect(per).toEqual(runFixed({ X: common, Y, shape: [pairs.length] }, moved.map(Number)));
      }),
      { numRuns: 150 },
    );
  });
});

describe('float semantics', () => {
  it('exp(x − max)/Σ along the axis, equal to the textbook formula', () => {
    const { layer, graph } = setup({ X: F16_6, Y: U16_0, shape: [2, 3], axis: 1 });
    const x = Float64Array.from([1, 2, 3, -1000, 0, 1000]);
    const [y] = softmaxSemantics.compileFloat(layer, graph)([x]);
    const e = [1, 2, 3].map((v) => Math.exp(v));
    const s = e[0] + e[1] + e[2];
    for (let k = 0; k < 3; k++) expect(y[k]).toBeCloseTo(e[k] / s, 15);
    expect(Array.from(y.slice(3))).toEqual([0, 0, 1]); // stable: no overflow
  });
});

describe('inferShape and inferTypes', () => {
  it('checks the axis', () => {
    const { layer, graph } = setup({ X: F16_6, Y: U16_0, shape: [4, 5], axis: 1 });
    expect(softmaxSemantics.inferShape(layer, [[4, 5]], graph)).toEqual({ shapes: [[4, 5]] });
    expect(softmaxSemantics.inferShape({ ...layer, attrs: { axis: -2 } }, [[4, 5]], graph)).toEqual({ shapes: [[4, 5]] });
    expect(softmaxSemantics.inferShape({ ...layer, attrs: { axis: 2 } }, [[4, 5]], graph)).toMatchObject({ error: expect.stringMatching(/axis/) });
  });

  it("'auto' is the exact product type; internal types are recorded", () => {
    const { layer, graph } = setup({ X: F16_6, Y: U16_0, shape: [10] });
    const t = softmaxSemantics.inferTypes(layer, graph, request());
    // products of entries <= 1024 (2^-10) and <= 1023 at 2^-20: unsigned, < 2^20 → ufixed<20,0>
    expect(t.outputs[0]).toMatchObject({ signed: false, width: 20, intBits: 0 });
    expect(t.internal.expTable).toEqual(T18);
    expect(t.internal.invTable).toEqual(T18);
    // diff: [−65535, 0] at 2^-10 → fixed<17,7>; sum of 10 entries <= 10·1020 at 2^-10 → ufixed<14,4>
    expect(t.internal.diff).toMatchObject({ signed: true, width: 17, intBits: 7 });
    expect(t.internal.expSum).toMatchObject({ signed: false, width: 14, intBits: 4 });
    expect(softmaxSemantics.inferTypes(layer, graph, request({ result: U16_0 })).outputs).toEqual([U16_0]);
  });
});
