import { it, expect } from 'vitest';
import { convertAndCsim } from './helpers.js';
import { buildModel, f, f32 } from '../../unit/frontends/onnx/onnx-builder.js';

function allActs(): Uint8Array {
  const act = (op: string, attrs: Record<string, unknown> = {}) => ({ op, inputs: ['x'], outputs: [`y_${op}`], name: `/${op}`, attrs: attrs as never });
  return buildModel({
    inputs: [{ name: 'x', shape: ['n', 4, 6] }],
    outputs: ['y_Relu', 'y_Sigmoid', 'y_Tanh', 'y_LeakyRelu', 'y_Elu', 'y_Selu', 'y_HardSwish', 'y_HardSigmoid', 'y_Softplus', 'y_ThresholdedRelu', 'y_Clip', 'y_PRelu', 'y_sm1', 'y_sm2'],
    initializers: [{ name: 'slope', dims: [4, 1], data: f32([0.25, -0.5, 0.1, 1.5]) }, { name: 'lo', dims: [], data: f32([-1.3]) }, { name: 'hi', dims: [], data: f32([2.7]) }],
    nodes: [
      act('Relu'), act('Sigmoid'), act('Tanh'), act('LeakyRelu', { alpha: f(0.1) }), act('Elu'), act('Selu'), act('HardSwish'), act('HardSigmoid'), act('Softplus'), act('ThresholdedRelu', { alpha: f(0.7) }),
      { op: 'Clip', inputs: ['x', 'lo', 'hi'], outputs: ['y_Clip'], name: '/Clip' },
      { op: 'PRelu', inputs: ['x', 'slope'], outputs: ['y_PRelu'], name: '/PRelu' },
      { op: 'Softmax', inputs: ['x'], outputs: ['y_sm1'], name: '/sm1', attrs: { axis: 1 } },
      { op: 'Softmax', inputs: ['x'], outputs: ['y_sm2'], name: '/sm2', attrs: { axis: 2 } },
    ],
  });
}

for (const io of ['io_parallel', 'io_stream'] as const) {
  it(`all ${io}`, () => {
    const r = convertAndCsim(allActs(), { ioType: io, keep: true }, 200);
    console.log(r.dir, r.first, r.mismatches);
    expect(r.mismatches).toBe(0);
  });
}
