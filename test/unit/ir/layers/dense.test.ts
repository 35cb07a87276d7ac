import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatType } from '../../../../src/ir/fixed/parse.js';
import { type FixedType, lsbExp } from '../../../../src/ir/fixed/type.js';
import { toNumber } from '../../../../src/ir/fixed/value.js';
import type { Graph } from '../../../../src/ir/graph.js';
import { denseSemantics } from '../../../../src/ir/layers/dense.js';
import type { RawArray } from '../../../../src/ir/layers/spec.js';
import { rawsArb, typeArb, valueOf } from './arbitraries.js';
import { constant, f64, graph, layer, request, T, typed } from './helpers.js';
import { refDense } from './reference.js';

const W = [0.5, -1, 0.25, 2, -0.75, 1.5]; // [3, 2]
const B = [0.125, -0.5];

function denseGraph(w = W, b: number[] | null = B, nIn = 3, nOut = 2): Graph {
  const consts = [constant('W', [nIn, nOut], w)];
  if (b) consts.push(constant('b', [nOut], b));
  return graph([nIn], [layer({ kind: 'Dense', name: 'd', inputs: ['x'], attrs: { weight: 'W', ...(b ? { bias: 'b' } : {}) } })], consts);
}

function run(g: Graph, x: RawArray, forceBigInt = false): bigint[] {
  const l = g.layers[0];
  const f = denseSemantics.compileFixed(l as never, g, { forceBigInt });
  return Array.from(f([x])[0] as ArrayLike<number | bigint>, (v) => BigInt(v));
}

const asNum = (t: FixedType, raws: bigint[]) => raws.map((r) => toNumber(t, r));

describe('Dense precision rule', () => {
  test('auto accum is the exact range of every partial sum, result = accum', () => {
    // x: fixed<8,3> ∈ [−4, 3.96875], lsb 2^−5; W, b: fixed<16,6>, lsb 2^−10 → product lsb 2^−15.
    // Column 0: 0.125 + [−4, 3.97]·0.5 + [−4, 3.97]·0.25 + [−4, 3.97]·(−0.75) → [−5.85…, 6.125];
    // column 1: −0.5 + ·(−1) + ·2 + ·1.5 → [−18.5, 17.35…]. Signed, 2^4 < 18.5 ≤ 2^5: 6 integer
    // bits (incl. sign), 15 fraction bits → fixed<21,6>.
    const g = typed(denseGraph(), request(), 'fixed<8,3>');
    expect(formatType(g.layers[0].types!.accum)).toBe('ap_fixed<21,6>');
    expect(g.tensors.d_out.type).toEqual(g.layers[0].types!.accum);
    expect(g.tensors.W.type).toEqual(T('fixed<16,6>'));
  });

  test('a constant typed by the model keeps its type', () => {
    const wt = T('fixed<4,2>');
    const g0 = denseGraph();
    g0.tensors.W = { ...g0.tensors.W, type: wt };
    const g = typed(g0, request(), 'fixed<8,3>');
    expect(g.tensors.W.type).toEqual(wt);
    expect(g.tensors.b.type).toEqual(T('fixed<16,6>'));
  });

  test('explicit accum and result are used as given', () => {
    const g = typed(denseGraph(), request({ accum: 'fixed<20,8>', result: 'fixed<10,4,RND,SAT>' }), 'fixed<8,3>');
    expect(g.layers[0].types!.accum).toEqual(T('fixed<20,8>'));
    expect(g.tensors.d_out.type).toEqual(T('fixed<10,4,RND,SAT>'));
  });
});

describe('Dense fixed-point semantics', () => {
  test('exact accumulator: x·W + b exactly', () => {
    // x = [1, 0.5, −2]: y0 = 0.125 + 0.5 + 0.125 + 1.5 = 2.25, y1 = −0.5 − 1 + 1 − 3 = −3.5
    const g = typed(denseGraph(), request(), 'fixed<8,3>');
    const t = g.tensors.d_out.type as FixedType;
    const x = f64([1, 0.5, -2].map((v) => v * 32)); // raw at lsb 2^−5
    expect(asNum(t, run(g, x))).toEqual([2.25, -3.5]);
    expect(asNum(t, run(g, x, true))).toEqual([2.25, -3.5]);
  });

  test('a narrow accumulator rounds each product and saturates each sum', () => {
    // accum fixed<5,3,RND,SAT>: lsb 0.25, range [−4, 3.75]; x = [3, 3, −2].
    // y0: acc = 0.125 → RND tie up → 0.25; +1.5 → 1.75; +0.75 → 2.5; +1.5 → 4 → SAT 3.75.
    // y1: acc = −0.5; +(−3) → −3.5; 3·2 = 6 → SAT 3.75 → 0.25; +(−3) → −2.75.
    const g = typed(denseGraph(), request({ accum: 'fixed<5,3,RND,SAT>' }), 'fixed<8,3>');
    const x = f64([3, 3, -2].map((v) => v * 32));
    const t = T('fixed<5,3,RND,SAT>');
    expect(asNum(t, run(g, x))).toEqual([3.75, -2.75]);
    expect(asNum(t, run(g, x, true))).toEqual([3.75, -2.75]);
  });

  test('the result conversion rounds with the result modes', () => {
    // exact sums 2.25 and −3.5 into fixed<3,2,TRN,SAT> (lsb 0.5, range [−2, 1.5]) → 1.5 and −2
    const g = typed(denseGraph(), request({ result: 'fixed<3,2,TRN,SAT>' }), 'fixed<8,3>');
    const x = f64([1, 0.5, -2].map((v) => v * 32));
    expect(asNum(T('fixed<3,2,TRN,SAT>'), run(g, x))).toEqual([1.5, -2]);
  });

  test('leading axes are rows', () => {
    const g0 = denseGraph();
    g0.tensors.x.shape = [2, 3];
    const g = typed(g0, request(), 'fixed<8,3>');
    expect(g.tensors.d_out.shape).toEqual([2, 2]);
    const x = f64([1, 0.5, -2, 0, 0, 1].map((v) => v * 32));
    expect(asNum(g.tensors.d_out.type as FixedType, run(g, x))).toEqual([2.25, -3.5, 0.125 - 0.75, -0.5 + 1.5]);
  });

  test('float: x·W + b', () => {
    const g = typed(denseGraph(), request(), 'fixed<8,3>');
    const y = denseSemantics.compileFloat(g.layers[0] as never, g)([f64([0.1, 0.2, 0.3])])[0];
    expect(y[0]).toBeCloseTo(0.125 + 0.05 + 0.05 - 0.225, 12);
    expect(y[1]).toBeCloseTo(-0.5 - 0.1 + 0.4 + 0.45, 12);
  });
});

