// Quantizers: QONNX Quant / BipolarQuant / Trunc and ONNX QuantizeLinear → DequantizeLinear pairs.
// On a constant (a weight) they are folded into exact values (typed when the scale is a power of
// two); on an activation they become a Quant layer. Their parameters must be constants.

import type { LayerAttrs } from '../../../ir/graph.js';
import type { NodeInfo, PendingQLinear, Reader } from '../context.js';
import { fmtShape } from '../context.js';
import { DT, INT_TYPES, dtypeName, type ConstTensor } from '../proto.js';
import {
  alongAxis,
  bipolarConst,
  bitwidthProblem,
  dequantizeLinearConst,
  irRounding,
  parseRounding,
  quantConst,
  quantizeLinearConst,
  truncConst,
  type Rounding,
} from '../quantize.js';
import { prod } from '../tensor.js';
import { actInput, type OpReader } from './common.js';

type QuantAttrs = LayerAttrs['Quant'];

/** The named constant parameters of a QONNX node; one 'qonnx/non-constant-param' for all that are not. */
function qonnxParams(r: Reader, node: NodeInfo, names: readonly string[]): ConstTensor[] | undefined {
  const out: ConstTensor[] = [];
  const missing: string[] = [];
  names.forEach((what, k) => {
    const name = node.inputs[k + 1] ?? '';
    const c = r.constOf(name);
    if (c) out.push(c);
    else missing.push(name ? `${what} ('${name}')` : `${what} (absent)`);
  });
  if (missing.length) {
    r.reject(node, 'qonnx/non-constant-param', `${node.opType} '${node.name}': ${missing.join(', ')} must be constant; fhls needs fixed quantization parameters`);
    return undefined;
  }
  if (out.some((c) => c.data.some((v) => !Number.isFinite(v)))) {
    r.reject(node, 'qonnx/bad-param', `${node.opType} '${node.name}': quantization parameters must be finite`);
    return undefined;
  }
  return out;
}

function bitwidthOf(r: Reader, node: NodeInfo, c: ConstTensor, what: string): number | undefined {
  if (prod(c.shape) !== 1) {
    r.reject(node, 'qonnx/bad-bitwidth', `${node.opType} '${node.name}': ${what} must be a single value, got shape ${fmtShape(c.shape)}`);
    return undefined;
  }
  const problem = bitwidthProblem(c.data[0]);
  if (problem) {
    r.reject(node, 'qonnx/bad-bitwidth', `${node.opType} '${node.name}': the ${what} ${problem}`);
    return undefined;
  }
  return c.data[0];
}

function roundingOf(r: Reader, node: NodeInfo, dflt: string): Rounding | undefined {
  const s = node.attrs.string('rounding_mode', dflt);
  const m = parseRounding(s);
  if (!m) r.reject(node, 'qonnx/unsupported-rounding', `${node.opType} '${node.name}': unknown rounding_mode '${s}'`);
  return m;
}

function positiveScale(r: Reader, node: NodeInfo, c: ConstTensor, what = 'scale'): boolean {
  if (c.data.every((v) => v > 0)) return true;
  r.reject(node, 'qonnx/bad-param', `${node.opType} '${node.name}': ${what} must be positive`);
  return false;
}

/**
 * Per-tensor or per-axis layout of a parameter broadcast against an activation of per-sample shape
 * `shape`: one value, or one value per index of a single per-sample axis.
 */
function layoutOf(p: ConstTensor, shape: readonly number[]): { values: number[]; axis?: number } | string {
  if (prod(p.shape) === 1) return { values: [p.data[0]] };
  const full = shape.length + 1;
  if (p.shape.length > full) return `has more axes (${fmtShape(p.shape)}) than the input`;
  const padded = [...new Array(full - p.shape.length).fill(1), ...p.shape];
  const long = padded.map((d, i) => (d !== 1 ? i : -1)).filter((i) => i >= 0);
  if (long.length !== 1) return `of shape ${fmtShape(p.shape)} varies along several axes; only per-tensor or per-channel parameters are supported`;
  const a = long[0];
  if (a === 0) return `of shape ${fmtShape(p.shape)} varies along the batch axis`;
  if (padded[a] !== shape[a - 1]) return `of shape ${fmtShape(p.shape)} does not match the input [batch, ${shape.join(', ')}]`;
  return { values: p.data.slice(), axis: a - 1 };
}

