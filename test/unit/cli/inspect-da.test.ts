// `fhls inspect` on models with distributed-arithmetic layers: an adders column ('-' for other
// layers), a DA table with multipliers before, adders after, depth and estimated LUTs, a DA total.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../src/config/load.js';
import { formatDiagnostic } from '../../../src/ir/diagnostics.js';
import { daLayerSummary, type DaLayerSummary } from '../../../src/passes/cmvm/lower.js';
import { compileModel } from '../../../src/pipeline.js';
import { expectBadInput, fhls } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'fhls-inspect-da-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ex = (name: string) => join('examples', `${name}.onnx`);

function configFile(name: string, yaml: string): string {
  const p = join(tmp, name);
  writeFileSync(p, yaml);
  return p;
}

/** The DA summaries of a model under a config, straight from the pipeline. */
function summaries(model: string, cfgPath: string): DaLayerSummary[] {
  const cfg = loadConfigFile(cfgPath);
  if (!cfg.ok) throw new Error(cfg.diagnostics.map(formatDiagnostic).join('\n'));
  const r = compileModel(ex(model), cfg.value, cfgPath);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.value.layers.map((l) => daLayerSummary(l, r.value)).filter((s): s is DaLayerSummary => s !== undefined);
}

/** The cells of the row starting with `first` in the table under the line matching `header`. */
function rowsOf(text: string, header: RegExp): Map<string, string[]> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => header.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const out = new Map<string, string[]>();
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '') break;
    const cells = l.split(/\s{2,}/);
    out.set(cells[0], cells);
  }
  return out;
}

describe('fhls inspect with distributed arithmetic', () => {
  it('Model-wide Strategy: every Dense and Conv layer shows its adders, the others -', async () => {
    const cfg = configFile('da.yml', 'Model:\n  Precision: fixed<16,6>\n  Strategy: distributed_arithmetic\n');
    const r = await fhls('inspect', ex('conv1d'), '--config', cfg);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const want = summaries('conv1d', cfg);
    expect(want.map((s) => s.layer)).toEqual(['/0/Conv', '/4/Conv', '/8/Gemm']);

    // the layer table: one more column, adders, '-' for layers without DA
    const layers = rowsOf(r.out, /^layer\s+kind\s+onnx op.*\bmults\s+adders$/);
    expect(layers.size).toBe(8);
    for (const [name, cells] of layers) {
      const s = want.find((w) => w.layer === name);
      expect(cells.at(-1)).toBe(s ? String(s.adders) : '-');
    }
    // the other columns are as without DA
    expect(layers.get('/0/Conv')!.slice(0, -1).join('  ')).toMatch(/^\/0\/Conv\s+Conv\s+Conv\s+\[2,32\] -> \[4,32\]\s+fixed<16,6>\s+fixed<16,6>/);
    expect(r.out).toMatch(/total: 8 layers, 417 parameters \(\d+ bits\), \d+ multiplications per sample/);

    // the DA table: multipliers before, adders after, depth, estimated LUTs — the summary's figures
    const da = rowsOf(r.out, /^DA layer\s+kind\s+multipliers\s+adders\s+CSD adders\s+depth\s+adder bits\s+output adders\s+est\. LUTs\s+evaluations$/);
    expect([...da.keys()]).toEqual(want.map((s) => s.layer));
    for (const s of want) {
      expect(da.get(s.layer)).toEqual([s.layer, s.kind, s.multipliers, s.adders, s.csdAdders, s.depth, s.adderBits, s.outputAdders, s.estimatedLuts, s.evaluations].map(String));
      expect(s.adders).toBeLessThan(s.csdAdders);
      expect(s.estimatedLuts).toBeGreaterThanOrEqual(s.adderBits);
    }
    // a Conv's one graph is evaluated at every output position
    expect(da.get('/0/Conv')![9]).toBe('32');
    const sum = (f: (s: DaLayerSummary) => number) => want.reduce((t, s) => t + f(s), 0);
    expect(r.out).toContain(
      `DA total: 3 layers, ${sum((s) => s.multipliers)} multipliers -> ${sum((s) => s.adders)} adders (CSD baseline ${sum((s) => s.csdAdders)}, ` +
        `${Math.round((100 * (sum((s) => s.csdAdders) - sum((s) => s.adders))) / sum((s) => s.csdAdders))}% fewer), ` +
        `depth up to ${Math.max(...want.map((s) => s.depth))}, est. ${sum((s) => s.estimatedLuts)} LUTs`,
    );
  });

  it('LayerType: only Dense layers', async () => {
    const cfg = configFile('da-dense.yml', 'LayerType:\n  Dense:\n    Strategy: distributed_arithmetic\n');
    const r = await fhls('inspect', ex('conv1d'), '--config', cfg);
    expect(r.code).toBe(0);
    const layers = rowsOf(r.out, /^layer\s+kind.*\badders$/);
    expect(layers.get('/0/Conv')!.at(-1)).toBe('-');
    expect(layers.get('/4/Conv')!.at(-1)).toBe('-');
    expect(layers.get('/8/Gemm')!.at(-1)).toMatch(/^\d+$/);
    expect([...rowsOf(r.out, /^DA layer/).keys()]).toEqual(['/8/Gemm']);
    expect(r.out).toMatch(/^DA total: 1 layer, \d+ multipliers -> \d+ adders/m);
  });

  it('LayerName with MaxDepth: one layer, within its depth bound', async () => {
    const cfg = configFile('da-one.yml', "LayerName:\n  '/0/Gemm':\n    Strategy: distributed_arithmetic\n    MaxDepth: 6\n");
    const r = await fhls('inspect', ex('jet_mlp'), '--config', cfg);
    expect(r.code).toBe(0);
    const [s] = summaries('jet_mlp', cfg);
    expect(s.depth).toBeLessThanOrEqual(6);
    const da = rowsOf(r.out, /^DA layer/);
    expect([...da.keys()]).toEqual(['/0/Gemm']);
    expect(da.get('/0/Gemm')![5]).toBe(String(s.depth));
    // the jet MLP's first layer: 16·64 weights, all but those rounded to 0 at fixed<16,6>
    expect(s.multipliers).toBeGreaterThan(1000);
    const layers = rowsOf(r.out, /^layer\s+kind.*\badders$/);
    expect(layers.get('/0/Gemm')!.at(-1)).toBe(String(s.adders));
    expect(layers.get('/2/Gemm')!.at(-1)).toBe('-');
  });

  it('without DA layers the output has no adders column and no DA lines', async () => {
    const cfg = configFile('latency.yml', 'Model:\n  Strategy: Latency\n');
    for (const args of [[ex('conv1d')], [ex('conv1d'), '--config', cfg]]) {
      const r = await fhls('inspect', ...args);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^layer\s+kind\s+onnx op\s+shape in -> out\s+result\s+weight\s+accum\s+params\s+mults$/m);
      expect(r.out).not.toMatch(/adders|DA /);
      expect(r.out.trimEnd().split('\n').at(-1)).toMatch(/^total: /);
    }
  });

  it('a MaxDepth below a layer’s minimum is bad input naming the layer', async () => {
    const cfg = configFile('da-shallow.yml', "Model:\n  Strategy: distributed_arithmetic\nLayerName:\n  '/8/Gemm':\n    MaxDepth: 1\n");
    expectBadInput(await fhls('inspect', ex('conv1d'), '--config', cfg), "'/8/Gemm'", /minimum depth \d+/);
  });
});
