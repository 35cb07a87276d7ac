// Decoding the ONNX protobuf: the model itself, tensors (to float64 row-major values) and node
// attributes. Nothing here throws on bad input: problems come back as diagnostics or messages.

import onnxProto from 'onnx-proto';
import { error, type Diagnostic, type Result, fail, ok } from '../../ir/diagnostics.js';
import type { TensorType } from '../../ir/graph.js';

export const { onnx } = onnxProto;
export type ModelProto = onnxProto.onnx.ModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;

/** ONNX TensorProto.DataType codes. */
export const DT = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
  FLOAT8E4M3FN: 17,
  FLOAT8E4M3FNUZ: 18,
  FLOAT8E5M2: 19,
  FLOAT8E5M2FNUZ: 20,
  UINT4: 21,
  INT4: 22,
  FLOAT4E2M1: 23,
} as const;

const DT_NAMES: Record<number, string> = Object.fromEntries(Object.entries(DT).map(([k, v]) => [v, k.toLowerCase()]));

export function dtypeName(dt: number): string {
  return DT_NAMES[dt] ?? `data type ${dt}`;
}

export function isFloatType(dt: number): boolean {
  return dt === DT.FLOAT || dt === DT.DOUBLE || dt === DT.FLOAT16 || dt === DT.BFLOAT16;
}

/** Integer types we can hold exactly (64-bit ones up to 2^53) with their bit width and signedness. */
export const INT_TYPES: Record<number, { bits: number; signed: boolean }> = {
  [DT.UINT8]: { bits: 8, signed: false },
  [DT.INT8]: { bits: 8, signed: true },
  [DT.UINT16]: { bits: 16, signed: false },
  [DT.INT16]: { bits: 16, signed: true },
  [DT.INT32]: { bits: 32, signed: true },
  [DT.INT64]: { bits: 64, signed: true },
  [DT.UINT32]: { bits: 32, signed: false },
  [DT.UINT64]: { bits: 64, signed: false },
  [DT.UINT4]: { bits: 4, signed: false },
  [DT.INT4]: { bits: 4, signed: true },
};

export function isSupportedType(dt: number): boolean {
  return isFloatType(dt) || dt === DT.BOOL || INT_TYPES[dt] !== undefined;
}

/** A constant tensor as the frontend holds it while reading. */
export interface ConstTensor {
  /** ONNX data type of the values */
  dtype: number;
  /** full shape (constants keep every dimension) */
  shape: number[];
  /** float64 values, row-major; integers (int64 included) as numbers */
  data: number[];
  /** the exact fixed-point type, when the values come from a power-of-two quantizer */
  type?: TensorType;
  /** true when the values come out of a quantizer (directly or through data movement) */
  quantized?: boolean;
}

type LongLike = { toNumber(): number };

export function num(v: number | LongLike | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

// ---------------------------------------------------------------------------------------------
// The model

/** Valid UTF-8 with (almost) no control characters in the first 512 bytes. */
function looksLikeText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 512), { stream: true });
  } catch {
    return false;
  }
  if (text.length === 0) return false;
  // eslint-disable-next-line no-control-regex
  const control = text.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  return control / text.length < 0.03;
}

/** Names a well-known non-ONNX binary format from its first bytes. */
function binaryFormat(bytes: Uint8Array): string | undefined {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x89, 0x48, 0x44, 0x46])) return 'looks like an HDF5 file (a Keras .h5 model?); export it to ONNX with tf2onnx';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'looks like a zip archive (a PyTorch .pt checkpoint or a .keras file?); export it with torch.onnx.export or tf2onnx';
  if (bytes.length >= 8 && String.fromCharCode(...bytes.subarray(4, 8)) === 'TFL3') return 'looks like a TensorFlow Lite model';
  if (bytes[0] === 0x80 && bytes[1] !== undefined && bytes[1] >= 2 && bytes[1] <= 5) return 'looks like a Python pickle';
  return undefined;
}

/** Says what kind of text the bytes are, if they are text. */
function textFormat(bytes: Uint8Array): string | undefined {
  if (!looksLikeText(bytes)) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512)).trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'looks like JSON, not a binary ONNX protobuf';
  if (/^(ir_version|graph|opset_import|producer_name)\s*[:{]/.test(text)) return 'looks like the protobuf text format; save the model in binary form (onnx.save)';
  if (text.startsWith('<')) return 'looks like XML/HTML text, not a binary ONNX protobuf';
  return 'looks like a text file, not a binary ONNX protobuf';
}

