// `npm run bench`, CMVM section: the distributed-arithmetic optimizer against the per-output CSD
// baseline (every output its own balanced tree of canonical signed digits, nothing shared), in one
// run with fixed seeds: random dense signed 8-bit matrices 8×8 … 64×64 with int8 inputs, a
// 50%-sparse and a 4-bit 32×32, each without a depth bound and at the minimum depth; then every
// Dense/Conv layer of three examples at the default precision. Beside ours, da4ml 0.6's figures
// from issue 5 (its C++ core on its own random matrices: compare the ratios to each CSD baseline).
// Solve times are single-threaded wall clock, the median of repeated runs for fast solves; the
// scaling lines give the time ratio per doubling of n (and the exponent k of t ∝ n^k), for the
// whole solve (which tries fewer variants as the matrix grows) and for one plain variant.

import { defaultConfig } from '../config/load.js';
import type { Layer } from '../ir/graph.js';
import { type AdderGraph, csdBaselineAdders, csdDigits, graphStats, minDepth, solveCmvm, widthOfRange } from '../passes/cmvm/index.js';
import { daProblem } from '../passes/cmvm/lower.js';
import { solveVariant } from '../passes/cmvm/variant.js';
import { compileModel } from '../pipeline.js';
import { examplePath } from './measure.js';

/** da4ml 0.6 on a dense random 8-bit n×n matrix with int8 inputs (issue 5). */
const DA4ML: Record<number, { csd: number; unlimited: number; minDepth: number }> = {
  16: { csd: 690, unlimited: 356, minDepth: 389 },
  64: { csd: 11323, unlimited: 4860, minDepth: 5233 },
};

const DA_EXAMPLES = ['jet_mlp', 'conv1d', 'conv2d'] as const;
const INT8: [bigint, bigint] = [-128n, 127n];

export interface CmvmCase {
  name: string;
  /** rows (inputs) × columns (outputs) */
  shape: [number, number];
  /** 'none' or the minimum depth the bound was set to */
  bound: number | 'none';
  adders: number;
  adderBits: number;
  depth: number;
  csdAdders: number;
  csdAdderBits: number;
  csdDepth: number;
  seconds: number;
  /** n of an n×n random dense 8-bit matrix, for the scaling figures */
  n?: number;
  /** one plain variant (no decomposition, no bound): the per-run cost without solveCmvm's variant budget */
  plainSeconds?: number;
  da4ml?: { adders: number; csdAdders: number };
}

