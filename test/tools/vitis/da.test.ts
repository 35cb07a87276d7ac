// Distributed arithmetic through the Vitis backend and g++: Dense and Conv layers with strategy
// distributed_arithmetic become shift-add C++ (src/backends/vitis/layers/da.ts), and the C
// simulation equals the emulator bit for bit on random vectors over the whole input range — on the
// examples and on in-memory conv models (1-D and 2-D, padding, stride, dilation, groups,
// depthwise, a Dense over a 2-D input), both io types, several precisions, and at the minimum
// adder depth. A case whose model needs a layer kind without an emitter yet is skipped with the reason.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { formatDiagnostic } from '../../../src/ir/diagnostics.js';
import { minDepth } from '../../../src/passes/cmvm/index.js';
import { daProblem, isDaLayer } from '../../../src/passes/cmvm/lower.js';
import { compileModel } from '../../../src/pipeline.js';
import { buildModel, f32, seeded } from '../../unit/frontends/onnx/onnx-builder.js';
import { type CaseOptions, caseName, convertAndCsim, haveCompiler } from './helpers.js';

const VECTORS = Number(process.env.FHLS_CSIM_VECTORS ?? 3000);
const DA = 'distributed_arithmetic' as const;

/** Conv1d (pad, stride, dilation) → Relu → grouped Conv1d; Conv2d → depthwise Conv2d (stride 2); MatMul on [3, 8]. */
function convModel(): Uint8Array {
  const w = (n: number, seed: number, scale = 1) => f32(seeded(n, seed).map((v) => Math.round(v * 64 * scale) / 64));
  return buildModel({
    inputs: [
      { name: 'a', shape: ['n', 2, 11] },
      { name: 'b', shape: ['n', 2, 6, 5] },
      { name: 'c', shape: ['n', 3, 8] },
    ],
    outputs: ['a2', 'b2', 'c1'],
    initializers: [
      { name: 'wa1', dims: [4, 2, 3], data: w(24, 1) },
      { name: 'ba1', dims: [4], data: w(4, 2) },
      { name: 'wa2', dims: [4, 2, 2], data: w(16, 3) },
      { name: 'wb1', dims: [4, 2, 3, 3], data: w(72, 4) },
      { name: 'bb1', dims: [4], data: w(4, 5) },
      { name: 'wb2', dims: [4, 1, 3, 2], data: w(24, 6) },
      { name: 'bb2', dims: [4], data: w(4, 7) },
      { name: 'wc', dims: [8, 5], data: w(40, 8, 2) },
    ],
    nodes: [
      { op: 'Conv', name: '/a1/Conv', inputs: ['a', 'wa1', 'ba1'], outputs: ['a1'], attrs: { pads: [2, 1], strides: [2], dilations: [2] } },
      { op: 'Relu', name: '/a1/Relu', inputs: ['a1'], outputs: ['a1r'] },
      { op: 'Conv', name: '/a2/Conv', inputs: ['a1r', 'wa2'], outputs: ['a2'], attrs: { group: 2, pads: [0, 1] } },
      { op: 'Conv', name: '/b1/Conv', inputs: ['b', 'wb1', 'bb1'], outputs: ['b1'], attrs: { pads: [1, 1, 1, 1] } },
      { op: 'Conv', name: '/b2/Conv', inputs: ['b1', 'wb2', 'bb2'], outputs: ['b2'], attrs: { group: 4, strides: [2, 2], pads: [0, 1, 1, 0] } },
      { op: 'MatMul', name: '/c/MatMul', inputs: ['c', 'wc'], outputs: ['c1'] },
    ],
  });
}

