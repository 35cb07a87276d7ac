// Quant (QONNX Quant / BipolarQuant / Trunc, ONNX QuantizeLinear→DequantizeLinear) in Vitis HLS
// C++: fhls/quant.h. Semantics: src/ir/layers/quant.ts — the integer constants below are derived
// exactly as the emulator derives them (scale = m·2^k with m odd, zero point = Z·2^−f).

import { bitLength } from '../../../ir/fixed/double.js';
import { lsbExp } from '../../../ir/fixed/type.js';
import { type LayerOf, size } from '../../../ir/graph.js';
import { qonnxRounding } from '../../../ir/layers/ratio.js';
import { dyadic, intRange, quantOutputType } from '../../../ir/layers/quant.js';
import { configStruct, cppInt, cppIntValue, cppType } from '../cpp.js';
import type { Emitter, LayerCode } from '../emitter.js';

type Attrs = LayerOf<'Quant'>['attrs'];

export interface QuantChannel {
  mulX: bigint;
  addZ: bigint;
  den: bigint;
  mul: bigint;
  sub: bigint;
}

/** Every constant of the quantizer for an input of LSB exponent lx (see src/ir/layers/quant.ts). */
export function quantConstants(a: Attrs, lx: number) {
  const C = Math.max(a.scale.length, a.zeroPoint.length);
  const ch = Array.from({ length: C }, (_, c) => {
    const s = dyadic(a.scale[a.scale.length === 1 ? 0 : c]);
    const z = dyadic(a.zeroPoint[a.zeroPoint.length === 1 ? 0 : c]);
    const f = z.m === 0n ? 0 : Math.max(0, -z.k);
    const Z = z.m === 0n ? 0n : z.k >= 0 ? z.m << BigInt(z.k) : z.m;
    return { m: s.m, k: s.k, Z, f };
  });
  const t = a.mode === 'trunc' ? (a.inputBitwidth ?? a.bitwidth) - a.bitwidth : 0;
  const quirk = a.mode === 'quant' && a.bitwidth === 1 && a.signed;
  const { lo, hi } = quirk ? { lo: -1n, hi: 1n } : intRange(a.bitwidth, a.signed, a.narrow);
  // the output LSB and the affine map q ↦ raw (as quant.ts's outputLsb / affine)
  const L = Math.min(...ch.map((c) => (a.mode === 'bipolar' ? c.k : c.Z === 0n ? c.k + t : c.k - c.f)));
  const channels: QuantChannel[] = ch.map((c) => {
    const e = lx - c.k + c.f;
    const affine =
      a.mode === 'bipolar'
        ? { mul: c.m << BigInt(c.k - L), sub: 0n }
        : { mul: c.m << BigInt(t + c.k - L), sub: c.Z === 0n ? 0n : c.Z * c.m * (1n << BigInt(c.k - c.f - L)) };
    return {
      mulX: 1n << BigInt(Math.max(e, 0)),
      addZ: c.Z * c.m * (1n << BigInt(Math.max(-e, 0))),
      den: c.m * (1n << BigInt(c.f + Math.max(-e, 0))),
      ...affine,
    };
  });
  return { channels, t, quirk, lo, hi, L };
}

const abs = (v: bigint) => (v < 0n ? -v : v);

