// Bad models and unsupported content: every problem is a diagnostic with a code, a message and an
// origin, all of them are reported in one run, and nothing throws.

import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOnnxFile, readOnnx } from '../../../../src/frontends/onnx/index.js';
import { INT64, buildModel, modelProto, seeded, type ModelSpec, type TensorSpec } from './onnx-builder.js';
import { codes, errorsOf, expectWellFormed, graphOf, read } from './helpers.js';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** x[n,4] → Gemm(W [3,4], transB) → Relu → y */
function mlp(): ModelSpec {
  return {
    inputs: [{ name: 'x', shape: ['n', 4] }],
    outputs: ['y'],
    initializers: [
      { name: 'W', dims: [3, 4], data: seeded(12) },
      { name: 'B', dims: [3], data: seeded(3, 7) },
    ],
    nodes: [
      { op: 'Gemm', name: 'fc', inputs: ['x', 'W', 'B'], outputs: ['h'], attrs: { transB: 1 } },
      { op: 'Relu', name: 'act', inputs: ['h'], outputs: ['y'] },
    ],
  };
}

const QDOMAIN = 'qonnx.custom_op.general';

describe('not an ONNX model', () => {
  it('rejects random bytes', () => {
    const bytes = Uint8Array.from(seeded(400, 99).map((v) => Math.floor((v + 1) * 128) & 0xff));
    const r = readOnnx(bytes, 'noise.onnx');
    expect(r.ok).toBe(false);
    expect(codes(r.diagnostics)).toEqual(['onnx/not-onnx']);
    expect(r.diagnostics[0].origin?.file).toBe('noise.onnx');
  });

  it('says a truncated protobuf is truncated', () => {
    const bytes = buildModel(mlp());
    const r = readOnnx(bytes.subarray(0, Math.floor(bytes.length / 2)), 'cut.onnx');
    expect(r.ok).toBe(false);
    expect(codes(r.diagnostics)).toEqual(['onnx/not-onnx']);
    expect(r.diagnostics[0].message).toMatch(/truncated/);
  });

  it('says a JSON file looks like JSON', () => {
    const r = readOnnx(new TextEncoder().encode('{\n  "layers": [1, 2, 3]\n}\n'), 'model.json');
    expect(codes(r.diagnostics)).toEqual(['onnx/not-onnx']);
    expect(r.diagnostics[0].message).toMatch(/looks like JSON/);
  });

  it('says a text file looks like text, and an empty file is empty', () => {
    expect(readOnnx(new TextEncoder().encode('just some notes about my model\n'), 'a.txt').diagnostics[0].message).toMatch(/text file/);
    expect(readOnnx(new TextEncoder().encode('ir_version: 8\ngraph { }'), 'a.onnx').diagnostics[0].message).toMatch(/text format/);
    expect(readOnnx(new Uint8Array(0), 'empty.onnx').diagnostics[0].message).toMatch(/empty/);
  });

  it('reports a missing file as io/not-found', () => {
    const r = loadOnnxFile('/nonexistent/dir/model.onnx');
    expect(r.ok).toBe(false);
    expect(codes(r.diagnostics)).toEqual(['io/not-found']);
    expect(r.diagnostics[0].message).toContain('/nonexistent/dir/model.onnx');
  });

  it('reads a file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fhls-onnx-'));
    const path = join(dir, 'mlp.onnx');
    writeFileSync(path, buildModel(mlp()));
    const r = loadOnnxFile(path);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.source).toEqual({ file: path, format: 'onnx' });
  });

  it('rejects a model without a graph and a graph without nodes', () => {
    const noGraph = onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 13 }] }).finish();
    expect(codes(readOnnx(noGraph, 'g.onnx').diagnostics)).toEqual(['onnx/no-graph']);
    const empty = { ...mlp(), nodes: [], outputs: ['x'] };
    expect(codes(errorsOf(empty))).toContain('onnx/empty-graph');
  });

  it('never throws on corrupted bytes', () => {
    const good = buildModel(mlp());
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.nat(255)), { minLength: 1, maxLength: 8 }), fc.nat(good.length), (edits, cut) => {
        const bytes = good.slice(0, Math.max(1, cut));
        for (const [i, b] of edits) if (i < bytes.length) bytes[i] = b;
        const r = readOnnx(bytes, 'fuzz.onnx');
        expect(r.ok || r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('model checks', () => {
  it('names the input and dimension that is dynamic', () => {
    const spec = mlp();
    spec.inputs = [{ name: 'x', shape: ['n', 'features'] }];
    const errs = errorsOf(spec);
    expect(codes(errs)).toEqual(['onnx/dynamic-shape']);
    expect(errs[0].message).toMatch(/input 'x' dimension 1 is symbolic \('features'\)/);
    expect(errs[0].origin).toMatchObject({ file: 'test.onnx', node: 'x' });
  });

  it('accepts a fixed batch dimension and drops it', () => {
    const spec = mlp();
    spec.inputs = [{ name: 'x', shape: [8, 4] }];
    const g = graphOf(spec);
    expect(g.tensors.x.shape).toEqual([4]);
  });

  it('reports an input without shape', () => {
    const spec = mlp();
    spec.inputs = [{ name: 'x' }];
    expect(codes(errorsOf(spec))).toEqual(['onnx/dynamic-shape']);
  });

  it('lists every unsupported op with its name, op and domain', () => {
    const spec: ModelSpec = {
      inputs: [{ name: 'x', shape: ['n', 4] }],
      outputs: ['y'],
      domains: { 'com.example': 1, 'com.microsoft': 1 },
      nodes: [
        { op: 'Erf', name: 'first', inputs: ['x'], outputs: ['a'] },
        { op: 'Relu', name: 'ok', inputs: ['a'], outputs: ['b'] },
        { op: 'MyOp', name: 'second', domain: 'com.example', inputs: ['b'], outputs: ['c'] },
        { op: 'FusedGemm', name: 'third', domain: 'com.microsoft', inputs: ['c'], outputs: ['y'] },
      ],
    };
    const errs = errorsOf(spec);
    expect(codes(errs)).toEqual(['onnx/unsupported-op', 'onnx/unsupported-op', 'onnx/unsupported-op']);
    expect(errs.map((d) => d.origin)).toEqual([
      { file: 'test.onnx', node: 'first', opType: 'Erf', domain: '' },
      { file: 'test.onnx', node: 'second', opType: 'MyOp', domain: 'com.example' },
      { file: 'test.onnx', node: 'third', opType: 'FusedGemm', domain: 'com.microsoft' },
    ]);
    expect(errs[0].message).toMatch(/'first'.*'Erf'.*'ai\.onnx'/);
    expect(errs[1].message).toMatch(/'second'.*'MyOp'.*'com\.example'/);
  });

  it('reports NaN and Inf in weights with the tensor name and index', () => {
    const spec = mlp();
    const w = seeded(12);
    w[5] = NaN;
    spec.initializers = [
      { name: 'W', dims: [3, 4], data: w },
      { name: 'B', dims: [3], data: [0, Infinity, 0] },
    ];
    const errs = errorsOf(spec);
    expect(codes(errs)).toEqual(['onnx/non-finite', 'onnx/non-finite']);
    expect(errs[0].message).toMatch(/'W' holds NaN at element 5 \(index \[1, 1\]\)/);
    expect(errs[1].message).toMatch(/'B' holds Infinity at element 1/);
  });

  it('reports NaN in a Constant node', () => {
    const spec = mlp();
    spec.nodes = [
      { op: 'Constant', name: 'c', inputs: [], outputs: ['k'], attrs: { value: { __tensor: { dims: [1], data: [NaN] } } } },
      { op: 'Mul', name: 'm', inputs: ['x', 'k'], outputs: ['y'] },
    ];
    const errs = errorsOf(spec);
    expect(codes(errs)).toEqual(['onnx/non-finite']);
    expect(errs[0].origin).toMatchObject({ node: 'c', opType: 'Constant' });
  });

  it('rejects external data and unknown data types', () => {
    const proto = modelProto(mlp());
    const init = proto.graph?.initializer ?? [];
    init[0] = { name: 'W', dims: [3, 4], dataType: 1, dataLocation: 1, externalData: [{ key: 'location', value: 'weights.bin' }] };
    init[1] = { name: 'B', dims: [3], dataType: 8, stringData: [new Uint8Array([65])] };
    const r = readOnnx(onnx.ModelProto.encode(proto).finish(), 'ext.onnx');
    expect(codes(r.diagnostics)).toEqual(['onnx/external-data', 'onnx/unsupported-dtype']);
    expect(r.diagnostics[0].message).toMatch(/'W'.*external file \('weights\.bin'\)/);
    expect(r.diagnostics[0].hint).toMatch(/save_as_external_data=False/);
    expect(r.diagnostics[1].message).toMatch(/'B'.*string/);
  });

  it('warns about an opset outside 7..21 but still reads the model', () => {
    const r = read({ ...mlp(), opset: 22 });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['onnx/opset', 'warning']]);
  });

  it('collects problems of different kinds in one run', () => {
    const spec = mlp();
    spec.inputs = [{ name: 'x', shape: ['n', 4] }, { name: 'z', shape: ['n', 'k'] }];
    spec.initializers = [{ name: 'W', dims: [3, 4], data: [NaN, ...seeded(11)] }, { name: 'B', dims: [3], data: [0, 0, 0] }];
    spec.nodes.push({ op: 'LSTM', name: 'rnn', inputs: ['z'], outputs: ['q'] });
    spec.outputs.push('q');
    expect(codes(errorsOf(spec)).sort()).toEqual(['onnx/dynamic-shape', 'onnx/non-finite', 'onnx/unsupported-op']);
  });

  it('reports a value nobody defines and an output that is a constant', () => {
    const spec = mlp();
    spec.nodes[1] = { op: 'Add', name: 'add', inputs: ['h', 'ghost'], outputs: ['y'] };
    expect(errorsOf(spec)[0]).toMatchObject({ code: 'onnx/bad-model', origin: { node: 'add' } });
    const constOut = mlp();
    constOut.outputs = ['y', 'B2'];
    constOut.nodes.push({ op: 'Identity', name: 'id', inputs: ['B'], outputs: ['B2'] });
    expect(codes(errorsOf(constOut))).toEqual(['onnx/constant-output']);
  });
});