/** Decodes a ModelProto, or says why the bytes are not an ONNX model. */
export function decodeModel(bytes: Uint8Array, file: string): Result<ModelProto> {
  const where = { file };
  const notOnnx = (message: string) => fail<ModelProto>([error('onnx/not-onnx', message, where)]);
  if (bytes.length === 0) return notOnnx('the file is empty');
  const binary = binaryFormat(bytes);
  if (binary) return notOnnx(`not an ONNX model: the file ${binary}`);
  let model: ModelProto | undefined;
  let problem = '';
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  if (model && (model.graph || num(model.irVersion) !== 0 || (model.opsetImport ?? []).length > 0)) {
    if (!model.graph) return fail([error('onnx/no-graph', 'the ONNX model has no graph', where)]);
    return ok(model);
  }
  const text = textFormat(bytes);
  if (text) return notOnnx(`not an ONNX model: the file ${text}`);
  if (!problem) return notOnnx('not an ONNX model: the bytes decode as protobuf but carry no ONNX model fields (ir_version, opset_import, graph)');
  if (/index out of range/.test(problem)) return notOnnx(`not a complete ONNX model: the protobuf ends too early (truncated file?): ${problem}`);
  return notOnnx(`not an ONNX model: the bytes are not a valid protobuf (${problem})`);
}

// ---------------------------------------------------------------------------------------------
// Tensors

function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32view = new DataView(new ArrayBuffer(4));
function bfloat16ToNumber(b: number): number {
  f32view.setUint32(0, (b & 0xffff) << 16);
  return f32view.getFloat32(0);
}

function readRaw(dt: number, raw: Uint8Array, count: number): number[] | string {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = new Array(count);
  const need = (bytesPer: number) => (raw.byteLength < count * bytesPer ? `raw_data holds ${raw.byteLength} bytes, ${count} values of ${dtypeName(dt)} need ${count * bytesPer}` : '');
  const read = (bytesPer: number, get: (off: number) => number): number[] | string => {
    const problem = need(bytesPer);
    if (problem) return problem;
    for (let i = 0; i < count; i++) out[i] = get(i * bytesPer);
    return out;
  };
  switch (dt) {
    case DT.FLOAT:
      return read(4, (o) => view.getFloat32(o, true));
    case DT.DOUBLE:
      return read(8, (o) => view.getFloat64(o, true));
    case DT.FLOAT16:
      return read(2, (o) => halfToNumber(view.getUint16(o, true)));
    case DT.BFLOAT16:
      return read(2, (o) => bfloat16ToNumber(view.getUint16(o, true)));
    case DT.INT8:
      return read(1, (o) => view.getInt8(o));
    case DT.UINT8:
    case DT.BOOL:
      return read(1, (o) => view.getUint8(o));
    case DT.INT16:
      return read(2, (o) => view.getInt16(o, true));
    case DT.UINT16:
      return read(2, (o) => view.getUint16(o, true));
    case DT.INT32:
      return read(4, (o) => view.getInt32(o, true));
    case DT.UINT32:
      return read(4, (o) => view.getUint32(o, true));
    case DT.INT64:
      return read(8, (o) => Number(view.getBigInt64(o, true)));
    case DT.UINT64:
      return read(8, (o) => Number(view.getBigUint64(o, true)));
    case DT.INT4:
    case DT.UINT4: {
      if (raw.byteLength < Math.ceil(count / 2)) return `raw_data holds ${raw.byteLength} bytes, ${count} packed 4-bit values need ${Math.ceil(count / 2)}`;
      for (let i = 0; i < count; i++) out[i] = nibble(raw[i >> 1], i & 1, dt === DT.INT4);
      return out;
    }
    default:
      return `unsupported data type ${dtypeName(dt)}`;
  }
}

function nibble(byte: number, high: number, signed: boolean): number {
  const v = high ? (byte >> 4) & 0xf : byte & 0xf;
  return signed && v >= 8 ? v - 16 : v;
}

