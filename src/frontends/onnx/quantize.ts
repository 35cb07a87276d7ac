// Quantizer arithmetic for folding QONNX Quant/BipolarQuant/Trunc and ONNX QuantizeLinear /
// DequantizeLinear on constants (weights), exactly where the scale is a power of two: x/scale and
// (q − zp)·scale are then exact in float64, and rounding is done on the exact quotient.

import type { FixedType } from '../../ir/fixed/type.js';
import { exactTypeOfRange } from '../../ir/fixed/arith.js';
import { dyadic } from '../../ir/layers/quant.js';
import type { QuantRounding, TensorType } from '../../ir/graph.js';
import type { ConstTensor } from './proto.js';
import { DT } from './proto.js';
import { broadcastIndex, prod, sameShape } from './tensor.js';
import { broadcastShapes } from './shapes.js';

/** QONNX rounding modes (UP = away from zero, DOWN = toward zero; ROUND = half to even). */
export type Rounding = 'ROUND' | 'CEIL' | 'FLOOR' | 'UP' | 'DOWN' | 'HALF_UP' | 'HALF_DOWN';

export function parseRounding(s: string): Rounding | undefined {
  const u = s.trim().toUpperCase();
  if (u === 'ROUND' || u === 'HALF_EVEN') return 'ROUND';
  if (u === 'ROUND_TO_ZERO') return 'DOWN';
  if (u === 'CEIL' || u === 'FLOOR' || u === 'UP' || u === 'DOWN' || u === 'HALF_UP' || u === 'HALF_DOWN') return u;
  return undefined;
}

/** The IR's name for a rounding mode; undefined for UP, which the IR's Quant layer lacks. */
export function irRounding(r: Rounding): QuantRounding | undefined {
  switch (r) {
    case 'DOWN':
      return 'ROUND_TO_ZERO';
    case 'UP':
      return undefined;
    default:
      return r;
  }
}

/** Rounds v to an integer. Exact for every double (no v + 0.5 tricks). */
export function roundBy(mode: Rounding, v: number): number {
  const f = Math.floor(v);
  const d = v - f; // exact
  switch (mode) {
    case 'ROUND':
      return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
    case 'CEIL':
      return Math.ceil(v);
    case 'FLOOR':
      return f;
    case 'UP':
      return v >= 0 ? Math.ceil(v) : f;
    case 'DOWN':
      return Math.trunc(v);
    case 'HALF_UP': {
      const a = Math.abs(v);
      const fa = Math.floor(a);
      return Math.sign(v) * (a - fa >= 0.5 ? fa + 1 : fa) || 0;
    }
    case 'HALF_DOWN': {
      const a = Math.abs(v);
      const fa = Math.floor(a);
      return Math.sign(v) * (a - fa > 0.5 ? fa + 1 : fa) || 0;
    }
  }
}

/**
 * Integer range of a quantizer (QONNX min_int/max_int). Beyond 53 bits the upper bound is not a
 * double: it rounds up to 2^(bits−1), the nearest representable value.
 */
export function intRange(signed: boolean, narrow: boolean, bits: number): { lo: number; hi: number } {
  if (signed) return { lo: -(2 ** (bits - 1)) + (narrow ? 1 : 0), hi: 2 ** (bits - 1) - 1 };
  return { lo: 0, hi: 2 ** bits - 1 - (narrow ? 1 : 0) };
}

/** k when s = 2^k exactly, else undefined. */
export function pow2Exponent(s: number): number | undefined {
  if (!(s > 0) || !Number.isFinite(s)) return undefined;
  const k = Math.round(Math.log2(s));
  return 2 ** k === s ? k : undefined;
}

/** Why a bitwidth is unusable (0, negative, non-integer, above 64), or undefined when fine. */
export function bitwidthProblem(b: number): string | undefined {
  if (!Number.isFinite(b) || !Number.isInteger(b)) return `is ${b}, not an integer`;
  if (b < 1) return `is ${b}; it must be at least 1`;
  if (b > 64) return `is ${b}; fhls supports at most 64 bits`;
  return undefined;
}

