// The constant evaluator against ONNX Runtime: the same node evaluated by ORT (inputs fed at run time)
// and by fhls (inputs as constants).

import fc from 'fast-check';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { CONST_OPS, evalConst } from '../../../../src/frontends/onnx/consteval.js';
import type { NodeInfo } from '../../../../src/frontends/onnx/context.js';
import { nodeAttrs, type ConstTensor } from '../../../../src/frontends/onnx/proto.js';
import { FLOAT, INT64, buildModel, modelProto, seeded, f32, type NodeSpec } from './onnx-builder.js';
import { errorsOf, graphOf, layer } from './helpers.js';

const BOOL = 9;

interface In {
  name: string;
  dims: number[];
  data: number[];
  dtype?: number;
}

function ortTensor(i: In): ort.Tensor {
  const dt = i.dtype ?? FLOAT;
  if (dt === INT64) return new ort.Tensor('int64', BigInt64Array.from(i.data.map((v) => BigInt(v))), i.dims);
  if (dt === BOOL) return new ort.Tensor('bool', Uint8Array.from(i.data), i.dims);
  return new ort.Tensor('float32', Float32Array.from(i.data), i.dims);
}

async function runOrt(node: NodeSpec, inputs: In[], outputs: number, opset: number): Promise<{ dims: number[]; data: number[] }[]> {
  const outNames = Array.from({ length: outputs }, (_, k) => `out${k}`);
  const model = buildModel({
    opset,
    inputs: inputs.map((i) => ({ name: i.name, shape: i.dims, dtype: i.dtype ?? FLOAT })),
    outputs: outNames.map((name) => ({ name, dtype: 0 })),
    nodes: [{ ...node, outputs: outNames }],
  });
  // output element types are left to ORT's type inference
  const session = await ort.InferenceSession.create(model, { logSeverityLevel: 4 });
  const res = await session.run(Object.fromEntries(inputs.map((i) => [i.name, ortTensor(i)])));
  return outNames.map((n) => ({ dims: [...res[n].dims], data: Array.from(res[n].data as ArrayLike<number | bigint>, (v) => Number(v)) }));
}

function runFhls(node: NodeSpec, inputs: In[], outputs: number, opset: number): ConstTensor[] {
  const proto = modelProto({ opset, inputs: [], outputs: [], nodes: [{ ...node, outputs: Array.from({ length: outputs }, (_, k) => `out${k}`) }] }).graph?.node?.[0];
  if (!proto) throw new Error('no node');
  const info: NodeInfo = {
    name: 'n',
    opType: node.op,
    domain: '',
    inputs: node.inputs,
    outputs: proto.output ?? [],
    attrs: nodeAttrs(proto),
    origin: {},
    opset,
  };
  const byName = new Map(inputs.map((i) => [i.name, { dtype: i.dtype ?? FLOAT, shape: i.dims, data: i.data } as ConstTensor]));
  const res = evalConst(CONST_OPS[node.op], node.inputs.map((n) => byName.get(n)), info);
  if (!Array.isArray(res)) throw new Error(res.message);
  return res;
}

async function agree(node: Omit<NodeSpec, 'outputs'>, inputs: In[], { outputs = 1, opset = 13 } = {}): Promise<void> {
  const full = { ...node, outputs: [] } as NodeSpec;
  const want = await runOrt(full, inputs, outputs, opset);
  const got = runFhls(full, inputs, outputs, opset);
  for (let k = 0; k < outputs; k++) {
    expect(got[k].shape, `${node.op} output ${k} shape`).toEqual(want[k].dims);
    expect(got[k].data.map((v) => Math.fround(v)), `${node.op} output ${k}`).toEqual(want[k].data.map((v) => Math.fround(v)));
  }
}

const i64 = (name: string, data: number[], dims = [data.length]): In => ({ name, dims, data, dtype: INT64 });
const fl = (name: string, dims: number[], seed = 1): In => ({ name, dims, data: f32(seeded(dims.reduce((a, b) => a * b, 1), seed).map((v) => v * 4)) });

