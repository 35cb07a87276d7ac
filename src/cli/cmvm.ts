// `fhls cmvm W.csv [--input-type fixed<8,8>] [--max-depth N] [--json] [--emit graph.json]
//  [--input X.csv --output Y.csv]`: the CMVM optimizer alone.
//
// W.csv: one line per input, one column per output (y_j = Σ_i x_i·W_ij), values as exact decimals
// (e.g. 0.375, -12, 1.5e-2 is refused: 0.015 is no binary fraction). No header. The weights are put
// on their common LSB 2^-f (the finest any of them needs) and solved as integers; the inputs range
// over --input-type. X.csv (a header line is allowed, as for `fhls emulate`): one sample per line,
// every value exactly one of the input type's values; Y.csv gets the exact outputs as decimals.

import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { error, type Diagnostic } from '../ir/diagnostics.js';
import { formatType, parseType } from '../ir/fixed/parse.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from '../ir/fixed/type.js';
import { toDecimal } from '../ir/fixed/value.js';
import { writeCsv } from '../emulation/csv.js';
import { type AdderGraph, checkCmvmProblem, CmvmError, csdBaselineAdders, evaluateAdderGraph, graphStats, minDepth, solveCmvm } from '../passes/cmvm/index.js';
import { type Io, UsageError } from './io.js';

export interface CmvmArgs {
  matrix: string;
  inputType?: string;
  maxDepth?: number;
  json?: boolean;
  emit?: string;
  input?: string;
  output?: string;
}

/** The widest weight (after scaling to the common LSB) and input type the command accepts, in bits. */
export const MAX_CMVM_BITS = 128;
/** The largest |integer bits| of --input-type: beyond it the LSB is absurd (decimals of 10^300 digits). */
export const MAX_CMVM_INT_BITS = 1024;
/** Errors reported from one file before giving up on it. */
const MAX_ERRORS = 20;

