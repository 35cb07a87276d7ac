// The command line: parse flags, call the pipeline, print diagnostics, set the exit code.
// Exit codes: 0 success, 1 a check failed (e.g. csim mismatches), 2 bad input (model, config, flags).

import yargs from 'yargs';
import { DiagnosticError } from '../ir/diagnostics.js';
import { runCmvm } from './cmvm.js';
import { runConfig } from './config.js';
import { CONVERT_DEFAULTS, runConvert } from './convert.js';
import { runCsimCommand } from './csim.js';
import { runEmulate } from './emulate.js';
import { runInspect } from './inspect.js';
import { processIo, printDiagnostics, UsageError, type Io } from './io.js';

export async function run(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  const debug = argv.includes('--debug');
  const handle = (e: unknown): number => {
    if (e instanceof UsageError || e instanceof DiagnosticError) {
      const ds = e.diagnostics;
      if (ds.length > 0) printDiagnostics(io, ds);
      else io.err(`error: ${e.message}\n`);
    } else {
      io.err(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
      if (!debug) io.err('(run again with --debug for the stack trace, and please report it)\n');
    }
    if (debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    return e instanceof UsageError || e instanceof DiagnosticError ? 2 : 70;
  };
  const action =
    <A>(f: (io: Io, args: A) => void | number | Promise<void | number>) =>
    async (args: A) => {
      try {
        const r = await f(io, args);
        if (typeof r === 'number') exitCode = r;
      } catch (e) {
        exitCode = handle(e);
      }
    };

  const parser = yargs(argv)
    .scriptName('fhls')
    .usage('fhls — compile trained ML models into bit-exact FPGA firmware\n\nUsage: $0 <command> [options]')
    .option('debug', { type: 'boolean', describe: 'show stack traces and check the IR between stages' })
    .command(
      'inspect <model>',
      'show the layer graph: shapes, types, parameters, multiplications',
      (y) =>
        y
          .positional('model', { type: 'string', demandOption: true, describe: 'ONNX or QONNX model' })
          .option('config', { alias: 'c', type: 'string', describe: 'config file (YAML or JSON)' })
          .option('json', { type: 'boolean', describe: 'print the typed graph as JSON' }),
      action(runInspect as (io: Io, a: unknown) => void),
    )
    .command(
      'emulate <model>',
      'run the bit-accurate fixed-point emulator (or the float reference) on CSV inputs',
      (y) =>
        y
          .positional('model', { type: 'string', demandOption: true })
          .option('input', { alias: 'i', type: 'string', demandOption: true, describe: 'CSV, one sample per line' })
          .option('output', { alias: 'o', type: 'string', describe: 'CSV to write (default: stdout)' })
          .option('config', { alias: 'c', type: 'string', describe: 'config file (YAML or JSON)' })
          .option('float', { type: 'boolean', describe: 'run the float64 reference instead of fixed point' })
          .option('trace', { type: 'string', describe: 'folder for per-layer fixed and float outputs and an error table' })
          .option('force', { type: 'boolean', describe: 'overwrite an existing --trace folder' }),
      action(runEmulate as (io: Io, a: unknown) => void),
    )
    .command(
      'config <model>',
      'print a complete default config for a model',
      (y) =>
        y
          .positional('model', { type: 'string', demandOption: true })
          .option('granularity', { alias: 'g', choices: ['model', 'type', 'name'] as const, default: 'model' as const })
          .option('format', { choices: ['yaml', 'json'] as const, default: 'yaml' as const })
          .option('config', { alias: 'c', type: 'string', describe: 'start from this config instead of the defaults' }),
      action(runConfig as (io: Io, a: unknown) => void),
    )
    .command(
      'convert <model>',
      'write a Vitis HLS project (hls4ml-shaped, bit-exact with the emulator)',
      (y) =>
        y
          .positional('model', { type: 'string', demandOption: true, describe: 'ONNX or QONNX model' })
          .option('backend', { alias: 'b', type: 'string', default: 'vitis', describe: 'code generator (vitis)' })
          .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'project folder to create' })
          .option('config', { alias: 'c', type: 'string', describe: 'config file (YAML or JSON)' })
          .option('part', { type: 'string', default: CONVERT_DEFAULTS.part, describe: 'FPGA part' })
          .option('clock-period', { type: 'number', default: CONVERT_DEFAULTS.clockPeriod, describe: 'clock period in ns' })
          .option('io-type', { choices: ['io_parallel', 'io_stream'] as const, describe: "overrides the config's Model.IOType" })
          .option('project-name', { type: 'string', default: CONVERT_DEFAULTS.projectName, describe: 'name of the top function and project' })
          .option('csim', { type: 'boolean', describe: 'compile with g++ and compare with the emulator afterwards' })
          .option('force', { type: 'boolean', describe: 'replace an existing output folder' })
          .option('input', { alias: 'i', type: 'string', describe: 'CSV of test-bench samples (default: random vectors)' })
          .option('tb-samples', { type: 'number', default: CONVERT_DEFAULTS.tbSamples, describe: 'number of random test-bench samples' })
          .option('max-multiplier-width', { type: 'number', default: CONVERT_DEFAULTS.maxMultiplierWidth, describe: 'refuse wider multiplier operands (bits)' }),
      action(runConvert as (io: Io, a: unknown) => number),
    )
    .command(
      'csim <dir>',
      'compile a generated Vitis HLS project with g++ and run its C simulation',
      (y) =>
        y
          .positional('dir', { type: 'string', demandOption: true, describe: 'folder written by fhls convert' })
          .option('input', { alias: 'i', type: 'string', describe: 'CSV of samples (default: tb_data, compared with the emulator)' })
          .option('output', { alias: 'o', type: 'string', describe: 'CSV to write (default: stdout)' }),
      action(runCsimCommand as (io: Io, a: unknown) => number),
    )
    .command(
      'cmvm <matrix>',
      'optimize a constant matrix product into shared adders (distributed arithmetic)',
      (y) =>
        y
          .positional('matrix', { type: 'string', demandOption: true, describe: 'W.csv: one line per input, one column per output, exact decimals' })
          .option('input-type', { type: 'string', default: 'fixed<8,8>', describe: 'the type of every input' })
          .option('max-depth', { type: 'number', describe: 'the most adder levels allowed (default: no bound)' })
          .option('json', { type: 'boolean', describe: 'print { adders, depth, adderBits, csdAdders, seconds } as JSON' })
          .option('emit', { type: 'string', describe: 'write the adder graph as JSON to this file' })
          .option('input', { alias: 'i', type: 'string', describe: 'CSV of input samples to evaluate (values of --input-type)' })
          .option('output', { alias: 'o', type: 'string', describe: 'CSV to write the exact outputs of --input to' }),
      action(runCmvm as (io: Io, a: unknown) => void),
    )
    .demandCommand(1, 'name a command: inspect, emulate, config, convert, csim, cmvm')
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg);
    });

  try {
    let helpText: string | undefined;
    await parser.parseAsync(argv, {}, (_err, _argv, output) => {
      if (output) helpText = output;
    });
    if (helpText) io.out(`${helpText}\n`);
  } catch (e) {
    return handle(e);
  }
  return exitCode;
}

export function main(argv: string[]): Promise<number> {
  return run(argv, processIo);
}