function emitQuant(r: Reader, node: NodeInfo, input: string, scale: ConstTensor, zp: ConstTensor | undefined, shape: number[], rest: Omit<QuantAttrs, 'scale' | 'zeroPoint' | 'axis'>): void {
  const s = layoutOf(scale, shape);
  const z = zp ? layoutOf(zp, shape) : { values: [0] };
  if (typeof s === 'string' || typeof z === 'string') {
    r.reject(node, 'qonnx/unsupported-param', `${node.opType} '${node.name}': the ${typeof s === 'string' ? `scale ${s}` : `zero point ${z as string}`}`);
    return;
  }
  if (s.axis !== undefined && z.axis !== undefined && s.axis !== z.axis) {
    r.reject(node, 'qonnx/unsupported-param', `${node.opType} '${node.name}': scale and zero point vary along different axes`);
    return;
  }
  const axis = s.axis ?? z.axis;
  const attrs: QuantAttrs = { ...rest, scale: s.values, zeroPoint: z.values, ...(axis !== undefined ? { axis } : {}) };
  r.emit({ name: node.name, kind: 'Quant', inputs: [input], outputs: [node.outputs[0]], attrs, origin: node.origin }, node);
}

function quantParams(r: Reader, node: NodeInfo) {
  const params = qonnxParams(r, node, ['scale', 'zero point', 'bitwidth']);
  if (!params) return undefined;
  const [scale, zp, bw] = params;
  const bits = bitwidthOf(r, node, bw, 'bitwidth');
  const rounding = roundingOf(r, node, 'ROUND');
  if (bits === undefined || !rounding || !positiveScale(r, node, scale)) return undefined;
  return { scale, zp, bits, rounding, signed: node.attrs.int('signed', 1) !== 0, narrow: node.attrs.int('narrow', 0) !== 0 };
}

function quant(r: Reader, node: NodeInfo): void {
  const p = quantParams(r, node);
  if (!p) return;
  const { scale, zp, bits, rounding, signed, narrow } = p;
  const x = r.value(node.inputs[0] ?? '');
  if (x?.kind === 'const') {
    const q = quantConst(x.c, { scale, zeroPoint: zp, bits, signed, narrow, rounding });
    if (typeof q === 'string') r.reject(node, 'qonnx/unsupported-param', `${node.opType} '${node.name}': ${q}`);
    else r.setConst(node.outputs[0], q);
    return;
  }
  const a = actInput(r, node, 0);
  if (!a) return;
  const ir = irRounding(rounding);
  if (!ir) {
    r.reject(node, 'qonnx/unsupported-rounding', `${node.opType} '${node.name}': rounding_mode '${node.attrs.string('rounding_mode', '')}' (away from zero) is not supported on activations`);
    return;
  }
  emitQuant(r, node, a.tensor, scale, zp, a.shape, { mode: 'quant', bitwidth: bits, signed, narrow, rounding: ir });
}

function bipolarParams(r: Reader, node: NodeInfo) {
  const params = qonnxParams(r, node, ['scale']);
  return params && positiveScale(r, node, params[0]) ? params[0] : undefined;
}

function bipolarQuant(r: Reader, node: NodeInfo): void {
  const scale = bipolarParams(r, node);
  if (!scale) return;
  const x = r.value(node.inputs[0] ?? '');
  if (x?.kind === 'const') {
    const q = bipolarConst(x.c, scale);
    if (typeof q === 'string') r.reject(node, 'qonnx/unsupported-param', `${node.opType} '${node.name}': ${q}`);
    else r.setConst(node.outputs[0], q);
    return;
  }
  const a = actInput(r, node, 0);
  if (!a) return;
  emitQuant(r, node, a.tensor, scale, undefined, a.shape, { mode: 'bipolar', bitwidth: 1, signed: true, narrow: false, rounding: 'ROUND' });
}

/**
 * Trunc with 5 inputs (x, scale, zeropt, in_bitwidth, out_bitwidth) as the IR defines it; the
 * later form with an output scale (6 or 7 inputs) is accepted when out_scale = scale·2^(in−out),
 * which is the same operation.
 */
function truncParams(r: Reader, node: NodeInfo) {
  const n = node.inputs.length;
  const names = n >= 7 ? ['scale', 'zero point', 'input bitwidth', 'output scale', 'output zero point', 'output bitwidth'] : n === 6 ? ['scale', 'zero point', 'input bitwidth', 'output scale', 'output bitwidth'] : ['scale', 'zero point', 'input bitwidth', 'output bitwidth'];
  const params = qonnxParams(r, node, names);
  if (!params) return;
  const [scale, zp, inBw] = params;
  const outBw = params[params.length - 1];
  const inBits = bitwidthOf(r, node, inBw, 'input bitwidth');
  const outBits = bitwidthOf(r, node, outBw, 'output bitwidth');
  const rounding = roundingOf(r, node, 'FLOOR');
  if (inBits === undefined || outBits === undefined || !rounding || !positiveScale(r, node, scale)) return;
  if (outBits > inBits) {
    r.reject(node, 'qonnx/bad-bitwidth', `${node.opType} '${node.name}': output bitwidth ${outBits} exceeds the input bitwidth ${inBits}`);
    return;
  }
  if (n >= 6) {
    const outScale = params[3];
    const expect = scale.data.map((s) => s * 2 ** (inBits - outBits));
    const okScale = prod(outScale.shape) === prod(scale.shape) && outScale.data.every((v, i) => v === expect[i]);
    if (!okScale) {
      r.reject(node, 'qonnx/unsupported-param', `${node.opType} '${node.name}': an output scale other than scale·2^(input bits − output bits) is not supported`);
      return;
    }
  }
  return { scale, zp, inBits, outBits, rounding };
}