/** An exact binary fraction: value = mant · 2^exp (mant odd, or 0 with exp 0). */
export interface Dyadic {
  mant: bigint;
  exp: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parse an exact decimal: a Dyadic, or why it is not one ('not a number', 'not a binary
 * fraction', 'too wide').
 */
export function parseDyadic(text: string): Dyadic | { problem: string } {
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { problem: text === '' ? 'missing value' : `'${text}' is not a number` };
  const digits = (m[2] + (m[3] ?? '')).replace(/^0+(?=\d)/, '');
  const e10 = Number(m[4] ?? '0') - (m[3] ?? '').length;
  let mant = BigInt(digits === '' ? '0' : digits);
  if (mant === 0n) return { mant: 0n, exp: 0 };
  // a decimal exponent this large can only mean a value far beyond any width we accept
  if (!Number.isSafeInteger(e10) || Math.abs(e10) > 4 * MAX_CMVM_BITS + digits.length) return { problem: `'${text}' is too wide (more than ${MAX_CMVM_BITS} bits)` };
  if (m[1] === '-') mant = -mant;
  let exp = 0;
  if (e10 >= 0) {
    mant *= 10n ** BigInt(e10);
  } else {
    const five = 5n ** BigInt(-e10);
    if (mant % five !== 0n) return { problem: `${text} is not a binary fraction (no fixed-point type holds it exactly)` };
    mant /= five;
    exp = e10;
  }
  while ((mant & 1n) === 0n) {
    mant >>= 1n;
    exp++;
  }
  return { mant, exp };
}

/** Bits of |v| (0 for 0). */
function bits(v: bigint): number {
  return (v < 0n ? -v : v).toString(2).replace(/^0$/, '').length;
}

/** A position in a CSV file, for diagnostics. */
const at = (file: string, line: number, column?: number) => ({ file, node: column === undefined ? `line ${line}` : `line ${line}, column ${column}` });

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what}`, [error('io/not-found', `cannot read ${what} '${path}'`, { file: path })]);
  }
}

/** The lines of a CSV file with their 1-based line numbers, blank lines dropped. */
function csvLines(text: string): { line: number; fields: string[] }[] {
  return text
    .split(/\r?\n/)
    .map((l, i) => ({ line: i + 1, text: l }))
    .filter((l) => l.text.trim() !== '')
    .map((l) => ({ line: l.line, fields: l.text.split(',').map((f) => f.trim()) }));
}

function stop(what: string, ds: Diagnostic[]): never {
  if (ds.length >= MAX_ERRORS) ds.push(error('cmvm/too-many-errors', `stopped after ${MAX_ERRORS} errors`));
  throw new UsageError(what, ds);
}

/** W.csv as integers on the common LSB 2^lsb. */
export function readMatrix(path: string): { W: bigint[][]; lsb: number } {
  const lines = csvLines(readText(path, 'matrix file'));
  const ds: Diagnostic[] = [];
  if (lines.length === 0) stop('empty matrix', [error('cmvm/empty-matrix', `${path} holds no matrix (one line per input, one column per output)`, { file: path })]);
  const cols = lines[0].fields.length;
  const values: Dyadic[][] = [];
  for (const { line, fields } of lines) {
    if (ds.length >= MAX_ERRORS) break;
    if (fields.length !== cols) {
      ds.push(error('cmvm/ragged-matrix', `${path}:${line}: ${fields.length} values, but line ${lines[0].line} has ${cols} (every input needs one weight per output)`, at(path, line)));
      continue;
    }
    const row: Dyadic[] = [];
    fields.forEach((f, c) => {
      const v = parseDyadic(f);
      if ('problem' in v) ds.push(error('cmvm/value', `${path}:${line}:${c + 1}: ${v.problem}`, at(path, line, c + 1)));
      else row.push(v);
    });
    values.push(row);
  }
  if (ds.length > 0) stop('bad matrix', ds);
  // the common LSB: the finest any weight needs
  let lsb = 0;
  for (const row of values) for (const v of row) if (v.mant !== 0n && v.exp < lsb) lsb = v.exp;
  const W = values.map((row) => row.map((v) => v.mant << BigInt(v.exp - lsb)));
  W.forEach((row, i) =>
    row.forEach((w, j) => {
      if (bits(w) > MAX_CMVM_BITS && ds.length < MAX_ERRORS)
        ds.push(
          error(
            'cmvm/too-wide',
            `${path}:${lines[i].line}:${j + 1}: on the common LSB 2^${lsb} this weight needs ${bits(w)} bits; fhls cmvm takes up to ${MAX_CMVM_BITS}`,
            at(path, lines[i].line, j + 1),
            'weights of very different magnitudes share one LSB: round the small ones, or scale the matrix',
          ),
        );
    }),
  );
  if (ds.length > 0) stop('weights too wide', ds);
  return { W, lsb };
}

/** The input type: a type string whose width the command accepts. */
export function readInputType(text: string): FixedType {
  const r = parseType(text);
  if (!r.ok) throw new UsageError('bad input type', [error('cmvm/input-type', `--input-type: ${r.message}`)]);
  if (r.type.width > MAX_CMVM_BITS)
    throw new UsageError('input type too wide', [error('cmvm/too-wide', `--input-type ${text}: ${r.type.width} bits; fhls cmvm takes inputs of up to ${MAX_CMVM_BITS} bits`)]);
  if (Math.abs(r.type.intBits) > MAX_CMVM_INT_BITS)
    throw new UsageError('input type out of range', [
      error('cmvm/input-type', `--input-type ${text}: ${r.type.intBits} integer bits; fhls cmvm takes -${MAX_CMVM_INT_BITS} to ${MAX_CMVM_INT_BITS}`),
    ]);
  return r.type;
}

/** X.csv as raw integers of the input type (every value must be one of the type's values). */
export function readSamplesExact(path: string, nIn: number, type: FixedType): bigint[][] {
  const lines = csvLines(readText(path, 'input file'));
  const ds: Diagnostic[] = [];
  const rows: bigint[][] = [];
  const lx = lsbExp(type);
  const [lo, hi] = [minRaw(type), maxRaw(type)];
  lines.forEach(({ line, fields }, k) => {
    if (ds.length >= MAX_ERRORS) return;
    const parsed = fields.map(parseDyadic);
    // a first line with a non-numeric field is a header (as `fhls emulate` reads its inputs)
    if (k === 0 && parsed.some((v, c) => 'problem' in v && fields[c] !== '' && !/binary fraction|too wide/.test(v.problem))) return;
    if (fields.length !== nIn) {
      ds.push(error('cmvm/input-columns', `${path}:${line}: ${fields.length} values, expected ${nIn} (one per row of the matrix)`, at(path, line)));
      return;
    }
    const row: bigint[] = [];
    parsed.forEach((v, c) => {
      if ('problem' in v) {
        ds.push(error('cmvm/input-value', `${path}:${line}:${c + 1}: ${v.problem}`, at(path, line, c + 1)));
        return;
      }
      const raw = v.mant === 0n ? 0n : v.exp >= lx ? v.mant << BigInt(v.exp - lx) : undefined;
      if (raw === undefined || raw < lo || raw > hi) {
        const why = raw === undefined ? `finer than its LSB 2^${lx}` : 'out of its range';
        ds.push(error('cmvm/input-value', `${path}:${line}:${c + 1}: ${fields[c]} is not a value of the input type ${formatType(type, 'hls4ml')} (${why})`, at(path, line, c + 1), 'choose a wider --input-type, or quantize the inputs first'));
        return;
      }
      row.push(raw);
    });
    rows.push(row);
  });
  if (ds.length > 0) stop('bad inputs', ds);
  if (rows.length === 0) stop('no samples', [error('cmvm/no-samples', `${path} holds no samples (one line of ${nIn} input values per sample)`, { file: path })]);
  return rows;
}

/** The exact decimal of raw·2^lsb. */
export function decimalAt(raw: bigint, lsb: number): string {
  return toDecimal({ signed: true, width: 2, intBits: 2 + lsb, q: 'TRN', o: 'WRAP', n: 0 }, raw);
}

export interface CmvmSummary {
  adders: number;
  depth: number;
  adderBits: number;
  csdAdders: number;
  seconds: number;
}

/** A file the command writes: the flag that named it, for messages. */
interface Target {
  flag: '--emit' | '--output';
  path: string;
}

/** Refuse, before any work, a target whose folder is missing or which is itself a folder. */
function checkTarget({ flag, path }: Target): void {
  const dir = dirname(path);
  const problem = !existsSync(dir) || !statSync(dir).isDirectory() ? `its folder '${dir}' does not exist` : existsSync(path) && statSync(path).isDirectory() ? 'it is a folder' : undefined;
  if (problem !== undefined) throw new UsageError(`cannot write ${flag}`, [error('io/write', `${flag} ${path}: cannot write there (${problem}); nothing was written`, { file: path })]);
}

/** Write every target, or none: each goes to a temporary sibling first, all are renamed at the end. */
function writeAll(files: { target: Target; text: string }[]): void {
  const temps: string[] = [];
  let current: Target | undefined;
  try {
    for (const { target, text } of files) {
      current = target;
      const tmp = join(dirname(target.path), `.${basename(target.path)}.fhls-tmp-${process.pid}-${Date.now()}`);
      temps.push(tmp);
      writeFileSync(tmp, text);
    }
    files.forEach(({ target }, k) => {
      current = target;
      renameSync(temps[k], target.path);
    });
  } catch (e) {
    for (const t of temps) rmSync(t, { force: true });
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError('cannot write', [error('io/write', `${current?.flag} ${current?.path}: cannot write (${why})`, { file: current?.path })]);
  }
}

export function runCmvm(io: Io, args: CmvmArgs): void {
  if ((args.input === undefined) !== (args.output === undefined))
    throw new UsageError('--input and --output go together', [error('cli/usage', '--input X.csv and --output Y.csv go together: the outputs of the samples in X.csv are written to Y.csv')]);
  if (args.maxDepth !== undefined && (!Number.isInteger(args.maxDepth) || args.maxDepth < 0))
    throw new UsageError('bad --max-depth', [error('cmvm/max-depth', `--max-depth must be a non-negative integer (a number of adder levels), got ${args.maxDepth}`)]);
  const targets: Target[] = [];
  if (args.emit !== undefined) targets.push({ flag: '--emit', path: args.emit });
  if (args.output !== undefined) targets.push({ flag: '--output', path: args.output });
  targets.forEach(checkTarget);
  const type = readInputType(args.inputType ?? 'fixed<8,8>');
  const { W, lsb } = readMatrix(args.matrix);
  const need = minDepth(W);
  if (args.maxDepth !== undefined && args.maxDepth < need)
    throw new UsageError('--max-depth below the minimum', [
      error(
        'cmvm/max-depth',
        `--max-depth ${args.maxDepth} is below the minimum depth ${need} of ${args.matrix}: its output with the most signed digits needs ${need} adder levels`,
        { file: args.matrix },
        `use --max-depth ${need} or more, or leave it out for no bound`,
      ),
    ]);
  const ranges = W.map((): [bigint, bigint] => [minRaw(type), maxRaw(type)]);
  const opts = args.maxDepth === undefined ? {} : { maxDepth: args.maxDepth };
  const problems = checkCmvmProblem(W, ranges, opts).map((d) => ({ ...d, origin: { file: args.matrix } }));
  if (problems.length > 0) throw new UsageError('cannot solve', problems);
  const samples = args.input !== undefined ? readSamplesExact(args.input, W.length, type) : undefined;

  const t0 = performance.now();
  let g: AdderGraph;
  try {
    g = solveCmvm(W, ranges, opts);
  } catch (e) {
    if (e instanceof CmvmError) throw new UsageError('cannot solve', [{ ...e.diagnostic, origin: { file: args.matrix } }]);
    throw e;
  }
  const seconds = (performance.now() - t0) / 1000;
  const s = graphStats(g);
  const summary: CmvmSummary = { adders: s.adders, depth: s.depth, adderBits: s.adderBits, csdAdders: csdBaselineAdders(W), seconds: Number(seconds.toFixed(4)) };

  const files: { target: Target; text: string }[] = [];
  if (args.emit !== undefined) files.push({ target: { flag: '--emit', path: args.emit }, text: `${JSON.stringify(g, null, 1)}\n` });
  if (samples !== undefined && args.output !== undefined) {
    const ly = lsbExp(type) + lsb;
    const head = g.outputs.map((_, j) => `y${j}`);
    const rows = samples.map((x) => evaluateAdderGraph(g, x).map((y) => decimalAt(y, ly)));
    files.push({ target: { flag: '--output', path: args.output }, text: writeCsv([head, ...rows]) });
  }
  writeAll(files);
  if (args.json) {
    io.out(`${JSON.stringify(summary)}\n`);
    return;
  }
  const saved = summary.csdAdders > 0 ? ` (${Math.round((100 * (summary.csdAdders - summary.adders)) / summary.csdAdders)}% fewer)` : '';
  const negated = g.outputs.filter((o) => o?.negate).length;
  const lines = [
    `${args.matrix}: ${W.length} inputs × ${W[0].length} outputs, weights on the grid 2^${lsb}, inputs ${formatType(type, 'hls4ml')}`,
    `adders:       ${summary.adders}${saved}`,
    `CSD baseline: ${summary.csdAdders} adders (per output, no sharing)`,
    `depth:        ${summary.depth} adder levels (minimum ${need}${args.maxDepth !== undefined ? `, bound ${args.maxDepth}` : ''})`,
    `adder bits:   ${summary.adderBits} (Σ adder widths ≈ LUTs)`,
    `sign flips:   ${negated} of ${g.outputs.length} outputs are negated (not counted: the consumer subtracts instead of adding)`,
    `solve time:   ${seconds.toFixed(3)} s`,
  ];
  if (args.emit !== undefined) lines.push(`adder graph written to ${args.emit}`);
  if (args.output !== undefined) lines.push(`${samples!.length} output rows written to ${args.output}`);
  io.out(`${lines.join('\n')}\n`);
}
