// Output shapes of windowed and resizing ops against ONNX Runtime: the same model is run by ORT and
// read by fhls; where ORT accepts it, fhls must infer the same per-sample output shape.

import fc from 'fast-check';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { readOnnx } from '../../../../src/frontends/onnx/index.js';
import { windowOut } from '../../../../src/frontends/onnx/shapes.js';
import { INT64, buildModel, seeded, type Attr, type ModelSpec, type TensorSpec } from './onnx-builder.js';

async function ortShape(bytes: Uint8Array, inShape: number[]): Promise<number[] | undefined> {
  try {
    const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 4 });
    const n = inShape.reduce((a, b) => a * b, 1);
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array(n), inShape) });
    return [...out.y.dims];
  } catch {
    return undefined; // ORT rejects the configuration: nothing to compare
  }
}

async function compare(spec: ModelSpec, inShape: number[]): Promise<void> {
  const bytes = buildModel(spec);
  const want = await ortShape(bytes, inShape);
  if (!want) return;
  const r = readOnnx(bytes, 'case.onnx');
  if (want.includes(0)) {
    // an empty output: fhls refuses it
    expect(r.ok).toBe(false);
    return;
  }
  if (!r.ok) expect.fail(`ORT gives ${JSON.stringify(want)} but fhls rejects: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  expect([1, ...r.value.tensors.y.shape]).toEqual(want);
}

function oneNode(inShape: number[], op: string, attrs: Record<string, Attr>, inits: TensorSpec[] = [], extraInputs: string[] = [], opset = 13): ModelSpec {
  return {
    opset,
    inputs: [{ name: 'x', shape: ['n', ...inShape.slice(1)] }],
    outputs: [{ name: 'y', dtype: 0 }],
    initializers: inits,
    nodes: [{ op, name: 'op', inputs: ['x', ...extraInputs], outputs: ['y'], attrs }],
  };
}

const spatial = fc.integer({ min: 1, max: 2 });

describe('window shapes = ONNX Runtime', () => {
  it('Conv', async () => {
    await fc.assert(
      fc.asyncProperty(
        spatial.chain((k) =>
          fc.record({
            size: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: k, maxLength: k }),
            kernel: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: k, maxLength: k }),
            strides: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: k, maxLength: k }),
            dilations: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: k, maxLength: k }),
            pads: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2 * k, maxLength: 2 * k }),
            autoPad: fc.constantFrom('NOTSET', 'NOTSET', 'VALID', 'SAME_UPPER', 'SAME_LOWER'),
            group: fc.constantFrom(1, 2),
          }),
        ),
        async (c) => {
          const inShape = [1, 2 * c.group, ...c.size];
          const w: TensorSpec = { name: 'W', dims: [2 * c.group, 2, ...c.kernel], data: seeded(4 * c.group * c.kernel.reduce((a, b) => a * b, 1)) };
          const attrs: Record<string, Attr> = { strides: c.strides, dilations: c.dilations, group: c.group, auto_pad: c.autoPad };
          if (c.autoPad === 'NOTSET') attrs.pads = c.pads;
          await compare(oneNode(inShape, 'Conv', attrs, [w], ['W']), inShape);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('MaxPool and AveragePool, ceil mode included', async () => {
    await fc.assert(
      fc.asyncProperty(
        spatial.chain((k) =>
          fc.record({
            size: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: k, maxLength: k }),
            kernel: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: k, maxLength: k }),
            strides: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: k, maxLength: k }),
            pads: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2 * k, maxLength: 2 * k }),
            ceil: fc.constantFrom(0, 1),
            op: fc.constantFrom('MaxPool', 'AveragePool'),
            autoPad: fc.constantFrom('NOTSET', 'NOTSET', 'NOTSET', 'VALID', 'SAME_UPPER', 'SAME_LOWER'),
          }),
        ),
        async (c) => {
          // ONNX requires pads smaller than the kernel
          const pads = c.pads.map((p, i) => Math.min(p, c.kernel[i % c.kernel.length] - 1));
          // a kernel larger than the padded input is invalid ONNX (ORT truncates toward zero there)
          const k = c.size.length;
          const explicit = c.autoPad === 'NOTSET' ? pads : c.autoPad === 'VALID' ? pads.map(() => 0) : undefined;
          fc.pre(!explicit || c.kernel.every((kk, i) => kk <= c.size[i] + explicit[i] + explicit[i + k]));
          const inShape = [1, 3, ...c.size];
          const attrs: Record<string, Attr> = { kernel_shape: c.kernel, strides: c.strides, ceil_mode: c.ceil, auto_pad: c.autoPad };
          if (c.autoPad === 'NOTSET') attrs.pads = pads;
          await compare(oneNode(inShape, c.op, attrs, [], [], 19), inShape);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('knows the ceil-mode rule for the last window', () => {
    // input 5, pads 1+1, kernel 2, stride 2: ceil gives 4 windows, the 4th would start in the end pad
    expect(windowOut(5, 2, 2, 1, 1, 1, true)).toBe(3);
    expect(windowOut(6, 3, 2, 0, 0, 1, true)).toBe(3);
    expect(windowOut(6, 3, 2, 0, 0, 1, false)).toBe(2);
  });
});

describe('Resize shapes = ONNX Runtime', () => {
  it('from scales and from sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 2 }),
        fc.array(fc.constantFrom(0.5, 0.75, 1, 1.5, 2, 2.5, 3, 1 / 3), { minLength: 2, maxLength: 2 }),
        fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 2, maxLength: 2 }),
        fc.boolean(),
        async (size, scales, sizes, useSizes) => {
          const inShape = [1, 2, ...size];
          const inits: TensorSpec[] = useSizes
            ? [{ name: 'sz', dims: [4], data: [1, 2, ...sizes], dtype: INT64 }]
            : [{ name: 'sc', dims: [4], data: [1, 1, ...scales] }];
          const extra = useSizes ? ['', '', 'sz'] : ['', 'sc'];
          await compare(oneNode(inShape, 'Resize', { mode: 'nearest' }, inits, extra), inShape);
        },
      ),
      { numRuns: 30 },
    );
  });
});
