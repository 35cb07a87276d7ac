// `fhls config MODEL [--granularity model|type|name] [--format yaml|json]`: a complete default config.

import { stringify } from 'yaml';
import { defaultConfigFor, type Granularity } from '../config/generate.js';
import { readConfig, readGraph } from './common.js';
import type { Io } from './io.js';

export interface ConfigArgs {
  model: string;
  granularity: Granularity;
  format: 'yaml' | 'json';
  config?: string;
}

export function runConfig(io: Io, args: ConfigArgs): void {
  const config = readConfig(io, args.config);
  const graph = readGraph(io, args.model);
  const out = defaultConfigFor(graph, config, args.granularity);
  io.out(args.format === 'json' ? `${JSON.stringify(out, null, 2)}\n` : stringify(out));
}
