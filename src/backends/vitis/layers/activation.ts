// Activation layers in Vitis HLS C++: fhls/activation.h, one function struct per ActivationFn.
// Semantics: src/ir/layers/activation.ts. Constants are the model's own (alpha, beta, gamma as
// exact dyadic numbers, in their exact types); tables are tables.ts's entries, printed, never
// recomputed; prelu's slopes are a weight array (ctx.constant) indexed by numpy broadcasting.
//
// Schedule (estimates): io_parallel computes every element at once; io_stream one position (all
// channels) per cycle, II 1 per position.

import { bitLength } from '../../../ir/fixed/double.js';
import { formatType } from '../../../ir/fixed/parse.js';
import { exactTypeOfRange } from '../../../ir/fixed/arith.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from '../../../ir/fixed/type.js';
import { size, type LayerOf } from '../../../ir/graph.js';
import { ACTIVATION_DEFAULTS, activationTable, slopeIndexMap } from '../../../ir/layers/activation.js';
import { ceilScaled, type Dyadic, dyadic, dyadicType, floorScaled, maxBig, minBig } from '../../../ir/layers/tables.js';
import { configStruct, cppInt, cppIntValue, cppType, cppValue, type Member } from '../cpp.js';
import type { EmitContext, Emitter, LayerCode, MultiplierGroup, TensorRef, WeightArray } from '../emitter.js';
import { multiplierLatency } from '../estimate.js';
import { broadcastStrides } from './elementwise.js';
import { indexConfig, tableLatency, tableWeight } from './table.js';

type Layer = LayerOf<'Activation'>;

/** What one function contributes: config members, extra structs, its array, its cost per element. */
interface Parts {
  fn: string;
  members: Member[];
  /** structs that must precede the config (a table index) */
  before: string[];
  weight?: WeightArray;
  /** multipliers per element */
  multiplier?: Omit<MultiplierGroup, 'count'>;
  /** cycles of one element */
  latency: number;
  note: string;
  /** prelu: whether the constant depends only on the stream channel */
  byChannel?: boolean;
}

/** A typed constant member: `typedef <exact type> <name>_t; static <name>_t <name>() { … }`. */
function constant(name: string, d: Dyadic, what: string): Member[] {
  const t = dyadicType(d);
  const tn = `${name}_t`;
  return [
    { typedef: tn, type: cppType(t), comment: `exactly ${what}` },
    { fn: name, returns: tn, body: `return ${tn}(${cppValue(t, tn, d.m)});` },
  ];
}

const operand = (t: FixedType) => ({ width: t.width, signed: t.signed });