/** The least MaxDepth every Dense/Conv layer of a model meets (the model's minimum adder depth). */
function minimumDepth(model: string | Uint8Array, o: CaseOptions): number {
  const dir = mkdtempSync(join(tmpdir(), 'fhls-da-'));
  try {
    const path = typeof model === 'string' ? model : join(dir, 'model.onnx');
    if (typeof model !== 'string') writeFileSync(path, model);
    const c = parseConfig({ Model: { Strategy: DA, ...(o.precision ? { Precision: o.precision } : {}) } });
    if (!c.ok) throw new Error(c.diagnostics.map(formatDiagnostic).join('\n'));
    const r = compileModel(path, c.value);
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
    return Math.max(1, ...r.value.layers.filter(isDaLayer).map((l) => minDepth(daProblem(l, r.value).W)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Case = [string, string | (() => Uint8Array), CaseOptions & { minDepth?: boolean }];

const CASES: Case[] = [
  ['jet_mlp', 'examples/jet_mlp.onnx', { strategy: DA }],
  ['jet_mlp', 'examples/jet_mlp.onnx', { strategy: DA, ioType: 'io_stream', precision: 'fixed<10,4,RND,SAT>' }],
  ['jet_mlp', 'examples/jet_mlp.onnx', { strategy: DA, precision: 'fixed<8,3>', minDepth: true }],
  ['residual', 'examples/residual.onnx', { strategy: DA }],
  ['residual', 'examples/residual.onnx', { strategy: DA, ioType: 'io_stream', precision: 'fixed<12,5,RND_CONV,SAT>', minDepth: true }],
  ['qonnx_mlp', 'examples/qonnx_mlp.onnx', { strategy: DA }],
  ['qonnx_mlp', 'examples/qonnx_mlp.onnx', { strategy: DA, ioType: 'io_stream', minDepth: true }],
  ['qonnx_mlp_nonp2', 'examples/qonnx_mlp_nonp2.onnx', { strategy: DA }],
  ['conv1d', 'examples/conv1d.onnx', { strategy: DA }],
  ['conv1d', 'examples/conv1d.onnx', { strategy: DA, ioType: 'io_stream', precision: 'fixed<10,4,RND,SAT>', minDepth: true }],
  ['conv2d', 'examples/conv2d.onnx', { strategy: DA }],
  ['conv2d', 'examples/conv2d.onnx', { strategy: DA, ioType: 'io_stream', precision: 'fixed<10,4,RND,SAT>' }],
  ['convs', convModel, { strategy: DA }],
  ['convs', convModel, { strategy: DA, ioType: 'io_stream' }],
  ['convs', convModel, { strategy: DA, precision: 'fixed<8,3,RND_CONV,SAT>', minDepth: true }],
  ['convs', convModel, { strategy: DA, ioType: 'io_stream', precision: { default: 'fixed<12,2>', result: 'fixed<9,4,RND,SAT>' } }],
];

if (!haveCompiler()) console.warn('SKIPPED: no C++ compiler (install g++): the distributed-arithmetic C simulation tests did not run');

describe.skipIf(!haveCompiler())('distributed arithmetic: emulator vs g++ C simulation', () => {
  it.for(CASES.map(([name, model, o]) => [`${caseName(name, o)}${o.minDepth ? ' min depth' : ''}`, model, o] as const))('%s', ([, model, o], ctx) => {
    const source = typeof model === 'string' ? model : model();
    const options: CaseOptions = { ...o, keep: true };
    if (o.minDepth) options.config = { ...(o.config ?? {}), Model: { MaxDepth: minimumDepth(source, o) } };
    let r;
    try {
      r = convertAndCsim(source, options, VECTORS);
    } catch (e) {
      const m = /cannot emit (\w+) layers yet/.exec((e as Error).message);
      if (m) return ctx.skip(`no Vitis emitter for ${m[1]} yet`);
      throw e;
    }
    try {
      expect(r.csim.length).toBe(VECTORS);
      expect(r.first ?? '').toBe('');
      expect(r.mismatches).toBe(0);
      // no multipliers in the DA layers; their kernels are shift-add code only
      const da = r.graph.layers.filter(isDaLayer);
      expect(da.length).toBeGreaterThan(0);
      for (const l of r.report.layers.filter((x) => da.some((d) => d.name === x.layer))) {
        expect(l.multipliers).toEqual([]);
        expect(l.note).toMatch(/distributed arithmetic: \d+ adders/);
      }
      const params = readFileSync(join(r.dir, 'firmware', 'parameters.h'), 'utf8');
      const kernels = [...params.matchAll(/static void kernel\([^)]*\) \{([\s\S]*?)\n {2}\}/g)].map((m) => m[1]);
      expect(kernels.length).toBe(da.length);
      for (const k of kernels) expect(k).not.toContain('*');
    } finally {
      if (r.mismatches === 0) rmSync(join(r.dir, '..'), { recursive: true, force: true });
    }
  });
});
