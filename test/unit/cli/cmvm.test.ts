// `fhls cmvm W.csv [--input-type T] [--max-depth N] [--json] [--emit graph.json] [--input X.csv
// --output Y.csv]`: the optimizer alone, through the CLI. The expected products are computed here,
// with BigInt, from the integers the test wrote as decimals — not by the command's own parser.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AdderGraph, evaluateAdderGraph } from '../../../src/passes/cmvm/index.js';
import { expectBadInput, fhls } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'fhls-cmvm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
function file(name: string, content: string): string {
  const p = join(tmp, `${counter++}-${name}`);
  writeFileSync(p, content);
  return p;
}

/** mulberry32: a small seeded PRNG. */
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

/** The shortest plain decimal of m·2^-f (f may be negative): '0.375', '-12', '0'. */
function dec(m: bigint, f: number): string {
  if (m === 0n) return '0';
  if (f <= 0) return (m << BigInt(-f)).toString();
  const sign = m < 0n ? '-' : '';
  const digits = ((m < 0n ? -m : m) * 5n ** BigInt(f)).toString().padStart(f + 1, '0');
  const whole = digits.slice(0, -f);
  const frac = digits.slice(-f).replace(/0+$/, '');
  return sign + whole + (frac ? `.${frac}` : '');
}

/** A matrix of integer mantissas (rows = inputs), to be read as m·2^-fracBits. */
function mantissas(rows: number, cols: number, seed: number, bits = 8, zeros = 0.2): bigint[][] {
  const r = prng(seed);
  const half = 2 ** (bits - 1);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (r() < zeros ? 0n : BigInt(Math.floor(r() * 2 * half) - half))));
}

const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';
const matrixCsv = (M: bigint[][], f: number) => csv(M.map((row) => row.map((m) => dec(m, f))));

/** y_j = Σ_i x_i·M_ij, exactly. */
function product(M: bigint[][], x: bigint[]): bigint[] {
  return M[0].map((_, j) => M.reduce((s, row, i) => s + row[j] * x[i], 0n));
}

/** Samples of raw inputs in [lo, hi]: the extremes that maximise and minimise each output, then random ones. */
function samples(M: bigint[][], lo: bigint, hi: bigint, n: number, seed: number): bigint[][] {
  const r = prng(seed);
  const out: bigint[][] = [M.map(() => lo), M.map(() => hi), M.map(() => 0n)];
  for (let j = 0; j < Math.min(M[0].length, 3); j++) {
    out.push(M.map((row) => (row[j] >= 0n ? hi : lo)));
    out.push(M.map((row) => (row[j] >= 0n ? lo : hi)));
  }
  const span = Number(hi - lo) + 1;
  while (out.length < n) out.push(M.map(() => lo + BigInt(Math.floor(r() * span))));
  return out;
}