describe('unsupported uses of supported ops', () => {
  it('rejects Gemm with transA on an activation', () => {
    const spec = mlp();
    spec.nodes[0].attrs = { transA: 1, transB: 1 };
    const errs = errorsOf(spec);
    expect(codes(errs)).toEqual(['onnx/unsupported-attr']);
    expect(errs[0].message).toMatch(/transA=1.*batch/);
    expect(errs[0].origin).toMatchObject({ node: 'fc', opType: 'Gemm' });
  });

  it('rejects a Softmax (opset < 13) that normalises over two long axes', () => {
    const spec: ModelSpec = {
      opset: 11,
      inputs: [{ name: 'x', shape: ['n', 3, 4] }],
      outputs: ['y'],
      nodes: [{ op: 'Softmax', name: 'sm', inputs: ['x'], outputs: ['y'], attrs: { axis: 1 } }],
    };
    const errs = errorsOf(spec);
    expect(codes(errs)).toEqual(['onnx/unsupported-attr']);
    expect(errs[0].message).toMatch(/jointly over the axes \[3, 4\]/);
  });

  it('rejects a Softmax over the batch axis', () => {
    const spec: ModelSpec = {
      inputs: [{ name: 'x', shape: ['n', 3] }],
      outputs: ['y'],
      nodes: [{ op: 'Softmax', name: 'sm', inputs: ['x'], outputs: ['y'], attrs: { axis: 0 } }],
    };
    expect(codes(errorsOf(spec))).toEqual(['onnx/batch-axis']);
  });

  it('rejects MatMul of two activations', () => {
    const spec: ModelSpec = {
      inputs: [{ name: 'a', shape: ['n', 3, 4] }, { name: 'b', shape: ['n', 4, 2] }],
      outputs: ['y'],
      nodes: [{ op: 'MatMul', name: 'mm', inputs: ['a', 'b'], outputs: ['y'] }],
    };
    const errs = errorsOf(spec);
    expect(codes(errs)).toEqual(['onnx/unsupported-op']);
    expect(errs[0].message).toMatch(/two activations/);
  });

  it('rejects ops that act on the batch axis', () => {
    const base = (node: ModelSpec['nodes'][number], extra: ModelSpec['initializers'] = []): ModelSpec => ({
      inputs: [{ name: 'x', shape: ['n', 2, 3] }],
      outputs: ['y'],
      initializers: extra,
      nodes: [node],
    });
    expect(codes(errorsOf(base({ op: 'Concat', inputs: ['x', 'x'], outputs: ['y'], attrs: { axis: 0 } })))).toEqual(['onnx/batch-axis']);
    expect(codes(errorsOf(base({ op: 'Transpose', inputs: ['x'], outputs: ['y'], attrs: { perm: [1, 0, 2] } })))).toEqual(['onnx/batch-axis']);
    expect(codes(errorsOf(base({ op: 'Flatten', inputs: ['x'], outputs: ['y'], attrs: { axis: 0 } })))).toEqual(['onnx/batch-axis']);
    expect(codes(errorsOf(base({ op: 'Reshape', inputs: ['x', 's'], outputs: ['y'] }, [{ name: 's', dims: [2], data: [3, -1], dtype: 7 }])))).toEqual(['onnx/shape-mismatch']);
    expect(codes(errorsOf(base({ op: 'Add', inputs: ['x', 'c'], outputs: ['y'] }, [{ name: 'c', dims: [2, 2, 3], data: seeded(12) }])))).toEqual(['onnx/batch-axis']);
  });

  it('rejects a Conv whose weight is not a constant', () => {
    const spec: ModelSpec = {
      inputs: [{ name: 'x', shape: ['n', 1, 8] }, { name: 'w', shape: [2, 1, 3] }],
      outputs: ['y'],
      nodes: [{ op: 'Conv', name: 'c', inputs: ['x', 'w'], outputs: ['y'] }],
    };
    expect(codes(errorsOf(spec))).toContain('onnx/non-constant-param');
  });
});

