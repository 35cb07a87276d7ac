// Dense, Conv, Pool and BatchNorm in Vitis HLS C++, against the emulator: every example that uses
// them plus three models of corner cases (test/unit/backends/vitis/mac-models.ts), in both io types,
// ReuseFactor 1 and larger ones, both strategies, and several precisions: the default, a narrow one
// with wrapping accumulators, one with rounding/saturating results and a saturating accumulator
// narrower than its sums (so the order of the additions shows), heterogeneous per-layer types
// (every quantization and overflow mode, saturation bits) via LayerName, and the QONNX/QDQ models'
// own precisions. Random raw inputs over each input type's whole range; outputs must be identical.
// Each case is one project and one g++ compile.

import { describe, expect, it } from 'vitest';
import { conv1dEdgeModel, conv2dEdgeModel, denseBnModel } from '../../unit/backends/vitis/mac-models.js';
import { type CaseOptions, caseName, convertAndCsim, haveCompiler } from './helpers.js';

const VECTORS = 400;

const NARROW = { default: 'fixed<8,3>', accum: 'fixed<12,5>' };
// the accumulator saturates at ±4 while products reach ±8: partial sums saturate all the time
const SAT = { default: 'fixed<10,4,RND,SAT>', accum: 'fixed<9,3,RND_CONV,SAT>' };

const HET_JET = {
  LayerName: {
    input: { Precision: 'fixed<12,4,RND,SAT>' },
    '/0/Gemm': {
      Precision: { weight: 'fixed<6,1,RND>', bias: 'fixed<10,3>', accum: 'fixed<16,6,RND_INF,SAT_SYM>', result: 'fixed<12,5,RND_ZERO,SAT_ZERO>' },
      ReuseFactor: 16,
      Strategy: 'Resource',
    },
    '/2/Gemm': { Precision: { weight: 'fixed<8,2,RND_CONV,SAT>', accum: 'fixed<14,4,TRN_ZERO,WRAP_SM>', result: 'ufixed<9,4,RND_MIN_INF,SAT>' }, ReuseFactor: 64 },
    '/4/Gemm': { Precision: { accum: 'fixed<20,8,RND,WRAP,2>', result: 'fixed<11,5,RND,WRAP_SM,1>' }, ReuseFactor: 2, Strategy: 'Resource' },
    '/6/Gemm': { Precision: { weight: 'fixed<5,1>', result: 'fixed<12,4,RND_CONV,SAT>' }, ReuseFactor: 5 },
  },
};

const HET_CONV1D = {
  LayerName: {
    '/0/Conv': { Precision: { weight: 'fixed<7,2,RND>', accum: 'fixed<13,5,RND_CONV,SAT>', result: 'fixed<10,4,RND_INF,SAT_SYM>' }, ReuseFactor: 6, Strategy: 'Resource' },
    '/4/Conv': { Precision: { accum: 'fixed<12,4,RND_ZERO,WRAP_SM>', result: 'fixed<9,3,RND,SAT>' }, ReuseFactor: 12 },
    '/6/AveragePool': { Precision: { result: 'fixed<8,2,RND_MIN_INF,SAT_ZERO>' } },
    '/8/Gemm': { Precision: { result: 'fixed<14,6,RND_INF,SAT>' }, ReuseFactor: 10, Strategy: 'Resource' },
  },
};

const HET_CONV2D = {
  LayerName: {
    '/0/Conv': { Precision: { accum: 'fixed<12,4,RND,SAT>', result: 'fixed<10,4,RND_CONV,SAT>' }, ReuseFactor: 4 },
    '/4/Conv': { Precision: { weight: 'fixed<6,1,RND>', result: 'fixed<12,5,RND_ZERO,SAT_SYM>' }, ReuseFactor: 9, Strategy: 'Resource' },
    '/6/Conv': { Precision: { accum: 'fixed<10,3,TRN_ZERO,SAT>' }, ReuseFactor: 8 },
    '/8/AveragePool': { Precision: { result: 'fixed<9,2,RND_INF,WRAP>' } },
    '/10/Gemm': { Precision: { accum: 'fixed<16,6,RND,WRAP_SM>' }, ReuseFactor: 20, Strategy: 'Resource' },
  },
};

const HET_RESIDUAL = {
  LayerName: {
    '/fc_a/Gemm': { Precision: { accum: 'fixed<10,3,RND,SAT>', result: 'fixed<10,4,RND_CONV,SAT>' }, ReuseFactor: 8, Strategy: 'Resource' },
    '/fc_c/Gemm': { Precision: { weight: 'fixed<4,1,RND>', accum: 'fixed<12,4,TRN_ZERO,WRAP_SM>' }, ReuseFactor: 128 },
    '/fc_skip/Gemm': { Precision: { result: 'ufixed<8,3,RND,SAT>' }, ReuseFactor: 4, Strategy: 'Resource' },
  },
};

