// Timing helpers for `npm run bench`: medians of repeated runs after a warm-up, so figures are
// stable enough to compare as ratios within one run (never asserted in tests).

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLES = ['jet_mlp', 'conv1d', 'conv2d', 'residual', 'qonnx_mlp', 'qonnx_mlp_nonp2', 'qdq_mlp'] as const;

/** The repository root (the bench runs from dist/bench/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

export function examplePath(name: string, ext: string): string {
  return join(repoRoot(), 'examples', `${name}.${ext}`);
}

export interface Timing {
  secondsPerItem: number;
  perSecond: number;
}

/** Median time of `f` over repeated runs lasting at least ~0.5 s in total, after one warm-up. */
export function timeIt(f: () => unknown, items: number, minSeconds = 0.5): Timing {
  f();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 5 || (performance.now() - start) / 1000 < minSeconds) {
    const t0 = performance.now();
    f();
    times.push((performance.now() - t0) / 1000);
    if (times.length >= 200) break;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return { secondsPerItem: median / items, perSecond: items / median };
}
