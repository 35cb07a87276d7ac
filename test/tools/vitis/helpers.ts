// Differential testing of the Vitis backend: convert a model, compile the project with g++ and
// fhls's own ap_types, run the C simulation, and return its outputs next to the emulator's.
//
// One case per line in the tests:
//   convertAndCsim('examples/jet_mlp.onnx', { ioType: 'io_stream', reuseFactor: 4, strategy: 'Resource',
//                  precision: 'fixed<18,8>' }, 2000)
// `model` is a path or the bytes of an ONNX model (written to a temporary file); `vectors` a
// count of random samples (raw integers uniform over the input types) or explicit samples.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildVitisProject, randomSamples, writeProjectFiles, type IoType, type ModelReport } from '../../../src/backends/vitis/index.js';
import { compileCsim, findCompiler, runCsim } from '../../../src/backends/vitis/csim.js';
import { parseConfig } from '../../../src/config/load.js';
import { formatDiagnostic } from '../../../src/ir/diagnostics.js';
import type { Graph } from '../../../src/ir/graph.js';
import { compileModel } from '../../../src/pipeline.js';

export interface CaseOptions {
  ioType?: IoType;
  reuseFactor?: number;
  strategy?: 'Latency' | 'Resource' | 'distributed_arithmetic';
  /** Model.Precision (a type string or a roles object) */
  precision?: unknown;
  /** a whole config object (hls4ml-shaped); the fields above override its Model section */
  config?: Record<string, unknown>;
  projectName?: string;
  /** keep the generated project (its folder is returned) */
  keep?: boolean;
}

export interface CsimComparison {
  emulator: string[][];
  csim: string[][];
  /** values that differ (0 expected) and the first difference */
  mismatches: number;
  first?: string;
  report: ModelReport;
  graph: Graph;
  dir: string;
  /** what the test bench printed */
  stdout: string;
}

/** Whether a C++ compiler is available (the tests skip, loudly, without one). */
export function haveCompiler(): boolean {
  return findCompiler().ok;
}

export function caseName(model: string, o: CaseOptions): string {
  const parts = [model.replace(/^.*\//, ''), o.ioType ?? 'io_parallel'];
  if (o.reuseFactor) parts.push(`RF${o.reuseFactor}`);
  if (o.strategy) parts.push(o.strategy);
  if (o.precision) parts.push(typeof o.precision === 'string' ? o.precision : JSON.stringify(o.precision));
  return parts.join(' ');
}

function configOf(o: CaseOptions) {
  const raw: Record<string, unknown> = { ...(o.config ?? {}) };
  const model: Record<string, unknown> = { ...((raw.Model as Record<string, unknown>) ?? {}) };
  if (o.ioType) model.IOType = o.ioType;
  if (o.reuseFactor) model.ReuseFactor = o.reuseFactor;
  if (o.strategy) model.Strategy = o.strategy;
  if (o.precision) model.Precision = o.precision;
  raw.Model = model;
  const c = parseConfig(raw);
  if (!c.ok) throw new Error(c.diagnostics.map(formatDiagnostic).join('\n'));
  return c.value;
}

export function convertAndCsim(model: string | Uint8Array, options: CaseOptions = {}, vectors: number | Float64Array[][] = 200): CsimComparison {
  const dir = mkdtempSync(join(tmpdir(), 'fhls-vitis-'));
  let keep = options.keep ?? false;
  try {
    let path = typeof model === 'string' ? model : join(dir, 'model.onnx');
    if (typeof model !== 'string') writeFileSync(path, model);
    const config = configOf(options);
    const typed = compileModel(path, config);
    if (!typed.ok) throw new Error(typed.diagnostics.map(formatDiagnostic).join('\n'));
    const graph = typed.value;
    const samples = typeof vectors === 'number' ? randomSamples(graph, vectors, 7) : vectors;
    const built = buildVitisProject(
      graph,
      { projectName: options.projectName ?? 'myproject', part: 'xcvu13p-flga2577-2-e', clockPeriod: 5, ioType: config.Model.IOType },
      samples,
    );
    if (!built.ok) throw new Error(built.diagnostics.map(formatDiagnostic).join('\n'));
    const project = join(dir, 'prj');
    writeProjectFiles(project, built.value.files);
    const cxx = findCompiler();
    if (!cxx.ok) throw new Error(cxx.diagnostics.map(formatDiagnostic).join('\n'));
    const exe = compileCsim(project, options.projectName ?? 'myproject', cxx.value);
    if (!exe.ok) {
      keep = true;
      throw new Error(`${exe.diagnostics.map(formatDiagnostic).join('\n')}\n(project kept in ${project})`);
    }
    const run = runCsim(project, exe.value, 'tb_data/tb_input_features.dat', 'tb_data/csim_results.log', 'tb_data/tb_output_predictions.dat');
    if (!run.ok) {
      keep = true;
      throw new Error(`${run.diagnostics.map(formatDiagnostic).join('\n')}\n(project kept in ${project})`);
    }
    const emulator = built.value.predictions;
    const csim = run.value.rows;
    let mismatches = 0;
    let first: string | undefined;
    for (let s = 0; s < Math.max(emulator.length, csim.length); s++) {
      const a = emulator[s] ?? [];
      const b = csim[s] ?? [];
      for (let i = 0; i < Math.max(a.length, b.length); i++)
        if (a[i] !== b[i]) {
          mismatches++;
          first ??= `sample ${s + 1}, output ${i}: emulator ${a[i]}, csim ${b[i]}`;
        }
    }
    if (mismatches > 0) keep = true;
    return { emulator, csim, mismatches, first, report: built.value.report, graph, dir: project, stdout: run.value.stdout };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** Compile a C++ file with g++ and our ap_types (for small header tests). */
export function compileAndRun(source: string, includeDirs: string[]): { status: number; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fhls-cpp-'));
  try {
    const src = join(dir, 't.cpp');
    writeFileSync(src, source);
    const exe = join(dir, 't');
    const c = spawnSync('g++', ['-O1', '-std=c++14', '-DFHLS_OWN_AP_TYPES', ...includeDirs.map((d) => `-I${d}`), src, '-o', exe], { encoding: 'utf8' });
    if (c.status !== 0) return { status: -1, stdout: '', stderr: c.stderr };
    const r = spawnSync(exe, [], { encoding: 'utf8' });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
