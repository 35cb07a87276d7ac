// Activation and Softmax layers compiled with g++: the C simulation equals the emulator bit for
// bit, for every function, Softmax along every axis, both io types and several precisions
// (narrow saturating results, every rounding mode on hard_swish, wide tables, table sizes 256,
// 1000 and 4096, inputs coarser than a table bin, unsigned and 40-bit inputs, 'auto' results).
//
// The vectors are built for the tables: besides raws drawn over the whole input range, every
// bin edge of every table that lies on the input grid and its two neighbours, the input type's
// extremes, the functions' breakpoints (±3, the clip bounds, the thresholds), and for Softmax
// slices whose differences to their maximum are exactly the exp table's bin edges.

import { describe, expect, it } from 'vitest';
import { parseType } from '../../../src/ir/fixed/parse.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from '../../../src/ir/fixed/type.js';
import { toNumber } from '../../../src/ir/fixed/value.js';
import { expRange } from '../../../src/ir/layers/softmax.js';
import { indexOf, tableIndex } from '../../../src/ir/layers/tables.js';
import { indexConfig } from '../../../src/backends/vitis/layers/table.js';
import { ACTIVATIONS_INPUTS, activationsModel, SOFTMAX_INPUTS, softmaxModel } from '../../unit/backends/vitis/activation-fixtures.js';
import { type CaseOptions, compileAndRun, convertAndCsim, haveCompiler } from './helpers.js';

function T(s: string): FixedType {
  const r = parseType(s);
  if (!r.ok) throw new Error(r.message);
  return r.type;
}

interface Case {
  name: string;
  model: 'activations' | 'softmax' | 'softmax_few';
  io: 'io_parallel' | 'io_stream';
  /** the type of every model input */
  input: string;
  /** Model.Precision */
  precision: CaseOptions['precision'];
  tableSize?: number;
  /** LayerName entries (beyond the inputs') */
  layers?: Record<string, unknown>;
  /** LayerType entries */
  types?: Record<string, unknown>;
}

// hard_swish's output types, chosen so that the rounding modes give different results (a tie of
// x(x + 3)/6 needs the output LSB close to the square of the input's; RND_CONV always equals RND
// there: every tie has an odd floor)
const hswish = (a: string, b: string, c: string) => ({ hswish: { Precision: { result: a } }, hswish_b: { Precision: { result: b } }, hswish_c: { Precision: { result: c } } });

