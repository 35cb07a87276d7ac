// `fhls csim DIR [--input X.csv] [--output Y.csv]`: compile a project written by
// `fhls convert --backend vitis` with g++ (-O2 -std=c++14, fhls's own ap_types) and run it.
// Without --input it runs tb_data/tb_input_features.dat and compares with the emulator's
// tb_data/tb_output_predictions.dat (exit 1 on any mismatch). Output: the CSV of `fhls emulate`
// (a header y0,y1,… then one line of exact decimals per sample), to --output or stdout.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileCsim, countMismatches, findCompiler, projectNameOf, runCsim } from '../backends/vitis/csim.js';
import { writeCsv } from '../emulation/index.js';
import { error } from '../ir/diagnostics.js';
import { unwrap } from './common.js';
import { writeFileAtomic } from './files.js';
import { UsageError, type Io } from './io.js';

export interface CsimArgs {
  dir: string;
  input?: string;
  output?: string;
}

export interface ProjectCsim {
  rows: string[][];
  /** against tb_data/tb_output_predictions.dat (only without a custom input) */
  mismatches: { values: number; mismatches: number; first?: string };
}

/** Compile and run a project's C simulation; compares with the emulator when no input is given. */
export function runProjectCsim(io: Io, dir: string, input: string | undefined): ProjectCsim {
  if (!existsSync(dir)) throw new UsageError('no project', [error('io/not-found', `'${dir}' does not exist`, { file: dir })]);
  const project = unwrap(io, projectNameOf(dir));
  const cxx = unwrap(io, findCompiler());
  const exe = unwrap(io, compileCsim(dir, project, cxx));
  const tmp = mkdtempSync(join(tmpdir(), 'fhls-csim-'));
  try {
    const out = join(tmp, 'csim_results.log');
    const reference = input ? '' : 'tb_data/tb_output_predictions.dat';
    const run = unwrap(io, runCsim(dir, resolve(exe), input ? resolve(input) : 'tb_data/tb_input_features.dat', out, reference));
    const mismatches = input
      ? { values: 0, mismatches: 0 }
      : countMismatches(
          run.rows,
          readFileSync(join(dir, reference), 'utf8')
            .split('\n')
            .filter((l) => /^\s*[-+0-9.]/.test(l))
            .map((l) => l.split(',').map((f) => f.trim())),
        );
    return { rows: run.rows, mismatches };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function runCsimCommand(io: Io, args: CsimArgs): number {
  if (args.input && !existsSync(args.input))
    throw new UsageError('missing input', [error('io/not-found', `cannot read input file '${args.input}'`, { file: args.input })]);
  const r = runProjectCsim(io, args.dir, args.input);
  const width = r.rows[0]?.length ?? 0;
  const csv = writeCsv([Array.from({ length: width }, (_, i) => `y${i}`), ...r.rows]);
  if (args.output) writeFileAtomic(args.output, csv);
  else io.out(csv);
  if (!args.input) {
    const m = r.mismatches;
    io.err(`csim: ${r.rows.length} samples, ${m.mismatches} of ${m.values} values differ from tb_data/tb_output_predictions.dat\n`);
    if (m.mismatches > 0) {
      io.err(`error: first difference: ${m.first}\n`);
      return 1;
    }
  }
  return 0;
}
