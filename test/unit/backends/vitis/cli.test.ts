// `fhls convert --backend vitis` and `fhls csim` through the CLI, without external tools: bad
// options, an existing output folder, invalid ReuseFactors, and a successful conversion.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../../src/cli/main.js';
import { smallModel } from './models.js';

const tmp = mkdtempSync(join(tmpdir(), 'fhls-cli-vitis-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const model = join(tmp, 'small.onnx');
writeFileSync(model, smallModel());

async function fhls(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Nothing but the expected entries in tmp (no temporary folders left behind). */
function leftovers(): string[] {
  return readdirSync(tmp).filter((f) => f.startsWith('.'));
}

describe('fhls convert --backend vitis', () => {
  it('writes the project and prints a summary', async () => {
    const out = join(tmp, 'ok');
    const r = await fhls('convert', model, '--backend', 'vitis', '-o', out, '--tb-samples', '5');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const f of ['firmware/myproject.cpp', 'firmware/myproject.h', 'firmware/defines.h', 'firmware/parameters.h', 'firmware/fhls/common.h', 'firmware/ap_types/ap_fixed.h', 'myproject_test.cpp', 'build_prj.tcl', 'hls_config.cfg', 'vivado_synth.tcl', 'build_lib.sh', 'README.md', 'report.json', 'tb_data/tb_input_features.dat', 'tb_data/tb_output_predictions.dat'])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(r.out).toMatch(/Latency \d+ cycles/);
    expect(r.out).toMatch(/written to/);
    expect(readFileSync(join(out, 'tb_data/tb_input_features.dat'), 'utf8').trim().split('\n')).toHaveLength(5);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.project).toBe('myproject');
    expect(report.layers.map((l: { kind: string }) => l.kind)).toEqual(['Elementwise', 'Elementwise', 'Transpose', 'Quant', 'Reshape']);
    expect(leftovers()).toEqual([]);
  });

  it('names the project and applies --io-type, --part and --clock-period', async () => {
    const out = join(tmp, 'named');
    const r = await fhls('convert', model, '-o', out, '--project-name', 'jets', '--io-type', 'io_stream', '--part', 'xc7z020clg400-1', '--clock-period', '2.5', '--tb-samples', '2');
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'firmware/jets.cpp'))).toBe(true);
    expect(readFileSync(join(out, 'firmware/jets.cpp'), 'utf8')).toMatch(/#pragma HLS DATAFLOW/);
    const tcl = readFileSync(join(out, 'build_prj.tcl'), 'utf8');
    expect(tcl).toMatch(/set part xc7z020clg400-1/);
    expect(tcl).toMatch(/set clock_period 2.5/);
    expect(readFileSync(join(out, 'hls_config.cfg'), 'utf8')).toMatch(/clock=2.5ns/);
  });

  it('refuses an existing folder without --force, and replaces it with --force', async () => {
    const out = join(tmp, 'exists');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const r = await fhls('convert', model, '-o', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already exists; nothing was written/);
    expect(readdirSync(out)).toEqual(['keep.txt']);
    const f = await fhls('convert', model, '-o', out, '--force', '--tb-samples', '1');
    expect(f.code).toBe(0);
    expect(existsSync(join(out, 'keep.txt'))).toBe(false);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  });

  it.each([
    [['--part', 'virtex'], /'virtex' is not a Xilinx part name: expected .* e\.g\. xcvu13p-flga2577-2-e/],
    [['--clock-period', '0'], /clock period must be a positive number/],
    [['--clock-period', '-3'], /clock period must be a positive number/],
    [['--project-name', 'my-project'], /cannot name the project/],
    [['--backend', 'quartus'], /unknown backend 'quartus'/],
  ])('rejects %j with exit 2 and writes nothing', async (flags, message) => {
    const out = join(tmp, 'bad');
    const r = await fhls('convert', model, '-o', out, ...(flags as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message as RegExp);
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('rejects an invalid ReuseFactor, listing the valid ones', async () => {
    const config = join(tmp, 'rf.yaml');
    writeFileSync(config, 'Model:\n  ReuseFactor: 7\n');
    const out = join(tmp, 'rf');
    const r = await fhls('convert', 'examples/jet_mlp.onnx', '-o', out, '--config', config);
    expect(r.code).toBe(2);
    // the first Dense is 16 × 64
    expect(r.err).toMatch(/ReuseFactor 7 is not valid for layer '\/0\/Gemm' \(Dense n_in × n_out = 16 × 64 = 1024 multiplications\): it must divide 1024; valid values are 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('fhls csim', () => {
  it('explains a folder that is not a project', async () => {
    const r = await fhls('csim', tmp);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a project written by 'fhls convert --backend vitis'/);
  });

  it('names the Debian package when g++ is missing', async () => {
    const out = join(tmp, 'nocxx');
    expect((await fhls('convert', model, '-o', out, '--tb-samples', '1')).code).toBe(0);
    const saved = process.env.CXX;
    process.env.CXX = join(tmp, 'no-such-compiler');
    try {
      const r = await fhls('csim', out);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/install g\+\+ \(Debian\/Ubuntu: sudo apt-get install g\+\+\)/);
    } finally {
      if (saved === undefined) delete process.env.CXX;
      else process.env.CXX = saved;
    }
  });
});
