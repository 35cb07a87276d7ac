// The Activation emitter without a compiler: the tables it prints are tables.ts's entries, the
// index constants reproduce tables.ts's index map for every raw of the input type, the constants
// are the model's exact values, and the calls, configs and estimates fit each function.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitModel, type EmittedLayer, type EmittedModel } from '../../../../src/backends/vitis/project.js';
import { indexConfig } from '../../../../src/backends/vitis/layers/table.js';
import { defaultConfig } from '../../../../src/config/load.js';
import { formatDiagnostic } from '../../../../src/ir/diagnostics.js';
import { parseType } from '../../../../src/ir/fixed/parse.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from '../../../../src/ir/fixed/type.js';
import type { Graph, LayerOf } from '../../../../src/ir/graph.js';
import { activationTable } from '../../../../src/ir/layers/activation.js';
import { constantRaw } from '../../../../src/ir/layers/constants.js';
import { dyadic, dyadicType, indexOf, tableIndex } from '../../../../src/ir/layers/tables.js';
import { toDecimal } from '../../../../src/ir/fixed/value.js';
import { cppType } from '../../../../src/backends/vitis/cpp.js';
import { compileModel } from '../../../../src/pipeline.js';
import { activationsModel, cppTableIndex, intMember } from './activation-fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'fhls-act-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function T(s: string): FixedType {
  const r = parseType(s);
  if (!r.ok) throw new Error(r.message);
  return r.type;
}

function typed(bytes: Uint8Array, name: string, edit?: (c: ReturnType<typeof defaultConfig>) => void): Graph {
  const path = join(tmp, `${name}.onnx`);
  writeFileSync(path, bytes);
  const config = defaultConfig();
  edit?.(config);
  const r = compileModel(path, config);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.value;
}

function emit(g: Graph, ioType: 'io_parallel' | 'io_stream'): EmittedModel {
  return emitModel(g, { projectName: 'myproject', part: 'xcvu13p-flga2577-2-e', clockPeriod: 5, ioType });
}

const layerOf = (m: EmittedModel, name: string): EmittedLayer => {
  const l = m.layers.find((x) => x.layer.name === name);
  if (!l) throw new Error(`no layer ${name}`);
  return l;
};

const TABLE_FNS = ['sigmoid', 'tanh', 'softsign', 'softplus', 'elu', 'selu'];