function trunc(r: Reader, node: NodeInfo): void {
  const p = truncParams(r, node);
  if (!p) return;
  const { scale, zp, inBits, outBits, rounding } = p;
  const signed = node.attrs.int('signed', 1) !== 0;
  const narrow = node.attrs.int('narrow', 0) !== 0;
  const x = r.value(node.inputs[0] ?? '');
  if (x?.kind === 'const') {
    const q = truncConst(x.c, scale, zp, inBits, outBits, rounding);
    if (typeof q === 'string') r.reject(node, 'qonnx/unsupported-param', `${node.opType} '${node.name}': ${q}`);
    else r.setConst(node.outputs[0], q);
    return;
  }
  const a = actInput(r, node, 0);
  if (!a) return;
  const ir = irRounding(rounding);
  if (!ir) {
    r.reject(node, 'qonnx/unsupported-rounding', `${node.opType} '${node.name}': rounding_mode UP is not supported on activations`);
    return;
  }
  emitQuant(r, node, a.tensor, scale, zp, a.shape, { mode: 'trunc', bitwidth: outBits, inputBitwidth: inBits, signed, narrow, rounding: ir });
}

// --- ONNX QuantizeLinear / DequantizeLinear ---------------------------------------------------------

interface LinearParams {
  scale: ConstTensor;
  zp: ConstTensor;
  bits: number;
  signed: boolean;
  dtype: number;
  /** ONNX axis attribute (full frame, may be negative) */
  axis: number;
}

function linearParams(r: Reader, node: NodeInfo, intDtype: number | undefined): LinearParams | undefined {
  const scaleName = node.inputs[1] ?? '';
  const scale = r.constOf(scaleName);
  const zpName = node.inputs[2] ?? '';
  const zp = zpName ? r.constOf(zpName) : undefined;
  if (!scale || (zpName && !zp)) {
    r.reject(node, 'onnx/non-constant-param', `${node.opType} '${node.name}': the scale and zero point must be constants`);
    return undefined;
  }
  if (node.attrs.int('block_size', 0) !== 0) {
    r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': blocked quantization (block_size) is not supported`);
    return undefined;
  }
  if (!scale.data.every((v) => v > 0 && Number.isFinite(v))) {
    r.reject(node, 'onnx/bad-param', `${node.opType} '${node.name}': scale must be positive and finite`);
    return undefined;
  }
  if (scale.shape.length > 1 || (zp && zp.shape.length > 1)) {
    r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': only per-tensor and per-axis (1-D) scales are supported`);
    return undefined;
  }
  const dtype = intDtype ?? zp?.dtype ?? (node.attrs.int('output_dtype', 0) || DT.UINT8);
  const info = INT_TYPES[dtype];
  if (!info || info.bits > 32) {
    r.reject(node, 'onnx/unsupported-dtype', `${node.opType} '${node.name}': quantizing to ${dtypeName(dtype)} is not supported`);
    return undefined;
  }
  const zero: ConstTensor = zp ?? { dtype, shape: [], data: [0] };
  return { scale, zp: zero, bits: info.bits, signed: info.signed, dtype, axis: node.attrs.int('axis', 1) };
}

/** Scale and zero point shaped to broadcast over a constant of rank `rank` along the ONNX axis. */
function onConstant(r: Reader, node: NodeInfo, p: LinearParams, rank: number): { scale: ConstTensor; zp: ConstTensor } | undefined {
  const a = p.axis < 0 ? p.axis + rank : p.axis;
  const perAxis = prod(p.scale.shape) > 1 || prod(p.zp.shape) > 1;
  if (perAxis && (a < 0 || a >= rank)) {
    r.reject(node, 'onnx/unsupported-attr', `${node.opType} '${node.name}': axis ${p.axis} is out of range`);
    return undefined;
  }
  return { scale: alongAxis(p.scale, a, rank), zp: alongAxis(p.zp, a, rank) };
}