const CASES: Case[] = [
  {
    name: 'default',
    model: 'activations',
    io: 'io_parallel',
    input: 'fixed<16,6>',
    precision: 'fixed<16,6>',
    layers: hswish('fixed<16,6>', 'fixed<16,6,RND_ZERO,SAT>', 'fixed<16,6,RND_MIN_INF,SAT>'),
  },
  {
    name: 'default',
    model: 'activations',
    io: 'io_stream',
    input: 'fixed<16,6>',
    precision: 'fixed<16,6>',
    layers: hswish('fixed<16,6,RND,SAT>', 'fixed<16,6,RND_INF,SAT_SYM>', 'fixed<16,6,RND_CONV,WRAP>'),
  },
  {
    name: 'narrow results, input beyond the tables',
    model: 'activations',
    io: 'io_parallel',
    input: 'fixed<12,7>',
    precision: 'fixed<8,3,RND,SAT>',
    layers: { ...hswish('fixed<12,2,RND_MIN_INF,SAT_SYM>', 'fixed<12,2,RND_ZERO,SAT_ZERO>', 'fixed<7,2,TRN_ZERO,WRAP>'), hsig: { Precision: { result: 'ufixed<6,0,RND_INF,SAT>' } } },
  },
  {
    name: 'narrow results, input beyond the tables',
    model: 'activations',
    io: 'io_stream',
    input: 'fixed<12,7>',
    precision: 'fixed<8,3,RND,SAT>',
    layers: hswish('fixed<12,2,RND_INF,WRAP_SM>', 'fixed<10,3,TRN_ZERO,SAT>', 'fixed<6,4,RND_CONV,SAT>'),
  },
  {
    name: 'wide tables, 4096 entries',
    model: 'activations',
    io: 'io_parallel',
    input: 'fixed<20,8>',
    precision: { default: 'fixed<24,10,RND,SAT>', table: 'fixed<32,12,RND_CONV,SAT>' },
    tableSize: 4096,
    layers: hswish('fixed<24,10,RND_MIN_INF,SAT>', 'fixed<24,10,RND_ZERO,SAT>', 'fixed<24,10,RND_INF,SAT>'),
  },
  {
    name: '256 entries, input coarser than a bin',
    model: 'activations',
    io: 'io_parallel',
    input: 'fixed<7,10>',
    precision: { default: 'fixed<16,10,TRN_ZERO,SAT_SYM>', table: 'fixed<12,4,RND,SAT>' },
    tableSize: 256,
    layers: hswish('fixed<16,10,RND,SAT>', 'fixed<8,4,RND_ZERO,SAT_ZERO>', 'fixed<6,3,RND_CONV,WRAP>'),
  },
  {
    name: '1000 entries (the index multiplies), unsigned input, wrapping results',
    model: 'activations',
    io: 'io_stream',
    input: 'ufixed<10,4>',
    precision: 'fixed<10,2,RND_CONV,WRAP>',
    tableSize: 1000,
  },
  {
    name: '40-bit input',
    model: 'activations',
    io: 'io_parallel',
    input: 'fixed<40,14>',
    precision: 'fixed<36,12,RND_INF,SAT>',
    layers: hswish('fixed<36,12,RND_INF,SAT>', 'fixed<40,4,RND_ZERO,SAT>', 'fixed<60,4,RND_MIN_INF,SAT>'),
  },
  { name: 'integer input (ap_int), 512 entries', model: 'activations', io: 'io_stream', input: 'int<8>', precision: 'fixed<12,6,RND,SAT>', tableSize: 512 },
  { name: "'auto' results", model: 'activations', io: 'io_parallel', input: 'fixed<10,4>', precision: 'fixed<16,6>', types: { Activation: { Precision: { result: 'auto' } } } },
  { name: 'default', model: 'softmax', io: 'io_stream', input: 'fixed<16,6>', precision: 'fixed<16,6>' },
  { name: 'default', model: 'softmax_few', io: 'io_parallel', input: 'fixed<16,6>', precision: 'fixed<16,6>' },
  {
    name: 'narrow, input beyond the exp table',
    model: 'softmax',
    io: 'io_stream',
    input: 'fixed<12,7>',
    precision: { default: 'ufixed<8,0,RND,SAT>', exp_table: 'ufixed<10,0,RND,SAT>', inv_table: 'ufixed<12,1,RND,SAT>' },
  },
  {
    name: 'wide tables, 4096 entries, exact product',
    model: 'softmax_few',
    io: 'io_parallel',
    input: 'fixed<20,8>',
    precision: { result: 'auto', exp_table: 'fixed<24,4,RND,SAT>', inv_table: 'fixed<26,10,RND_CONV,SAT>' },
    tableSize: 4096,
  },
  {
    name: '256 entries, coarse input, wrapping result',
    model: 'softmax_few',
    io: 'io_stream',
    input: 'fixed<8,5>',
    precision: { default: 'fixed<8,1,RND_ZERO,WRAP>', exp_table: 'fixed<12,2,RND,SAT>' },
    tableSize: 256,
  },
  {
    name: '1000 entries (the indices multiply), unsigned input',
    model: 'softmax_few',
    io: 'io_parallel',
    input: 'ufixed<10,4>',
    precision: { default: 'ufixed<12,1,RND_CONV,SAT>' },
    tableSize: 1000,
  },
];

// ————————————————————————————————————————————————————————————————————— vectors

/** xorshift64, seeded. */
function rng(seed: number): () => bigint {
  let s = BigInt(seed) | 1n;
  return () => {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    return s;
  };
}