export interface CmvmFigures {
  random: CmvmCase[];
  layers: (CmvmCase & { model: string; kind: string; multipliers: number })[];
  /** per doubling of n, for each depth setting: t(2n) / t(n) */
  scaling: { what: 'none' | 'min' | 'plain'; from: number; to: number; ratio: number; exponent: number }[];
  seconds: number;
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

/** A rows×cols matrix of signed `bits`-bit integers; `zeros` is the share forced to 0. */
function randomMatrix(rows: number, cols: number, bits: number, seed: number, zeros = 0): bigint[][] {
  const r = prng(seed);
  const half = 2 ** (bits - 1);
  const value = (): bigint => {
    if (zeros === 0) return BigInt(Math.floor(r() * 2 * half) - half);
    if (r() < zeros) return 0n;
    // a non-zero value, so the sparsity is exactly what was asked for on average
    const v = Math.floor(r() * (2 * half - 1)) - half;
    return BigInt(v >= 0 ? v + 1 : v);
  };
  return Array.from({ length: rows }, () => Array.from({ length: cols }, value));
}

/**
 * The per-output CSD baseline as hardware: each output's signed digits summed by a balanced tree
 * (neighbours in shift order, level by level), no node shared. Counted like an AdderGraph op: an
 * adder's width is that of its exact range once the common trailing zeros are shifted out.
 */
function csdBaseline(W: readonly (readonly bigint[])[], ranges: readonly (readonly [bigint, bigint])[]): { adders: number; adderBits: number; depth: number } {
  let adders = 0;
  let adderBits = 0;
  let depth = 0;
  for (let j = 0; j < W[0].length; j++) {
    // a term: its linear form Σ c_i·x_i and its lowest shift
    let level: { form: Map<number, bigint>; shift: number }[] = [];
    W.forEach((row, i) => {
      for (const d of csdDigits(row[j])) level.push({ form: new Map([[i, BigInt(d.sign)]]), shift: d.shift });
    });
    level.sort((a, b) => a.shift - b.shift);
    let levels = 0;
    while (level.length > 1) {
      const next: typeof level = [];
      for (let k = 0; k + 1 < level.length; k += 2) {
        const [a, b] = [level[k], level[k + 1]];
        const shift = Math.min(a.shift, b.shift);
        const form = new Map<number, bigint>();
        for (const t of [a, b]) for (const [i, c] of t.form) form.set(i, (form.get(i) ?? 0n) + (c << BigInt(t.shift - shift)));
        let [lo, hi] = [0n, 0n];
        for (const [i, c] of form) {
          const [l, h] = ranges[i];
          lo += c > 0n ? c * l : c * h;
          hi += c > 0n ? c * h : c * l;
        }
        adders++;
        adderBits += widthOfRange(lo, hi).width;
        next.push({ form, shift });
      }
      if (level.length % 2 === 1) next.push(level[level.length - 1]);
      level = next;
      levels++;
    }
    depth = Math.max(depth, levels);
  }
  return { adders, adderBits, depth };
}

/** Run `f` once, or several times when a run is short; its (deterministic) result and the median time. */
function timed<T>(f: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = f();
  const times = [(performance.now() - t0) / 1000];
  let total = times[0];
  while (total < 0.3 && times.length < 9) {
    const t = performance.now();
    f();
    times.push((performance.now() - t) / 1000);
    total += times[times.length - 1];
  }
  times.sort((a, b) => a - b);
  return { value, seconds: times[Math.floor(times.length / 2)] };
}

function timedSolve(W: bigint[][], ranges: [bigint, bigint][], maxDepth?: number): { graph: AdderGraph; seconds: number } {
  const { value, seconds } = timed(() => solveCmvm(W, ranges, maxDepth === undefined ? {} : { maxDepth }));
  return { graph: value, seconds };
}

const PLAIN = { rows: false, cols: false, height: 64, linkCost: 2, bias: 0, tieSeed: 0 };

function solveCase(name: string, W: bigint[][], ranges: [bigint, bigint][], bounded: boolean): CmvmCase {
  const bound = bounded ? minDepth(W) : undefined;
  const { graph, seconds } = timedSolve(W, ranges, bound);
  const s = graphStats(graph);
  const base = csdBaseline(W, ranges);
  if (base.adders !== csdBaselineAdders(W)) throw new Error(`internal: CSD baseline of ${name} counts ${base.adders} adders, csdBaselineAdders ${csdBaselineAdders(W)}`);
  return {
    name,
    shape: [W.length, W[0].length],
    bound: bound ?? 'none',
    adders: s.adders,
    adderBits: s.adderBits,
    depth: s.depth,
    csdAdders: base.adders,
    csdAdderBits: base.adderBits,
    csdDepth: base.depth,
    seconds,
  };
}

function randomCases(): CmvmCase[] {
  // warm the JIT on a mid-size matrix, so the first timed case is not the slowest
  solveCmvm(randomMatrix(24, 24, 8, 1), new Array(24).fill(INT8));
  const out: CmvmCase[] = [];
  const add = (name: string, W: bigint[][], n?: number) => {
    const ranges = W.map(() => INT8);
    for (const bounded of [false, true]) {
      const c = solveCase(name, W, ranges, bounded);
      if (n !== undefined) {
        c.n = n;
        if (!bounded) c.plainSeconds = timed(() => solveVariant(W, ranges, Infinity, PLAIN)).seconds;
        const ref = DA4ML[n];
        if (ref) c.da4ml = { adders: bounded ? ref.minDepth : ref.unlimited, csdAdders: ref.csd };
      }
      out.push(c);
    }
  };
  for (const n of [8, 16, 32, 64]) add(`dense 8-bit ${n}×${n}`, randomMatrix(n, n, 8, 1000 + n), n);
  add('50%-sparse 8-bit 32×32', randomMatrix(32, 32, 8, 2032, 0.5));
  add('dense 4-bit 32×32', randomMatrix(32, 32, 4, 3032));
  return out;
}

function layerCases(): CmvmFigures['layers'] {
  const out: CmvmFigures['layers'] = [];
  for (const model of DA_EXAMPLES) {
    const typed = compileModel(examplePath(model, 'onnx'), defaultConfig());
    if (!typed.ok) throw new Error(`${model} does not compile: ${typed.diagnostics[0]?.message}`);
    const graph = typed.value;
    for (const layer of graph.layers) {
      if (layer.kind !== 'Dense' && layer.kind !== 'Conv') continue;
      const p = daProblem(layer as Layer & { kind: 'Dense' | 'Conv' }, graph);
      const multipliers = p.weight.raw.filter((r) => r !== 0n).length;
      for (const bounded of [false, true]) out.push({ ...solveCase(layer.name, p.W, p.ranges, bounded), model, kind: layer.kind, multipliers });
    }
  }
  return out;
}

function scaling(random: CmvmCase[]): CmvmFigures['scaling'] {
  const out: CmvmFigures['scaling'] = [];
  for (const what of ['none', 'min', 'plain'] as const) {
    const cases = random.filter((c) => c.n !== undefined && (what === 'min') === (c.bound !== 'none'));
    const time = (c: CmvmCase) => (what === 'plain' ? c.plainSeconds! : c.seconds);
    for (let k = 1; k < cases.length; k++) {
      const [a, b] = [cases[k - 1], cases[k]];
      const ratio = time(b) / time(a);
      out.push({ what, from: a.n!, to: b.n!, ratio, exponent: Math.log2(ratio) / Math.log2(b.n! / a.n!) });
    }
  }
  return out;
}

export function run(): CmvmFigures {
  const t0 = performance.now();
  const random = randomCases();
  const layers = layerCases();
  return { random, layers, scaling: scaling(random), seconds: (performance.now() - t0) / 1000 };
}

// ---- printing ----

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(3) : '-');
const secs = (s: number) => (s >= 10 ? s.toFixed(1) : s >= 0.1 ? s.toFixed(2) : s.toFixed(4));

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd()).join('\n');
}