describe('Activation emitter', () => {
  const g = typed(activationsModel(), 'acts');
  const par = emit(g, 'io_parallel');
  const str = emit(g, 'io_stream');

  it('prints exactly the emulator’s table entries, with the table type', () => {
    for (const name of TABLE_FNS) {
      const l = layerOf(par, name);
      const spec = activationTable(l.layer as LayerOf<'Activation'>, g)!;
      expect(l.code.weights).toHaveLength(1);
      const w = l.code.weights[0];
      expect(w.values).toEqual(spec.entries);
      expect(w.type).toEqual(spec.type);
      expect(w.shape).toEqual([1024]);
      expect(l.code.config).toContain(`typedef ${w.typeName} table_t;`);
      expect(l.code.call).toEqual([`fhls::activation<${l.id}_config>(x, ${name}, ${w.name});`]);
      expect(l.code.estimate.multipliers.length).toBe(name === 'selu' ? 1 : 0);
    }
  });

  it('the printed index constants give tables.ts’s index for every raw of the input type', () => {
    for (const [xs, lo, hi, n] of [
      ['fixed<16,6>', -8, 8, 1024],
      ['fixed<10,3>', -4, 4, 1000],
      ['fixed<7,10>', -8, 0, 256],
      ['ufixed<9,2>', -8, 8, 4096],
      ['fixed<12,12>', -8, 8, 3],
      ['fixed<14,1>', -8, 0, 768],
      ['fixed<12,4>', -3, 3, 1000],
      ['fixed<9,9>', -0.75, 2.5, 7],
    ] as const) {
      const X = T(xs);
      const ix = tableIndex(lsbExp(X), lo, hi, n);
      const f = cppTableIndex(indexConfig('idx', ix, minRaw(X), maxRaw(X), 'test').text);
      for (let r = minRaw(X); r <= maxRaw(X); r++) expect(f(r), `${xs} r=${r}`).toBe(indexOf(ix, r));
    }
  });

  it('the layer’s own index config matches its table', () => {
    const g2 = typed(activationsModel(), 'acts_odd', (c) => {
      c.Model.TableSize = 1000;
      c.LayerName.x = { Precision: 'fixed<11,4>' };
    });
    const m = emit(g2, 'io_parallel');
    for (const name of TABLE_FNS) {
      const l = layerOf(m, name);
      const spec = activationTable(l.layer as LayerOf<'Activation'>, g2)!;
      const f = cppTableIndex(l.code.config);
      const X = T('fixed<11,4>');
      for (let r = minRaw(X); r <= maxRaw(X); r++) expect(f(r)).toBe(indexOf(spec.index, r));
      expect(intMember(l.code.config, 'mul')).toBe(125n);
      expect(l.code.weights[0].values).toEqual(spec.entries);
    }
  });

  it('constants are the model’s exact values in their exact types', () => {
    const cfg = (n: string) => layerOf(par, n).code.config;
    // the layer's alpha (the ONNX default 0.01 when absent, as the frontend reads it) exactly
    const alpha = (layerOf(par, 'leaky').layer as LayerOf<'Activation'>).attrs.alpha!;
    const d = dyadic(alpha);
    expect(cfg('leaky')).toContain(`typedef ${cppType(dyadicType(d))} alpha_t;`);
    expect(cfg('leaky')).toContain(`return alpha_t(${toDecimal(dyadicType(d), d.m)});`);
    expect(cfg('leaky_big')).toContain('return alpha_t(1.75);');
    expect(cfg('thresh')).toContain(`return alpha_t(${Math.fround(0.7)}`.slice(0, 30));
    expect(cfg('thresh_neg')).toContain('return alpha_t(-1.5);');
    expect(cfg('selu')).toContain('return gamma_t(1.05070102214813232421875);');
    expect(cfg('hsig_sixth')).toContain('return beta_t(0.5);');
    // clip bounds onto the fixed<16,6> grid: min rounded up, max rounded down
    expect(cfg('clip')).toContain('static bound_t lo() { return bound_t(-1.2998046875); }');
    expect(cfg('clip')).toContain('static bound_t hi() { return bound_t(2.69921875); }');
    expect(cfg('clip_min')).toContain('static const bool has_hi = false;');
    expect(cfg('relu6')).toContain('static bound_t hi() { return bound_t(6); }');
    // hard_swish: K = 3 on the input grid 2^-10; the ratio at 2^-20 into LSB 2^-10
    expect(cfg('hswish')).toContain('static int_t k() { return int_t(3072LL); }');
    expect(cfg('hswish')).toContain('static const int shift = -10;');
    expect(cfg('hswish')).toContain('static const int round_mode = AP_TRN;');
  });

  it('prelu: slopes as a weight array, broadcast by strides, channel-only when the stream allows', () => {
    const cases: [string, string, number[], boolean][] = [
      ['prelu_ch', 'slope_ch', [1, 0], true],
      ['prelu_one', 'slope_one', [0, 0], true],
      ['prelu_all', 'slope_all', [6, 1], false],
      ['prelu_pos', 'slope_pos', [0, 5, 1], false],
    ];
    for (const [name, , strides, byChannel] of cases) {
      const l = layerOf(par, name);
      const t = g.tensors[(l.layer as LayerOf<'Activation'>).attrs.slope!];
      expect(l.code.weights).toHaveLength(1);
      expect(l.code.weights[0].values).toEqual(constantRaw(t.data!, t.type!).raw);
      expect(l.code.config).toContain(`static const unsigned v[${strides.length}] = {${strides.join(', ')}};`);
      expect(l.code.config).toContain(`static const bool by_channel = ${byChannel};`);
      expect(l.code.estimate.multipliers[0]).toMatchObject({ count: l.layer.name === 'prelu_pos' ? 30 : 24, constant: true });
    }
  });

  it('io_stream: one position per cycle, multipliers per channel', () => {
    for (const name of ['relu', 'leaky', 'sigmoid', 'prelu_ch', 'hswish']) {
      const p = layerOf(par, name);
      const s = layerOf(str, name);
      expect(s.code.call[0]).toMatch(/^fhls::activation_stream</);
      expect(s.code.estimate.ii).toBe(6);
      expect(s.code.estimate.latency).toBe(p.code.estimate.latency + 6);
      for (const m of s.code.estimate.multipliers) expect(m.count).toBe(4);
    }
    expect(layerOf(par, 'leaky_big').code.estimate.multipliers).toEqual([
      { count: 24, a: { width: 16, signed: true }, b: { width: 3, signed: false }, constant: true },
    ]);
    expect(layerOf(par, 'hswish').code.estimate.multipliers[0]).toMatchObject({ count: 24, constant: false });
    expect(layerOf(par, 'relu').code.estimate).toMatchObject({ latency: 1, ii: 1, multipliers: [] });
  });
});
