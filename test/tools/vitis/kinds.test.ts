// The Vitis backend's own layer kinds (Elementwise, Concat, Reshape, Transpose, Pad, Resize, Quant)
// compiled with g++: the C simulation equals the emulator bit for bit on random vectors drawn
// over each input type's whole range (rounding and saturation included).

import { describe, expect, it } from 'vitest';
import { activationModel, elementwiseModel, fanoutModel, movementModel, quantModel, smallModel } from '../../unit/backends/vitis/models.js';
import { type CaseOptions, caseName, convertAndCsim, haveCompiler } from './helpers.js';

const VECTORS = Number(process.env.FHLS_CSIM_VECTORS ?? 2000);

// model × options, one line per case
const CASES: [string, () => Uint8Array, CaseOptions][] = [
  ['elementwise', elementwiseModel, { ioType: 'io_parallel' }],
  ['elementwise', elementwiseModel, { ioType: 'io_stream' }],
  ['elementwise', elementwiseModel, { precision: { default: 'fixed<12,4>', result: 'fixed<10,3,RND_CONV,SAT>' } }],
  ['elementwise', elementwiseModel, { ioType: 'io_stream', precision: { default: 'ufixed<9,3>', result: 'fixed<8,2,RND,SAT_SYM>' } }],
  ['elementwise', elementwiseModel, { precision: { default: 'fixed<10,4>', result: 'fixed<24,12>' } }],
  ['elementwise', elementwiseModel, { precision: { default: 'fixed<40,12>', result: 'fixed<24,6,RND_ZERO,WRAP_SM>' } }],
  ['elementwise', elementwiseModel, { precision: { default: 'fixed<60,20>', result: 'fixed<58,20,RND_MIN_INF,SAT>' } }],
  // constants wider than a double: printed from their stored bits (fhls::from_bits)
  ['elementwise', elementwiseModel, { ioType: 'io_stream', precision: { default: 'fixed<64,4>', result: 'fixed<40,8,RND,SAT>' } }],
  ['movement', movementModel, { ioType: 'io_parallel' }],
  ['movement', movementModel, { ioType: 'io_stream' }],
  ['movement', movementModel, { precision: 'fixed<6,2,RND,SAT>' }],
  ['quant', quantModel, { ioType: 'io_parallel' }],
  ['quant', quantModel, { ioType: 'io_stream' }],
  ['quant', quantModel, { precision: 'fixed<24,8>' }],
  ['small', smallModel, { ioType: 'io_parallel' }],
  ['small', smallModel, { ioType: 'io_stream' }],
  ['fanout', fanoutModel, { ioType: 'io_parallel' }],
  ['fanout', fanoutModel, { ioType: 'io_stream' }],
  // with the Activation and Softmax emitters: fan-out, broadcasting-free add, transpose, softmax
  ['activation', activationModel, { ioType: 'io_parallel' }],
  ['activation', activationModel, { ioType: 'io_stream' }],
];

if (!haveCompiler()) console.warn('SKIPPED: no C++ compiler (install g++): the C simulation tests did not run');

describe.skipIf(!haveCompiler())('emulator vs g++ C simulation (own layer kinds)', () => {
  it.for(CASES.map(([name, model, o]) => [caseName(name, o), model, o] as const))('%s', ([, model, o]) => {
    const r = convertAndCsim(model(), o, VECTORS);
    expect(r.csim.length).toBe(VECTORS);
    expect(r.first ?? '').toBe('');
    expect(r.mismatches).toBe(0);
  });
});
