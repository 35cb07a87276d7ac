// Every example model through the Vitis backend and g++: the C simulation equals the emulator bit
// for bit. One line per case (model × io type × ReuseFactor × strategy × precision); a case whose
// model uses a layer kind without an emitter yet is skipped with the reason.

import { describe, expect, it } from 'vitest';
import { type CaseOptions, caseName, convertAndCsim, haveCompiler } from './helpers.js';

const VECTORS = Number(process.env.FHLS_CSIM_VECTORS ?? 10000);

const CASES: [string, CaseOptions][] = [
  ['examples/jet_mlp.onnx', { ioType: 'io_parallel' }],
  ['examples/jet_mlp.onnx', { ioType: 'io_stream' }],
  ['examples/jet_mlp.onnx', { reuseFactor: 4, strategy: 'Resource' }],
  ['examples/jet_mlp.onnx', { precision: 'fixed<18,8>' }],
  ['examples/conv1d.onnx', { ioType: 'io_parallel' }],
  ['examples/conv1d.onnx', { ioType: 'io_stream' }],
  ['examples/conv2d.onnx', { ioType: 'io_parallel' }],
  ['examples/conv2d.onnx', { ioType: 'io_stream' }],
  ['examples/residual.onnx', { ioType: 'io_parallel' }],
  ['examples/residual.onnx', { ioType: 'io_stream' }],
  ['examples/qonnx_mlp.onnx', { ioType: 'io_parallel' }],
  ['examples/qonnx_mlp.onnx', { ioType: 'io_stream' }],
  ['examples/qonnx_mlp_nonp2.onnx', { ioType: 'io_parallel' }],
  ['examples/qonnx_mlp_nonp2.onnx', { ioType: 'io_stream' }],
  ['examples/qdq_mlp.onnx', { ioType: 'io_parallel' }],
  ['examples/qdq_mlp.onnx', { ioType: 'io_stream' }],
];

if (!haveCompiler()) console.warn('SKIPPED: no C++ compiler (install g++): the C simulation tests did not run');

describe.skipIf(!haveCompiler())('examples: emulator vs g++ C simulation', () => {
  it.for(CASES.map(([m, o]) => [caseName(m, o), m, o] as const))('%s', ([, model, o], ctx) => {
    let r;
    try {
      r = convertAndCsim(model, o, VECTORS);
    } catch (e) {
      const m = /cannot emit (\w+) layers yet/.exec((e as Error).message);
      if (m) return ctx.skip(`no Vitis emitter for ${m[1]} yet`);
      throw e;
    }
    expect(r.first ?? '').toBe('');
    expect(r.mismatches).toBe(0);
  });
});
