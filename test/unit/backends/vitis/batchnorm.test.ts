// The Vitis BatchNorm emitter (src/backends/vitis/layers/batchnorm.ts), without a compiler.

import { describe, expect, it } from 'vitest';
import { codeOf, emitted, tinyBatchNormModel, typedGraph } from './mac-models.js';

describe('BatchNorm emitter', () => {
  it('writes sizes, types and one scale and bias per channel', () => {
    const code = codeOf(emitted(typedGraph(tinyBatchNormModel())), '/bn/BatchNormalization');
    for (const line of [
      'struct bn_BatchNormalization_config {',
      'static const unsigned n = 12;',
      'static const unsigned n_chan = 3;',
      'static const unsigned n_inner = 4;',
      'static const unsigned reuse_factor = 1;',
      'static const unsigned multiplier_limit = 12;',
      'typedef bn_BatchNormalization_accum_t accum_t;',
      'typedef bn_BatchNormalization_scale_t scale_t;',
      'typedef bn_BatchNormalization_bias_t bias_t;',
    ])
      expect(code.config).toContain(line);
    const [s, b] = code.weights;
    // folded with epsilon 0, mean 0, variance 1: scale = gamma, bias = beta (raw at 2^-10)
    expect(s.values.map(Number)).toEqual([512, 2048, -1024]);
    expect(b.values.map(Number)).toEqual([256, 0, -512]);
    expect(code.call).toEqual(['fhls::batchnorm<bn_BatchNormalization_config>(x, y, bn_BatchNormalization_scale, bn_BatchNormalization_bias);']);
    // one DSP product (3 cycles) and the add
    expect(code.estimate).toMatchObject({ latency: 4, ii: 1 });
    expect(code.estimate.multipliers).toEqual([{ count: 12, a: { width: 16, signed: true }, b: { width: 16, signed: true }, constant: true }]);
  });

  it('shares multipliers over the ReuseFactor, per tensor in io_parallel and per position in io_stream', () => {
    const g = typedGraph(tinyBatchNormModel(), { Model: { ReuseFactor: 2 } });
    const par = codeOf(emitted(g), '/bn/BatchNormalization');
    expect(par.config).toContain('static const unsigned multiplier_limit = 6;');
    expect(par.estimate).toMatchObject({ latency: 1 + 4, ii: 2 });
    const str = codeOf(emitted(g, 'io_stream'), '/bn/BatchNormalization');
    expect(str.call).toEqual(['fhls::batchnorm_stream<bn_BatchNormalization_config>(x, y, bn_BatchNormalization_scale, bn_BatchNormalization_bias);']);
    expect(str.config).toContain('static const unsigned multiplier_limit = 2;');
    // 4 positions at II 2, then the product and the add
    expect(str.estimate).toMatchObject({ latency: 4 * 2 + 4, ii: 8 });
    expect(str.estimate.multipliers[0].count).toBe(2);
  });
});
