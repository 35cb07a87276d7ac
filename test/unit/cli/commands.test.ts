// The user-facing commands on the real example models: inspect, config, emulate (fixed, float, trace).

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { fhls } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'fhls-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const EXAMPLES = ['jet_mlp', 'conv1d', 'conv2d', 'residual', 'qonnx_mlp', 'qonnx_mlp_nonp2', 'qdq_mlp'];
const ex = (name: string, ext = 'onnx') => join('examples', `${name}.${ext}`);

function csvRows(text: string): string[][] {
  return text.trim().split('\n').slice(1).map((l) => l.split(','));
}

describe('fhls inspect', () => {
  it.each(EXAMPLES)('%s: lists every layer with shapes and types', async (name) => {
    const r = await fhls('inspect', ex(name));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^model: examples\//);
    expect(r.out).toMatch(/total: \d+ layers, \d+ parameters \(\d+ bits\), \d+ multiplications per sample/);
  });

  it('prints the jet MLP layer by layer', async () => {
    const r = await fhls('inspect', ex('jet_mlp'));
    const rows = r.out.split('\n').filter((l) => /^\/\d+\//.test(l));
    expect(rows.map((l) => l.split(/\s+/)[1])).toEqual(['Dense', 'Activation(relu)', 'Dense', 'Activation(relu)', 'Dense', 'Activation(relu)', 'Dense', 'Softmax']);
    expect(rows[0]).toMatch(/\[16\] -> \[64\]\s+fixed<16,6>\s+fixed<16,6>/);
    // 16·64 + 64·32 + 32·32 + 32·5 weights, all non-zero
    expect(r.out).toMatch(/4389 parameters/);
  });

  it('--json prints the typed graph', async () => {
    const r = await fhls('inspect', ex('residual'), '--json');
    const g = JSON.parse(r.out);
    expect(g.inputs).toEqual(['input']);
    expect(g.layers.map((l: { kind: string }) => l.kind)).toContain('Concat');
    for (const l of g.layers) for (const o of l.outputs) expect(g.tensors[o].type.width).toBeGreaterThan(0);
  });

  it('applies a config', async () => {
    const cfg = join(tmp, 'narrow.yml');
    writeFileSync(cfg, 'Model:\n  Precision: fixed<10,4>\nLayerName:\n  /0/Gemm:\n    Precision:\n      weight: fixed<6,2>\n      result: fixed<12,5,RND,SAT>\n');
    const r = await fhls('inspect', ex('jet_mlp'), '--config', cfg);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\/0\/Gemm\s+Dense\s+Gemm\s+\[16\] -> \[64\]\s+fixed<12,5,RND,SAT>\s+fixed<6,2>/);
    expect(r.out).toMatch(/\/2\/Gemm\s+Dense\s+Gemm\s+\[64\] -> \[32\]\s+fixed<10,4>\s+fixed<10,4>/);
  });
});

describe('fhls config', () => {
  it.each(['model', 'type', 'name'] as const)('--granularity %s prints a config that reads back', async (g) => {
    const r = await fhls('config', ex('conv2d'), '--granularity', g);
    expect(r.code).toBe(0);
    const cfg = parseYaml(r.out);
    expect(cfg.Model.Precision).toBe('fixed<16,6>');
    if (g === 'type') expect(Object.keys(cfg.LayerType)).toEqual(expect.arrayContaining(['Conv', 'Dense', 'Activation', 'Pool']));
    if (g === 'name') expect(cfg.LayerName['/0/Conv'].Precision).toEqual({ weight: 'fixed<16,6>', bias: 'fixed<16,6>', accum: 'auto', result: 'fixed<16,6>' });
    const file = join(tmp, `cfg-${g}.yml`);
    writeFileSync(file, r.out);
    const again = await fhls('inspect', ex('conv2d'), '--config', file);
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
  });

  it('--format json', async () => {
    const r = await fhls('config', ex('jet_mlp'), '--format', 'json', '-g', 'name');
    expect(JSON.parse(r.out).LayerName['/7/Softmax']).toMatchObject({ table_size: 1024 });
  });
});

describe('fhls emulate', () => {
  it('prints exact decimals, one line per sample', async () => {
    const r = await fhls('emulate', ex('jet_mlp'), '--input', ex('jet_mlp', 'input.csv'));
    expect(r.code).toBe(0);
    const rows = csvRows(r.out);
    expect(rows).toHaveLength(200);
    for (const row of rows) {
      expect(row).toHaveLength(5);
      // fixed<16,6> values are multiples of 2^-10: exact decimals with at most 10 fraction digits
      for (const v of row) expect(v).toMatch(/^-?\d+(\.\d{1,10})?$/);
    }
  });

  it('--float matches the framework outputs', async () => {
    const out = join(tmp, 'float.csv');
    const r = await fhls('emulate', ex('conv2d'), '-i', ex('conv2d', 'input.csv'), '-o', out, '--float');
    expect(r.code).toBe(0);
    const got = csvRows(readFileSync(out, 'utf8')).map((row) => row.map(Number));
    const want = csvRows(readFileSync(ex('conv2d', 'output.csv'), 'utf8')).map((row) => row.map(Number));
    const scale = Math.max(...want.flat().map(Math.abs));
    const err = Math.max(...got.flatMap((row, i) => row.map((v, j) => Math.abs(v - want[i]![j]!))));
    expect(err).toBeLessThanOrEqual(1e-5 * scale);
  });

  it('a quantized model at its own precision reproduces its reference exactly', async () => {
    for (const name of ['qonnx_mlp', 'qdq_mlp', 'qonnx_mlp_nonp2']) {
      const r = await fhls('emulate', ex(name), '-i', ex(name, 'input.csv'));
      expect(r.code).toBe(0);
      const got = csvRows(r.out).map((row) => row.map(Number));
      const want = csvRows(readFileSync(ex(name, 'output.csv'), 'utf8')).map((row) => row.map(Number));
      expect(got).toEqual(want.map((row) => row.map((v) => v + 0))); // −0 and 0 compare equal
    }
  });

  it('--trace writes per-layer outputs and an error table', async () => {
    const dir = join(tmp, 'trace');
    const r = await fhls('emulate', ex('residual'), '-i', ex('residual', 'input.csv'), '--trace', dir, '-o', join(tmp, 'res.csv'));
    expect(r.code).toBe(0);
    const files = readdirSync(dir);
    expect(files).toContain('errors.txt');
    expect(files.filter((f) => f.endsWith('.fixed.csv'))).toHaveLength(8);
    expect(files.filter((f) => f.endsWith('.float.csv'))).toHaveLength(8);
    const table = readFileSync(join(dir, 'errors.txt'), 'utf8');
    expect(table).toMatch(/^layer\s+kind\s+tensor/);
    expect(table).toMatch(/\/Concat\s+Concat/);
    // a second run refuses to overwrite the folder, and leaves it as it was
    const again = await fhls('emulate', ex('residual'), '-i', ex('residual', 'input.csv'), '--trace', dir);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already exists/);
    expect(existsSync(join(dir, 'errors.txt'))).toBe(true);
    const forced = await fhls('emulate', ex('residual'), '-i', ex('residual', 'input.csv'), '--trace', dir, '--force', '-o', join(tmp, 'res2.csv'));
    expect(forced.code).toBe(0);
  });
});