function linearParts(layer: Layer, x: TensorRef, Y: FixedType): Parts {
  const a = layer.attrs;
  const X = x.fixed;
  const e = lsbExp(X);
  const xMin = minRaw(X);
  const xMax = maxRaw(X);
  switch (a.fn) {
    case 'relu':
      return { fn: 'fhls::act_relu', members: [], before: [], latency: 1, note: 'relu: a sign test and a select per element' };

    case 'leaky_relu': {
      const d = dyadic(a.alpha ?? ACTIVATION_DEFAULTS.leakyAlpha);
      const mult = { a: operand(X), b: operand(dyadicType(d)), constant: true };
      return {
        fn: 'fhls::act_leaky_relu',
        members: constant('alpha', d, `the model's alpha ${a.alpha ?? ACTIVATION_DEFAULTS.leakyAlpha}`),
        before: [],
        multiplier: mult,
        latency: multiplierLatency({ ...mult, count: 1 }),
        note: 'leaky_relu: one product by the constant alpha per element',
      };
    }

    case 'thresholded_relu': {
      const v = a.alpha ?? ACTIVATION_DEFAULTS.thresholdAlpha;
      return {
        fn: 'fhls::act_thresholded_relu',
        members: constant('alpha', dyadic(v), `the model's threshold ${v}`),
        before: [],
        latency: 1,
        note: 'thresholded_relu: a comparison with a constant and a select per element',
      };
    }

    case 'clip': {
      // as src/ir/layers/activation.ts: min rounded up, max rounded down onto the input grid;
      // bounds that cannot change a value of the input type are dropped
      const bound = (v: number | undefined, none: number, up: boolean): bigint | undefined =>
        v === undefined || v === none ? undefined : up ? ceilScaled(dyadic(v), -e) : floorScaled(dyadic(v), -e);
      let lo = bound(a.min, -Infinity, true);
      let hi = bound(a.max, Infinity, false);
      if (lo !== undefined && lo <= xMin) lo = undefined;
      if (hi !== undefined && hi >= maxBig(xMax, lo ?? xMax)) hi = undefined;
      const all = [xMin, xMax, ...(lo !== undefined ? [lo] : []), ...(hi !== undefined ? [hi] : [])];
      const B = exactTypeOfRange(minBig(...all), maxBig(...all), e);
      const value = (r: bigint | undefined) => `return bound_t(${cppValue(B, 'bound_t', r ?? 0n)});`;
      return {
        fn: 'fhls::act_clip',
        members: [
          { typedef: 'bound_t', type: cppType(B), comment: 'the input grid, holding the input and both bounds' },
          { const: 'has_lo', value: lo !== undefined, comment: `min ${a.min ?? 'none'}${lo !== undefined ? '' : ' (no effect on this input type)'}` },
          { const: 'has_hi', value: hi !== undefined, comment: `max ${a.max ?? 'none'}${hi !== undefined ? '' : ' (no effect on this input type)'}` },
          { fn: 'lo', returns: 'bound_t', body: value(lo), comment: 'min rounded up onto the input grid' },
          { fn: 'hi', returns: 'bound_t', body: value(hi), comment: 'max rounded down onto the input grid' },
        ],
        before: [],
        latency: 1,
        note: 'clip: two comparisons with constants and a select per element',
      };
    }

    case 'hard_sigmoid': {
      const va = a.alpha ?? ACTIVATION_DEFAULTS.hardSigmoidAlpha;
      const vb = a.beta ?? ACTIVATION_DEFAULTS.hardSigmoidBeta;
      const da = dyadic(va);
      const db = dyadic(vb);
      const k = Math.min(e + da.e, db.e, 0);
      const ma = da.m << BigInt(e + da.e - k);
      const mb = db.m << BigInt(db.e - k);
      const one = 1n << BigInt(-k);
      const ends = [xMin * ma + mb, xMax * ma + mb, 0n, one];
      const V = exactTypeOfRange(minBig(...ends), maxBig(...ends), k);
      const mult = { a: operand(X), b: operand(dyadicType(da)), constant: true };
      return {
        fn: 'fhls::act_hard_sigmoid',
        members: [
          ...constant('alpha', da, `the model's alpha ${va}`),
          ...constant('beta', db, `the model's beta ${vb}`),
          { typedef: 'value_t', type: cppType(V), comment: 'holds x * alpha + beta exactly, and 0 and 1' },
        ],
        before: [],
        multiplier: mult,
        latency: multiplierLatency({ ...mult, count: 1 }) + 1,
        note: 'hard_sigmoid: a product by the constant alpha, an addition and a clamp per element',
      };
    }

    case 'hard_swish': {
      const hs = hardSwishMembers(X, Y);
      return {
        fn: 'fhls::act_hard_swish',
        members: hs.members,
        before: [],
        multiplier: { a: { width: hs.mulBits, signed: true }, b: { width: hs.mulBits, signed: true }, constant: false },
        latency: hs.latency,
        note: 'hard_swish: x(x + 3) (one product) and an exact division by the constant 6 per element',
      };
    }

    case 'prelu':
    case 'sigmoid':
    case 'tanh':
    case 'softsign':
    case 'softplus':
    case 'elu':
    case 'selu':
      throw new Error(`internal: ${a.fn} is not piecewise-linear without constants`);
  }
}