function fixed(signed: boolean, width: number, intBits: number): FixedType {
  return { signed, width, intBits, q: 'TRN', o: 'WRAP', n: 0 };
}

/**
 * The exact type of quantized values q·scale with q in a `bits`-bit integer range, when every scale
 * is a power of two and every zero point is 0: one FixedType, or one per element when scales differ.
 */
function exactType(signed: boolean, bits: number, scales: readonly number[], zps: readonly number[], perElementScale: (i: number) => number, n: number): TensorType | undefined {
  if (zps.some((z) => z !== 0)) return undefined;
  const exps = scales.map(pow2Exponent);
  if (exps.some((e) => e === undefined)) return undefined;
  const first = exps[0] as number;
  if (exps.every((e) => e === first)) return fixed(signed, bits, bits + first);
  return { elements: Array.from({ length: n }, (_, i) => fixed(signed, bits, bits + (pow2Exponent(perElementScale(i)) as number))) };
}

export interface QuantSpec {
  scale: ConstTensor;
  zeroPoint: ConstTensor;
  bits: number;
  signed: boolean;
  narrow: boolean;
  rounding: Rounding;
}

/** Broadcast indices of scale and zero point over x, or a message when they would change x's shape. */
function paramIndex(x: ConstTensor, p: ConstTensor, what: string): number[] | string {
  const b = broadcastShapes(x.shape, p.shape);
  if (!b || !sameShape(b, x.shape)) return `${what} of shape [${p.shape.join(', ')}] does not broadcast to the input [${x.shape.join(', ')}]`;
  return broadcastIndex(x.shape, p.shape);
}

/**
 * The smallest type holding every value exactly, for quantized constants whose scales are not
 * powers of two: (q − zp)·scale is a small integer times a float32 scale, exact in float64, so
 * every value is an integer multiple of 2^L for the smallest LSB L among them.
 */
export function exactTypeOfValues(values: readonly number[]): FixedType | undefined {
  let lsb = Infinity;
  const parts = values.map((v) => {
    if (v === 0) return { m: 0n, k: Infinity };
    const d = dyadic(v);
    lsb = Math.min(lsb, d.k);
    return d;
  });
  if (lsb === Infinity) return fixed(false, 1, 1);
  let lo = 0n;
  let hi = 0n;
  for (const { m, k } of parts) {
    if (m === 0n) continue;
    const raw = m << BigInt(k - lsb);
    if (raw < lo) lo = raw;
    if (raw > hi) hi = raw;
  }
  const t = exactTypeOfRange(lo, hi, lsb);
  return t.width <= 64 ? t : undefined;
}

/** QONNX Quant on a constant: y = (clamp(round(x/scale + zp)) − zp)·scale. */
export function quantConst(x: ConstTensor, q: QuantSpec): ConstTensor | string {
  const si = paramIndex(x, q.scale, 'scale');
  if (typeof si === 'string') return si;
  const zi = paramIndex(x, q.zeroPoint, 'zero point');
  if (typeof zi === 'string') return zi;
  if (q.scale.data.some((s) => !(s > 0) || !Number.isFinite(s))) return 'scale must be positive and finite';
  const { lo, hi } = intRange(q.signed, q.narrow, q.bits);
  const data = x.data.map((v, i) => {
    const s = q.scale.data[si[i]];
    const z = q.zeroPoint.data[zi[i]];
    // round(v/s + z) = round(v/s) + z for an integer z, which keeps the rounding exact
    let r = Number.isInteger(z) ? roundBy(q.rounding, v / s) + z : roundBy(q.rounding, v / s + z);
    r = Math.min(hi, Math.max(lo, r));
    return (r - z) * s;
  });
  const type = exactType(q.signed, q.bits, q.scale.data, q.zeroPoint.data, (i) => q.scale.data[si[i]], data.length) ?? exactTypeOfValues(data);
  return { dtype: DT.FLOAT, shape: x.shape.slice(), data, quantized: true, ...(type ? { type } : {}) };
}