describe('Dense properties', () => {
  const caseArb = fc
    .record({
      nIn: fc.integer({ min: 1, max: 6 }),
      nOut: fc.integer({ min: 1, max: 3 }),
      x: typeArb({ maxWidth: 12 }),
      w: typeArb({ maxWidth: 10, modes: false }),
      b: typeArb({ maxWidth: 10, modes: false }),
      accum: typeArb({ maxWidth: 16 }),
      result: typeArb({ maxWidth: 12 }),
      withBias: fc.boolean(),
    })
    .chain((c) =>
      fc.record({
        c: fc.constant(c),
        xs: rawsArb(c.x, c.nIn),
        ws: rawsArb(c.w, c.nIn * c.nOut),
        bs: rawsArb(c.b, c.nOut),
      }),
    );

  function build(c: { nIn: number; nOut: number; w: FixedType; b: FixedType; withBias: boolean }, ws: bigint[], bs: bigint[]) {
    return denseGraph(
      ws.map((r) => valueOf(c.w, r)),
      c.withBias ? bs.map((r) => valueOf(c.b, r)) : null,
      c.nIn,
      c.nOut,
    );
  }

  test('matches the naive BigInt reference, on both paths', () => {
    fc.assert(
      fc.property(caseArb, ({ c, xs, ws, bs }) => {
        const g = typed(build(c, ws, bs), request({ weight: c.w, bias: c.b, accum: c.accum, result: c.result }), c.x);
        const W = ws.map((r) => valueOf(c.w, r));
        const B = c.withBias ? bs.map((r) => valueOf(c.b, r)) : undefined;
        const expected = refDense({ x: c.x, w: c.w, b: c.b, accum: c.accum, result: c.result }, xs, W, B, c.nOut);
        expect(run(g, f64(xs.map(Number)))).toEqual(expected);
        expect(run(g, xs.slice(), true)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('the exact (auto) accumulator never rounds: y = the exact rational sum', () => {
    fc.assert(
      fc.property(caseArb, ({ c, xs, ws, bs }) => {
        const g = typed(build(c, ws, bs), request({ weight: c.w, bias: c.b }), c.x);
        const acc = g.layers[0].types!.accum;
        const y = run(g, f64(xs.map(Number)));
        // exact sum at the accum LSB, computed independently
        const la = lsbExp(acc);
        for (let j = 0; j < c.nOut; j++) {
          let s = c.withBias ? bs[j] << BigInt(lsbExp(c.b) - la) : 0n;
          for (let i = 0; i < c.nIn; i++) s += (xs[i] * ws[i * c.nOut + j]) << BigInt(lsbExp(c.x) + lsbExp(c.w) - la);
          expect(y[j]).toBe(s);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('wide types take the BigInt path and still match the reference', () => {
    const wide = fc
      .record({ x: typeArb({ minWidth: 30, maxWidth: 70, maxInt: 40 }), w: typeArb({ minWidth: 30, maxWidth: 60, modes: false }) })
      .chain((c) => fc.record({ c: fc.constant(c), xs: rawsArb(c.x, 3), ws: rawsArb(c.w, 6), acc: typeArb({ minWidth: 40, maxWidth: 90, maxInt: 60 }) }));
    fc.assert(
      fc.property(wide, ({ c, xs, ws, acc }) => {
        const wv = ws.map((r) => Number(r) * 2 ** lsbExp(c.w));
        // only exact doubles can be constants
        fc.pre(wv.every((v, i) => BigInt(v / 2 ** lsbExp(c.w)) === ws[i]));
        const g = typed(denseGraph(wv, null), request({ weight: c.w, accum: acc, result: acc }), c.x);
        const expected = refDense({ x: c.x, w: c.w, accum: acc, result: acc }, xs, wv, undefined, 2);
        expect(run(g, xs.slice())).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