export const emitQuant: Emitter<'Quant'> = (layer, ctx): LayerCode => {
  const a = layer.attrs;
  const x = ctx.input(0);
  const y = ctx.output(0);
  const exact = quantOutputType(a);
  const k = quantConstants(a, lsbExp(x.fixed));
  if (lsbExp(exact) !== k.L) throw new Error(`Quant '${layer.name}': output LSB mismatch (${lsbExp(exact)} vs ${k.L})`);
  const C = k.channels.length;
  const inner = C === 1 ? 1 : size(x.shape.slice((a.axis ?? 0) + 1));
  // Bits of the signed intermediate: the numerator X·mul_x + add_z with the denominator added,
  // q·mul − sub, 2·den, and the clamp bounds.
  const xMax = 1n << BigInt(x.fixed.width);
  const qMax = abs(k.lo) > abs(k.hi) ? abs(k.lo) : abs(k.hi);
  let bound = qMax + (1n << BigInt(k.t));
  for (const c of k.channels) {
    for (const v of [xMax * c.mulX + abs(c.addZ) + 2n * c.den, 2n * c.den, (qMax + 1n) * c.mul + abs(c.sub), xMax * 2n])
      if (v > bound) bound = v;
  }
  const bits = bitLength(bound) + 2;
  const intT = cppInt(bits);
  const table = (name: string, f: (c: QuantChannel) => bigint, comment?: string) => ({
    table: name,
    returns: 'int_t',
    values: k.channels.map((c) => cppIntValue('int_t', f(c), bits)),
    comment,
  });
  const modeName = { quant: 'fhls::QUANT_QUANT', trunc: 'fhls::QUANT_TRUNC', bipolar: 'fhls::QUANT_BIPOLAR' }[a.mode];
  const rounding = qonnxRounding(a.rounding);
  const cfg = `${ctx.layerId}_config`;
  const config = configStruct(
    cfg,
    `${layer.name}: ${a.mode} ${a.signed ? 'signed' : 'unsigned'} ${a.bitwidth}-bit${a.narrow ? ' narrow' : ''}, ` +
      `scale [${a.scale}], zero point [${a.zeroPoint}], ${a.rounding}${C > 1 ? `, per channel on axis ${a.axis}` : ''}`,
    [
      { const: 'n', value: y.size },
      { const: 'inner', value: inner, comment: 'elements per channel step' },
      { const: 'channels', value: C },
      { typedef: 'int_t', type: intT, comment: 'every intermediate integer' },
      { typedef: 'exact_t', type: cppType(exact), comment: 'the exact output values' },
      { const: 'mode', value: modeName, type: 'int' },
      { const: 'one_bit_quirk', value: k.quirk, comment: 'QONNX: a signed 1-bit quantizer gives ±1' },
      { const: 'round_mode', value: rounding === 'CEIL' ? 'fhls::ROUND_CEIL' : `AP_${rounding}`, type: 'int', comment: `QONNX ${a.rounding}` },
      { fn: 'trunc_pow2', returns: 'int_t', body: `return ${cppIntValue('int_t', 1n << BigInt(k.t), bits)};`, comment: '2^(input bits − output bits) (Trunc)' },
      { fn: 'lo', returns: 'int_t', body: `return ${cppIntValue('int_t', k.lo, bits)};` },
      { fn: 'hi', returns: 'int_t', body: `return ${cppIntValue('int_t', k.hi, bits)};` },
      table('mul_x', (c) => c.mulX, 'x / scale + zero point = (X·mul_x + add_z) / den'),
      table('add_z', (c) => c.addZ),
      table('den', (c) => c.den),
      table('mul', (c) => c.mul, 'output raw = q·mul − sub'),
      table('sub', (c) => c.sub),
    ],
  );
  // bipolar: a sign test; power-of-two denominators: shifts, a rounding increment and a clamp;
  // others: a division by a constant (bits + 3 cycles, as a pipelined divider)
  const powerOfTwo = a.mode === 'bipolar' || k.channels.every((c) => (c.den & (c.den - 1n)) === 0n);
  const inner1 = a.mode === 'bipolar' ? 1 : powerOfTwo ? 2 : bits + 3;
  const parallel = ctx.ioType === 'io_parallel';
  return {
    headers: ['fhls/quant.h'],
    typedefs: [],
    config,
    weights: [],
    call: parallel
      ? [`fhls::quant<${cfg}>(${x.name}, ${y.name});`]
      : [`fhls::quant_stream<${cfg}>(${x.name}, ${y.name});`],
    estimate: {
      latency: parallel ? inner1 : y.positions + inner1,
      ii: parallel ? 1 : y.positions,
      multipliers: [],
      note: a.mode === 'bipolar'
        ? 'a sign test'
        : powerOfTwo
        ? 'power-of-two scales: shifts, a rounding increment and a clamp'
        : `non power-of-two scale: a ${bits}-bit division by a constant per element`,
    },
  };
};