/** Raws of X at and around v (floor, ceil, ±1) that X holds. */
function around(X: FixedType, v: number, out: Set<bigint>): void {
  const s = v / 2 ** lsbExp(X); // exact: v and the scale are dyadic and small
  for (const r of [Math.floor(s) - 1, Math.floor(s), Math.ceil(s), Math.ceil(s) + 1]) {
    const b = BigInt(r);
    if (b >= minRaw(X) && b <= maxRaw(X)) out.add(b);
  }
}

/** Bin edges lo + i·(hi − lo)/N, i = 0…N. */
function edges(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => lo + (i * (hi - lo)) / n);
}

/** Every value the activation tables and breakpoints make interesting, as raws of X. */
function activationPool(X: FixedType, n: number): bigint[] {
  const pool = new Set<bigint>([minRaw(X), minRaw(X) + 1n, maxRaw(X), maxRaw(X) - 1n, 0n, 1n, -1n]);
  for (const [lo, hi] of [
    [-8, 8],
    [-4, 4],
    [-8, 0],
  ])
    for (const v of edges(lo, hi, n)) around(X, v, pool);
  for (const v of [3, -3, 6, -1.3, 2.7, 0.7, -1.5, 2.5, -2.5]) around(X, Math.fround(v), pool);
  // every raw of the widest of [-8.5, 8.5], [-3.5, 3.5] (hard_swish's rational part) with at most 8192
  for (const w of [8.5, 3.5]) {
    const r = BigInt(Math.floor(w / 2 ** lsbExp(X)));
    if (2n * r + 1n > 8192n) continue;
    for (let k = -r; k <= r; k++) pool.add(k);
    break;
  }
  return [...pool].filter((r) => r >= minRaw(X) && r <= maxRaw(X));
}

/** Exact differences at the exp table's bin edges (as raws of X, all <= 0), and their neighbours. */
function expPool(X: FixedType, E: FixedType, n: number): bigint[] {
  const pool = new Set<bigint>([0n, -1n, minRaw(X) - maxRaw(X)]);
  const R = expRange(X, E);
  for (const v of edges(-R, 0, n)) {
    const s = v / 2 ** lsbExp(X);
    for (const r of [Math.floor(s) - 1, Math.floor(s), Math.ceil(s), Math.ceil(s) + 1]) if (r <= 0) pool.add(BigInt(r));
  }
  return [...pool].filter((d) => d >= minRaw(X) - maxRaw(X));
}

/**
 * Samples for inputs of the given shapes, all of type X: a third from the pool (in order, each input
 * on its own; every pool value reaches the first input), a third uniform raws, a third Softmax
 * slices (every element with an index 0 is the slice's maximum b, the others b − d with d from the
 * difference pool).
 */
function samples(inputs: Record<string, number[]>, X: FixedType, pool: bigint[], diffs: bigint[], minCount: number): Float64Array[][] {
  const next = rng(12345);
  const lo = minRaw(X);
  const span = maxRaw(X) - lo + 1n;
  const uniform = () => lo + (next() % span);
  const shapes = Object.values(inputs);
  const sizes = shapes.map((sh) => sh.reduce((a, b) => a * b, 1));
  const count = Math.max(minCount, 3 * Math.ceil(pool.length / sizes[0]));
  const at = sizes.map(() => 0);
  const out: Float64Array[][] = [];
  for (let s = 0; s < count; s++) {
    out.push(
      shapes.map((shape, k) => {
        const size = sizes[k];
        const raws = new Array<bigint>(size);
        if (s % 3 === 0) for (let i = 0; i < size; i++) raws[i] = pool[at[k]++ % pool.length];
        else if (s % 3 === 1) for (let i = 0; i < size; i++) raws[i] = uniform();
        else {
          const b = maxRaw(X) - (next() % (span / 4n));
          for (let i = 0; i < size; i++) {
            let rest = i;
            let hasZero = false;
            for (let k = shape.length - 1; k >= 0; k--) {
              if (rest % shape[k] === 0) hasZero = true;
              rest = Math.floor(rest / shape[k]);
            }
            const d = diffs[Number(next() % BigInt(diffs.length))];
            raws[i] = hasZero ? b : b + d < lo ? lo : b + d;
          }
        }
        return Float64Array.from(raws, (r) => toNumber(X, r));
      }),
    );
  }
  return out;
}

