// The Softmax emitter without a compiler: both tables are softmax.ts's entries, the index configs
// reproduce tables.ts's index maps over every difference and every sum that can occur, and each
// axis gets the io_stream implementation its layout allows.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitModel, type EmittedLayer, type EmittedModel } from '../../../../src/backends/vitis/project.js';
import { defaultConfig } from '../../../../src/config/load.js';
import { formatDiagnostic } from '../../../../src/ir/diagnostics.js';
import { lsbExp, maxRaw, minRaw } from '../../../../src/ir/fixed/type.js';
import type { Graph, LayerOf } from '../../../../src/ir/graph.js';
import { softmaxTables } from '../../../../src/ir/layers/softmax.js';
import { indexOf } from '../../../../src/ir/layers/tables.js';
import { compileModel } from '../../../../src/pipeline.js';
import { cppTableIndex, softmaxModel } from './activation-fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'fhls-sm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function typed(name: string, edit?: (c: ReturnType<typeof defaultConfig>) => void): Graph {
  const path = join(tmp, `${name}.onnx`);
  writeFileSync(path, softmaxModel());
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

/** The text of one struct of a config. */
function struct(config: string, name: string): string {
  const at = config.indexOf(`struct ${name} {`);
  if (at < 0) throw new Error(`no struct ${name}`);
  return config.slice(at, config.indexOf('\n};', at) + 3);
}

// layer, [n, outer, inner], io_stream implementation
const LAYERS: [string, [number, number, number], 'stream' | 'buffered'][] = [
  ['sm_x0', [4, 1, 6], 'stream'],
  ['sm_x1', [6, 4, 1], 'buffered'],
  ['sm_z0', [3, 1, 10], 'stream'],
  ['sm_z1', [2, 3, 5], 'buffered'],
  ['sm_z2', [5, 6, 1], 'buffered'],
  ['sm_w', [10, 1, 1], 'stream'],
  ['sm_v0', [1, 1, 5], 'stream'],
  ['sm_v1', [5, 1, 1], 'buffered'],
];

describe('Softmax emitter', () => {
  const g = typed('sm', (c) => {
    c.Model.Precision = { default: 'fixed<10,4>', exp_table: 'fixed<14,3,RND,SAT>', inv_table: 'ufixed<12,4,RND,SAT>' };
    c.Model.TableSize = 512;
  });
  const par = emit(g, 'io_parallel');
  const str = emit(g, 'io_stream');

  it('prints exactly the emulator’s exp and inverse tables', () => {
    for (const [name] of LAYERS) {
      const l = layerOf(par, name);
      const { exp, inv } = softmaxTables(l.layer as LayerOf<'Softmax'>, g);
      expect(l.code.weights.map((w) => w.values)).toEqual([exp.entries, inv.entries]);
      expect(l.code.weights.map((w) => w.type)).toEqual([exp.type, inv.type]);
      expect(l.code.config).toContain(`typedef ${l.code.weights[0].typeName} exp_table_t;`);
      expect(l.code.config).toContain(`typedef ${l.code.weights[1].typeName} inv_table_t;`);
      expect(l.code.config).toContain('static const unsigned table_size = 512;');
    }
  });

  it('the index configs give tables.ts’s indices for every difference and every sum', () => {
    for (const [name, [n]] of LAYERS) {
      const l = layerOf(par, name);
      const { exp, inv } = softmaxTables(l.layer as LayerOf<'Softmax'>, g);
      const X = g.tensors[l.layer.inputs[0]].type as Parameters<typeof minRaw>[0];
      expect(exp.index.lsb).toBe(lsbExp(X));
      const fe = cppTableIndex(struct(l.code.config, `${l.id}_exp_index`));
      for (let d = minRaw(X) - maxRaw(X); d <= 0n; d++) expect(fe(d)).toBe(indexOf(exp.index, d));
      const fi = cppTableIndex(struct(l.code.config, `${l.id}_inv_index`));
      const top = BigInt(n) * exp.entries.reduce((a, b) => (b > a ? b : a));
      for (let s = 0n; s <= top; s++) expect(fi(s)).toBe(indexOf(inv.index, s));
    }
  });

  it('slices: the axis length, what lies outside and inside it', () => {
    for (const [name, [n, outer, inner]] of LAYERS) {
      const c = layerOf(par, name).code.config;
      expect(c).toContain(`static const unsigned n = ${n};`);
      expect(c).toContain(`static const unsigned outer = ${outer};`);
      expect(c).toContain(`static const unsigned inner = ${inner};`);
    }
  });

  it('io_parallel calls fhls::softmax; io_stream streams a position per slice along the channels, else buffers', () => {
    for (const [name, [n], how] of LAYERS) {
      const p = layerOf(par, name);
      const s = layerOf(str, name);
      const [e, i] = p.code.weights.map((w) => w.name);
      expect(p.code.call).toEqual([`fhls::softmax<${p.id}_config>(${p.layer.inputs[0]}, ${name}, ${e}, ${i});`]);
      expect(p.code.estimate.multipliers[0]).toMatchObject({ a: { width: 14, signed: true }, b: { width: 12, signed: false }, constant: false });
      const x = g.tensors[p.layer.inputs[0]];
      const size = x.shape.reduce((a, b) => a * b, 1);
      expect(p.code.estimate.multipliers[0].count).toBe(size);
      const call = s.code.call.join('\n');
      if (how === 'stream') {
        expect(s.code.call).toHaveLength(1);
        expect(call).toMatch(/^fhls::softmax_stream</);
        expect(s.code.estimate.multipliers[0].count).toBe(n);
        expect(s.code.estimate.ii).toBe(size / n);
      } else {
        expect(call).toContain('fhls::stream_to_array<');
        expect(call).toContain(`fhls::softmax<${s.id}_config>(`);
        expect(call).toContain('fhls::array_to_stream<');
        expect(s.code.estimate.latency).toBeGreaterThan(p.code.estimate.latency);
      }
    }
  });
});