function readFields(dt: number, t: TensorProto, count: number): number[] | string {
  let values: number[];
  switch (dt) {
    case DT.FLOAT:
      values = (t.floatData ?? []).slice();
      break;
    case DT.DOUBLE:
      values = (t.doubleData ?? []).slice();
      break;
    case DT.INT64:
      values = (t.int64Data ?? []).map(num);
      break;
    case DT.UINT32:
    case DT.UINT64:
      values = (t.uint64Data ?? []).map((v) => (typeof v === 'number' ? v : Number(BigInt.asUintN(64, BigInt(v.toString())))));
      break;
    case DT.FLOAT16:
      values = (t.int32Data ?? []).map(halfToNumber);
      break;
    case DT.BFLOAT16:
      values = (t.int32Data ?? []).map(bfloat16ToNumber);
      break;
    case DT.INT4:
    case DT.UINT4: {
      const packed = t.int32Data ?? [];
      values = [];
      for (let i = 0; i < count; i++) values.push(nibble(packed[i >> 1] ?? 0, i & 1, dt === DT.INT4));
      if (packed.length < Math.ceil(count / 2)) return `int32_data holds ${packed.length} packed bytes, ${count} 4-bit values need ${Math.ceil(count / 2)}`;
      break;
    }
    case DT.INT32:
    case DT.INT16:
    case DT.INT8:
    case DT.UINT16:
    case DT.UINT8:
    case DT.BOOL:
      values = (t.int32Data ?? []).slice();
      break;
    default:
      return `unsupported data type ${dtypeName(dt)}`;
  }
  if (values.length !== count) return `it holds ${values.length} values but its shape [${(t.dims ?? []).map(num).join(', ')}] needs ${count}`;
  return values;
}

export interface TensorProblem {
  code: string;
  message: string;
  hint?: string;
}

/** A TensorProto as a ConstTensor, or what is wrong with it. */
export function decodeTensor(t: TensorProto, label: string): ConstTensor | TensorProblem {
  const dt = t.dataType ?? DT.UNDEFINED;
  const shape = (t.dims ?? []).map(num);
  if (t.dataLocation === 1 || (t.externalData ?? []).length > 0) {
    const location = (t.externalData ?? []).find((e) => e.key === 'location')?.value;
    return {
      code: 'onnx/external-data',
      message: `tensor '${label}' keeps its data in an external file${location ? ` ('${location}')` : ''}; external data is not supported`,
      hint: 'save the model with all tensors inside the .onnx file: onnx.save_model(model, path, save_as_external_data=False)',
    };
  }
  if (!isSupportedType(dt)) {
    return { code: 'onnx/unsupported-dtype', message: `tensor '${label}' has data type ${dtypeName(dt)}, which fhls cannot read` };
  }
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    return { code: 'onnx/bad-tensor', message: `tensor '${label}' has an invalid shape [${shape.join(', ')}]` };
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  const data = raw ? readRaw(dt, raw, count) : count === 0 ? [] : readFields(dt, t, count);
  if (typeof data === 'string') return { code: 'onnx/bad-tensor', message: `tensor '${label}' cannot be read: ${data}` };
  return { dtype: dt, shape, data: dt === DT.BOOL ? data.map((v) => (v ? 1 : 0)) : data };
}

export function isProblem(x: ConstTensor | TensorProblem): x is TensorProblem {
  return (x as TensorProblem).code !== undefined;
}

/** The multi-index of flat index `i` in `shape`, for messages. */
export function multiIndex(i: number, shape: readonly number[]): number[] {
  const idx: number[] = new Array(shape.length).fill(0);
  for (let k = shape.length - 1; k >= 0; k--) {
    const d = shape[k] || 1;
    idx[k] = i % d;
    i = Math.floor(i / d);
  }
  return idx;
}

/** 'onnx/non-finite' when a constant holds NaN or ±Inf, naming the first bad element. */
export function checkFinite(c: ConstTensor, label: string, origin: Diagnostic['origin']): Diagnostic | undefined {
  const i = c.data.findIndex((v) => !Number.isFinite(v));
  if (i < 0) return undefined;
  const where = c.shape.length > 1 ? ` (index [${multiIndex(i, c.shape).join(', ')}])` : '';
  return error('onnx/non-finite', `constant '${label}' holds ${c.data[i]} at element ${i}${where}; weights and constants must be finite`, origin);
}

