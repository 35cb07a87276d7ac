// Small ONNX models for the Vitis Dense, Conv, Pool and BatchNorm emitters, built in memory: the
// window corner cases the examples do not reach (asymmetric pads, strides, dilations, windows
// entirely in the padding, ceil mode, count_include_pad, global and single-window pools,
// grouped/depthwise/pointwise convolutions, missing biases), BatchNorm (which the examples fold
// into their convolutions) and Dense on several rows.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IoType, LayerCode } from '../../../../src/backends/vitis/emitter.js';
import { emitModel, type EmittedModel } from '../../../../src/backends/vitis/project.js';
import { parseConfig } from '../../../../src/config/load.js';
import { formatDiagnostic } from '../../../../src/ir/diagnostics.js';
import type { Graph } from '../../../../src/ir/graph.js';
import { compileModel } from '../../../../src/pipeline.js';
import { buildModel, f, f32, seeded } from '../../frontends/onnx/onnx-builder.js';

const w = (name: string, dims: number[], seed: number, scale = 1) => ({
  name,
  dims,
  data: f32(seeded(dims.reduce((a, b) => a * b, 1), seed).map((v) => v * scale)),
});

/** 2-D: x [3, 7, 9] through convolutions and pools of every shape of window. */
export function conv2dEdgeModel(): Uint8Array {
  return buildModel({
    inputs: [{ name: 'x', shape: ['n', 3, 7, 9] }],
    outputs: ['c1', 'mp', 'ap', 'ap2', 'dw', 'big', 'gap', 'gmp', 'bn', 'whole', 'part'],
    initializers: [
      w('w1', [4, 3, 3, 2], 11),
      w('b1', [4], 12, 0.5),
      w('wd', [4, 1, 3, 3], 13),
      w('wb', [2, 3, 2, 2], 14),
      w('bb', [2], 15),
      w('gamma', [4], 16),
      w('beta', [4], 17),
      { name: 'mean', dims: [4], data: f32([0.25, -0.5, 0.125, 1]) },
      { name: 'var', dims: [4], data: f32([0.5, 2, 1, 0.25]) },
    ],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w1', 'b1'], outputs: ['c1'], name: '/c1/Conv', attrs: { strides: [2, 1], pads: [1, 0, 2, 1], dilations: [1, 2] } },
      { op: 'MaxPool', inputs: ['c1'], outputs: ['mp'], name: '/mp/MaxPool', attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1 } },
      {
        op: 'AveragePool',
        inputs: ['c1'],
        outputs: ['ap'],
        name: '/ap/AveragePool',
        attrs: { kernel_shape: [2, 3], strides: [2, 2], pads: [0, 1, 1, 1], ceil_mode: 1, count_include_pad: 1 },
      },
      { op: 'AveragePool', inputs: ['x'], outputs: ['ap2'], name: '/ap2/AveragePool', attrs: { kernel_shape: [3, 3], strides: [1, 2], pads: [1, 1, 1, 1] } },
      { op: 'Conv', inputs: ['c1', 'wd'], outputs: ['dw'], name: '/dw/Conv', attrs: { group: 4, pads: [1, 1, 1, 1] } },
      { op: 'Conv', inputs: ['x', 'wb', 'bb'], outputs: ['big'], name: '/big/Conv', attrs: { strides: [2, 3], pads: [3, 3, 3, 3] } },
      { op: 'GlobalAveragePool', inputs: ['x'], outputs: ['gap'], name: '/gap/GlobalAveragePool' },
      { op: 'GlobalMaxPool', inputs: ['c1'], outputs: ['gmp'], name: '/gmp/GlobalMaxPool' },
      { op: 'BatchNormalization', inputs: ['mp', 'gamma', 'beta', 'mean', 'var'], outputs: ['bn'], name: '/bn/BatchNormalization', attrs: { epsilon: f(1e-5) } },
      { op: 'AveragePool', inputs: ['x'], outputs: ['whole'], name: '/whole/AveragePool', attrs: { kernel_shape: [7, 9] } },
      { op: 'MaxPool', inputs: ['x'], outputs: ['part'], name: '/part/MaxPool', attrs: { kernel_shape: [4, 5], strides: [10, 10], pads: [1, 2, 0, 0] } },
    ],
  });
}

