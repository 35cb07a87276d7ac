import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { type FixedType, fixedType, lsbExp, maxRaw, minRaw, quantize, type QuantMode } from '../../../../src/ir/fixed/index.js';
import type { ActivationFn, Graph, LayerAttrs, LayerOf, Tensor, TensorType } from '../../../../src/ir/graph.js';
import {
  activationSemantics,
  activationTable,
  floatFunction,
  slopeIndexMap,
  TABLE_RANGES,
} from '../../../../src/ir/layers/activation.js';
import type { PrecisionRequest, RawArray } from '../../../../src/ir/layers/spec.js';
import { binCentre } from '../../../../src/ir/layers/tables.js';

const T18 = fixedType(true, 18, 8, 'RND', 'SAT');
const F8_4 = fixedType(true, 8, 4); // lsb 1/16, [−8, 8)
const F16_6 = fixedType(true, 16, 6); // lsb 2^-10, [−32, 32)

interface Setup {
  X: TensorType;
  Y: FixedType;
  shape?: number[];
  table?: FixedType;
  tableSize?: number;
  extra?: Record<string, Tensor>;
}

function setup(attrs: LayerAttrs['Activation'], s: Setup): { layer: LayerOf<'Activation'>; graph: Graph } {
  const shape = s.shape ?? [1];
  const layer: LayerOf<'Activation'> = {
    name: 'act',
    kind: 'Activation',
    inputs: ['x'],
    outputs: ['y'],
    attrs,
    origin: { node: 'act' },
    types: { table: s.table ?? T18 },
    options: { reuseFactor: 1, strategy: 'Latency', tableSize: s.tableSize ?? 1024 },
  };
  const graph: Graph = {
    source: { file: 'test.onnx', format: 'onnx' },
    inputs: ['x'],
    outputs: ['y'],
    layers: [layer],
    tensors: { x: { name: 'x', shape, type: s.X }, y: { name: 'y', shape, type: s.Y }, ...s.extra },
  };
  return { layer, graph };
}

function asBig(a: RawArray): bigint[] {
  return Array.from(a as ArrayLike<number | bigint>, (v) => BigInt(v));
}

/** Runs the fixed semantics on raws on both paths, checks they agree, returns the raws as bigint. */
function runFixed(attrs: LayerAttrs['Activation'], s: Setup, raws: readonly (number | bigint)[]): bigint[] {
  const { layer, graph } = setup(attrs, { ...s, shape: s.shape ?? [raws.length] });
  const input = raws.some((v) => typeof v === 'bigint') ? raws.map((v) => BigInt(v)) : Float64Array.from(raws as number[]);
  const fast = asBig(activationSemantics.compileFixed(layer, graph)([input])[0]);
  const big = asBig(activationSemantics.compileFixed(layer, graph, { forceBigInt: true })([input])[0]);
  expect(fast).toEqual(big);
  return fast;
}

/** One value through the fixed semantics: input value x (exact on X's grid) → result value. */
function valueOf(attrs: LayerAttrs['Activation'], X: FixedType, Y: FixedType, x: number, extra: Partial<Setup> = {}): number {
  const r = quantize(X, x);
  const [y] = runFixed(attrs, { X, Y, ...extra }, [Number(r)]);
  return Number(y) * 2 ** lsbExp(Y);
}

const request = (over: Partial<PrecisionRequest> = {}): PrecisionRequest => ({
  weight: fixedType(true, 16, 6),
  bias: fixedType(true, 16, 6),
  result: 'auto',
  accum: 'auto',
  table: T18,
  tableSize: 1024,
  expTable: T18,
  invTable: T18,
  ...over,
});

