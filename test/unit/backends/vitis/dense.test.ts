// The Vitis Dense emitter (src/backends/vitis/layers/dense.ts), without a compiler: the config
// struct, the weight order, the calls per io type and strategy, the estimate, ReuseFactor checks.

import { describe, expect, it } from 'vitest';
import { buildVitisProject } from '../../../../src/backends/vitis/index.js';
import { EmitError } from '../../../../src/backends/vitis/project.js';
import { codeOf, emitted, tinyDenseModel, typedGraph } from './mac-models.js';

const OPTIONS = { projectName: 'myproject', part: 'xcvu13p-flga2577-2-e', clockPeriod: 5 } as const;

describe('Dense emitter', () => {
  it('writes the MAC config, W in-major [n_in][n_out] and the bias', () => {
    const code = codeOf(emitted(typedGraph(tinyDenseModel())), '/fc/Gemm');
    expect(code.headers).toEqual(['fhls/dense.h']);
    for (const line of [
      'struct fc_Gemm_config {',
      'static const unsigned n_in = 3;',
      'static const unsigned n_out = 2;',
      'static const unsigned n_groups = 1;',
      'static const unsigned reuse_factor = 1;',
      'static const unsigned block_factor = 6;',
      'static const unsigned multiplier_limit = 6;',
      'static const int strategy = fhls::LATENCY;',
      'typedef fc_Gemm_accum_t accum_t;',
      'typedef W_T_t weight_t;',
      'typedef B_t bias_t;',
      'static const unsigned n_rows = 1;',
    ])
      expect(code.config).toContain(line);
    const [w, b] = code.weights;
    // W [out, in] = [[0.5, -0.25, 1], [0.125, 0.75, -1]] → [in][out], raw at 2^-10 (fixed<16,6>)
    expect(w.values.map(Number)).toEqual([0.5, 0.125, -0.25, 0.75, 1, -1].map((v) => v * 1024));
    expect(w.shape).toEqual([3, 2]);
    expect(w.comment).toMatch(/\[n_in = 3\]\[n_out = 2\] row-major/);
    expect(b.values.map(Number)).toEqual([512, -1024]);
    expect(code.typedefs.map((t) => t.name)).toEqual(['fc_Gemm_accum_t']);
    expect(code.call).toEqual(['fhls::dense<fc_Gemm_config>(x, y, W_T, B);']);
  });

  it('gives a layer without a bias a zero bias array', () => {
    const code = codeOf(emitted(typedGraph(tinyDenseModel(false))), '/fc/Gemm');
    const b = code.weights[1];
    expect(b.values).toEqual([0n, 0n]);
    expect(b.type).toMatchObject({ signed: false, width: 1, intBits: 1 });
    expect(b.comment).toContain('has no bias');
    expect(code.config).toContain(`typedef ${b.typeName} bias_t;`);
  });

  it('estimates the Latency strategy: RF − 1 + multiplier + adder levels, ceil(n/RF) multipliers', () => {
    // 16×16-bit products: one DSP, 3 cycles; exact (wrapping) accumulator: 4 terms in 2 levels
    const rf1 = codeOf(emitted(typedGraph(tinyDenseModel())), '/fc/Gemm').estimate;
    expect(rf1).toMatchObject({ latency: 5, ii: 1 });
    expect(rf1.multipliers).toEqual([{ count: 6, a: { width: 16, signed: true }, b: { width: 16, signed: true }, constant: true }]);
    const rf2 = codeOf(emitted(typedGraph(tinyDenseModel(), { Model: { ReuseFactor: 2 } })), '/fc/Gemm');
    expect(rf2.estimate).toMatchObject({ latency: 6, ii: 2 });
    expect(rf2.estimate.multipliers[0].count).toBe(3);
    expect(rf2.config).toContain('static const unsigned multiplier_limit = 3;');
    // a saturating accumulator adds in order: a chain of n_in levels
    const sat = codeOf(emitted(typedGraph(tinyDenseModel(), { Model: { Precision: { default: 'fixed<16,6>', accum: 'fixed<20,8,RND,SAT>' } } })), '/fc/Gemm');
    expect(sat.estimate.latency).toBe(3 + 3);
  });

  it('estimates the Resource strategy and writes its block factor', () => {
    const code = codeOf(emitted(typedGraph(tinyDenseModel(), { Model: { ReuseFactor: 3, Strategy: 'Resource' } })), '/fc/Gemm');
    expect(code.config).toContain('static const unsigned block_factor = 2;');
    expect(code.config).toContain('static const int strategy = fhls::RESOURCE;');
    // RF − 1 + 3 + ceil(2 / 2)
    expect(code.estimate).toMatchObject({ latency: 2 + 3 + 1, ii: 3 });
    expect(code.estimate.multipliers[0].count).toBe(2);
  });

  it('streams a one-axis input as one element', () => {
    const code = codeOf(emitted(typedGraph(tinyDenseModel()), 'io_stream'), '/fc/Gemm');
    expect(code.call).toEqual(['fhls::dense_stream<fc_Gemm_config>(x, y, W_T, B);']);
    expect(code.estimate.latency).toBe(1 + 5);
  });

  it('refuses a ReuseFactor that does not divide n_in·n_out, listing the valid ones', () => {
    const g = typedGraph(tinyDenseModel(), { Model: { ReuseFactor: 4 } });
    const built = buildVitisProject(g, { ...OPTIONS, ioType: 'io_parallel' }, []);
    expect(built.ok).toBe(false);
    const d = built.diagnostics.find((x) => x.code === 'vitis/reuse-factor');
    expect(d?.message).toContain("ReuseFactor 4 is not valid for layer '/fc/Gemm'");
    expect(d?.message).toContain('valid values are 1, 2, 3, 6');
    // the emitter checks too, for callers that skip the backend's checks
    expect(() => emitted(g)).toThrow(EmitError);
    expect(() => emitted(g)).toThrow(/ReuseFactor 4 is not valid for layer '\/fc\/Gemm' \(3 × 2 = 6 multiplications\): it must divide 6; valid values are 1, 2, 3, 6/);
  });
});