const HEAD = ['depth bound', 'adders', 'CSD adders', 'ratio', 'adder bits', 'CSD bits', 'ratio', 'depth', 'CSD depth', 'seconds'];

function cells(c: CmvmCase): string[] {
  return [
    c.bound === 'none' ? 'none' : `min ${c.bound}`,
    String(c.adders),
    String(c.csdAdders),
    ratio(c.adders, c.csdAdders),
    String(c.adderBits),
    String(c.csdAdderBits),
    ratio(c.adderBits, c.csdAdderBits),
    String(c.depth),
    String(c.csdDepth),
    secs(c.seconds),
  ];
}

export function print(r: unknown): string {
  const f = r as CmvmFigures;
  const random = table([
    ['matrix (int8 inputs)', ...HEAD, 'da4ml 0.6 adders (ratio to its CSD)'],
    ...f.random.map((c) => [c.name, ...cells(c), c.da4ml ? `${c.da4ml.adders} / ${c.da4ml.csdAdders} = ${ratio(c.da4ml.adders, c.da4ml.csdAdders)}` : '']),
  ]);
  const layers = table([
    ['layer (default precision)', 'multipliers', ...HEAD],
    ...f.layers.map((c) => [`${c.model} ${c.name} ${c.kind} ${c.shape[0]}×${c.shape[1]}`, String(c.multipliers), ...cells(c)]),
  ]);
  const scale = (what: 'none' | 'min' | 'plain') =>
    f.scaling
      .filter((s) => s.what === what)
      .map((s) => `${s.from}→${s.to} ×${s.ratio.toFixed(2)} (n^${s.exponent.toFixed(2)})`)
      .join(', ');
  const plain = f.random.filter((c) => c.plainSeconds !== undefined).map((c) => `${c.n}: ${secs(c.plainSeconds!)} s`);
  const sum = (cs: CmvmCase[], k: 'adders' | 'csdAdders') => cs.reduce((t, c) => t + c[k], 0);
  const [free, min] = [f.layers.filter((c) => c.bound === 'none'), f.layers.filter((c) => c.bound !== 'none')];
  return [
    'CMVM optimizer (distributed arithmetic) vs the per-output CSD baseline (no sharing); ratio = ours / CSD, lower is better.',
    'Adders count every two-input addition/subtraction; output sign flips are free (absorbed by the consumer). da4ml 0.6 was run',
    'on its own random matrices (issue 5): compare its ratio to its CSD baseline with ours; its 16×16 min-depth figure has no stated depth.',
    random,
    '',
    'Solve time per doubling of n (dense 8-bit; solveCmvm tries up to 32 variants for small matrices, 4 (3 at min depth) at 64×64):',
    `  no bound   ${scale('none')}`,
    `  min depth  ${scale('min')}`,
    `  one plain variant (${plain.join(', ')}): ${scale('plain')}`,
    '',
    layers,
    '',
    `Example layers in total: ${sum(free, 'adders')} adders without a bound, ${sum(min, 'adders')} at minimum depth, CSD baseline ${sum(free, 'csdAdders')}` +
      ` (ratios ${ratio(sum(free, 'adders'), sum(free, 'csdAdders'))}, ${ratio(sum(min, 'adders'), sum(min, 'csdAdders'))}). Section time ${secs(f.seconds)} s.`,
  ].join('\n');
}