describe('piecewise-linear functions: hand-checked', () => {
  it('relu: max(r, 0), then one rounding into the result', () => {
    expect(runFixed({ fn: 'relu' }, { X: F8_4, Y: F8_4 }, [-128, -1, 0, 1, 127])).toEqual([0n, 0n, 0n, 1n, 127n]);
    // ufixed<4,2,RND,SAT> has LSB 1/4: 3.9375 → 4 → saturates to 3.75 (15); 1.125 = 4.5 LSB → 5 (RND: half up)
    const Y = fixedType(false, 4, 2, 'RND', 'SAT');
    expect(runFixed({ fn: 'relu' }, { X: F8_4, Y }, [63, 18, -18])).toEqual([15n, 5n, 0n]);
  });

  it('leaky_relu: x·alpha with alpha = float32(0.01) exactly', () => {
    // alpha = 5368709·2^-29; x = −1 (raw −16 at 2^-4): product −85899344 at 2^-33 = −10.24 LSB of 2^-10
    const alpha = Math.fround(0.01);
    const rnd = fixedType(true, 16, 6, 'RND', 'SAT');
    const trn = fixedType(true, 16, 6, 'TRN', 'SAT');
    expect(runFixed({ fn: 'leaky_relu', alpha }, { X: F8_4, Y: rnd }, [-16, 16])).toEqual([-10n, 16n * 64n]);
    expect(runFixed({ fn: 'leaky_relu', alpha }, { X: F8_4, Y: trn }, [-16])).toEqual([-11n]);
    // the default alpha is the same float32 0.01
    expect(runFixed({ fn: 'leaky_relu' }, { X: F8_4, Y: rnd }, [-16])).toEqual([-10n]);
  });

  it('prelu: one slope per row of a [2, 3] input (slope shape [2, 1])', () => {
    const S = fixedType(true, 8, 1); // lsb 2^-7
    const extra = { s: { name: 's', shape: [2, 1], data: [0.25, -0.5], type: S } };
    // x = −1 everywhere except element 2 (= +1): row 0 → −0.25, row 1 → +0.5
    const y = runFixed({ fn: 'prelu', slope: 's' }, { X: F8_4, Y: F8_4, shape: [2, 3], extra }, [-16, -16, 16, -16, -16, -16]);
    expect(y).toEqual([-4n, -4n, 16n, 8n, 8n, 8n]);
  });

  it('prelu broadcasting: right-aligned, leading 1s dropped', () => {
    expect(Array.from(slopeIndexMap([2, 3], [1, 2, 1]) as Int32Array)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(slopeIndexMap([2, 3], [3]) as Int32Array)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(slopeIndexMap([2, 3], [1]) as Int32Array)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(slopeIndexMap([2, 3], [2])).toMatch(/does not broadcast/);
    expect(slopeIndexMap([3], [2, 3])).toMatch(/does not broadcast/);
  });

  it('thresholded_relu: x > alpha exactly (t = floor(alpha·2^-e))', () => {
    const X = F8_4;
    // alpha 1 → t = 16: x = 1 is not > 1
    expect(runFixed({ fn: 'thresholded_relu', alpha: 1 }, { X, Y: X }, [16, 17, -20])).toEqual([0n, 17n, 0n]);
    // alpha 0.99 → t = floor(15.84) = 15: x = 1 passes
    expect(runFixed({ fn: 'thresholded_relu', alpha: 0.99 }, { X, Y: X }, [15, 16])).toEqual([0n, 16n]);
    // alpha −0.5 → t = −8: −0.4375 (raw −7) passes, −0.5 does not
    expect(runFixed({ fn: 'thresholded_relu', alpha: -0.5 }, { X, Y: X }, [-7, -8])).toEqual([-7n, 0n]);
  });

  it('clip: min rounded up, max rounded down onto the input grid', () => {
    // lsb 1/16: −0.3 → ceil(−4.8) = −4; 0.7 → floor(11.2) = 11
    const y = runFixed({ fn: 'clip', min: -0.3, max: 0.7 }, { X: F8_4, Y: F8_4 }, [-128, -5, -4, 0, 11, 12, 127]);
    expect(y).toEqual([-4n, -4n, -4n, 0n, 11n, 11n, 11n]);
    // min > max: max everywhere (numpy.clip); missing / infinite bounds are no bound
    expect(runFixed({ fn: 'clip', min: 0.5, max: 0.25 }, { X: F8_4, Y: F8_4 }, [-128, 0, 127])).toEqual([4n, 4n, 4n]);
    expect(runFixed({ fn: 'clip', max: 0.25 }, { X: F8_4, Y: F8_4 }, [-128, 127])).toEqual([-128n, 4n]);
    expect(runFixed({ fn: 'clip', min: -Infinity, max: Infinity }, { X: F8_4, Y: F8_4 }, [-128, 127])).toEqual([-128n, 127n]);
    // a bound beyond the input range still applies (every output is the bound)
    expect(runFixed({ fn: 'clip', min: 100 }, { X: F8_4, Y: fixedType(true, 16, 10) }, [0])).toEqual([100n * 64n]);
  });

  it('hard_sigmoid: alpha·x + beta exactly, clamped to [0, 1], rounded once', () => {
    const alpha = Math.fround(0.2);
    const trn = fixedType(true, 8, 2, 'TRN', 'SAT'); // lsb 2^-6
    const rnd = fixedType(true, 8, 2, 'RND', 'SAT');
    // x = 1: 0.2f + 0.5 = 0.70000000298 = 44.8000002 LSB
    expect(runFixed({ fn: 'hard_sigmoid', alpha, beta: 0.5 }, { X: F8_4, Y: trn }, [16])).toEqual([44n]);
    expect(runFixed({ fn: 'hard_sigmoid', alpha, beta: 0.5 }, { X: F8_4, Y: rnd }, [16])).toEqual([45n]);
    // x = 0 → 0.5 exactly; x = ±2.5 → 1.0000000373 and −0.0000000373: clamped to exactly 1 and 0
    expect(runFixed({ fn: 'hard_sigmoid', alpha, beta: 0.5 }, { X: F8_4, Y: rnd }, [0, 40, -40])).toEqual([32n, 64n, 0n]);
  });

  it('hard_swish: x(x+3)/6 rounded once, exact at the ties of every rounding mode', () => {
    const X = F8_4;
    const at = (q: QuantMode, raw: number) => runFixed({ fn: 'hard_swish' }, { X, Y: fixedType(true, 16, 8, q, 'SAT') }, [raw])[0];
    // result lsb 2^-8; x = 1: 2/3 = 170.67 LSB
    expect(at('RND', 16)).toBe(171n);
    expect(at('TRN', 16)).toBe(170n);
    // x = −1.5: −1.5·1.5/6 = −0.375 exactly (−96); x <= −3 → 0; x >= 3 → x
    expect(at('TRN', -24)).toBe(-96n);
    expect([at('RND', -48), at('RND', -100), at('RND', 48), at('RND', 100)]).toEqual([0n, 0n, 768n, 1600n]);
    // ties with a 2^-4 result: x = 0.75 → 0.46875 = 7.5 LSB; x = −0.75 → −0.28125 = −4.5 LSB
    const tie = (q: QuantMode, raw: number) => runFixed({ fn: 'hard_swish' }, { X, Y: fixedType(true, 8, 4, q, 'SAT') }, [raw])[0];
    const modes: QuantMode[] = ['RND', 'RND_ZERO', 'RND_MIN_INF', 'RND_INF', 'RND_CONV', 'TRN', 'TRN_ZERO'];
    expect(modes.map((q) => tie(q, 12))).toEqual([8n, 7n, 7n, 8n, 8n, 7n, 7n]);
    expect(modes.map((q) => tie(q, -12))).toEqual([-4n, -4n, -5n, -5n, -4n, -5n, -4n]);
  });
});

describe('table functions: hand-checked (N = 1024, table fixed<18,8,RND,SAT>)', () => {
  const Y = T18;
  it('sigmoid(0) hits entry 512 = quantize(T, σ(1/128)) = 514/1024', () => {
    // idx = floor((0 + 8)·1024/16) = 512, centre −8 + 512.5/64 = 1/128; σ(1/128)·1024 = 513.99999 → 514
    expect(valueOf({ fn: 'sigmoid' }, F16_6, Y, 0)).toBe(514 / 1024);
    // outside the range the end entries: σ(−7.992)·1024 = 0.35 → 0; σ(7.992)·1024 = 1023.65 → 1024
    expect(valueOf({ fn: 'sigmoid' }, F16_6, Y, -20)).toBe(0);
    expect(valueOf({ fn: 'sigmoid' }, F16_6, Y, 20)).toBe(1);
  });

  it('tanh(0): entry 512 of [−4, 4), centre 1/256: tanh·1024 = 3.99998 → 4', () => {
    expect(valueOf({ fn: 'tanh' }, F16_6, Y, 0)).toBe(4 / 1024);
  });

  it('softplus: entry 512 = ln(1 + e^(1/128)) → 714; x >= 8 is exactly x', () => {
    expect(valueOf({ fn: 'softplus' }, F16_6, Y, 0)).toBe(714 / 1024);
    expect(valueOf({ fn: 'softplus' }, F16_6, Y, 10.5)).toBe(10.5);
    expect(valueOf({ fn: 'softplus' }, F16_6, Y, 8)).toBe(8); // x = hi is the first linear value
  });

  it('softsign(0): (1/128)/(1 + 1/128)·1024 = 7.94 → 8', () => {
    expect(valueOf({ fn: 'softsign' }, F16_6, Y, 0)).toBe(8 / 1024);
  });

  it('elu: x >= 0 exact; x = −1 is entry 896 of [−8, 0), centre −0.99609375 → −646', () => {
    expect(valueOf({ fn: 'elu', alpha: 1 }, F16_6, Y, -1)).toBe(-646 / 1024);
    expect(valueOf({ fn: 'elu', alpha: 1 }, F16_6, Y, 3.25)).toBe(3.25);
    expect(valueOf({ fn: 'elu', alpha: 1 }, F16_6, Y, 0)).toBe(0);
  });

  it('selu: x > 0 is gamma·x exactly: 1.0507010221·1024 = 1075.92 → 1076', () => {
    expect(valueOf({ fn: 'selu' }, F16_6, fixedType(true, 16, 6, 'RND', 'SAT'), 1)).toBe(1076 / 1024);
    expect(valueOf({ fn: 'selu' }, F16_6, Y, 0)).toBe(0);
  });

  it('activationTable exposes range, size, entries and the index map', () => {
    const { layer, graph } = setup({ fn: 'sigmoid' }, { X: F16_6, Y });
    const t = activationTable(layer, graph);
    expect(t).toMatchObject({ role: 'table', lo: -8, hi: 8, size: 1024, type: T18 });
    expect(t?.entries[512]).toBe(514n);
    expect(t?.index).toMatchObject({ shift: 0, offset: -8192n, mul: 1n, div: 16n });
    expect(activationTable(setup({ fn: 'relu' }, { X: F16_6, Y }).layer, graph)).toBeUndefined();
  });
});

// ————————————————————————————————————————————————————————————————————— properties

const signedType = fc
  .record({ w: fc.integer({ min: 2, max: 20 }), i: fc.integer({ min: -2, max: 8 }) })
  .map(({ w, i }) => fixedType(true, w, Math.min(i, w)));

/** A type and a raw value of it. */
const typedRaw = signedType.chain((t) => fc.tuple(fc.constant(t), fc.bigInt({ min: minRaw(t), max: maxRaw(t) })));

/** Sup |f'| over the table range, for the in-range error bound. */
const SLOPE: Partial<Record<ActivationFn, number>> = { sigmoid: 0.25, tanh: 1, softsign: 1, softplus: 1, elu: 1, selu: 1.7581 };

describe('properties', () => {
  it('table functions stay within step·sup|f′|/2 + table LSB/2 + result LSB of the float function', () => {
    const fns: ActivationFn[] = ['sigmoid', 'tanh', 'softsign', 'softplus', 'elu', 'selu'];
    fc.assert(
      fc.property(fc.constantFrom(...fns), typedRaw, fc.constantFrom(64, 256, 1024), (fn, [X, r], n) => {
        const Y = fixedType(true, 32, 12, 'RND', 'SAT'); // wide enough never to saturate
        const x = Number(r) * 2 ** lsbExp(X);
        const y = valueOf({ fn }, X, Y, x, { tableSize: n });
        const f = floatFunction({ attrs: { fn } } as LayerOf<'Activation'>);
        const [lo, hi] = TABLE_RANGES[fn] as readonly [number, number];
        const step = (hi - lo) / n;
        const lsbs = 2 ** -11 + 2 ** -20 + 1e-12;
        const linear = (fn === 'elu' || fn === 'selu') && x >= 0 || (fn === 'softplus' && x >= hi);
        // the linear parts are exact; softplus's asymptote y = x is off by ln(1 + e^−x) < 3.4e−4
        const asymptote = fn === 'softplus' ? Math.log1p(Math.exp(-x)) : 0;
        if (linear) expect(Math.abs(y - f(x))).toBeLessThanOrEqual(asymptote + 2 ** -20 + 1e-12);
        else if (x < lo) expect(Math.abs(y - f(x))).toBeLessThanOrEqual(Math.abs(f(x) - f(binCentre(lo, hi, n, 0))) + lsbs);
        else if (x >= hi) expect(Math.abs(y - f(x))).toBeLessThanOrEqual(Math.abs(f(x) - f(binCentre(lo, hi, n, n - 1))) + lsbs);
        else expect(Math.abs(y - f(x))).toBeLessThanOrEqual(((SLOPE[fn] as number) * step) / 2 + lsbs);
      }),
      { numRuns: 1500 },
    );
  });

  it('piecewise-linear functions equal quantize(result, f(x)) where f(x) is exact in float64', () => {
    // x has <= 20 bits and the constants <= 24, so x·alpha + beta is exact in a double and the
    // ap_fixed constructor from it must give the same raw as the exact semantics.
    const cases: LayerAttrs['Activation'][] = [
      { fn: 'relu' },
      { fn: 'leaky_relu', alpha: Math.fround(0.01) },
      { fn: 'leaky_relu', alpha: Math.fround(-1.7) },
      { fn: 'thresholded_relu', alpha: Math.fround(0.3) },
      { fn: 'clip', min: -1.25, max: 3.5 },
      { fn: 'hard_sigmoid', alpha: Math.fround(0.2), beta: 0.5 },
      { fn: 'hard_sigmoid', alpha: Math.fround(-0.35), beta: Math.fround(0.1) },
    ];
    const modes: QuantMode[] = ['RND', 'TRN', 'RND_CONV', 'TRN_ZERO', 'RND_MIN_INF'];
    fc.assert(
      fc.property(fc.constantFrom(...cases), typedRaw, fc.constantFrom(...modes), fc.integer({ min: 3, max: 30 }), (attrs, [X, r], q, w) => {
        const Y = fixedType(true, w, Math.min(6, w), q, 'SAT');
        const x = Number(r) * 2 ** lsbExp(X);
        if (attrs.fn === 'clip' && (x < -1.25 || x > 3.5) && lsbExp(X) > -2) return; // bounds off the grid
        const [y] = runFixed(attrs, { X, Y }, [Number(r)]);
        expect(y).toBe(quantize(Y, floatFunction({ attrs } as LayerOf<'Activation'>)(x)));
      }),
      { numRuns: 2000 },
    );
  });

  it('prelu equals quantize(result, slope·x) per channel', () => {
    fc.assert(
      fc.property(typedRaw, fc.array(fc.integer({ min: -128, max: 127 }), { minLength: 3, maxLength: 3 }), (  [X, r], s) => {
        const S = fixedType(true, 8, 2); // lsb 2^-6
        const slopes = s.map((v) => v / 64);
        const extra = { s: { name: 's', shape: [3, 1], data: slopes, type: S } };
        const Y = fixedType(true, 30, 10, 'RND', 'SAT');
        const y = runFixed({ fn: 'prelu', slope: 's' }, { X, Y, shape: [3, 2], extra }, Array(6).fill(Number(r)));
        const x = Number(r) * 2 ** lsbExp(X);
        y.forEach((v, i) => expect(v).toBe(quantize(Y, x < 0 ? x * slopes[i >> 1] : x)));
      }),
      { numRuns: 300 },
    );
  });

  it('hard_swish is the correctly rounded x(x+3)/6', () => {
    fc.assert(
      fc.property(typedRaw, fc.integer({ min: 4, max: 30 }), fc.constantFrom<QuantMode>('RND', 'TRN', 'RND_CONV'), ([X, r], w, q) => {
        const Y = fixedType(true, w, Math.min(4, w), q, 'SAT');
        const x = Number(r) * 2 ** lsbExp(X);
        const [y] = runFixed({ fn: 'hard_swish' }, { X, Y }, [Number(r)]);
        const v = x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6;
        // away from a rounding boundary the double v rounds like the exact rational
        const units = v * 2 ** -lsbExp(Y);
        const frac = units - Math.floor(units);
        const nearBoundary = Math.min(frac, Math.abs(frac - 0.5), 1 - frac) < 1e-6;
        if (!nearBoundary) expect(y).toBe(quantize(Y, v));
        else expect(Math.abs(Number(y - quantize(Y, v)))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1500 },
    );
  });

  it('fast path and BigInt path agree, wide types included', () => {
    const fns: LayerAttrs['Activation'][] = [
      { fn: 'relu' },
      { fn: 'leaky_relu', alpha: 0.1 }, // a float64 constant: 53 significant bits
      { fn: 'elu', alpha: 0.7 },
      { fn: 'selu' },
      { fn: 'sigmoid' },
      { fn: 'tanh' },
      { fn: 'softplus' },
      { fn: 'softsign' },
      { fn: 'hard_swish' },
      { fn: 'hard_sigmoid' },
      { fn: 'thresholded_relu', alpha: 0.5 },
      { fn: 'clip', min: -2, max: 2 },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...fns),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: -10, max: 12 }),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: -4, max: 10 }),
        fc.array(fc.double({ min: -40, max: 40, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (attrs, wx, ix, wy, iy, xs) => {
          const X = fixedType(true, wx, Math.min(ix, wx));
          const Y = fixedType(true, wy, iy, 'RND', 'SAT');
          const raws = xs.map((v) => quantize(X, v));
          // inputs of at most 53 bits travel as a Float64Array, wider ones as bigint[]
          runFixed(attrs, { X, Y, table: fixedType(true, 30, 8, 'RND', 'SAT') }, wx <= 53 ? raws.map(Number) : raws);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('a per-element input type gives what each element gives under its own type', () => {
    const fns: LayerAttrs['Activation'][] = [{ fn: 'relu' }, { fn: 'leaky_relu' }, { fn: 'sigmoid' }, { fn: 'elu' }, { fn: 'hard_swish' }];
    fc.assert(
      fc.property(fc.constantFrom(...fns), fc.array(typedRaw, { minLength: 1, maxLength: 5 }), (attrs, pairs) => {
        const Y = fixedType(true, 20, 6, 'RND', 'SAT');
        const X = { elements: pairs.map(([t]) => t) };
        const together = runFixed(attrs, { X, Y }, pairs.map(([, r]) => Number(r)));
        const alone = pairs.map(([t, r]) => runFixed(attrs, { X: t, Y }, [Number(r)])[0]);
        expect(together).toEqual(alone);
      }),
      { numRuns: 200 },
    );
  });
});

describe('float semantics (ONNX definitions in float64)', () => {
  const f = (attrs: LayerAttrs['Activation']) => floatFunction({ attrs } as LayerOf<'Activation'>);
  it('matches Math for every function', () => {
    const xs = [-50, -8.5, -3, -1.25, -0.5, 0, 0.25, 1, 2.75, 3, 9, 50];
    for (const x of xs) {
      expect(f({ fn: 'relu' })(x)).toBe(Math.max(x, 0));
      expect(f({ fn: 'leaky_relu', alpha: 0.2 })(x)).toBe(x < 0 ? 0.2 * x : x);
      expect(f({ fn: 'elu', alpha: 0.5 })(x)).toBeCloseTo(x < 0 ? 0.5 * (Math.exp(x) - 1) : x, 14);
      const [a, g] = [1.67326319217681884765625, 1.05070102214813232421875];
      expect(f({ fn: 'selu' })(x)).toBeCloseTo(x <= 0 ? g * (a * Math.exp(x) - a) : g * x, 14);
      expect(f({ fn: 'thresholded_relu', alpha: 1 })(x)).toBe(x > 1 ? x : 0);
      expect(f({ fn: 'sigmoid' })(x)).toBeCloseTo(1 / (1 + Math.exp(-x)), 15);
      expect(f({ fn: 'hard_sigmoid', alpha: 0.2, beta: 0.5 })(x)).toBe(Math.max(0, Math.min(1, 0.2 * x + 0.5)));
      expect(f({ fn: 'hard_swish' })(x)).toBe(x * Math.max(0, Math.min(1, x / 6 + 0.5)));
      expect(f({ fn: 'tanh' })(x)).toBe(Math.tanh(x));
      expect(f({ fn: 'softplus' })(x)).toBeCloseTo(Math.log(1 + Math.exp(x)), 12);
      expect(f({ fn: 'softsign' })(x)).toBe(x / (1 + Math.abs(x)));
      expect(f({ fn: 'clip', min: -1, max: 2 })(x)).toBe(Math.min(Math.max(x, -1), 2));
    }
    expect(f({ fn: 'softplus' })(1000)).toBe(1000); // no overflow
    expect(f({ fn: 'sigmoid' })(-1000)).toBe(0);
  });

  it('prelu reads its broadcast slopes', () => {
    const { layer, graph } = setup({ fn: 'prelu', slope: 's' }, {
      X: F8_4,
      Y: F8_4,
      shape: [2, 2],
      extra: { s: { name: 's', shape: [2, 1], data: [0.5, 2] } },
    });
    const [y] = activationSemantics.compileFloat(layer, graph)([Float64Array.from([-1, 1, -1, 1])]);
    expect(Array.from(y)).toEqual([-0.5, 1, -2, 1]);
  });
});

describe('inferShape and inferTypes', () => {
  it('shapes pass through; prelu slopes must broadcast', () => {
    const { layer, graph } = setup({ fn: 'prelu', slope: 's' }, { X: F8_4, Y: F8_4, extra: { s: { name: 's', shape: [4], data: [1, 1, 1, 1] } } });
    expect(activationSemantics.inferShape(layer, [[3, 4]], graph)).toEqual({ shapes: [[3, 4]] });
    expect(activationSemantics.inferShape(layer, [[4, 3]], graph)).toMatchObject({ error: expect.stringMatching(/broadcast/) });
    const clip = setup({ fn: 'clip', min: NaN }, { X: F8_4, Y: F8_4 });
    expect(activationSemantics.inferShape(clip.layer, [[2]], clip.graph)).toMatchObject({ error: expect.stringMatching(/min/) });
  });

  const auto = (attrs: LayerAttrs['Activation'], X: TensorType, extra?: Record<string, Tensor>, req = request()) => {
    const { layer, graph } = setup(attrs, { X, Y: F8_4, extra });
    return activationSemantics.inferTypes(layer, graph, req);
  };

  it("'auto' is the exact type of the piecewise-linear result", () => {
    // relu of fixed<16,6> → ufixed<15,5>
    expect(auto({ fn: 'relu' }, F16_6).outputs[0]).toMatchObject({ signed: false, width: 15, intBits: 5 });
    // leaky 0.01f on fixed<8,4>: negative part at 2^-33, [−8·0.01, 0), positive [0, 8): [−2^-33·…, 127·2^29]
    const leaky = auto({ fn: 'leaky_relu' }, F8_4);
    expect(leaky.outputs[0]).toMatchObject({ signed: true, intBits: 4 });
    expect(lsbExp(leaky.outputs[0])).toBe(-33);
    expect(leaky.internal.alpha).toMatchObject({ signed: false, width: 23, intBits: -6 });
    // hard_sigmoid with alpha 0.25, beta 0.5 on fixed<8,4>: values k/64 in [0, 1] → ufixed<7,1>
    expect(auto({ fn: 'hard_sigmoid', alpha: 0.25, beta: 0.5 }, F8_4).outputs[0]).toMatchObject({ signed: false, width: 7, intBits: 1 });
    // clip to [−0.3, 0.7] on fixed<8,4>: raws [−4, 11] at 2^-4 → fixed<5,1>
    expect(auto({ fn: 'clip', min: -0.3, max: 0.7 }, F8_4).outputs[0]).toMatchObject({ signed: true, width: 5, intBits: 1 });
  });

  it("'auto' for tables is the table type, joined with an exact linear part", () => {
    expect(auto({ fn: 'sigmoid' }, F16_6).outputs[0]).toEqual(T18);
    expect(auto({ fn: 'sigmoid' }, F16_6).internal).toEqual({ table: T18 });
    // elu on fixed<16,6>: the table type ∪ [0, 32) at 2^-10 → fixed<18,8> with default modes
    expect(auto({ fn: 'elu' }, F16_6).outputs[0]).toMatchObject({ signed: true, width: 18, intBits: 8, q: 'TRN' });
    // softplus on fixed<8,4> never reaches x >= 8: just the table type
    expect(auto({ fn: 'softplus' }, F8_4).outputs[0]).toEqual(T18);
    expect(auto({ fn: 'selu' }, F16_6).internal.gamma).toBeDefined();
  });

  it('warns when a clip bound is rounded and when hard_swish gets an inexact auto type', () => {
    const clip = auto({ fn: 'clip', min: -0.3, max: 0.5 }, F8_4);
    expect(clip.diagnostics?.map((d) => d.message)).toEqual(['clip min -0.3 is not on the input grid (LSB 2^-4); rounded up to -0.25']);
    expect(clip.diagnostics?.[0]).toMatchObject({ code: 'precision/activation', severity: 'warning', origin: { node: 'act' } });
    expect(auto({ fn: 'clip', min: -0.25, max: 0.5 }, F8_4).diagnostics).toBeUndefined();
    expect(auto({ fn: 'hard_swish' }, F8_4).diagnostics?.[0].message).toMatch(/no exact result type/);
  });

  it('an explicit result type is kept; prelu slopes default to the weight type', () => {
    const Y = fixedType(true, 10, 3, 'RND', 'SAT');
    expect(auto({ fn: 'tanh' }, F16_6, undefined, request({ result: Y })).outputs).toEqual([Y]);
    const t = auto({ fn: 'prelu', slope: 's' }, F8_4, { s: { name: 's', shape: [1], data: [0.25] } });
    expect(t.constants).toEqual({ s: request().weight });
  });
});