type Model = string | (() => Uint8Array);
const CASES: [Model, CaseOptions][] = [
  ['examples/jet_mlp.onnx', { ioType: 'io_parallel' }],
  ['examples/jet_mlp.onnx', { ioType: 'io_stream', reuseFactor: 8, strategy: 'Resource', precision: NARROW }],
  ['examples/jet_mlp.onnx', { ioType: 'io_parallel', reuseFactor: 32, strategy: 'Resource', precision: SAT }],
  ['examples/jet_mlp.onnx', { ioType: 'io_stream', reuseFactor: 4, strategy: 'Latency', precision: SAT }],
  ['examples/jet_mlp.onnx', { ioType: 'io_parallel', config: HET_JET }],
  ['examples/conv1d.onnx', { ioType: 'io_parallel' }],
  ['examples/conv1d.onnx', { ioType: 'io_stream', precision: NARROW }],
  ['examples/conv1d.onnx', { ioType: 'io_stream', reuseFactor: 4, strategy: 'Resource', precision: SAT }],
  ['examples/conv1d.onnx', { ioType: 'io_stream', config: HET_CONV1D }],
  ['examples/conv2d.onnx', { ioType: 'io_parallel', precision: NARROW }],
  ['examples/conv2d.onnx', { ioType: 'io_stream' }],
  ['examples/conv2d.onnx', { ioType: 'io_parallel', reuseFactor: 6, strategy: 'Resource', precision: SAT }],
  ['examples/conv2d.onnx', { ioType: 'io_stream', config: HET_CONV2D }],
  ['examples/residual.onnx', { ioType: 'io_parallel', precision: NARROW }],
  ['examples/residual.onnx', { ioType: 'io_stream', reuseFactor: 16, strategy: 'Resource', precision: SAT }],
  ['examples/residual.onnx', { ioType: 'io_stream', reuseFactor: 64, config: HET_RESIDUAL }],
  ['examples/qonnx_mlp.onnx', { ioType: 'io_parallel' }],
  ['examples/qonnx_mlp.onnx', { ioType: 'io_stream', reuseFactor: 32, strategy: 'Resource' }],
  ['examples/qonnx_mlp_nonp2.onnx', { ioType: 'io_parallel', reuseFactor: 4, strategy: 'Resource' }],
  ['examples/qonnx_mlp_nonp2.onnx', { ioType: 'io_stream' }],
  ['examples/qdq_mlp.onnx', { ioType: 'io_parallel', reuseFactor: 2 }],
  ['examples/qdq_mlp.onnx', { ioType: 'io_stream', reuseFactor: 16, strategy: 'Resource' }],
  [conv2dEdgeModel, { ioType: 'io_parallel' }],
  [conv2dEdgeModel, { ioType: 'io_stream', reuseFactor: 3, strategy: 'Resource', precision: SAT }],
  [conv1dEdgeModel, { ioType: 'io_stream', precision: NARROW }],
  [conv1dEdgeModel, { ioType: 'io_parallel', reuseFactor: 6, strategy: 'Resource', precision: SAT }],
  [denseBnModel, { ioType: 'io_stream', reuseFactor: 2, precision: SAT }],
  [denseBnModel, { ioType: 'io_parallel', reuseFactor: 4, strategy: 'Resource', precision: NARROW }],
];

describe.skipIf(!haveCompiler())('Dense/Conv/Pool/BatchNorm: csim bit-exact with the emulator', () => {
  it(`the matrix compares at least 10,000 vectors (${CASES.length} projects × ${VECTORS})`, () => {
    expect(CASES.length * VECTORS).toBeGreaterThanOrEqual(10_000);
  });
  for (const [model, options] of CASES) {
    const name = caseName(typeof model === 'string' ? model : `${model.name.replace(/Model$/, '')} (built in memory)`, options);
    const label = options.config ? `${name} + LayerName ${Object.keys(options.config.LayerName as object).length} layers` : name;
    it(label, () => {
      const r = convertAndCsim(typeof model === 'string' ? model : model(), options, VECTORS);
      expect(r.first ?? '').toBe('');
      expect(r.mismatches).toBe(0);
      expect(r.csim.length).toBe(VECTORS);
    });
  }
});

if (!haveCompiler()) it.skip('g++ not found: the Vitis csim tests need a C++ compiler (apt-get install g++)', () => {});