describe('QONNX parameter checks', () => {
  const quantModel = (bitwidths: number[], scaleFromInput = false): ModelSpec => ({
    domains: { [QDOMAIN]: 1 },
    inputs: [{ name: 'x', shape: ['n', 4] }, ...(scaleFromInput ? [{ name: 's', shape: [1] }] : [])],
    outputs: [`q${bitwidths.length - 1}`],
    initializers: [
      ...(scaleFromInput ? [] : [{ name: 's', dims: [], data: [0.125] }]),
      { name: 'z', dims: [], data: [0] },
      ...bitwidths.map((b, i) => ({ name: `b${i}`, dims: [], data: [b] })),
    ],
    nodes: bitwidths.map((_, i) => ({ op: 'Quant', domain: QDOMAIN, name: `quant${i}`, inputs: [i === 0 ? 'x' : `q${i - 1}`, 's', 'z', `b${i}`], outputs: [`q${i}`] })),
  });

  it('rejects a Quant whose scale is not a constant', () => {
    const errs = errorsOf(quantModel([8], true));
    expect(codes(errs)).toEqual(['qonnx/non-constant-param']);
    expect(errs[0].message).toMatch(/'quant0'.*scale \('s'\)/);
    expect(errs[0].origin).toMatchObject({ node: 'quant0', opType: 'Quant', domain: QDOMAIN });
  });

  it('rejects bitwidths 0 and 65, naming each node', () => {
    const errs = errorsOf(quantModel([0, 65]));
    expect(codes(errs)).toEqual(['qonnx/bad-bitwidth', 'qonnx/bad-bitwidth']);
    expect(errs.map((e) => e.origin?.node)).toEqual(['quant0', 'quant1']);
    expect(errs[0].message).toBe("Quant 'quant0': the bitwidth is 0; it must be at least 1");
    expect(errs[1].message).toMatch(/bitwidth is 65; fhls supports at most 64 bits/);
    expect(codes(errorsOf(quantModel([2.5])))).toEqual(['qonnx/bad-bitwidth']);
  });

  it('rejects bad bitwidths on constant (weight) quantizers too', () => {
    const spec: ModelSpec = {
      domains: { [QDOMAIN]: 1 },
      inputs: [{ name: 'x', shape: ['n', 2] }],
      outputs: ['y'],
      initializers: [
        { name: 'W', dims: [2, 2], data: [0.1, 0.2, 0.3, 0.4] },
        { name: 's', dims: [], data: [0.125] },
        { name: 'z', dims: [], data: [0] },
        { name: 'b', dims: [], data: [0] },
      ],
      nodes: [
        { op: 'Quant', domain: QDOMAIN, name: 'qw', inputs: ['W', 's', 'z', 'b'], outputs: ['Wq'] },
        { op: 'MatMul', name: 'mm', inputs: ['x', 'Wq'], outputs: ['y'] },
      ],
    };
    const errs = errorsOf(spec);
    expect(codes(errs)).toEqual(['qonnx/bad-bitwidth']);
    expect(errs[0].origin?.node).toBe('qw');
  });
});

