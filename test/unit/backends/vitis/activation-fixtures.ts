// For the Activation and Softmax tests of the Vitis backend (unit and test/tools): ONNX models with
// every activation function and Softmax on several axes and shapes, built in memory, and the C++
// table index evaluated from the constants a config prints.

import { buildModel, f, f32, type NodeSpec } from '../../frontends/onnx/onnx-builder.js';

const act = (op: string, name: string, input: string, attrs: NodeSpec['attrs'] = {}, extra: string[] = []): NodeSpec => ({
  op,
  inputs: [input, ...extra],
  outputs: [name],
  name,
  attrs,
});

/** A model of the given nodes, every node's output a model output (layer names equal output names). */
function model(inputs: Record<string, number[]>, nodes: NodeSpec[], initializers: Parameters<typeof buildModel>[0]['initializers'] = []): Uint8Array {
  return buildModel({
    inputs: Object.entries(inputs).map(([name, shape]) => ({ name, shape: ['n', ...shape] })),
    outputs: nodes.map((n) => n.outputs[0]),
    initializers,
    nodes,
  });
}

/** The inputs of activationsModel and their per-sample shapes. */
export const ACTIVATIONS_INPUTS: Record<string, number[]> = { x: [4, 6], z: [3, 2, 5] };

/**
 * Every ActivationFn on x [4, 6] (some twice, with other constants; three hard_swish layers for
 * three output types), PRelu with per-channel, scalar and per-element slopes on x and with slopes
 * varying along the positions of z [3, 2, 5].
 */
export function activationsModel(): Uint8Array {
  return model(
    ACTIVATIONS_INPUTS,
    [
      act('Relu', 'relu', 'x'),
      act('LeakyRelu', 'leaky', 'x'),
      act('LeakyRelu', 'leaky_big', 'x', { alpha: f(1.75) }),
      act('PRelu', 'prelu_ch', 'x', {}, ['slope_ch']),
      act('PRelu', 'prelu_one', 'x', {}, ['slope_one']),
      act('PRelu', 'prelu_all', 'x', {}, ['slope_all']),
      act('PRelu', 'prelu_pos', 'z', {}, ['slope_pos']),
      act('Elu', 'elu', 'x', { alpha: f(0.5) }),
      act('Selu', 'selu', 'x'),
      act('ThresholdedRelu', 'thresh', 'x', { alpha: f(0.7) }),
      act('ThresholdedRelu', 'thresh_neg', 'x', { alpha: f(-1.5) }),
      act('Sigmoid', 'sigmoid', 'x'),
      act('HardSigmoid', 'hsig', 'x'),
      act('HardSigmoid', 'hsig_sixth', 'x', { alpha: f(1 / 6), beta: f(0.5) }),
      act('HardSwish', 'hswish', 'x'),
      act('HardSwish', 'hswish_b', 'x'),
      act('HardSwish', 'hswish_c', 'x'),
      act('Tanh', 'tanh', 'x'),
      act('Softplus', 'softplus', 'x'),
      act('Softsign', 'softsign', 'x'),
      act('Clip', 'clip', 'x', {}, ['lo', 'hi']),
      act('Clip', 'clip_min', 'x', {}, ['lo', '']),
      act('Clip', 'clip_swapped', 'x', {}, ['hi', 'lo']),
      act('Clip', 'relu6', 'x', {}, ['zero', 'six']),
    ],
    [
      { name: 'slope_ch', dims: [4, 1], data: f32([0.25, -0.5, 0.1, 1.5]) },
      { name: 'slope_one', dims: [1], data: f32([0.3]) },
      { name: 'slope_all', dims: [4, 6], data: f32(Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) / 8 - 0.6)) },
      { name: 'slope_pos', dims: [2, 5], data: f32(Array.from({ length: 10 }, (_, i) => (i - 4) / 16)) },
      { name: 'lo', dims: [], data: f32([-1.3]) },
      { name: 'hi', dims: [], data: f32([2.7]) },
      { name: 'zero', dims: [], data: [0] },
      { name: 'six', dims: [], data: [6] },
    ],
  );
}

/** The inputs of softmaxModel and their per-sample shapes. */
export const SOFTMAX_INPUTS: Record<string, number[]> = { x: [4, 6], z: [3, 2, 5], w: [10], v: [1, 5] };

/**
 * Softmax along every axis of x [4, 6], z [3, 2, 5], w [10] and v [1, 5] (an axis of length 1), or
 * with `few`, only along x's two axes and w's (the io_parallel code is the same for every axis).
 */
export function softmaxModel(few = false): Uint8Array {
  const all = [
    act('Softmax', 'sm_x0', 'x', { axis: 1 }),
    act('Softmax', 'sm_x1', 'x', { axis: -1 }),
    act('Softmax', 'sm_z0', 'z', { axis: 1 }),
    act('Softmax', 'sm_z1', 'z', { axis: 2 }),
    act('Softmax', 'sm_z2', 'z', { axis: 3 }),
    act('Softmax', 'sm_w', 'w', { axis: -1 }),
    act('Softmax', 'sm_v0', 'v', { axis: 1 }),
    act('Softmax', 'sm_v1', 'v', { axis: 2 }),
  ];
  if (!few) return model(SOFTMAX_INPUTS, all);
  return model({ x: SOFTMAX_INPUTS.x, w: SOFTMAX_INPUTS.w }, all.filter((n) => /^sm_[xw]/.test(n.name!)));
}

// ————————————————————————————————————————————————————————————————————— printed index configs

/** The integer a `static int_t <fn>() { return int_t(<v>LL); }` member returns. */
export function intMember(text: string, fn: string): bigint {
  const m = new RegExp(`static int_t ${fn}\\(\\) \\{ return int_t\\((-?\\d+)LL\\); \\}`).exec(text);
  if (!m) throw new Error(`no member ${fn} in\n${text}`);
  return BigInt(m[1]);
}
function constMember(text: string, name: string): string {
  const m = new RegExp(`static const \\w+ ${name} = ([^;]+);`).exec(text);
  if (!m) throw new Error(`no constant ${name} in\n${text}`);
  return m[1];
}

/** fhls::table_index (fhls/table.h) evaluated on the constants a config prints. */
export function cppTableIndex(text: string): (r: bigint) => number {
  const rLo = intMember(text, 'r_lo');
  const rHi = intMember(text, 'r_hi');
  const offset = intMember(text, 'offset');
  const mul = intMember(text, 'mul');
  const div = intMember(text, 'div');
  const shift = Number(constMember(text, 'shift'));
  const divShift = Number(constMember(text, 'div_shift'));
  const size = Number(constMember(text, 'size'));
  return (r) => {
    if (r < rLo) return 0;
    if (r > rHi) return size - 1;
    const t = ((r << BigInt(shift)) - offset) * mul;
    return Number(divShift >= 0 ? t >> BigInt(divShift) : t / div);
  };
}