/** 1-D: x [4, 13] through a grouped dilated strided conv, a pointwise conv without bias, pools. */
export function conv1dEdgeModel(): Uint8Array {
  return buildModel({
    inputs: [{ name: 'x', shape: ['n', 4, 13] }],
    outputs: ['c1', 'c2', 'mp', 'ap', 'ap0', 'gap', 'gmp', 'bn'],
    initializers: [
      w('w1', [6, 2, 3], 21),
      w('b1', [6], 22),
      w('w2', [3, 6, 1], 23),
      w('gamma', [4], 24),
      w('beta', [4], 25),
      { name: 'mean', dims: [4], data: f32([0.5, 0, -0.25, 0.75]) },
      { name: 'var', dims: [4], data: f32([1, 0.5, 3, 0.125]) },
    ],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w1', 'b1'], outputs: ['c1'], name: '/c1/Conv', attrs: { group: 2, strides: [2], pads: [2, 3], dilations: [2] } },
      { op: 'Conv', inputs: ['c1', 'w2'], outputs: ['c2'], name: '/c2/Conv' },
      { op: 'MaxPool', inputs: ['c1'], outputs: ['mp'], name: '/mp/MaxPool', attrs: { kernel_shape: [3], strides: [2], pads: [1, 1], ceil_mode: 1 } },
      { op: 'AveragePool', inputs: ['x'], outputs: ['ap'], name: '/ap/AveragePool', attrs: { kernel_shape: [3], strides: [2], pads: [1, 1], count_include_pad: 1 } },
      { op: 'AveragePool', inputs: ['x'], outputs: ['ap0'], name: '/ap0/AveragePool', attrs: { kernel_shape: [3], strides: [3], pads: [0, 2], ceil_mode: 1 } },
      { op: 'GlobalAveragePool', inputs: ['c2'], outputs: ['gap'], name: '/gap/GlobalAveragePool' },
      { op: 'GlobalMaxPool', inputs: ['x'], outputs: ['gmp'], name: '/gmp/GlobalMaxPool' },
      { op: 'BatchNormalization', inputs: ['ap', 'gamma', 'beta', 'mean', 'var'], outputs: ['bn'], name: '/bn/BatchNormalization' },
    ],
  });
}

/** BatchNorm on a vector, Dense without a bias, Dense on 3 rows (MatMul + Add on x [3, 4]). */
export function denseBnModel(): Uint8Array {
  return buildModel({
    inputs: [
      { name: 'x', shape: ['n', 12] },
      { name: 'z', shape: ['n', 3, 4] },
    ],
    outputs: ['bn', 'd', 'rows'],
    initializers: [
      w('gamma', [12], 31),
      w('beta', [12], 32),
      { name: 'mean', dims: [12], data: f32(seeded(12, 33)) },
      { name: 'var', dims: [12], data: f32(seeded(12, 34).map((v) => 1.5 + v)) },
      w('wd', [6, 12], 35),
      w('wr', [4, 5], 36),
      w('br', [5], 37),
    ],
    nodes: [
      { op: 'BatchNormalization', inputs: ['x', 'gamma', 'beta', 'mean', 'var'], outputs: ['bn'], name: '/bn/BatchNormalization' },
      { op: 'Gemm', inputs: ['bn', 'wd'], outputs: ['d'], name: '/d/Gemm', attrs: { transB: 1 } },
      { op: 'MatMul', inputs: ['z', 'wr'], outputs: ['m'], name: '/rows/MatMul' },
      { op: 'Add', inputs: ['m', 'br'], outputs: ['rows'], name: '/rows/Add' },
    ],
  });
}

/** Gemm 3 → 2 with dyadic weights (W [out, in] = [[0.5, -0.25, 1], [0.125, 0.75, -1]]), bias [0.5, -1]. */
export function tinyDenseModel(bias = true): Uint8Array {
  return buildModel({
    inputs: [{ name: 'x', shape: ['n', 3] }],
    outputs: ['y'],
    initializers: [
      { name: 'W', dims: [2, 3], data: [0.5, -0.25, 1, 0.125, 0.75, -1] },
      ...(bias ? [{ name: 'B', dims: [2], data: [0.5, -1] }] : []),
    ],
    nodes: [{ op: 'Gemm', inputs: bias ? ['x', 'W', 'B'] : ['x', 'W'], outputs: ['y'], name: '/fc/Gemm', attrs: { transB: 1 } }],
  });
}