function hardSwishMembers(X: FixedType, Y: FixedType): { members: Member[]; mulBits: number; latency: number } {
  const e = lsbExp(X);
  const e1 = Math.min(e, 0);
  const up = e - e1;
  const K = 3n << BigInt(-e1);
  const maxA = 2n * K * K;
  const lt = lsbExp(Y);
  const shift = 2 * e1 - lt;
  const num = maxA << BigInt(Math.max(shift, 0));
  const den = 6n << BigInt(Math.max(-shift, 0));
  const xAbs = maxBig(-minRaw(X), maxRaw(X)) << BigInt(up);
  const bits = Math.max(bitLength(xAbs) + 2, bitLength(num) + 2, bitLength(2n * den) + 2);
  const mulBits = bitLength(2n * K) + 1;
  const qBits = bitLength(num / 6n + 1n) + 2;
  return {
    members: [
      { typedef: 'int_t', type: cppInt(bits), comment: "r', the numerator and denominator, the quotient" },
      { typedef: 'mul_t', type: cppInt(mulBits), comment: "r' and r' + K where they are multiplied (|r'| < K)" },
      { typedef: 'wide_t', type: `ap_fixed<${qBits}, ${qBits + lt}>`, comment: "the rounded quotient at the output's LSB" },
      { const: 'up', value: up, comment: `r' = r << up: the grid 2^${e1}` },
      { fn: 'k', returns: 'int_t', body: `return ${cppIntValue('int_t', K, bits)};`, comment: `K = 3 on the grid 2^${e1}` },
      { const: 'shift', value: shift, type: 'int', comment: "r'(r' + K) / 6 in units of the output LSB: num << shift, or den << -shift" },
      { const: 'round_mode', value: `AP_${Y.q}`, type: 'int', comment: "the output's quantization mode" },
    ],
    mulBits,
    latency: 1 + multiplierLatency({ count: 1, a: { width: mulBits, signed: true }, b: { width: mulBits, signed: true }, constant: false }) + bits + 3,
  };
}

function tableParts(layer: Layer, ctx: EmitContext, x: TensorRef): Parts {
  const a = layer.attrs;
  const spec = activationTable(layer, ctx.graph);
  if (!spec) throw new Error(`internal: ${a.fn} has no table`);
  const X = x.fixed;
  if (spec.index.lsb !== lsbExp(X)) throw new Error(`internal: table index for LSB 2^${spec.index.lsb}, input LSB 2^${lsbExp(X)}`);
  const idxName = ctx.ident(`${ctx.layerId}_index`);
  const idx = indexConfig(
    idxName,
    spec.index,
    minRaw(X),
    maxRaw(X),
    `${layer.name}: index of the ${a.fn} table, ${spec.size} bins over [${spec.lo}, ${spec.hi}), for ${formatType(X)} inputs`,
  );
  const weight = tableWeight(ctx, `${ctx.layerId}_table`, spec);
  const members: Member[] = [
    { const: 'n_w', value: spec.size },
    { const: 'table_size', value: spec.size },
    { typedef: 'table_t', type: weight.typeName, comment: formatType(spec.type) },
    { typedef: 'index', type: idxName },
  ];
  let fn = 'fhls::act_table';
  let multiplier: Parts['multiplier'];
  let latency = tableLatency(idx);
  let note = `${a.fn}: a ${spec.size}-entry table per element`;
  if (a.fn === 'elu') {
    fn = 'fhls::act_elu';
    note += '; x >= 0 passes through';
  } else if (a.fn === 'softplus') {
    fn = 'fhls::act_softplus';
    note += `; x >= ${spec.hi} passes through`;
  } else if (a.fn === 'selu') {
    fn = 'fhls::act_selu';
    const v = a.gamma ?? ACTIVATION_DEFAULTS.seluGamma;
    const d = dyadic(v);
    members.push(...constant('gamma', d, `the model's gamma ${v}`));
    multiplier = { a: operand(X), b: operand(dyadicType(d)), constant: true };
    latency = Math.max(latency, multiplierLatency({ ...multiplier, count: 1 }));
    note += '; x >= 0: one product by the constant gamma';
  }
  if (idx.divides) note += `; the index divides by a constant (${idx.bits} bits)`;
  return { fn, members, before: [idx.text], weight, multiplier, latency, note };
}

