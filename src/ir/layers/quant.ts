// Quant: QONNX Quant / BipolarQuant / Trunc, and ONNX QuantizeLinear→DequantizeLinear pairs.
//
// Float semantics (QONNX's reference, in float64), per element with the scale s and zero point
// zp of its channel (one value, or one per index along `axis`):
//   quant:   y = (clamp(round(x/s + zp), lo, hi) − zp)·s      lo/hi from bitwidth, signed, narrow
//            (QONNX quirk kept: a signed 1-bit Quant gives q = x/s + zp ≥ 0 ? 1 : −1)
//   bipolar: y = x ≥ 0 ? s : −s
//   trunc:   y = (clamp(round_mode(round_half_even(x/s + zp) / 2^t), lo, hi)·2^t − zp)·s,
//            t = inputBitwidth − bitwidth (QONNX Trunc: the output scale is s·2^t and the output
//            zero point zp/2^t; lo/hi from the output bitwidth, signed, narrow)
// round = the rounding mode: ROUND half to even, CEIL, FLOOR, ROUND_TO_ZERO, HALF_UP half away
// from zero, HALF_DOWN half toward zero (ratio.ts). Clamping before or after rounding is the same
// (the bounds are integers).
//
// Non power-of-two scales are handled exactly. Write s = m·2^k (m an odd integer; m < 2^24 for a
// float32 scale) and zp = Z·2^−f (Z an integer, f ≥ 0; f = 0 for the usual integer zero point).
// Every output is (q·2^f − Z)·m·2^(k−f) with q an integer in [lo, hi], i.e. an integer multiple
// of 2^(k−f) (of 2^k when Z = 0; Trunc: of 2^(k+t) when Z = 0). Precision rule: the output type
// is the smallest type holding all those values exactly at LSB L = the smallest of those
// exponents over the channels (exactTypeOfRange). A power-of-two scale with a
// zero zero point therefore gives exactly the quantizer's bitwidth, signed or unsigned; other
// scales give a wider but still exact type. request.result is not used.
//
// Fixed-point semantics: the same formulas on the exact input value: x/s + zp is an exact
// rational, rounded by the mode (roundRatio), clamped, and the output raw integer at LSB L is
// (q·2^f − Z)·m·2^(k−f−L) — no rounding anywhere but the quantizer's own. If the output tensor
// was given another type than the exact one, the exact value is converted to it.

import { exactTypeOfRange } from '../fixed/arith.js';
import { exactParts } from '../fixed/double.js';
import { fracOf, roundsUp } from '../fixed/round.js';
import { type FixedType, lsbExp, sameType } from '../fixed/type.js';
import { type LayerOf, size } from '../graph.js';
import { type Arith, arithFor, fitsDouble, maxAbsRaw, withArith } from './arith.js';
import { fixedTypeOf, tensorOf } from './constants.js';
import { qonnxRounding, type Rounding } from './ratio.js';
import type { LayerSemantics } from './spec.js';

type Quant = LayerOf<'Quant'>;
type QuantAttrs = Quant['attrs'];

/** x = m·2^k with m odd (x a finite non-zero double), or m = 0 for 0. */
export function dyadic(x: number): { m: bigint; k: number } {
  if (x === 0) return { m: 0n, k: 0 };
  const [sig, exp] = exactParts(x);
  let m = BigInt(sig);
  let k = exp;
  while ((m & 1n) === 0n) {
    m >>= 1n;
    k += 1;
  }
  return { m, k };
}

/** The integer range of the quantizer (QONNX min_int / max_int). */
export function intRange(bits: number, signed: boolean, narrow: boolean): { lo: bigint; hi: bigint } {
  const b = BigInt(bits);
  if (signed) return { lo: -(1n << (b - 1n)) + (narrow ? 1n : 0n), hi: (1n << (b - 1n)) - 1n };
  return { lo: 0n, hi: (1n << b) - 1n - (narrow ? 1n : 0n) };
}

/** Number of channels the parameters vary over (1 for per-tensor). */
function channelCount(a: QuantAttrs): number {
  return Math.max(a.scale.length, a.zeroPoint.length);
}

/** Maps a flat element index to its channel. */
function channelOf(a: QuantAttrs, shape: readonly number[]): (i: number) => number {
  const C = channelCount(a);
  if (C === 1) return () => 0;
  const inner = size(shape.slice((a.axis ?? 0) + 1));
  return (i) => Math.floor(i / inner) % C;
}

/** Rounds a double by a mode, exactly (floor and fraction of a double are exact). */
export function roundDouble(v: number, mode: Rounding): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d === 0) return f;
  if (mode === 'CEIL') return f + 1;
  return roundsUp(mode, fracOf(d), v < 0, f % 2 !== 0) ? f + 1 : f;
}