// ---------------------------------------------------------------------------------------------
// Attributes

export type AttrValue =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: TensorProto }
  | { kind: 'floats'; value: number[] }
  | { kind: 'ints'; value: number[] }
  | { kind: 'strings'; value: string[] }
  | { kind: 'other'; type: number };

const text = new TextDecoder();
const AT = onnx.AttributeProto.AttributeType;

export function decodeAttribute(a: AttributeProto): AttrValue {
  // Older exporters leave `type` unset; guess from the field that carries a value.
  let type = a.type ?? AT.UNDEFINED;
  if (type === AT.UNDEFINED) {
    if (a.t) type = AT.TENSOR;
    else if ((a.floats ?? []).length) type = AT.FLOATS;
    else if ((a.ints ?? []).length) type = AT.INTS;
    else if ((a.strings ?? []).length) type = AT.STRINGS;
    else if (a.s && a.s.length) type = AT.STRING;
    else if (a.f) type = AT.FLOAT;
    else type = AT.INT;
  }
  switch (type) {
    case AT.FLOAT:
      return { kind: 'float', value: a.f ?? 0 };
    case AT.INT:
      return { kind: 'int', value: num(a.i) };
    case AT.STRING:
      return { kind: 'string', value: text.decode(a.s ?? new Uint8Array()) };
    case AT.TENSOR:
      return a.t ? { kind: 'tensor', value: a.t } : { kind: 'other', type };
    case AT.FLOATS:
      return { kind: 'floats', value: (a.floats ?? []).slice() };
    case AT.INTS:
      return { kind: 'ints', value: (a.ints ?? []).map(num) };
    case AT.STRINGS:
      return { kind: 'strings', value: (a.strings ?? []).map((s) => text.decode(s)) };
    default:
      return { kind: 'other', type };
  }
}

/** Typed access to a node's attributes with ONNX defaults. */
export class Attrs {
  constructor(private readonly map: ReadonlyMap<string, AttrValue>) {}

  has(name: string): boolean {
    return this.map.has(name);
  }

  int(name: string, dflt: number): number {
    const a = this.map.get(name);
    if (a?.kind === 'int') return a.value;
    if (a?.kind === 'float') return a.value;
    return dflt;
  }

  float(name: string, dflt: number): number {
    const a = this.map.get(name);
    if (a?.kind === 'float' || a?.kind === 'int') return a.value;
    return dflt;
  }

  string(name: string, dflt: string): string {
    const a = this.map.get(name);
    return a?.kind === 'string' ? a.value : dflt;
  }

  ints(name: string): number[] | undefined {
    const a = this.map.get(name);
    if (a?.kind === 'ints') return a.value;
    if (a?.kind === 'int') return [a.value];
    return undefined;
  }

  floats(name: string): number[] | undefined {
    const a = this.map.get(name);
    if (a?.kind === 'floats') return a.value;
    if (a?.kind === 'ints') return a.value;
    if (a?.kind === 'float') return [a.value];
    return undefined;
  }

  tensor(name: string): TensorProto | undefined {
    const a = this.map.get(name);
    return a?.kind === 'tensor' ? a.value : undefined;
  }

  get(name: string): AttrValue | undefined {
    return this.map.get(name);
  }

  names(): string[] {
    return [...this.map.keys()];
  }
}

export function nodeAttrs(node: NodeProto): Attrs {
  const m = new Map<string, AttrValue>();
  for (const a of node.attribute ?? []) if (a.name) m.set(a.name, decodeAttribute(a));
  return new Attrs(m);
}

/** A graph input's element type and dimensions (numbers or symbolic names); dims undefined when no shape. */
export function valueInfoShape(vi: ValueInfoProto): { elemType: number; dims?: (number | string)[] } {
  const tt = vi.type?.tensorType;
  if (!tt) return { elemType: 0 };
  const elemType = tt.elemType ?? 0;
  if (!tt.shape) return { elemType };
  // A dimension with neither dim_value nor dim_param decodes as dim_value 0: reported as unknown.
  const dims = (tt.shape.dim ?? []).map((d) => (d.dimParam ? d.dimParam : num(d.dimValue)));
  return { elemType, dims };
}
