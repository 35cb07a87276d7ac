// A small builder for ONNX models in tests: nodes, initializers, inputs with a symbolic batch.
// Integer numbers become INT attributes, others FLOAT; wrap with f()/fs() to force floats.

import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export const FLOAT = 1;
export const UINT8 = 2;
export const INT8 = 3;
export const INT16 = 5;
export const INT32 = 6;
export const INT64 = 7;
export const DOUBLE = 11;

export type Dim = number | string;

export interface TensorSpec {
  name: string;
  dims: number[];
  data: number[];
  dtype?: number;
  /** store as raw_data (little-endian) instead of the typed field */
  raw?: boolean;
}

type FloatAttr = { readonly __float: number };
type FloatsAttr = { readonly __floats: number[] };
type TensorAttr = { readonly __tensor: Omit<TensorSpec, 'name'> & { name?: string } };
export type Attr = number | number[] | string | string[] | FloatAttr | FloatsAttr | TensorAttr;

export const f = (v: number): FloatAttr => ({ __float: v });
export const fs = (v: number[]): FloatsAttr => ({ __floats: v });
export const t = (spec: Omit<TensorSpec, 'name'> & { name?: string }): TensorAttr => ({ __tensor: spec });

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attrs?: Record<string, Attr>;
}

export interface ValueSpec {
  name: string;
  /** dims; strings are symbolic (the batch is usually 'n'); undefined: no shape at all */
  shape?: Dim[];
  /** element type (FLOAT by default); 0: no type information at all */
  dtype?: number;
}

export interface ModelSpec {
  nodes: NodeSpec[];
  inputs: ValueSpec[];
  outputs: (ValueSpec | string)[];
  initializers?: TensorSpec[];
  /** default-domain opset (13 unless given); null: import none */
  opset?: number | null;
  /** extra opset imports, e.g. { 'qonnx.custom_op.general': 1 } */
  domains?: Record<string, number>;
  irVersion?: number;
}

function encodeRaw(dtype: number, data: number[]): Uint8Array {
  const size = { [FLOAT]: 4, [DOUBLE]: 8, [INT64]: 8, [INT32]: 4, [INT16]: 2, [INT8]: 1, [UINT8]: 1 }[dtype] ?? 4;
  const buf = new ArrayBuffer(data.length * size);
  const v = new DataView(buf);
  data.forEach((x, i) => {
    const o = i * size;
    if (dtype === FLOAT) v.setFloat32(o, x, true);
    else if (dtype === DOUBLE) v.setFloat64(o, x, true);
    else if (dtype === INT64) v.setBigInt64(o, BigInt(x), true);
    else if (dtype === INT32) v.setInt32(o, x, true);
    else if (dtype === INT16) v.setInt16(o, x, true);
    else if (dtype === INT8) v.setInt8(o, x);
    else v.setUint8(o, x);
  });
  return new Uint8Array(buf);
}

export function tensorProto(spec: TensorSpec): onnxProto.onnx.ITensorProto {
  const dtype = spec.dtype ?? FLOAT;
  const base: onnxProto.onnx.ITensorProto = { name: spec.name, dims: spec.dims, dataType: dtype };
  if (spec.raw) return { ...base, rawData: encodeRaw(dtype, spec.data) };
  if (dtype === FLOAT) return { ...base, floatData: spec.data };
  if (dtype === DOUBLE) return { ...base, doubleData: spec.data };
  // numbers at ±2^63 (INT64_MAX/MIN as JS numbers) are written as the exact int64 bounds
  if (dtype === INT64) return { ...base, int64Data: spec.data.map((v) => (v >= 2 ** 63 ? '9223372036854775807' : v <= -(2 ** 63) ? '-9223372036854775808' : v)) as never };
  return { ...base, int32Data: spec.data };
}

function attribute(name: string, a: Attr): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof a === 'number') return Number.isInteger(a) ? { name, type: T.INT, i: a } : { name, type: T.FLOAT, f: a };
  if (typeof a === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(a) };
  if (Array.isArray(a)) {
    if (a.length > 0 && typeof a[0] === 'string') return { name, type: T.STRINGS, strings: (a as string[]).map((s) => new TextEncoder().encode(s)) };
    const nums = a as number[];
    return nums.every(Number.isInteger) ? { name, type: T.INTS, ints: nums } : { name, type: T.FLOATS, floats: nums };
  }
  if ('__float' in a) return { name, type: T.FLOAT, f: a.__float };
  if ('__floats' in a) return { name, type: T.FLOATS, floats: a.__floats };
  return { name, type: T.TENSOR, t: tensorProto({ name: a.__tensor.name ?? '', ...a.__tensor }) };
}

function valueInfo(v: ValueSpec | string): onnxProto.onnx.IValueInfoProto {
  const spec = typeof v === 'string' ? { name: v } : v;
  if (spec.dtype === 0) return { name: spec.name }; // no type: left to the runtime's inference
  const tensorType: onnxProto.onnx.TypeProto.ITensor = { elemType: spec.dtype ?? FLOAT };
  if (spec.shape) tensorType.shape = { dim: spec.shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) };
  return { name: spec.name, type: { tensorType } };
}

export function modelProto(spec: ModelSpec): onnxProto.onnx.IModelProto {
  const opset = spec.opset === undefined ? 13 : spec.opset;
  const opsetImport: onnxProto.onnx.IOperatorSetIdProto[] = [];
  if (opset !== null) opsetImport.push({ domain: '', version: opset });
  for (const [domain, version] of Object.entries(spec.domains ?? {})) opsetImport.push({ domain, version });
  const ir = spec.irVersion ?? (opset === null || opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10);
  return {
    irVersion: ir,
    producerName: 'fhls-test',
    opsetImport,
    graph: {
      name: 'g',
      node: spec.nodes.map((n, i) => ({
        name: n.name ?? `${n.op.toLowerCase()}_${i}`,
        opType: n.op,
        domain: n.domain ?? '',
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: (spec.initializers ?? []).map(tensorProto),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
  };
}

export function buildModel(spec: ModelSpec): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(modelProto(spec))).finish();
}

/** Deterministic pseudo-random values in [-1, 1). */
export function seeded(n: number, seed = 1): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** float32-representable copies, so ONNX Runtime and fhls see identical constants. */
export function f32(values: number[]): number[] {
  return values.map((v) => Math.fround(v));
}