// ————————————————————————————————————————————————————————————————————— the cases

function optionsOf(c: Case): CaseOptions {
  const inputs = c.model === 'activations' ? ACTIVATIONS_INPUTS : SOFTMAX_INPUTS;
  const names = c.model === 'softmax_few' ? ['x', 'w'] : Object.keys(inputs);
  const layerName: Record<string, unknown> = { ...(c.layers ?? {}) };
  for (const n of names) layerName[n] = { Precision: c.input };
  return {
    ioType: c.io,
    config: { Model: { Precision: c.precision, TableSize: c.tableSize ?? 1024 }, LayerName: layerName, LayerType: c.types ?? {} },
  };
}

function tableTypeOf(c: Case, role: 'table' | 'exp_table'): FixedType {
  const p = c.precision;
  const s = typeof p === 'object' && p !== null ? (p as Record<string, string>)[role] : undefined;
  return T(s ?? 'fixed<18,8,RND,SAT>');
}

if (!haveCompiler()) console.warn('SKIPPED: no C++ compiler (install g++): the Activation/Softmax C simulation tests did not run');

describe.skipIf(!haveCompiler())('Activation and Softmax: emulator vs g++ C simulation', () => {
  it.for(CASES.map((c) => [`${c.model} ${c.io} ${c.name}`, c] as const))('%s', ([, c]) => {
    const X = T(c.input);
    const n = c.tableSize ?? 1024;
    const inputs = c.model === 'activations' ? ACTIVATIONS_INPUTS : c.model === 'softmax' ? SOFTMAX_INPUTS : { x: SOFTMAX_INPUTS.x, w: SOFTMAX_INPUTS.w };
    const pool = activationPool(X, n);
    const diffs = expPool(X, tableTypeOf(c, 'exp_table'), n);
    const vectors = samples(inputs, X, pool, diffs, 600);
    const bytes = c.model === 'activations' ? activationsModel() : softmaxModel(c.model === 'softmax_few');
    const r = convertAndCsim(bytes, optionsOf(c), vectors);
    expect(r.csim.length).toBe(vectors.length);
    expect(r.first ?? '').toBe('');
    expect(r.mismatches).toBe(0);
  });
});

// The index arithmetic for ranges whose width is not a power of two (no table of the emulator has
// one today, but tables.ts allows any dyadic range): fhls::table_index divides by a constant.
describe.skipIf(!haveCompiler())('fhls::table_index with a constant division', () => {
  it('gives tables.ts’s index for every raw of the input type', () => {
    const cases = [
      ['fixed<12,4>', -3, 3, 1000],
      ['fixed<9,9>', -0.75, 2.5, 7],
      ['ufixed<10,3>', 0.5, 6.5, 100],
    ] as const;
    const structs: string[] = [];
    const loops: string[] = [];
    const expected: number[] = [];
    cases.forEach(([xs, lo, hi, n], k) => {
      const X = T(xs);
      const ix = tableIndex(lsbExp(X), lo, hi, n);
      const cfg = indexConfig(`idx${k}`, ix, minRaw(X), maxRaw(X), `${xs} over [${lo}, ${hi}), ${n} bins`);
      expect(cfg.divides).toBe(true);
      structs.push(cfg.text);
      loops.push(`for (long long r = ${minRaw(X)}LL; r <= ${maxRaw(X)}LL; r++) std::printf("%u\\n", fhls::table_index<idx${k}>(ap_int<${X.width + 1}>(r)));`);
      for (let r = minRaw(X); r <= maxRaw(X); r++) expected.push(indexOf(ix, r));
    });
    const source = ['#include <cstdio>', '#include "table.h"', ...structs, 'int main() {', ...loops, '  return 0;', '}'].join('\n');
    const run = compileAndRun(source, ['templates/hls/fhls', 'templates/hls/ap_types']);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n').map(Number)).toEqual(expected);
  });
});