describe('fhls cmvm: results', () => {
  // a 6×5 matrix of quarters (some odd, so the common LSB is 2^-2) with zeros
  const M = mantissas(6, 5, 11, 8);
  M[0][0] = 3n;
  const W = file('w.csv', matrixCsv(M, 2));

  it('prints a summary: adders, the CSD baseline, depth, adder bits, solve time', async () => {
    const r = await fhls('cmvm', W);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/6 inputs × 5 outputs, weights on the grid 2\^-2, inputs int<8>/);
    const n = (label: string) => Number(new RegExp(`^${label}:\\s+(\\d+)`, 'm').exec(r.out)?.[1]);
    const j = JSON.parse((await fhls('cmvm', W, '--json')).out);
    expect(n('adders')).toBe(j.adders);
    expect(n('CSD baseline')).toBe(j.csdAdders);
    expect(n('depth')).toBe(j.depth);
    expect(n('adder bits')).toBe(j.adderBits);
    expect(r.out).toMatch(/^solve time:\s+\d+\.\d{3} s$/m);
    expect(r.out).toMatch(/sign flips/);
  });

  it('--json prints exactly adders, depth, adderBits, csdAdders, seconds', async () => {
    const r = await fhls('cmvm', W, '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(Object.keys(j).sort()).toEqual(['adderBits', 'adders', 'csdAdders', 'depth', 'seconds']);
    for (const v of Object.values(j)) expect(typeof v).toBe('number');
    expect(j.adders).toBeLessThanOrEqual(j.csdAdders);
    expect(j.adders).toBeGreaterThan(0);
    expect(j.adderBits).toBeGreaterThanOrEqual(8 * j.adders);
    expect(j.seconds).toBeGreaterThanOrEqual(0);
  });

  it('the CSD baseline counts digits per output, without sharing', async () => {
    // column 0: 7 = 8 − 1 and 3 = 4 − 1, 4 digits → 3 adders; column 1: 5 = 4 + 1 → 1; column 2 → 0
    const r = await fhls('cmvm', file('csd.csv', '7,5,0\n3,0,0\n'), '--json');
    expect(JSON.parse(r.out)).toMatchObject({ csdAdders: 3 + 1 + 0 });
  });

  it('--max-depth at the minimum bounds the depth', async () => {
    // 16 dense random int8 rows: the worst column has 9..32 digits → at least 4 levels
    const D = mantissas(16, 8, 5, 8, 0);
    const w = file('deep.csv', matrixCsv(D, 0));
    const free = JSON.parse((await fhls('cmvm', w, '--json')).out);
    const text = (await fhls('cmvm', w)).out;
    const min = Number(/minimum (\d+)/.exec(text)?.[1]);
    expect(min).toBeGreaterThanOrEqual(4);
    const r = await fhls('cmvm', w, '--json', '--max-depth', String(min));
    expect(r.code).toBe(0);
    const bounded = JSON.parse(r.out);
    expect(bounded.depth).toBeLessThanOrEqual(min);
    expect(free.depth).toBeGreaterThanOrEqual(min);
    expect(bounded.adders).toBeLessThanOrEqual(bounded.csdAdders);
  });

  it('--emit writes a JSON AdderGraph that computes W·x exactly', async () => {
    const out = join(tmp, 'graph.json');
    const r = await fhls('cmvm', W, '--emit', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`adder graph written to ${out}`);
    const g = JSON.parse(readFileSync(out, 'utf8')) as AdderGraph;
    expect(g.inputs).toHaveLength(6);
    expect(g.outputs).toHaveLength(5);
    for (const i of g.inputs) expect(i).toEqual({ range: ['-128', '127'], width: 8, signed: true });
    const j = JSON.parse((await fhls('cmvm', W, '--json')).out);
    expect(g.ops).toHaveLength(j.adders);
    // the graph works on the weights' common grid 2^-2, where they are the mantissas M
    for (const x of samples(M, -128n, 127n, 60, 3)) expect(evaluateAdderGraph(g, x)).toEqual(product(M, x));
    expect(readdirSync(tmp).filter((f) => f.includes('fhls-tmp'))).toEqual([]);
  });

  it('--emit under a depth bound writes a graph within it', async () => {
    const out = join(tmp, 'graph-bounded.json');
    const D = mantissas(10, 4, 9, 6, 0.3);
    const w = file('bounded.csv', matrixCsv(D, 0));
    const min = Number(/minimum (\d+)/.exec((await fhls('cmvm', w)).out)?.[1]);
    expect((await fhls('cmvm', w, '--max-depth', String(min), '--emit', out)).code).toBe(0);
    const g = JSON.parse(readFileSync(out, 'utf8')) as AdderGraph;
    for (const op of g.ops) expect(op.depth).toBeLessThanOrEqual(min);
    for (const x of samples(D, -128n, 127n, 40, 4)) expect(evaluateAdderGraph(g, x)).toEqual(product(D, x));
  });

  it.each([
    { name: 'fractional weights and inputs', seed: 21, rows: 7, cols: 4, f: 3, bits: 9, type: 'fixed<6,2>', signed: true, width: 6, lx: -4 },
    { name: 'integer weights, default int8 inputs', seed: 22, rows: 5, cols: 6, f: 0, bits: 8, type: undefined, signed: true, width: 8, lx: 0 },
    { name: 'unsigned inputs with a coarse LSB', seed: 23, rows: 4, cols: 3, f: 5, bits: 7, type: 'ufixed<5,7>', signed: false, width: 5, lx: 2 },
    { name: 'wide inputs and weights', seed: 24, rows: 6, cols: 3, f: 20, bits: 40, type: 'fixed<48,10>', signed: true, width: 48, lx: -38 },
  ])('--input/--output: exact decimal outputs ($name)', async ({ seed, rows, cols, f, bits, type, signed, width, lx }) => {
    const D = mantissas(rows, cols, seed, bits);
    D[0][0] = 1n; // an odd mantissa: the common LSB is exactly 2^-f
    const lo = signed ? -(1n << BigInt(width - 1)) : 0n;
    const hi = (1n << BigInt(signed ? width - 1 : width)) - 1n;
    const xs = samples(D, lo, hi, 30, seed);
    const X = file('x.csv', csv([D.map((_, i) => `x${i}`), ...xs.map((x) => x.map((v) => dec(v, -lx)))]));
    const Y = join(tmp, `y-${seed}.csv`);
    const typeArgs = type === undefined ? [] : ['--input-type', type];
    const r = await fhls('cmvm', file('w.csv', matrixCsv(D, f)), ...typeArgs, '--input', X, '--output', Y);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${xs.length} output rows written to ${Y}`);
    const lines = readFileSync(Y, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(D[0].map((_, j) => `y${j}`).join(','));
    const want = xs.map((x) => product(D, x).map((y) => dec(y, f - lx)).join(','));
    expect(lines.slice(1)).toEqual(want);
    for (const l of lines.slice(1)) for (const v of l.split(',')) expect(v).toMatch(/^-?\d+(\.\d+)?$/);
  });

  it('--input without a header, with zeros and exponent notation', async () => {
    const w = file('w.csv', '0.5,-3\n1.25,0\n');
    const X = file('x.csv', '0,0\n1e1,-4\n-128,127\n');
    const Y = join(tmp, 'y-plain.csv');
    expect((await fhls('cmvm', w, '--input', X, '--output', Y)).code).toBe(0);
    // y0 = 0.5·x0 + 1.25·x1, y1 = −3·x0
    expect(readFileSync(Y, 'utf8')).toBe('y0,y1\n0,0\n0,-30\n94.75,384\n');
  });

  it('a zero matrix and zeros on a coarse input grid', async () => {
    const Y = join(tmp, 'y-zero.csv');
    const r = await fhls('cmvm', file('zero.csv', '0,0\n0,0\n'), '--input-type', 'fixed<4,8>', '--input', file('x.csv', '0,16\n-128,0\n'), '--output', Y, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ adders: 0, depth: 0, adderBits: 0, csdAdders: 0 });
    expect(readFileSync(Y, 'utf8')).toBe('y0,y1\n0,0\n0,0\n');
  });
});

describe('fhls cmvm: bad input → exit 2, a message naming the place, nothing written', () => {
  const good = file('good.csv', '1,2\n3,-4\n');
  const goodX = file('goodx.csv', '1,2\n');

  /** Run with --emit and --output into a fresh folder, expect bad input, and that the folder stays empty. */
  async function bad(args: string[], ...fragments: (string | RegExp)[]): Promise<void> {
    const dir = join(tmp, `out-${counter++}`);
    mkdirSync(dir);
    const extra = args.includes('--input') ? [] : ['--input', goodX];
    const r = await fhls('cmvm', ...args, ...extra, '--emit', join(dir, 'g.json'), '--output', join(dir, 'y.csv'));
    expectBadInput(r, ...fragments);
    expect(r.out).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  }

  it('a missing matrix file', async () => {
    await bad([join(tmp, 'nope.csv')], 'nope.csv', /cannot read/);
  });

  it('a non-numeric weight: line and column', async () => {
    const w = file('text.csv', '1,2\n3,abc\n');
    await bad([w], `${w}:2:2`, "'abc' is not a number");
  });

  it('a header line in W.csv is not numbers', async () => {
    const w = file('header.csv', 'y0,y1\n1,2\n');
    await bad([w], `${w}:1:1`, "'y0' is not a number");
  });

  it('a missing value: line and column', async () => {
    const w = file('hole.csv', '1,,3\n4,5,6\n');
    await bad([w], `${w}:1:2`, 'missing value');
  });

  it('ragged rows: the line, its count and the first line’s', async () => {
    const w = file('ragged.csv', '1,2,3\n4,5,6\n7,8\n');
    await bad([w], `${w}:3`, '2 values, but line 1 has 3');
  });

  it.each(['0.1', '1e-1', '0.3333', 'NaN', 'inf', '0x10', '1/2'])('a weight with no exact fixed-point value: %s', async (v) => {
    const w = file('inexact.csv', `1,2\n0.5,${v}\n`);
    await bad([w], `${w}:2:2`, v);
  });

  it('0.1 says why: not a binary fraction', async () => {
    const w = file('tenth.csv', '0.1,1\n');
    await bad([w], `${w}:1:1`, /0\.1 is not a binary fraction/);
  });

  it('every bad weight is listed, not only the first', async () => {
    const w = file('many.csv', '0.1,x\n1,0.2\n');
    await bad([w], `${w}:1:1`, `${w}:1:2`, `${w}:2:2`);
  });

  it('weights too wide on their common grid', async () => {
    const w = file('wide.csv', `1e200,1\n`);
    await bad([w], `${w}:1:1`, /bits/);
    const w2 = file('spread.csv', `${2n ** 100n},${dec(1n, 100)}\n`);
    await bad([w2], `${w2}:1:1`, /common LSB/);
  });

  it.each([
    ['', 'empty'],
    ['\n\n  \n', 'blank lines'],
  ])('an empty matrix (%j)', async (content) => {
    const w = file('empty.csv', content);
    await bad([w], w, /no matrix|empty/);
  });

  it.each([
    ['fixed<5000,8>', /width/],
    ['fixed<200,8>', /200 bits/],
    ['fixed<0,0>', /width/],
    ['fixed<8,100000>', /integer bits/],
    ['fixed<8,-100000>', /integer bits/],
    ['fixed<8', /not a type/],
    ['float', /not a type/],
    ['int<99999999999999999999>', /width/],
  ])('an absurd --input-type %s', async (t, why) => {
    await bad([good, '--input-type', t], '--input-type', why);
  });

  it('--max-depth below the minimum: the message states the minimum', async () => {
    // column 0 has digits 1 and 2 (3 = 4 − 1), column 1: 2 and 4 (−4): 3 digits → 2 levels
    await bad([good, '--max-depth', '1'], '--max-depth 1', /minimum (adder )?depth (of this matrix )?is 2|minimum depth 2/);
    await bad([good, '--max-depth', '0'], '--max-depth', /2/);
  });

  it.each(['-1', '1.5', 'abc'])('--max-depth %s is not a depth', async (v) => {
    await bad([good, '--max-depth', v], '--max-depth', /non-negative integer/);
  });

  it('an input value not in --input-type: line, column, value and type', async () => {
    const X = file('x.csv', 'a,b\n1,2\n3,0.5\n');
    await bad([good, '--input', X], `${X}:3:2`, '0.5', 'int<8>', /LSB/);
    const X2 = file('x2.csv', '127,128\n');
    await bad([good, '--input', X2], `${X2}:1:2`, '128', /range/);
    const X3 = file('x3.csv', '0.25,-2.0625\n');
    await bad([good, '--input', X3, '--input-type', 'fixed<6,2>'], `${X3}:1:2`, '-2.0625', 'fixed<6,2>');
    const X4 = file('x4.csv', '-1,0\n');
    await bad([good, '--input', X4, '--input-type', 'ufixed<8,8>'], `${X4}:1:1`, 'uint<8>');
  });

  it('an input row of the wrong length, or not numbers', async () => {
    const X = file('x.csv', '1,2\n1,2,3\n');
    await bad([good, '--input', X], `${X}:2`, '3 values, expected 2');
    const X2 = file('x2.csv', '1,2\n4,five\n');
    await bad([good, '--input', X2], `${X2}:2:2`, "'five' is not a number");
    const X3 = file('x3.csv', '1,2\n0.1,1\n');
    await bad([good, '--input', X3], `${X3}:2:1`, 'binary fraction');
  });

  it('an input file without samples', async () => {
    const X = file('x.csv', 'x0,x1\n');
    await bad([good, '--input', X], X, /no samples/);
  });

  it('--input without --output, and the reverse', async () => {
    expectBadInput(await fhls('cmvm', good, '--input', goodX), '--input', '--output');
    expectBadInput(await fhls('cmvm', good, '--output', join(tmp, 'never.csv')), '--input', '--output');
    expect(existsSync(join(tmp, 'never.csv'))).toBe(false);
  });

  it('an --emit or --output path that cannot be written', async () => {
    const missing = join(tmp, 'no-such-folder', 'g.json');
    const Y = join(tmp, 'not-written.csv');
    expectBadInput(await fhls('cmvm', good, '--emit', missing, '--input', goodX, '--output', Y), 'no-such-folder', '--emit');
    expect(existsSync(Y)).toBe(false);
    const G = join(tmp, 'not-written.json');
    expectBadInput(await fhls('cmvm', good, '--emit', G, '--input', goodX, '--output', tmp), tmp, '--output');
    expect(existsSync(G)).toBe(false);
  });

  it('an unknown flag', async () => {
    expectBadInput(await fhls('cmvm', good, '--depth', '3'), /depth/);
  });
});
