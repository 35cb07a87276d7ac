// Small ONNX models exercising the layer kinds the Vitis backend's own emitters cover
// (Elementwise, Concat, Reshape, Transpose, Pad, Resize, Quant), built in memory.

import { buildModel, f, seeded, f32 } from '../../frontends/onnx/onnx-builder.js';

/** x [2,3,4] and y [2,3,4]: add, sub, mul, div, broadcasting against constants. */
export function elementwiseModel(): Uint8Array {
  return buildModel({
    inputs: [
      { name: 'x', shape: ['n', 2, 3, 4] },
      { name: 'y', shape: ['n', 2, 3, 4] },
    ],
    outputs: ['out_add', 'out_mul', 'out_div'],
    initializers: [
      { name: 'c4', dims: [4], data: f32(seeded(4, 3).map((v) => Math.round(v * 64) / 32)) },
      { name: 'c3', dims: [1, 3, 1], data: f32([0.5, -1.25, 2]) },
      { name: 'd', dims: [1], data: f32([0.75]) },
    ],
    nodes: [
      { op: 'Add', inputs: ['x', 'y'], outputs: ['s'], name: '/add/Add' },
      { op: 'Sub', inputs: ['s', 'c4'], outputs: ['out_add'], name: '/sub/Sub' },
      { op: 'Mul', inputs: ['c3', 'x'], outputs: ['out_mul'], name: '/mul/Mul' },
      { op: 'Div', inputs: ['y', 'd'], outputs: ['q'], name: '/div/Div' },
      { op: 'Div', inputs: ['q', 'x'], outputs: ['out_div'], name: '/div2/Div' },
    ],
  });
}

/** Data movement: transpose, pad, concat along two axes, reshape, nearest resize. */
export function movementModel(): Uint8Array {
  return buildModel({
    inputs: [{ name: 'x', shape: ['n', 2, 3, 4] }],
    outputs: ['flat', 'c0', 'up'],
    initializers: [
      { name: 'pads', dims: [8], data: [0, 0, 1, 0, 0, 0, 0, 2], dtype: 7 },
      { name: 'pv', dims: [], data: f32([0.5]) },
      { name: 'shape', dims: [2], data: [-1, 96], dtype: 7 },
      { name: 'scales', dims: [4], data: f32([1, 1, 2, 1.5]) },
    ],
    nodes: [
      { op: 'Transpose', inputs: ['x'], outputs: ['t'], name: '/t/Transpose', attrs: { perm: [0, 2, 1, 3] } },
      { op: 'Pad', inputs: ['x', 'pads', 'pv'], outputs: ['p'], name: '/p/Pad' },
      { op: 'Concat', inputs: ['x', 'x'], outputs: ['c0'], name: '/c0/Concat', attrs: { axis: 1 } },
      { op: 'Concat', inputs: ['p', 'p'], outputs: ['c1'], name: '/c1/Concat', attrs: { axis: 3 } },
      { op: 'Reshape', inputs: ['c1', 'shape'], outputs: ['flat'], name: '/r/Reshape' },
      { op: 'Resize', inputs: ['t', '', 'scales'], outputs: ['up'], name: '/u/Resize', attrs: { mode: 'nearest' } },
    ],
  });
}

const QD = 'qonnx.custom_op.general';

/** The small model of the golden files: x [2,4] and y [1,4] through mul, add (broadcast), transpose, quant, reshape. */
export function smallModel(): Uint8Array {
  return buildModel({
    domains: { [QD]: 1 },
    inputs: [
      { name: 'x', shape: ['n', 2, 4] },
      { name: 'y', shape: ['n', 1, 4] },
    ],
    outputs: ['out'],
    initializers: [
      { name: 'gain', dims: [2, 1], data: f32([0.75, -1.5]) },
      { name: 'scale', dims: [], data: [0.25] },
      { name: 'zero', dims: [], data: [0] },
      { name: 'bits', dims: [], data: [8] },
      { name: 'shape', dims: [2], data: [-1, 8], dtype: 7 },
    ],
    nodes: [
      { op: 'Mul', inputs: ['x', 'gain'], outputs: ['scaled'], name: '/gain/Mul' },
      { op: 'Add', inputs: ['scaled', 'y'], outputs: ['sum'], name: '/add/Add' },
      { op: 'Transpose', inputs: ['sum'], outputs: ['t'], name: '/t/Transpose', attrs: { perm: [0, 2, 1] } },
      { op: 'Quant', domain: QD, inputs: ['t', 'scale', 'zero', 'bits'], outputs: ['q'], name: '/q/Quant', attrs: { signed: 1, narrow: 0, rounding_mode: 'ROUND' } },
      { op: 'Reshape', inputs: ['q', 'shape'], outputs: ['out'], name: '/flatten/Reshape' },
    ],
  });
}
const scalar = (name: string, v: number) => ({ name, dims: [], data: [v] });

