// The Vitis HLS backend: a typed graph → the files of an hls4ml-shaped Vitis HLS project, its
// cost report, and the test-bench data computed by the emulator.

import { mkdirSync, copyFileSync, writeFileSync, chmodSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compileFixedGraph, formatFixed, writeCsv } from '../../emulation/index.js';
import { error, fail, hasErrors, ok, type Diagnostic, type Result } from '../../ir/diagnostics.js';
import type { FixedType } from '../../ir/fixed/type.js';
import { MAX_WIDTH, maxRaw, minRaw } from '../../ir/fixed/type.js';
import { toNumber } from '../../ir/fixed/value.js';
import { isPerElement, size, type Graph } from '../../ir/graph.js';
import { checkClockPeriod, checkMultiplierWidths, checkPart, checkProjectName, checkReuseFactors } from './check.js';
import { buildReport, type ModelReport } from './estimate.js';
import { EmitError, emitModel, type EmittedModel, type ProjectOptions } from './project.js';
import { layerOutputs, projectFiles, type ProjectFile } from './render.js';

export type { IoType } from './emitter.js';
export type { ModelReport } from './estimate.js';
export { summaryText } from './render.js';

export interface VitisOptions extends ProjectOptions {
  /** multiplier operands wider than this are refused (estimate.ts) */
  maxMultiplierWidth?: number;
}

export interface VitisProject {
  model: EmittedModel;
  report: ModelReport;
  files: Map<string, ProjectFile>;
  /** the test-bench samples (one Float64Array per graph input each) and the emulator's outputs */
  samples: Float64Array[][];
  predictions: string[][];
}

/** Problems with the options alone (before the model is read). */
export function checkVitisOptions(o: ProjectOptions): Diagnostic[] {
  return [...checkPart(o.part), ...checkClockPeriod(o.clockPeriod), ...checkProjectName(o.projectName)];
}

/**
 * Deterministic test vectors: raw integers drawn uniformly over each input type's whole range
 * (xorshift, seeded), as exact doubles. The full range exercises rounding and saturation too.
 */
export function randomSamples(graph: Graph, count: number, seed = 1): Float64Array[][] {
  let s = BigInt(seed) | 1n;
  const next = (): bigint => {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    return s;
  };
  const types = graph.inputs.map((n) => {
    const t = graph.tensors[n].type;
    if (!t || isPerElement(t)) throw new Error(`input '${n}' has no fixed type`);
    return t;
  });
  const draw = (t: FixedType): number => {
    const lo = minRaw(t);
    const span = maxRaw(t) - lo + 1n;
    let r = 0n;
    for (let k = 0; k < Math.ceil(t.width / 60) + 1; k++) r = (r << 60n) | (next() & ((1n << 60n) - 1n));
    return toNumber(t, lo + (r % span));
  };
  return Array.from({ length: count }, () => graph.inputs.map((n, i) => Float64Array.from({ length: size(graph.tensors[n].shape) }, () => draw(types[i]))));
}

/** A double as text that parses back to the same double (an exact decimal when it is short). */
function sampleText(x: number): string {
  return String(x);
}

/** Build the project of a typed graph. Diagnostics for every problem found; nothing is written. */
export function buildVitisProject(graph: Graph, options: VitisOptions, samples: Float64Array[][]): Result<VitisProject> {
  const early = [...checkVitisOptions(options), ...checkReuseFactors(graph)];
  if (hasErrors(early)) return fail(early);
  let model: EmittedModel;
  try {
    model = emitModel(graph, options);
  } catch (e) {
    if (e instanceof EmitError)
      return fail([error('vitis/emit', `cannot generate HLS code${e.layer ? ` for ${e.layer.kind} layer '${e.layer.name}'` : ''}: ${e.message}`, e.layer?.origin)]);
    throw e;
  }
  const wide = checkMultiplierWidths(
    model.layers.map((l) => ({ layer: l.layer, estimate: l.code.estimate })),
    options.maxMultiplierWidth,
  );
  if (hasErrors(wide)) return fail(wide);
  const report = buildReport(graph, model.layers, layerOutputs(model), {
    model: basename(graph.source.file),
    project: options.projectName,
    part: options.part,
    clockPeriodNs: options.clockPeriod,
    ioType: options.ioType,
  });
  const run = compileFixedGraph(graph);
  const predictions = samples.map((sample) => {
    const { outputs, types } = run(sample);
    return outputs.flatMap((o, k) => Array.from(o as ArrayLike<number | bigint>, (v) => formatFixed(types[k], v)));
  });
  const inputsText = samples.map((s) => s.flatMap((x) => Array.from(x, sampleText)).join(',')).join('\n') + '\n';
  const files = projectFiles(model, report, { inputs: inputsText, predictions: writeCsv(predictions) });
  const tooWide = checkTypeWidths(files);
  if (hasErrors(tooWide)) return fail(tooWide);
  return ok({ model, report, files, samples, predictions });
}

/**
 * Every ap type the generated C++ names must fit ap_int's default maximum width (AP_INT_MAX_W =
 * 1024): a wider one (an exact 'auto' type grown too large) would not compile.
 */
function checkTypeWidths(files: Map<string, ProjectFile>): Diagnostic[] {
  const ds: Diagnostic[] = [];
  for (const [path, f] of files) {
    if (!('text' in f) || !path.startsWith('firmware/')) continue;
    for (const m of f.text.matchAll(/\bap_u?(?:int|fixed)<\s*(\d+)/g)) {
      if (Number(m[1]) <= MAX_WIDTH) continue;
      const line = f.text.slice(0, m.index).split('\n').length;
      ds.push(
        error(
          'vitis/type-width',
          `${path}:${line} needs a ${m[1]}-bit type; ap_fixed allows at most ${MAX_WIDTH} bits`,
          undefined,
          "set narrower precisions in the config (an 'auto' accumulator or result grows with every layer)",
        ),
      );
      break;
    }
  }
  return ds;
}

/** Write the files into an existing empty folder (the CLI builds in a temporary one and renames it). */
export function writeProjectFiles(dir: string, files: Map<string, ProjectFile>): void {
  for (const [path, f] of files) {
    const dest = join(dir, path);
    mkdirSync(dirname(dest), { recursive: true });
    if ('copy' in f) copyFileSync(f.copy, dest);
    else writeFileSync(dest, f.text);
    if (path.endsWith('.sh')) chmodSync(dest, 0o755);
  }
}

