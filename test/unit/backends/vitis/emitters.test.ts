// The Vitis emitters of the backend's own kinds, without a compiler: what they declare and call,
// their index arithmetic against the IR's, and the constants they print.

import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cppDouble, cppValue, hexBits } from '../../../../src/backends/vitis/cpp.js';
import { emitModel, type EmittedModel } from '../../../../src/backends/vitis/project.js';
import { broadcastStrides, divisionTypes } from '../../../../src/backends/vitis/layers/elementwise.js';
import { quantConstants } from '../../../../src/backends/vitis/layers/quant.js';
import { defaultConfig } from '../../../../src/config/load.js';
import { formatDiagnostic } from '../../../../src/ir/diagnostics.js';
import { parseType } from '../../../../src/ir/fixed/parse.js';
import { type FixedType, lsbExp } from '../../../../src/ir/fixed/type.js';
import type { Graph, LayerOf } from '../../../../src/ir/graph.js';
import { broadcastIndex } from '../../../../src/ir/layers/broadcast.js';
import { semanticsOf } from '../../../../src/ir/layers/index.js';
import { qonnxRounding, roundRatio } from '../../../../src/ir/layers/ratio.js';
import { requantize } from '../../../../src/ir/fixed/quantize.js';
import { compileModel } from '../../../../src/pipeline.js';
import { elementwiseModel, movementModel, quantModel, smallModel } from './models.js';