/** QONNX quantizers on activations: non power-of-two scales, per-channel parameters, every rounding mode, Trunc, BipolarQuant, 1-bit. */
export function quantModel(): Uint8Array {
  const q = (name: string, x: string, s: string, z: string, b: string, attrs: Record<string, number | string>) => ({
    op: 'Quant',
    domain: QD,
    inputs: [x, s, z, b],
    outputs: [name],
    name: `/${name}/Quant`,
    attrs,
  });
  return buildModel({
    domains: { [QD]: 1 },
    inputs: [{ name: 'x', shape: ['n', 3, 5] }],
    outputs: ['q_round', 'q_floor', 'q_ceil', 'q_zero', 'q_down', 'q_chan', 'q_one', 'b', 't'],
    initializers: [
      scalar('s_np2', f32([0.0375])[0]),
      scalar('s_p2', 0.125),
      scalar('s_big', 3),
      scalar('z0', 0),
      scalar('z3', 3),
      scalar('zh', 1.5),
      scalar('b1', 1),
      scalar('b4', 4),
      scalar('b6', 6),
      scalar('b8', 8),
      { name: 's_ch', dims: [3, 1], data: f32([0.1, 0.25, 0.7]) },
      { name: 'z_ch', dims: [3, 1], data: [1, -2, 0] },
    ],
    nodes: [
      q('q_round', 'x', 's_np2', 'z0', 'b4', { signed: 1, narrow: 1, rounding_mode: 'ROUND' }),
      q('q_floor', 'x', 's_p2', 'z3', 'b6', { signed: 0, narrow: 0, rounding_mode: 'FLOOR' }),
      q('q_ceil', 'x', 's_big', 'zh', 'b4', { signed: 1, narrow: 0, rounding_mode: 'CEIL' }),
      q('q_zero', 'x', 's_np2', 'z0', 'b8', { signed: 1, narrow: 0, rounding_mode: 'ROUND_TO_ZERO' }),
      q('q_down', 'x', 's_p2', 'z0', 'b6', { signed: 1, narrow: 0, rounding_mode: 'HALF_DOWN' }),
      q('q_chan', 'x', 's_ch', 'z_ch', 'b6', { signed: 1, narrow: 0, rounding_mode: 'ROUND' }),
      q('q_one', 'x', 's_p2', 'z0', 'b1', { signed: 1, narrow: 0, rounding_mode: 'ROUND' }),
      { op: 'BipolarQuant', domain: QD, inputs: ['x', 's_np2'], outputs: ['b'], name: '/b/BipolarQuant' },
      q('q8', 'x', 's_p2', 'z0', 'b8', { signed: 1, narrow: 0, rounding_mode: 'ROUND' }),
      { op: 'Trunc', domain: QD, inputs: ['q8', 's_p2', 'z0', 'b8', 'b4'], outputs: ['t'], name: '/t/Trunc', attrs: { rounding_mode: 'ROUND' } },
    ],
  });
}

export { f };

/** Activations and softmax around the backend's own kinds: x [3,4] → relu, sigmoid → add → transpose → softmax. */
export function activationModel(): Uint8Array {
  return buildModel({
    inputs: [{ name: 'x', shape: ['n', 3, 4] }],
    outputs: ['sm'],
    nodes: [
      { op: 'Relu', inputs: ['x'], outputs: ['r'], name: '/relu/Relu' },
      { op: 'Sigmoid', inputs: ['x'], outputs: ['s'], name: '/sig/Sigmoid' },
      { op: 'Add', inputs: ['r', 's'], outputs: ['a'], name: '/add/Add' },
      { op: 'Transpose', inputs: ['a'], outputs: ['t'], name: '/t/Transpose', attrs: { perm: [0, 2, 1] } },
      { op: 'Softmax', inputs: ['t'], outputs: ['sm'], name: '/sm/Softmax', attrs: { axis: -1 } },
    ],
  });
}

/** Fan-out: an output that layers also read, and one tensor read twice by the same layer. */
export function fanoutModel(): Uint8Array {
  return buildModel({
    inputs: [{ name: 'x', shape: ['n', 2, 3] }],
    outputs: ['a', 'b', 'c'],
    initializers: [{ name: 'k', dims: [3], data: f32([0.5, -0.25, 1]) }],
    nodes: [
      { op: 'Add', inputs: ['x', 'k'], outputs: ['a'], name: '/a/Add' },
      { op: 'Mul', inputs: ['a', 'a'], outputs: ['b'], name: '/b/Mul' },
      { op: 'Sub', inputs: ['b', 'a'], outputs: ['c'], name: '/c/Sub' },
    ],
  });
}
