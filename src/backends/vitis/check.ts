// Checks of the Vitis backend's options and of a typed graph before anything is emitted: every
// problem becomes a diagnostic (code 'vitis/...') that the CLI prints, exiting with status 2.

import { error, type Diagnostic } from '../../ir/diagnostics.js';
import { type Graph, type Layer, size } from '../../ir/graph.js';
import type { LayerEstimate } from './emitter.js';
import { MAX_MULTIPLIER_WIDTH, tooWideMultiplier } from './estimate.js';
import { sanitize } from './names.js';

/**
 * A Xilinx part name: 'x' and the device (and package) letters and digits, then one or more
 * '-'-separated fields (package, speed grade, temperature grade): xcvu13p-flga2577-2-e,
 * xc7z020clg400-1, xcvc1902-vsva2197-2MP-e-S.
 */
export const PART_PATTERN = /^x[a-z0-9]+(-[a-z0-9]+)+$/i;

export function checkPart(part: string): Diagnostic[] {
  if (PART_PATTERN.test(part)) return [];
  return [
    error(
      'vitis/part',
      `'${part}' is not a Xilinx part name: expected 'x' followed by the device and package, then the speed and temperature grades separated by '-', e.g. xcvu13p-flga2577-2-e or xc7z020clg400-1`,
    ),
  ];
}

export function checkClockPeriod(ns: number): Diagnostic[] {
  if (Number.isFinite(ns) && ns > 0) return [];
  return [error('vitis/clock', `the clock period must be a positive number of nanoseconds, got ${ns}`)];
}

export function checkProjectName(name: string): Diagnostic[] {
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(name) && !name.includes('__') && sanitize(name) === name) return [];
  return [
    error(
      'vitis/project-name',
      `'${name}' cannot name the project: it becomes a C++ function name, so it must be a letter followed by letters, digits and single underscores, and not a C++ keyword (e.g. myproject)`,
    ),
  ];
}

/** The number of multiplications a Dense or Conv layer's ReuseFactor divides; undefined for other kinds. */
export function reuseBase(layer: Layer, graph: Graph): { n: number; what: string } | undefined {
  if (layer.kind === 'Dense') {
    const w = graph.tensors[layer.attrs.weight]?.shape ?? [];
    return { n: size(w), what: `Dense n_in × n_out = ${w.join(' × ')}` };
  }
  if (layer.kind === 'Conv') {
    const w = graph.tensors[layer.attrs.weight]?.shape ?? [];
    const nOut = w[0] ?? 1;
    return { n: size(w), what: `Conv n_in × n_out = ${size(w) / nOut} × ${nOut}` };
  }
  return undefined;
}

/** The valid ReuseFactors for n multiplications (as hls4ml's Dense: n / RF an integer). */
export function validReuseFactors(n: number): number[] {
  const small: number[] = [];
  const large: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    small.push(d);
    if (d * d !== n) large.unshift(n / d);
  }
  return [...small, ...large];
}

export function checkReuseFactors(graph: Graph): Diagnostic[] {
  const ds: Diagnostic[] = [];
  for (const layer of graph.layers) {
    const rf = layer.options?.reuseFactor;
    const base = reuseBase(layer, graph);
    if (rf === undefined || !base) continue;
    if (Number.isInteger(rf) && rf >= 1 && base.n % rf === 0) continue;
    ds.push(
      error(
        'vitis/reuse-factor',
        `ReuseFactor ${rf} is not valid for layer '${layer.name}' (${base.what} = ${base.n} multiplications): it must divide ${base.n}; valid values are ${validReuseFactors(base.n).join(', ')}`,
        layer.origin,
        `set LayerName: { '${layer.name}': { ReuseFactor: … } } in the config`,
      ),
    );
  }
  return ds;
}

/** Multipliers with an operand wider than the limit (see estimate.ts). */
export function checkMultiplierWidths(layers: readonly { layer: Layer; estimate: LayerEstimate }[], limit = MAX_MULTIPLIER_WIDTH): Diagnostic[] {
  const ds: Diagnostic[] = [];
  for (const { layer, estimate } of layers) {
    const bad = tooWideMultiplier(estimate.multipliers, limit);
    if (bad)
      ds.push(
        error(
          'vitis/multiplier-width',
          `layer '${layer.name}' needs a ${bad} multiplier: fhls refuses multiplier operands wider than ${limit} bits (each product would take a dozen or more DSP slices)`,
          layer.origin,
          "give this layer's inputs or weights a narrower precision in the config (an 'auto' result feeding a multiplication is the usual cause)",
        ),
      );
  }
  return ds;
}