function preluParts(layer: Layer, ctx: EmitContext, x: TensorRef): Parts {
  const name = layer.attrs.slope;
  const t = name === undefined ? undefined : ctx.graph.tensors[name];
  if (name === undefined || !t?.data) throw new Error(`prelu layer '${layer.name}' has no constant slope tensor`);
  const map = slopeIndexMap(x.shape, t.shape);
  if (typeof map === 'string') throw new Error(map);
  // The slope tensor right-aligned to the input (leading 1s beyond its rank dropped).
  const shape = t.shape.slice(Math.max(0, t.shape.length - x.shape.length));
  const strides = broadcastStrides(shape, x.shape);
  const flat = (i: number) => {
    let rest = i;
    let idx = 0;
    for (let k = x.shape.length - 1; k >= 0; k--) {
      idx += (rest % x.shape[k]) * strides[k];
      rest = Math.floor(rest / x.shape[k]);
    }
    return idx;
  };
  for (let i = 0; i < x.size; i++) if (flat(i) !== map[i]) throw new Error(`internal: slope index of element ${i}: ${flat(i)}, expected ${map[i]}`);
  const weight = ctx.constant(name, undefined, `PRelu slopes of ${layer.name}, shape [${t.shape}], row-major`);
  const byChannel = x.positions === 1 || strides.slice(1).every((s) => s === 0);
  const mult = { a: operand(x.fixed), b: operand(weight.type), constant: true };
  return {
    fn: 'fhls::act_prelu',
    members: [
      { const: 'n_w', value: size(t.shape) },
      { const: 'rank', value: x.shape.length },
      { const: 'by_channel', value: byChannel, comment: byChannel ? 'the slope depends on the stream channel only' : 'the slope varies with the position' },
      { table: 'out_dim', returns: 'unsigned', values: x.shape.map(String), comment: `input shape [${x.shape.join(', ')}]` },
      { table: 'slope_stride', returns: 'unsigned', values: strides.map(String), comment: `slope [${t.shape.join(', ')}]: stride per input axis, 0 where it broadcasts` },
    ],
    before: [],
    weight,
    multiplier: mult,
    latency: multiplierLatency({ ...mult, count: 1 }),
    note: 'prelu: one product by a constant slope per element',
    byChannel,
  };
}

export const emitActivation: Emitter<'Activation'> = (layer, ctx): LayerCode => {
  const fn = layer.attrs.fn;
  const x = ctx.input(0);
  const y = ctx.output(0);
  let parts: Parts;
  if (fn === 'prelu') parts = preluParts(layer, ctx, x);
  else if (fn === 'sigmoid' || fn === 'tanh' || fn === 'softsign' || fn === 'softplus' || fn === 'elu' || fn === 'selu') parts = tableParts(layer, ctx, x);
  else parts = linearParts(layer, x, y.fixed);

  const cfg = `${ctx.layerId}_config`;
  const withArray = parts.weight !== undefined;
  const config = [
    ...parts.before,
    configStruct(cfg, `${layer.name}: ${fn} of [${x.shape.join(', ')}] ${formatType(x.fixed)} -> ${formatType(y.fixed)}`, [
      { const: 'n', value: y.size },
      { typedef: 'fn', type: parts.fn },
      ...(withArray && parts.byChannel === undefined ? [{ const: 'by_channel', value: true, comment: 'the table is the same for every element' }] : []),
      ...parts.members,
    ]),
  ].join('\n');
  const args = [x.name, y.name, ...(parts.weight ? [parts.weight.name] : [])].join(', ');
  const parallel = ctx.ioType === 'io_parallel';
  const count = parallel ? y.size : y.channels;
  return {
    headers: ['fhls/activation.h'],
    typedefs: [],
    config,
    weights: parts.weight ? [parts.weight] : [],
    call: [`fhls::${parallel ? 'activation' : 'activation_stream'}<${cfg}>(${args});`],
    estimate: {
      latency: parallel ? parts.latency : y.positions + parts.latency,
      ii: parallel ? 1 : y.positions,
      multipliers: parts.multiplier ? [{ count, ...parts.multiplier }] : [],
      note: parallel ? `${parts.note}; all elements in parallel` : `${parts.note}; one position of ${y.channels} channel(s) per cycle`,
    },
  };
};