/** Conv1D on x [2, 5], kernel 2, pads [1, 0], no bias, W[m][c][k] = (6m + 2c + k + 1) / 16: 3 filters, or 2 in 2 groups. */
export function tinyConvModel(group = 1): Uint8Array {
  const cg = 2 / group;
  const M = group === 1 ? 3 : 2;
  const data: number[] = [];
  for (let m = 0; m < M; m++) for (let c = 0; c < cg; c++) for (let k = 0; k < 2; k++) data.push((6 * m + 2 * c + k + 1) / 16);
  return buildModel({
    inputs: [{ name: 'x', shape: ['n', 2, 5] }],
    outputs: ['y'],
    initializers: [{ name: 'W', dims: [M, cg, 2], data }],
    nodes: [{ op: 'Conv', inputs: ['x', 'W'], outputs: ['y'], name: '/conv/Conv', attrs: { pads: [1, 0], group } }],
  });
}

/** Pools over x [2, 5, 5]: average 3×3 stride 2 pads 1 (both count modes), max with ceil mode, global average. */
export function tinyPoolModel(): Uint8Array {
  return buildModel({
    inputs: [{ name: 'x', shape: ['n', 2, 5, 5] }],
    outputs: ['avg', 'avg_pad', 'max', 'gavg'],
    nodes: [
      { op: 'AveragePool', inputs: ['x'], outputs: ['avg'], name: '/avg/AveragePool', attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] } },
      {
        op: 'AveragePool',
        inputs: ['x'],
        outputs: ['avg_pad'],
        name: '/avg_pad/AveragePool',
        attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 1 },
      },
      { op: 'MaxPool', inputs: ['x'], outputs: ['max'], name: '/max/MaxPool', attrs: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 } },
      { op: 'GlobalAveragePool', inputs: ['x'], outputs: ['gavg'], name: '/gavg/GlobalAveragePool' },
    ],
  });
}

/** BatchNormalization on x [3, 4] with dyadic folded parameters: scale [0.5, 2, -1], bias [0.25, 0, -0.5]. */
export function tinyBatchNormModel(): Uint8Array {
  return buildModel({
    inputs: [{ name: 'x', shape: ['n', 3, 4] }],
    outputs: ['y'],
    initializers: [
      { name: 'gamma', dims: [3], data: [0.5, 2, -1] },
      { name: 'beta', dims: [3], data: [0.25, 0, -0.5] },
      { name: 'mean', dims: [3], data: [0, 0, 0] },
      { name: 'var', dims: [3], data: [1, 1, 1] },
    ],
    nodes: [{ op: 'BatchNormalization', inputs: ['x', 'gamma', 'beta', 'mean', 'var'], outputs: ['y'], name: '/bn/BatchNormalization', attrs: { epsilon: f(0) } }],
  });
}

/** A typed graph of an in-memory model under a config object (hls4ml-shaped). */
export function typedGraph(bytes: Uint8Array, config: Record<string, unknown> = {}): Graph {
  const dir = mkdtempSync(join(tmpdir(), 'fhls-mac-'));
  try {
    const path = join(dir, 'model.onnx');
    writeFileSync(path, bytes);
    const c = parseConfig(config);
    if (!c.ok) throw new Error(c.diagnostics.map(formatDiagnostic).join('\n'));
    const r = compileModel(path, c.value);
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
    return r.value;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every layer's emitted code. */
export function emitted(graph: Graph, ioType: IoType = 'io_parallel'): EmittedModel {
  return emitModel(graph, { projectName: 'myproject', part: 'xcvu13p-flga2577-2-e', clockPeriod: 5, ioType });
}

/** The code of the layer named `name`. */
export function codeOf(m: EmittedModel, name: string): LayerCode {
  const l = m.layers.find((e) => e.layer.name === name);
  if (!l) throw new Error(`no layer '${name}' (layers: ${m.layers.map((e) => e.layer.name).join(', ')})`);
  return l.code;
}