function quantizeLinear(r: Reader, node: NodeInfo): void {
  const p = linearParams(r, node, undefined);
  if (!p) return;
  const x = r.value(node.inputs[0] ?? '');
  if (x?.kind === 'const') {
    const b = onConstant(r, node, p, x.c.shape.length);
    if (!b) return;
    const q = quantizeLinearConst(x.c, b.scale, b.zp, p.bits, p.signed, p.dtype);
    if (typeof q === 'string') r.reject(node, 'onnx/shape-mismatch', `${node.opType} '${node.name}': ${q}`);
    else r.setConst(node.outputs[0], q);
    return;
  }
  const a = actInput(r, node, 0);
  if (!a) return;
  let axis: number | undefined;
  if (prod(p.scale.shape) > 1 || prod(p.zp.shape) > 1) {
    const ax = r.axis(p.axis, a.shape.length);
    if (!ax.ok) {
      r.reject(node, ax.batch ? 'onnx/batch-axis' : 'onnx/unsupported-attr', `${node.opType} '${node.name}': per-axis quantization along axis ${p.axis} ${ax.batch ? 'varies along the batch' : 'is out of range'}`);
      return;
    }
    axis = ax.axis;
  }
  const q: PendingQLinear = {
    tensor: a.tensor,
    shape: a.shape,
    scale: p.scale.data.slice(),
    zeroPoint: p.zp.data.slice(),
    ...(axis !== undefined ? { axis } : {}),
    bitwidth: p.bits,
    signed: p.signed,
    node: node.name,
  };
  r.values.set(node.outputs[0], { kind: 'qlinear', q });
}

function dequantizeLinear(r: Reader, node: NodeInfo): void {
  const x = r.value(node.inputs[0] ?? '');
  if (x?.kind === 'const') {
    const p = linearParams(r, node, x.c.dtype);
    if (!p) return;
    const b = onConstant(r, node, p, x.c.shape.length);
    if (!b) return;
    const y = dequantizeLinearConst(x.c, b.scale, b.zp, p.bits, p.signed);
    if (typeof y === 'string') r.reject(node, 'onnx/shape-mismatch', `${node.opType} '${node.name}': ${y}`);
    else r.setConst(node.outputs[0], y);
    return;
  }
  if (x?.kind !== 'qlinear') {
    if (x?.kind === 'act') r.reject(node, 'onnx/unsupported-qdq', `DequantizeLinear '${node.name}' reads '${node.inputs[0]}', which no QuantizeLinear produced; only QuantizeLinear→DequantizeLinear pairs are supported on activations`);
    else r.poison(node.outputs);
    return;
  }
  const q = x.q;
  const p = linearParams(r, node, undefined);
  if (!p) return;
  let axis: number | undefined;
  if (prod(p.scale.shape) > 1 || prod(p.zp.shape) > 1) {
    const ax = r.axis(p.axis, q.shape.length);
    axis = ax.ok ? ax.axis : -1;
  }
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (!same(p.scale.data, q.scale) || !same(p.zp.data, q.zeroPoint) || axis !== q.axis) {
    r.reject(node, 'onnx/unsupported-qdq', `DequantizeLinear '${node.name}' uses a different scale, zero point or axis than QuantizeLinear '${q.node}'; requantization is not supported`);
    return;
  }
  r.emit(
    {
      name: node.name,
      kind: 'Quant',
      inputs: [q.tensor],
      outputs: [node.outputs[0]],
      attrs: { mode: 'quant', scale: q.scale, zeroPoint: q.zeroPoint, ...(q.axis !== undefined ? { axis: q.axis } : {}), bitwidth: q.bitwidth, signed: q.signed, narrow: false, rounding: 'ROUND' },
      origin: node.origin,
    },
    node,
  );
}

/** Ops of the QONNX domains (qonnx.custom_op.general, finn.custom_op.general, onnx.brevitas). */
/** Checks a quantizer's parameters even when its input could not be read, so all problems show. */
function checkOnly(params: (r: Reader, node: NodeInfo) => unknown) {
  return (r: Reader, node: NodeInfo): void => {
    if (node.inputs.slice(1).every((n) => r.value(n)?.kind === 'const')) params(r, node);
  };
}

export const QONNX_OPS: Record<string, OpReader> = {
  Quant: { read: quant, constants: 'self', check: checkOnly(quantParams) },
  IntQuant: { read: quant, constants: 'self', check: checkOnly(quantParams) },
  BipolarQuant: { read: bipolarQuant, constants: 'self', check: checkOnly(bipolarParams) },
  Trunc: { read: trunc, constants: 'self', check: checkOnly(truncParams) },
};

export const QDQ_OPS: Record<string, OpReader> = {
  QuantizeLinear: { read: quantizeLinear, constants: 'self' },
  DequantizeLinear: { read: dequantizeLinear, constants: 'self' },
};
