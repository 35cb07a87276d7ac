// `npm run bench`, Vitis section: for each example, the time to build the Vitis project (typed
// graph → files, emulator outputs for the test bench included), the g++ compile time of its C
// simulation, and the C simulation's samples/s beside the emulator's on the same vectors.
// Examples with a layer kind the backend cannot emit yet are listed with the reason. Without g++
// only the convert times are given.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCsim, findCompiler, runCsim } from '../backends/vitis/csim.js';
import { buildVitisProject, randomSamples, writeProjectFiles } from '../backends/vitis/index.js';
import { defaultConfig } from '../config/load.js';
import { compileFixedGraph } from '../emulation/index.js';
import { compileModel } from '../pipeline.js';
import { EXAMPLES, examplePath, timeIt } from './measure.js';

const SAMPLES = 2000;

export interface VitisFigures {
  model: string;
  /** why the example was not converted */
  skipped?: string;
  convertMs?: number;
  compileMs?: number;
  csimSamplesPerSecond?: number;
  emulatorSamplesPerSecond?: number;
  /** csim samples/s ÷ emulator samples/s */
  ratio?: number;
}

export function run(): VitisFigures[] {
  const cxx = findCompiler();
  const out: VitisFigures[] = [];
  for (const model of EXAMPLES) {
    const typed = compileModel(examplePath(model, 'onnx'), defaultConfig());
    if (!typed.ok) {
      out.push({ model, skipped: 'does not compile' });
      continue;
    }
    const graph = typed.value;
    const samples = randomSamples(graph, SAMPLES);
    const options = { projectName: 'myproject', part: 'xcvu13p-flga2577-2-e', clockPeriod: 5, ioType: 'io_parallel' as const };
    const first = buildVitisProject(graph, options, samples.slice(0, 10));
    if (!first.ok) {
      out.push({ model, skipped: first.diagnostics[0]?.message.replace(/^.*: /, '') ?? 'cannot be converted' });
      continue;
    }
    const convert = timeIt(() => buildVitisProject(graph, options, samples.slice(0, 10)), 1, 0.3);
    const runFixed = compileFixedGraph(graph);
    const emulator = timeIt(() => samples.forEach((s) => runFixed(s)), samples.length, 0.3);
    const row: VitisFigures = { model, convertMs: convert.secondsPerItem * 1000, emulatorSamplesPerSecond: emulator.perSecond };
    if (cxx.ok) {
      const dir = mkdtempSync(join(tmpdir(), 'fhls-bench-'));
      try {
        const built = buildVitisProject(graph, options, samples);
        if (built.ok) {
          writeProjectFiles(dir, built.value.files);
          const t0 = performance.now();
          const exe = compileCsim(dir, 'myproject', cxx.value);
          row.compileMs = performance.now() - t0;
          if (exe.ok) {
            const t1 = performance.now();
            const r = runCsim(dir, exe.value, 'tb_data/tb_input_features.dat', join(dir, 'out.log'), '');
            const seconds = (performance.now() - t1) / 1000;
            if (r.ok) {
              row.csimSamplesPerSecond = SAMPLES / seconds;
              row.ratio = row.csimSamplesPerSecond / emulator.perSecond;
            }
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    out.push(row);
  }
  return out;
}

const fmt = (x: number | undefined, digits = 3) => (x === undefined ? '-' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(digits));

export function print(r: unknown): string {
  const rows = r as VitisFigures[];
  const table = [
    ['model', 'convert ms', 'g++ ms', 'csim samples/s', 'emulator samples/s', 'csim / emulator'],
    ...rows.map((x) =>
      x.skipped
        ? [x.model, `skipped: ${x.skipped}`, '', '', '', '']
        : [x.model, fmt(x.convertMs), fmt(x.compileMs), fmt(x.csimSamplesPerSecond), fmt(x.emulatorSamplesPerSecond), fmt(x.ratio)],
    ),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const text = table.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
  return `Vitis HLS backend (io_parallel, ${SAMPLES} random samples; the g++ time includes the test bench):\n${text}`;
}