/** Per-channel exact parameters. */
interface Channel {
  m: bigint;
  k: number;
  Z: bigint;
  f: number;
}

function channels(a: QuantAttrs): Channel[] {
  const C = channelCount(a);
  return Array.from({ length: C }, (_, c) => {
    const s = dyadic(a.scale[a.scale.length === 1 ? 0 : c]);
    const z = dyadic(a.zeroPoint[a.zeroPoint.length === 1 ? 0 : c]);
    const f = z.m === 0n ? 0 : Math.max(0, -z.k);
    const Z = z.m === 0n ? 0n : z.k >= 0 ? z.m << BigInt(z.k) : z.m;
    return { m: s.m, k: s.k, Z, f };
  });
}

function truncShift(a: QuantAttrs): number {
  return a.mode === 'trunc' ? (a.inputBitwidth ?? a.bitwidth) - a.bitwidth : 0;
}

/** The quantizer's integer range, with the signed 1-bit quirk ({−1, 1}). */
function qRange(a: QuantAttrs): { lo: bigint; hi: bigint } {
  if (a.mode === 'quant' && a.bitwidth === 1 && a.signed) return { lo: -1n, hi: 1n };
  return intRange(a.bitwidth, a.signed, a.narrow);
}

/** The output of channel c as raw = q·mul − sub at LSB L (bipolar: q = ±1, sub = 0). */
interface Affine {
  mul: bigint;
  sub: bigint;
}

/**
 * The output LSB: every output of channel c is a multiple of 2^(k−f), and of 2^(k+t) when the zero
 * point is 0 (t = the Trunc shift, else 0); L is the smallest over the channels.
 */
function outputLsb(a: QuantAttrs, ch: Channel[]): number {
  const t = truncShift(a);
  return Math.min(...ch.map((c) => (a.mode === 'bipolar' ? c.k : c.Z === 0n ? c.k + t : c.k - c.f)));
}

function affine(a: QuantAttrs, c: Channel, L: number): Affine {
  if (a.mode === 'bipolar') return { mul: c.m << BigInt(c.k - L), sub: 0n };
  const t = truncShift(a);
  // (q·2^(t+f) − Z)·m·2^(k−f−L); with Z = 0 the exponent t + k − L is ≥ 0 even when k − f − L is not
  return { mul: c.m << BigInt(t + c.k - L), sub: c.Z === 0n ? 0n : c.Z * c.m * (1n << BigInt(c.k - c.f - L)) };
}

/** The exact output type (see the header). */
export function quantOutputType(a: QuantAttrs): FixedType {
  const ch = channels(a);
  const L = outputLsb(a, ch);
  const { lo, hi } = a.mode === 'bipolar' ? { lo: -1n, hi: 1n } : qRange(a);
  let rlo = 0n;
  let rhi = 0n;
  ch.forEach((c, i) => {
    const { mul, sub } = affine(a, c, L);
    const l = lo * mul - sub;
    const h = hi * mul - sub;
    if (i === 0 || l < rlo) rlo = l;
    if (i === 0 || h > rhi) rhi = h;
  });
  return exactTypeOfRange(rlo < 0n ? rlo : 0n, rhi > 0n ? rhi : 0n, L);
}

function problem(a: QuantAttrs, x: readonly number[]): string | undefined {
  const C = channelCount(a);
  if (C > 1) {
    if (a.axis === undefined || a.axis < 0 || a.axis >= x.length) return `per-axis parameters need an axis within the shape [${x}]`;
    if (x[a.axis] !== C) return `${C} scales/zero points for axis ${a.axis} of length ${x[a.axis]}`;
  }
  for (const l of [a.scale.length, a.zeroPoint.length])
    if (l !== 1 && l !== C) return 'scale and zero point must have one value or one per channel';
  if (a.scale.some((s) => !(s > 0) || !Number.isFinite(s))) return `scale must be positive and finite, got [${a.scale}]`;
  if (a.zeroPoint.some((z) => !Number.isFinite(z))) return `zero point must be finite, got [${a.zeroPoint}]`;
  if (!Number.isInteger(a.bitwidth) || a.bitwidth < 1) return `bitwidth must be a positive integer, got ${a.bitwidth}`;
  if (a.mode === 'trunc' && !(Number.isInteger(a.inputBitwidth) && a.inputBitwidth! >= a.bitwidth))
    return `Trunc input bitwidth ${a.inputBitwidth} must be an integer ≥ the output bitwidth ${a.bitwidth}`;
  return undefined;
}

