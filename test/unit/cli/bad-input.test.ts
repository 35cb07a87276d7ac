// Bad input through the CLI: one readable message naming the file/node/op/field, exit code 2, no
// stack trace (unless --debug), and nothing written.

import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel, type ModelSpec } from '../frontends/onnx/onnx-builder.js';
import { expectBadInput, fhls } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'fhls-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

const QONNX = 'qonnx.custom_op.general';
const scalar = (name: string, v: number) => ({ name, dims: [], data: [v] });

/** A 4→2 Gemm model with optional extra nodes after it. */
function gemm(extra: Partial<ModelSpec> = {}, weight = [1, 2, 3, 4, 5, 6, 7, 8]): ModelSpec {
  return {
    inputs: [{ name: 'x', shape: ['n', 4] }],
    outputs: ['y'],
    initializers: [{ name: 'W', dims: [2, 4], data: weight }, { name: 'b', dims: [2], data: [0.5, -0.5] }],
    nodes: [{ op: 'Gemm', name: 'fc', inputs: ['x', 'W', 'b'], outputs: ['y'], attrs: { transB: 1 } }],
    ...extra,
  };
}
const okModel = file('ok.onnx', buildModel(gemm()));

describe('bad models', () => {
  it('a missing file', async () => {
    expectBadInput(await fhls('inspect', join(tmp, 'nope.onnx')), 'nope.onnx');
  });

  it('random bytes', async () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 256);
    expectBadInput(await fhls('inspect', file('random.onnx', bytes)), 'random.onnx', /not .*ONNX|ONNX model/i);
  });

  it('a truncated protobuf', async () => {
    const whole = buildModel(gemm());
    expectBadInput(await fhls('inspect', file('truncated.onnx', whole.slice(0, Math.floor(whole.length * 0.6)))), 'truncated.onnx');
  });

  it('a JSON file', async () => {
    expectBadInput(await fhls('inspect', file('model.onnx.json', '{"learner": {"gradient_booster": {}}}')), /JSON|fhls reads ONNX/);
    expectBadInput(await fhls('inspect', file('json.onnx', '{"learner": {}}')), 'json.onnx', /JSON/);
  });

  it('a dynamic dimension other than the batch', async () => {
    const m = gemm({ inputs: [{ name: 'x', shape: ['n', 'features'] }] });
    expectBadInput(await fhls('inspect', file('dynamic.onnx', buildModel(m))), /'x'/, /dimension|shape/);
  });

  it('unsupported ops: every one is listed', async () => {
    const m = gemm({
      outputs: ['z'],
      nodes: [
        { op: 'Gemm', name: 'fc', inputs: ['x', 'W', 'b'], outputs: ['y'], attrs: { transB: 1 } },
        { op: 'Cos', name: 'cosine', inputs: ['y'], outputs: ['c'] },
        { op: 'Erf', name: 'gauss', inputs: ['c'], outputs: ['e'] },
        { op: 'Hardmax', name: 'hm', inputs: ['e'], outputs: ['z'] },
      ],
    });
    const r = await fhls('inspect', file('unsupported.onnx', buildModel(m)));
    expectBadInput(r, "'cosine'", 'Cos', "'gauss'", 'Erf', "'hm'", 'Hardmax');
  });

  it('NaN and Inf weights', async () => {
    expectBadInput(await fhls('inspect', file('nan.onnx', buildModel(gemm({}, [1, 2, NaN, 4, 5, 6, 7, 8])))), "'W'", /NaN|finite/);
    expectBadInput(await fhls('inspect', file('inf.onnx', buildModel(gemm({}, [1, 2, 3, 4, 5, 6, 7, -Infinity])))), "'W'", /Inf|finite/);
  });

  it('a Quant with a scale that is not constant', async () => {
    const m: ModelSpec = {
      inputs: [{ name: 'x', shape: ['n', 4] }, { name: 's', shape: [1] }],
      outputs: ['y'],
      initializers: [scalar('z', 0), scalar('bits', 8)],
      nodes: [{ op: 'Quant', domain: QONNX, name: 'q_in', inputs: ['x', 's', 'z', 'bits'], outputs: ['y'], attrs: { signed: 1, narrow: 0, rounding_mode: 'ROUND' } }],
      domains: { [QONNX]: 1 },
    };
    expectBadInput(await fhls('inspect', file('quant-scale.onnx', buildModel(m))), "'q_in'", /scale/);
  });

  it.each([0, 65])('a Quant with bitwidth %i', async (bits) => {
    const m: ModelSpec = {
      inputs: [{ name: 'x', shape: ['n', 4] }],
      outputs: ['y'],
      initializers: [scalar('s', 0.125), scalar('z', 0), scalar('bits', bits)],
      nodes: [{ op: 'Quant', domain: QONNX, name: 'q_bits', inputs: ['x', 's', 'z', 'bits'], outputs: ['y'], attrs: { signed: 1, narrow: 0, rounding_mode: 'ROUND' } }],
      domains: { [QONNX]: 1 },
    };
    expectBadInput(await fhls('inspect', file(`bits${bits}.onnx`, buildModel(m))), "'q_bits'", /bit ?width/i);
  });
});

