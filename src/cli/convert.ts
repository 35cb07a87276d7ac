// `fhls convert MODEL --backend vitis -o DIR [--config C] [--part P] [--clock-period NS]
//  [--io-type io_parallel|io_stream] [--project-name NAME] [--csim] [--force] [--input X.csv]
//  [--tb-samples N] [--max-multiplier-width BITS]`
//
// Writes an hls4ml-shaped Vitis HLS project: built in a temporary folder next to DIR and renamed
// into place at the end, so a failure leaves nothing behind. DIR must not exist unless --force.
// --csim compiles it with g++ and compares with the emulator (exit 1 on any mismatch).

import { relative, resolve } from 'node:path';
import { buildVitisProject, checkVitisOptions, randomSamples, summaryText, writeProjectFiles, type IoType } from '../backends/vitis/index.js';
import { error, hasErrors } from '../ir/diagnostics.js';
import { typeGraph } from '../pipeline.js';
import { readConfig, readGraph, unwrap } from './common.js';
import { readSamples } from './emulate.js';
import { checkFreshFolder, writeFolderAtomic } from './files.js';
import { runProjectCsim } from './csim.js';
import { UsageError, type Io } from './io.js';

export interface ConvertArgs {
  model: string;
  backend: string;
  output: string;
  config?: string;
  part: string;
  clockPeriod: number;
  ioType?: IoType;
  projectName: string;
  csim?: boolean;
  force?: boolean;
  input?: string;
  tbSamples: number;
  maxMultiplierWidth: number;
}

export const CONVERT_DEFAULTS = {
  part: 'xcvu13p-flga2577-2-e',
  clockPeriod: 5,
  projectName: 'myproject',
  tbSamples: 100,
  maxMultiplierWidth: 64,
};

export function runConvert(io: Io, args: ConvertArgs): number {
  if (args.backend !== 'vitis')
    throw new UsageError('unknown backend', [error('cli/backend', `unknown backend '${args.backend}': fhls convert writes --backend vitis`)]);
  const opts = { projectName: args.projectName, part: args.part, clockPeriod: args.clockPeriod };
  const early = checkVitisOptions({ ...opts, ioType: args.ioType ?? 'io_parallel' });
  if (!Number.isInteger(args.tbSamples) || args.tbSamples < 1)
    early.push(error('cli/tb-samples', `--tb-samples must be a positive integer, got ${args.tbSamples}`));
  if (hasErrors(early)) throw new UsageError('bad options', early);
  checkFreshFolder(args.output, args.force, 'output folder (-o)');

  const config = readConfig(io, args.config);
  if (args.ioType) config.Model.IOType = args.ioType;
  const graph = unwrap(io, typeGraph(readGraph(io, args.model), config, args.config));
  const samples = args.input ? readSamples(io, graph, args.input) : randomSamples(graph, args.tbSamples);
  const project = unwrap(
    io,
    buildVitisProject(graph, { ...opts, ioType: config.Model.IOType, maxMultiplierWidth: args.maxMultiplierWidth }, samples),
  );
  writeFolderAtomic(args.output, (dir) => writeProjectFiles(dir, project.files));

  const where = relative(process.cwd(), resolve(args.output)) || '.';
  const r = project.report;
  io.out(
    `${args.model} → Vitis HLS project '${args.projectName}' (${config.Model.IOType}, ${args.part}, ${args.clockPeriod} ns)\n\n` +
      `${summaryText(r)}\n\n` +
      `written to ${where}/: firmware/${args.projectName}.cpp (top function), firmware/ (defines.h, parameters.h, weights/, fhls/, ap_types/),\n` +
      `  ${args.projectName}_test.cpp, tb_data/ (${samples.length} samples, emulator outputs), build_prj.tcl, hls_config.cfg,\n` +
      `  vivado_synth.tcl, build_lib.sh, report.json, README.md\n` +
      `next: cd ${where} && vitis_hls -f build_prj.tcl   (or: fhls csim ${where})\n`,
  );
  if (!args.csim) return 0;
  const result = runProjectCsim(io, args.output, undefined);
  const m = result.mismatches;
  io.out(`csim (g++): ${result.rows.length} samples, ${m.mismatches} of ${m.values} values differ from the emulator\n`);
  if (m.mismatches > 0) {
    io.err(`error: the C simulation differs from the emulator (first: ${m.first})\n`);
    return 1;
  }
  return 0;
}