const tmp = mkdtempSync(join(tmpdir(), 'fhls-emit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function T(s: string): FixedType {
  const r = parseType(s);
  if (!r.ok) throw new Error(r.message);
  return r.type;
}

function typed(bytes: Uint8Array, name: string, precision?: string): Graph {
  const path = join(tmp, `${name}.onnx`);
  writeFileSync(path, bytes);
  const config = defaultConfig();
  if (precision) config.Model.Precision = precision;
  const r = compileModel(path, config);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.value;
}

function emit(g: Graph, ioType: 'io_parallel' | 'io_stream'): EmittedModel {
  return emitModel(g, { projectName: 'myproject', part: 'xcvu13p-flga2577-2-e', clockPeriod: 5, ioType });
}

const callsOf = (m: EmittedModel, name: string) => m.layers.find((l) => l.layer.name === name)!.code.call.join('\n');

describe('broadcasting', () => {
  it('strides reproduce the IR broadcast index map', () => {
    const cases: [number[], number[]][] = [
      [[2, 3, 4], [2, 3, 4]],
      [[4], [2, 3, 4]],
      [[1, 3, 1], [2, 3, 4]],
      [[1, 1, 3, 1], [2, 3, 4]],
      [[2, 1, 4], [2, 3, 4]],
      [[1], [5]],
    ];
    for (const [shape, out] of cases) {
      const strides = broadcastStrides(shape, out);
      const map = broadcastIndex(shape, out);
      for (let i = 0; i < map.length; i++) {
        let rest = i;
        let idx = 0;
        for (let k = out.length - 1; k >= 0; k--) {
          idx += (rest % out[k]) * strides[k];
          rest = Math.floor(rest / out[k]);
        }
        expect(idx, `${shape} → ${out} at ${i}`).toBe(map[i]);
      }
    }
  });
});

describe('elementwise', () => {
  const g = typed(elementwiseModel(), 'elementwise');
  it('io_parallel: one call per layer, constants as weights', () => {
    const m = emit(g, 'io_parallel');
    expect(callsOf(m, '/add/Add')).toBe('fhls::elementwise<add_Add_config>(x, y, s);');
    expect(callsOf(m, '/mul/Mul')).toBe('fhls::elementwise<mul_Mul_config>(c3, x, out_mul);');
    expect(m.weights.map((w) => w.name)).toEqual(['c4', 'c3', 'd']);
    const div = m.layers.find((l) => l.layer.name === '/div/Div')!.code.config;
    expect(div).toMatch(/typedef fhls::op_div<div_Div_div> op;/);
    expect(div).toMatch(/static const int round_mode = AP_TRN;/);
  });
  it('io_stream: streams where the shape matches, arrays for constants and broadcast operands', () => {
    const m = emit(g, 'io_stream');
    expect(callsOf(m, '/add/Add')).toContain('fhls::elementwise_stream<add_Add_config>(');
    expect(callsOf(m, '/sub/Sub')).toBe('fhls::elementwise_stream_array<sub_Sub_config>(s, c4, out_add);');
    expect(callsOf(m, '/mul/Mul')).toMatch(/^fhls::elementwise_array_stream<mul_Mul_config>\(c3, x_cpy\d, out_mul\);$/);
    // x is read by three layers: two clones
    expect(m.body.filter((l) => l.startsWith('fhls::clone_stream<x_vec_t')).length).toBe(2);
  });
  it('division types hold every intermediate', () => {
    const d = divisionTypes(T('fixed<16,6>'), T('fixed<8,2>'), T('fixed<12,4>'));
    expect(d.shift).toBe(-10 - -6 - -8);
    expect(d.intBits).toBe(Math.max(17 + 4, 9 + 1) + 2);
  });
});

describe('movement', () => {
  const g = typed(movementModel(), 'movement');
  it('io_parallel calls are wiring', () => {
    const m = emit(g, 'io_parallel');
    expect(callsOf(m, '/t/Transpose')).toBe('fhls::transpose<t_Transpose_config>(x, t);');
    expect(callsOf(m, '/c1/Concat')).toBe('fhls::concat2<c1_Concat_part0, c1_Concat_part1>(p, p, c1);');
    expect(callsOf(m, '/r/Reshape')).toBe('fhls::convert<c1_t, flat_t, 96>(c1, flat);');
    for (const l of m.layers) expect(l.code.estimate.latency).toBe(0);
    const pad = m.layers.find((l) => l.layer.name === '/p/Pad')!.code.config;
    expect(pad).toMatch(/static double fill\(\) \{ return 0\.5; \}/);
  });
  it('io_stream: channel concat streams, others are buffered', () => {
    const m = emit(g, 'io_stream');
    expect(callsOf(m, '/c0/Concat')).toMatch(/^fhls::concat_channels_stream<x_t, x_t, c0_t, 2, 2, 12>\(x_cpy\d, x_cpy\d, c0\);$/);
    expect(callsOf(m, '/t/Transpose')).toMatch(/fhls::stream_to_array<x_t, 2, 12>/);
    expect(callsOf(m, '/t/Transpose')).toMatch(/fhls::array_to_stream<t_t, 3, 8>\(t_buf, t\);/);
  });
});

describe('quant', () => {
  const g = typed(quantModel(), 'quant');
  it("the emitter's constants give the emulator's values (the C++ algorithm, run in TypeScript)", () => {
    const xType = g.tensors.x.type as FixedType;
    const raws = Array.from({ length: 2000 }, (_, i) => BigInt(Math.round(Math.sin(i * 12.9898) * 43758.5453 * 7) % 2 ** 15));
    for (const layer of g.layers.filter((l): l is LayerOf<'Quant'> => l.kind === 'Quant' && l.inputs[0] === 'x')) {
      const a = layer.attrs;
      const k = quantConstants(a, lsbExp(xType));
      const out = g.tensors[layer.outputs[0]].type as FixedType;
      const run = semanticsOf(layer).compileFixed(layer, g, { forceBigInt: true });
      const inner = k.channels.length === 1 ? 1 : 5;
      const x = Array.from({ length: 15 }, (_, i) => raws[i]);
      for (let s = 0; s + 15 <= raws.length; s += 15) {
        const xs = raws.slice(s, s + 15);
        const want = run([xs])[0] as bigint[];
        xs.forEach((X, i) => {
          const c = k.channels[Math.floor(i / inner) % k.channels.length];
          let raw: bigint;
          if (a.mode === 'bipolar') raw = X < 0n ? -c.mul : c.mul;
          else {
            const num = X * c.mulX + c.addZ;
            const mode = qonnxRounding(a.rounding);
            let q = a.mode === 'trunc' ? roundRatio(roundRatio(num, c.den, 'RND_CONV'), 1n << BigInt(k.t), mode) : k.quirk ? (num < 0n ? -1n : 1n) : roundRatio(num, c.den, mode);
            if (q < k.lo) q = k.lo;
            if (q > k.hi) q = k.hi;
            raw = q * c.mul - c.sub;
          }
          expect(requantize(k.L, raw, out), `${layer.name} x=${X}`).toBe(want[i]);
        });
      }
      expect(x.length).toBe(15);
    }
  });
});

describe('constants', () => {
  it('prints exact decimals while they are doubles, stored bits beyond', () => {
    expect(cppValue(T('fixed<16,6>'), 'w_t', 3n)).toBe('0.0029296875');
    expect(cppValue(T('fixed<16,6>'), 'w_t', -512n)).toBe('-0.5');
    expect(cppValue(T('int<40>'), 'w_t', 2n ** 35n)).toBe('34359738368.0');
    const wide = T('fixed<64,4>');
    expect(cppValue(wide, 'w_t', 2n ** 59n + 1n)).toBe('fhls::from_bits<w_t>("0800000000000001")');
    expect(hexBits(T('fixed<6,2>'), -1n)).toBe('3f');
  });
  it('doubles round-trip', () => {
    for (const x of [0.1, -2.5, 1e-7, 1.5e21, 3, 0]) expect(Number(cppDouble(x))).toBe(x);
    expect(cppDouble(-0)).toBe('-0.0');
    expect(cppDouble(Infinity)).toMatch(/infinity/);
  });
});

describe('assembly', () => {
  it('every declared identifier is unique', () => {
    const m = emit(typed(smallModel(), 'small'), 'io_stream');
    const names = [...m.typedefs.map((t) => t.name), ...m.vectorTypedefs.map((t) => t.name), ...m.weights.map((w) => w.name)];
    expect(new Set(names).size).toBe(names.length);
    const declared = m.body.map((l) => /^(?:hls::stream<\w+> |\w+ )(\w+)[[(]/.exec(l)?.[1]).filter((n): n is string => !!n);
    expect(new Set(declared).size).toBe(declared.length);
    for (const n of declared) expect(names).not.toContain(n);
  });
  it('comments name the ONNX node and op of every call', () => {
    const m = emit(typed(smallModel(), 'small'), 'io_parallel');
    expect(m.body).toContain('// /gain/Mul (ONNX Mul) -> Elementwise [2,4] -> [2,4]');
    expect(m.body).toContain('// /q/Quant (ONNX Quant) -> Quant [4,2] -> [4,2]');
  });
});