describe('random graphs', () => {
  // inputs per op: 'A' is an activation (a recent value), anything else a constant of the table below
  const OPS: Record<string, string[][]> = {
    Relu: [['A']],
    Tanh: [['A']],
    Add: [['A', 'A'], ['A', 'c1'], ['c4', 'A']],
    Mul: [['A', 'A'], ['A', 'c1']],
    Gemm: [['A', 'w44'], ['A', 'w44', 'c4']],
    MatMul: [['A', 'w44'], ['A', 'A']],
    Conv: [['A', 'wconv'], ['A', 'wconv', 'c2']],
    MaxPool: [['A']],
    Reshape: [['A', 'shp']],
    Transpose: [['A']],
    Concat: [['A', 'A']],
    Softmax: [['A']],
    Flatten: [['A']],
    Squeeze: [['A', 'ax0']],
    Unsqueeze: [['A', 'ax0']],
    Pad: [['A', 'pads']],
    BatchNormalization: [['A', 'c2', 'c2', 'c2', 'c2']],
    Clip: [['A', 'z', 'c1']],
    PRelu: [['A', 'c1']],
    Gather: [['A', 'i2']],
    Shape: [['A']],
    Identity: [['A']],
    QuantizeLinear: [['A', 'c1']],
    DequantizeLinear: [['A', 'c1']],
    Quant: [['A', 'c1', 'z', 'b8'], ['A', 'A', 'z', 'b8']],
    Trunc: [['A', 'c1', 'z', 'b8', 'b4']],
    BipolarQuant: [['A', 'c1']],
  };
  const ATTRS: Record<string, NonNullable<ModelSpec['nodes'][number]['attrs']>[]> = {
    Gemm: [{}, { transB: 1 }, { transA: 1 }],
    Conv: [{}, { pads: [1, 1] }, { auto_pad: 'SAME_UPPER', strides: [2] }, { group: 2 }],
    MaxPool: [{ kernel_shape: [2] }, { kernel_shape: [2, 2], ceil_mode: 1 }, {}],
    Transpose: [{}, { perm: [0, 2, 1] }, { perm: [1, 0] }],
    Concat: [{ axis: 1 }, { axis: -1 }, { axis: 0 }],
    Softmax: [{}, { axis: 1 }],
    Flatten: [{}, { axis: 2 }],
    Gather: [{ axis: 0 }, { axis: 1 }],
  };
  const consts: TensorSpec[] = [
    { name: 'c1', dims: [], data: [0.5] },
    { name: 'c2', dims: [2], data: [1, 2] },
    { name: 'c4', dims: [4], data: [1, 2, 3, 4] },
    { name: 'w44', dims: [4, 4], data: seeded(16) },
    { name: 'wconv', dims: [2, 2, 3], data: seeded(12) },
    { name: 'shp', dims: [2], data: [0, -1], dtype: INT64 },
    { name: 'pads', dims: [6], data: [0, 0, 1, 0, 0, 1], dtype: INT64 },
    { name: 'ax0', dims: [1], data: [1], dtype: INT64 },
    { name: 'i2', dims: [2], data: [0, -1], dtype: INT64 },
    { name: 'z', dims: [], data: [0] },
    { name: 'b8', dims: [], data: [8] },
    { name: 'b4', dims: [], data: [4] },
  ];
  it('never throws and never reports an internal error', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...Object.keys(OPS)), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<(number | string)[]>(['n', 4], ['n', 2, 4], ['n', 2, 4, 4]),
        (steps, shape) => {
          const values = ['x'];
          const nodes = steps.map(([op, a, b, c], k) => {
            const templates = OPS[op];
            const recent = (v: number) => values[Math.max(0, values.length - 1 - (v % 3))];
            const inputs = templates[a % templates.length].map((n, i) => (n === 'A' ? recent(i === 0 ? b : c) : n));
            const attrs = ATTRS[op]?.[c % ATTRS[op].length] ?? {};
            const out = `v${k}`;
            values.push(out);
            return { op, name: `n${k}`, inputs, outputs: [out], attrs, domain: ['Quant', 'Trunc', 'BipolarQuant'].includes(op) ? QDOMAIN : '' };
          });
          const spec: ModelSpec = { domains: { [QDOMAIN]: 1 }, inputs: [{ name: 'x', shape }], outputs: [values[values.length - 1]], initializers: consts, nodes };
          const r = read(spec);
          expect(r.diagnostics.filter((d) => d.code === 'onnx/internal')).toEqual([]);
          if (r.ok) {
            accepted++;
            expectWellFormed(r.value);
          }
        },
      ),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(40);
  });
});