export const quantSemantics: LayerSemantics<'Quant'> = {
  kind: 'Quant',

  inferShape(layer, inputShapes) {
    const x = inputShapes[0];
    const p = problem(layer.attrs, x);
    return p ? { error: p } : { shapes: [x] };
  },

  inferTypes(layer) {
    return { outputs: [quantOutputType(layer.attrs)], internal: {}, constants: {} };
  },

  compileFloat(layer, graph) {
    const a = layer.attrs;
    const chOf = channelOf(a, tensorOf(graph, layer.inputs[0]).shape);
    const mode = qonnxRounding(a.rounding);
    const { lo, hi } = qRange(a);
    const [qlo, qhi] = [Number(lo), Number(hi)];
    const t = 2 ** truncShift(a);
    const quirk = a.mode === 'quant' && a.bitwidth === 1 && a.signed;
    const scale = (c: number) => a.scale[a.scale.length === 1 ? 0 : c];
    const zp = (c: number) => a.zeroPoint[a.zeroPoint.length === 1 ? 0 : c];
    return ([x]) => {
      const y = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) {
        const c = chOf(i);
        const s = scale(c);
        const z = zp(c);
        if (a.mode === 'bipolar') {
          y[i] = x[i] >= 0 ? s : -s;
          continue;
        }
        const v = x[i] / s + z;
        let q: number;
        if (a.mode === 'trunc') q = roundDouble(roundDouble(v, 'RND_CONV') / t, mode);
        else q = quirk ? (v >= 0 ? 1 : -1) : roundDouble(v, mode);
        q = Math.min(Math.max(q, qlo), qhi);
        y[i] = (q * t - z) * s;
      }
      return [y];
    };
  },

  compileFixed(layer, graph, options) {
    const a = layer.attrs;
    const xShape = tensorOf(graph, layer.inputs[0]).shape;
    const chOf = channelOf(a, xShape);
    const xType = fixedTypeOf(graph, layer.inputs[0]);
    const outType = fixedTypeOf(graph, layer.outputs[0]);
    const exactType = quantOutputType(a);
    const convertOut = !sameType(exactType, outType);
    const mode = qonnxRounding(a.rounding);
    const ch = channels(a);
    const L = outputLsb(a, ch);
    const lx = lsbExp(xType);
    const { lo, hi } = qRange(a);
    const t = truncShift(a);
    const quirk = a.mode === 'quant' && a.bitwidth === 1 && a.signed;
    // x/s + zp = (X·mulX + addZ) / den, X the raw input (see the header)
    const params = ch.map((c) => {
      const e = lx - c.k + c.f;
      return {
        mulX: 1n << BigInt(Math.max(e, 0)),
        addZ: c.Z * c.m * (1n << BigInt(Math.max(-e, 0))),
        den: c.m * (1n << BigInt(c.f + Math.max(-e, 0))),
        ...affine(a, c, L),
      };
    });
    // the number path is exact when every intermediate integer stays within 2^53
    const xMax = maxAbsRaw(xType);
    const qMax = (lo < 0n ? -lo : lo) > hi ? (lo < 0n ? -lo : lo) : hi;
    const fits = params.every((p) => {
      const num = xMax * p.mulX + (p.addZ < 0n ? -p.addZ : p.addZ);
      const q0 = num / p.den + 1n;
      return fitsDouble(num + p.den) && fitsDouble(q0 + (1n << BigInt(t))) && fitsDouble(qMax * p.mul + (p.sub < 0n ? -p.sub : p.sub));
    });
    return withArith(arithFor(options, [xType, exactType, outType], [], fits), <V extends number | bigint>(A: Arith<V>) => {
      const mulX = A.from(params.map((p) => p.mulX));
      const addZ = A.from(params.map((p) => p.addZ));
      const den = A.from(params.map((p) => p.den));
      const mul = A.from(params.map((p) => p.mul));
      const sub = A.from(params.map((p) => p.sub));
      const qlo = A.of(lo);
      const qhi = A.of(hi);
      const one = A.of(1);
      const pow2t = A.of(1n << BigInt(t));
      const zero = A.zero;
      return (inputs) => {
        const x = A.adopt(inputs[0]);
        const y = A.alloc(x.length);
        for (let i = 0; i < x.length; i++) {
          const c = chOf(i);
          let raw: V;
          if (a.mode === 'bipolar') {
            raw = A.lt(x[i], zero) ? A.neg(mul[c]) : mul[c];
          } else {
            const num = A.add(A.mul(x[i], mulX[c]), addZ[c]);
            let q: V;
            if (a.mode === 'trunc') q = A.roundRatio(A.roundRatio(num, den[c], 'RND_CONV'), pow2t, mode);
            else q = quirk ? (A.lt(num, zero) ? A.neg(one) : one) : A.roundRatio(num, den[c], mode);
            if (A.lt(q, qlo)) q = qlo;
            else if (A.lt(qhi, q)) q = qhi;
            raw = A.sub(A.mul(q, mul[c]), sub[c]);
          }
          y[i] = convertOut ? A.requantize(L, raw, outType) : raw;
        }
        return [A.raw(y)];
      };
    });
  },
};