/** QONNX BipolarQuant on a constant: y = (x ≥ 0 ? 1 : −1)·scale; exact type signed 2 bits. */
export function bipolarConst(x: ConstTensor, scale: ConstTensor): ConstTensor | string {
  const si = paramIndex(x, scale, 'scale');
  if (typeof si === 'string') return si;
  const data = x.data.map((v, i) => (v >= 0 ? 1 : -1) * scale.data[si[i]]);
  // ±s needs a signed 2-bit integer times s
  const type = exactType(true, 2, scale.data, [0], (i) => scale.data[si[i]], data.length);
  return { dtype: DT.FLOAT, shape: x.shape.slice(), data, quantized: true, ...(type ? { type } : {}) };
}

/**
 * QONNX Trunc (5 inputs) on a constant, as the IR defines it:
 * y = (rounding(round(x/scale + zp) / 2^(inBits−outBits))·2^(inBits−outBits) − zp)·scale.
 */
export function truncConst(x: ConstTensor, scale: ConstTensor, zp: ConstTensor, inBits: number, outBits: number, rounding: Rounding): ConstTensor | string {
  const si = paramIndex(x, scale, 'scale');
  if (typeof si === 'string') return si;
  const zi = paramIndex(x, zp, 'zero point');
  if (typeof zi === 'string') return zi;
  const t = 2 ** (inBits - outBits);
  const data = x.data.map((v, i) => {
    const s = scale.data[si[i]];
    const z = zp.data[zi[i]];
    const y = roundBy('ROUND', v / s + z);
    return (roundBy(rounding, y / t) * t - z) * s;
  });
  return { dtype: DT.FLOAT, shape: x.shape.slice(), data, quantized: true };
}

/** A 1-D per-axis parameter reshaped to broadcast along `axis` of a rank-`rank` tensor. */
export function alongAxis(p: ConstTensor, axis: number, rank: number): ConstTensor {
  if (prod(p.shape) === 1) return { ...p, shape: [] };
  const shape = new Array(rank).fill(1);
  shape[axis] = prod(p.shape);
  return { ...p, shape };
}

/** ONNX QuantizeLinear on a constant: q = saturate(round_half_even(x/scale) + zp) in zp's integer type. */
export function quantizeLinearConst(x: ConstTensor, scale: ConstTensor, zp: ConstTensor, bits: number, signed: boolean, outDtype: number): ConstTensor | string {
  const si = paramIndex(x, scale, 'scale');
  if (typeof si === 'string') return si;
  const zi = paramIndex(x, zp, 'zero point');
  if (typeof zi === 'string') return zi;
  const { lo, hi } = intRange(signed, false, bits);
  const data = x.data.map((v, i) => Math.min(hi, Math.max(lo, roundBy('ROUND', v / scale.data[si[i]]) + zp.data[zi[i]])));
  return { dtype: outDtype, shape: x.shape.slice(), data, quantized: true };
}

/** ONNX DequantizeLinear on a constant integer tensor: y = (x − zp)·scale, typed when exact. */
export function dequantizeLinearConst(x: ConstTensor, scale: ConstTensor, zp: ConstTensor, bits: number, signed: boolean): ConstTensor | string {
  const si = paramIndex(x, scale, 'scale');
  if (typeof si === 'string') return si;
  const zi = paramIndex(x, zp, 'zero point');
  if (typeof zi === 'string') return zi;
  const data = x.data.map((v, i) => (v - zp.data[zi[i]]) * scale.data[si[i]]);
  const type = exactType(signed, bits, scale.data, zp.data, (i) => scale.data[si[i]], data.length) ?? exactTypeOfValues(data);
  return { dtype: DT.FLOAT, shape: x.shape.slice(), data, quantized: true, ...(type ? { type } : {}) };
}