describe('bad configs', () => {
  const cfg = (name: string, text: string) => file(name, text);

  it('a malformed type string', async () => {
    const c = cfg('badtype.yml', 'Model:\n  Precision: fixed<16;6>\n');
    expectBadInput(await fhls('inspect', okModel, '-c', c), 'badtype.yml', 'Model.Precision', 'fixed<16;6>');
    const c2 = cfg('badmode.yml', 'Model:\n  Precision: ap_fixed<16,6,AP_RNDX>\n');
    expectBadInput(await fhls('inspect', okModel, '-c', c2), /RNDX/);
    const c3 = cfg('zero.yml', 'Model:\n  Precision: fixed<0,3>\n');
    expectBadInput(await fhls('inspect', okModel, '-c', c3), /width/);
  });

  it('an unknown key, anywhere', async () => {
    expectBadInput(await fhls('inspect', okModel, '-c', cfg('key1.yml', 'Modle:\n  Precision: fixed<8,3>\n')), "'Modle'");
    expectBadInput(await fhls('inspect', okModel, '-c', cfg('key2.yml', 'Model:\n  ReuseFactr: 2\n')), 'Model', "'ReuseFactr'");
    expectBadInput(await fhls('inspect', okModel, '-c', cfg('key3.json', '{"LayerName": {"fc": {"Precision": {"wieght": "fixed<8,3>"}}}}')), 'LayerName.fc.Precision', "'wieght'");
  });

  it('a bad value', async () => {
    expectBadInput(await fhls('inspect', okModel, '-c', cfg('rf.yml', 'Model:\n  ReuseFactor: 0\n')), 'Model.ReuseFactor');
    expectBadInput(await fhls('inspect', okModel, '-c', cfg('strategy.yml', 'Model:\n  Strategy: Fastest\n')), 'Model.Strategy');
  });

  it('an unknown layer name or layer type', async () => {
    expectBadInput(await fhls('inspect', okModel, '-c', cfg('layer.yml', 'LayerName:\n  fc2:\n    ReuseFactor: 2\n')), "'fc2'", /fc\b/);
    expectBadInput(await fhls('inspect', okModel, '-c', cfg('ltype.yml', 'LayerType:\n  Dence:\n    ReuseFactor: 2\n')), "'Dence'", /Dense/);
  });

  it('YAML that does not parse', async () => {
    expectBadInput(await fhls('inspect', okModel, '-c', cfg('syntax.yml', 'Model: [\n')), 'syntax.yml', /YAML/);
  });
});

describe('bad CSV input', () => {
  const out = join(tmp, 'out.csv');

  it.each([
    ['columns', 'x0,x1,x2,x3\n1,2,3,4\n1,2,3\n', /line 3/, /column/],
    ['non-numeric', '1,2,3,4\n1,2,abc,4\n', /line 2/, /abc/],
    ['missing', '1,2,3,4\n1,,3,4\n', /line 2/, /missing|empty/],
  ])('%s', async (name, text, ...fragments) => {
    const r = await fhls('emulate', okModel, '-i', file(`${name}.csv`, text), '-o', out);
    expectBadInput(r, `${name}.csv`, ...fragments);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing input file', async () => {
    expectBadInput(await fhls('emulate', okModel, '-i', join(tmp, 'none.csv'), '-o', out), 'none.csv');
    expect(existsSync(out)).toBe(false);
  });
});

describe('flags', () => {
  it('a missing required flag or unknown command', async () => {
    expectBadInput(await fhls('emulate', okModel), /input/);
    expectBadInput(await fhls('frobnicate'), /frobnicate|Unknown/i);
  });

  it('--debug shows the stack trace', async () => {
    const r = await fhls('inspect', join(tmp, 'nope.onnx'), '--debug');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('leaves no temporary files behind', () => {
    expect(readdirSync(tmp).filter((f) => f.includes('fhls-tmp'))).toEqual([]);
  });
});