describe('constant evaluator = ONNX Runtime', () => {
  it('Gather', async () => {
    await agree({ op: 'Gather', inputs: ['d', 'i'], attrs: { axis: 1 } }, [fl('d', [2, 4, 3]), i64('i', [3, -1, 0, 0], [2, 2])]);
    await agree({ op: 'Gather', inputs: ['d', 'i'] }, [i64('d', [5, 6, 7]), i64('i', [1], [])]);
  });

  it('Slice with negative steps, clamping and axes', async () => {
    const d = fl('d', [4, 5, 3]);
    await agree({ op: 'Slice', inputs: ['d', 's', 'e', 'a', 'st'] }, [d, i64('s', [-1, 100]), i64('e', [-100, -6]), i64('a', [0, 1]), i64('st', [-1, -2])]);
    await agree({ op: 'Slice', inputs: ['d', 's', 'e'] }, [d, i64('s', [1, 0]), i64('e', [3, 2 ** 40])]);
    await agree({ op: 'Slice', inputs: ['d'], attrs: { starts: [1], ends: [-1], axes: [2] } }, [d], { opset: 9 });
  });

  it('Slice on random windows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.integer({ min: -7, max: 7 }), fc.integer({ min: -7, max: 7 }), fc.constantFrom(-3, -2, -1, 1, 2, 3)), { minLength: 1, maxLength: 3 }),
        async (dims, wins) => {
          const n = Math.min(dims.length, wins.length);
          const w = wins.slice(0, n);
          await agree({ op: 'Slice', inputs: ['d', 's', 'e', 'a', 'st'] }, [
            fl('d', dims),
            i64('s', w.map((x) => x[0])),
            i64('e', w.map((x) => x[1])),
            i64('a', w.map((_, k) => k - n)),
            i64('st', w.map((x) => x[2])),
          ]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('Concat, Squeeze, Unsqueeze, Transpose, Reshape, Flatten', async () => {
    await agree({ op: 'Concat', inputs: ['a', 'b'], attrs: { axis: -2 } }, [fl('a', [2, 1, 3]), fl('b', [2, 2, 3], 2)]);
    await agree({ op: 'Unsqueeze', inputs: ['a', 'ax'] }, [fl('a', [2, 3]), i64('ax', [-1, 0])]);
    await agree({ op: 'Unsqueeze', inputs: ['a'], attrs: { axes: [1] } }, [fl('a', [2, 3])], { opset: 11 });
    await agree({ op: 'Squeeze', inputs: ['a'] }, [fl('a', [1, 3, 1])]);
    await agree({ op: 'Squeeze', inputs: ['a', 'ax'] }, [fl('a', [1, 3, 1]), i64('ax', [-1])]);
    await agree({ op: 'Transpose', inputs: ['a'], attrs: { perm: [2, 0, 1] } }, [fl('a', [2, 3, 4])]);
    await agree({ op: 'Transpose', inputs: ['a'] }, [fl('a', [2, 3, 4])]);
    await agree({ op: 'Reshape', inputs: ['a', 's'] }, [fl('a', [2, 3, 4]), i64('s', [0, -1, 2])]);
    await agree({ op: 'Flatten', inputs: ['a'], attrs: { axis: 2 } }, [fl('a', [2, 3, 4])]);
  });

  it('Expand, Tile, Where, Equal, Range, ConstantOfShape', async () => {
    await agree({ op: 'Expand', inputs: ['a', 's'] }, [fl('a', [3, 1]), i64('s', [2, 1, 4])]);
    await agree({ op: 'Tile', inputs: ['a', 'r'] }, [fl('a', [2, 3]), i64('r', [2, 3])]);
    await agree({ op: 'Where', inputs: ['c', 'a', 'b'] }, [{ name: 'c', dims: [3, 1], data: [1, 0, 1], dtype: BOOL }, fl('a', [1, 4]), fl('b', [3, 4], 5)]);
    await agree({ op: 'Equal', inputs: ['a', 'b'] }, [i64('a', [1, 2, 3, 4]), i64('b', [3], [1])]);
    await agree({ op: 'Range', inputs: ['s', 'l', 'd'] }, [i64('s', [10], []), i64('l', [-3], []), i64('d', [-4], [])]);
    await agree({ op: 'Range', inputs: ['s', 'l', 'd'] }, [{ name: 's', dims: [], data: [0.5] }, { name: 'l', dims: [], data: [3] }, { name: 'd', dims: [], data: [0.75] }]);
    await agree({ op: 'ConstantOfShape', inputs: ['s'], attrs: { value: { __tensor: { dims: [1], data: [7], dtype: INT64 } } } }, [i64('s', [2, 3])]);
  });

  it('arithmetic, casts and reductions', async () => {
    await agree({ op: 'Div', inputs: ['a', 'b'] }, [i64('a', [7, -7, 9, 20]), i64('b', [2, 2, -4, 3])]);
    await agree({ op: 'Mul', inputs: ['a', 'b'] }, [fl('a', [2, 3]), fl('b', [3], 3)]);
    await agree({ op: 'Sub', inputs: ['a', 'b'] }, [fl('a', [2, 1]), fl('b', [1, 3], 3)]);
    await agree({ op: 'Cast', inputs: ['a'], attrs: { to: INT64 } }, [{ name: 'a', dims: [4], data: [1.7, -1.7, 2.5, -0.2] }]);
    await agree({ op: 'Cast', inputs: ['a'], attrs: { to: FLOAT } }, [i64('a', [3, -4])]);
    await agree({ op: 'Floor', inputs: ['a'] }, [fl('a', [5])]);
    await agree({ op: 'Ceil', inputs: ['a'] }, [fl('a', [5])]);
    await agree({ op: 'Sqrt', inputs: ['a'] }, [{ name: 'a', dims: [3], data: [4, 2, 0.25] }]);
    await agree({ op: 'Neg', inputs: ['a'] }, [i64('a', [3, -4])]);
    await agree({ op: 'ReduceProd', inputs: ['a'], attrs: { axes: [0], keepdims: 0 } }, [i64('a', [2, 3, 4, 5], [2, 2])]);
    await agree({ op: 'ReduceSum', inputs: ['a', 'ax'] }, [fl('a', [2, 3, 2]), i64('ax', [1])]);
    await agree({ op: 'Max', inputs: ['a', 'b', 'c'] }, [fl('a', [3]), fl('b', [3], 2), fl('c', [1], 3)]);
  });

  it('Shape with start and end (opset 15), Split', async () => {
    await agree({ op: 'Shape', inputs: ['a'], attrs: { start: 1, end: -1 } }, [fl('a', [2, 3, 4, 5])], { opset: 15 });
    await agree({ op: 'Split', inputs: ['a', 's'], attrs: { axis: 1 } }, [fl('a', [2, 5]), i64('s', [2, 3])], { outputs: 2 });
    await agree({ op: 'Split', inputs: ['a'], attrs: { axis: 0 } }, [fl('a', [6, 2])], { outputs: 3 });
  });
});

describe('constant folding in a model', () => {
  it('folds a weight computed from initializers (Transpose and Mul) into the Dense weight', () => {
    const g = graphOf({
      inputs: [{ name: 'x', shape: ['n', 2] }],
      outputs: ['y'],
      initializers: [
        { name: 'Wt', dims: [3, 2], data: [1, 2, 3, 4, 5, 6] },
        { name: 'k', dims: [], data: [0.5] },
      ],
      nodes: [
        { op: 'Transpose', inputs: ['Wt'], outputs: ['W0'], attrs: { perm: [1, 0] } },
        { op: 'Mul', inputs: ['W0', 'k'], outputs: ['W'] },
        { op: 'MatMul', name: 'mm', inputs: ['x', 'W'], outputs: ['y'] },
      ],
    });
    expect(g.layers.length).toBe(1);
    expect(g.tensors[layer(g, 'Dense').attrs.weight]).toMatchObject({ shape: [2, 3], data: [0.5, 1.5, 2.5, 1, 2, 2.5 + 0.5] });
  });

  it('reads INT64_MAX slice ends from the model (int64 as Long)', () => {
    const g = graphOf({
      inputs: [{ name: 'x', shape: ['n', 1, 3, 4] }],
      outputs: ['y'],
      initializers: [
        { name: 'minus1', dims: [1], data: [-1], dtype: INT64 },
        { name: 'start', dims: [1], data: [2], dtype: INT64 },
        { name: 'end', dims: [1], data: [9223372036854775807], dtype: INT64 },
      ],
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['s'] },
        { op: 'Slice', inputs: ['s', 'start', 'end'], outputs: ['tail'] },
        { op: 'Concat', inputs: ['minus1', 'tail'], outputs: ['target'], attrs: { axis: 0 } },
        { op: 'Reshape', name: 'r', inputs: ['x', 'target'], outputs: ['y'] },
      ],
    });
    expect(layer(g, 'Reshape').attrs.shape).toEqual([3, 4]);
  });

  it('reports an op it cannot evaluate on constants', () => {
    const errs = errorsOf({
      inputs: [{ name: 'x', shape: ['n', 2] }],
      outputs: ['y'],
      initializers: [{ name: 'c', dims: [2], data: [1, 2] }],
      nodes: [
        { op: 'Softmax', name: 'sm', inputs: ['c'], outputs: ['e'] },
        { op: 'Add', inputs: ['x', 'e'], outputs: ['y'] },
      ],
    });
    expect(errs.map((e) => [e.code, e.origin?.node])).toEqual([['onnx/unsupported-op', 'sm']]);
    expect(errs[0].message).toMatch(/cannot evaluate Softmax/);
  });
});
