// Steps shared by the commands: load a config and a model, stopping with diagnostics on errors.

import { defaultConfig, loadConfigFile } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { hasErrors, type Diagnostic, type Result } from '../ir/diagnostics.js';
import type { Graph } from '../ir/graph.js';
import { loadGraph, typeGraph } from '../pipeline.js';
import { UsageError, type Io, printDiagnostics } from './io.js';

/** The value of a Result, or a UsageError carrying its diagnostics; warnings are printed. */
export function unwrap<T>(io: Io, r: Result<T>): T {
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
  if (!r.ok || hasErrors(r.diagnostics)) {
    const errors: Diagnostic[] = r.diagnostics.filter((d) => d.severity === 'error');
    throw new UsageError(`${errors.length} error${errors.length === 1 ? '' : 's'}`, r.diagnostics);
  }
  printDiagnostics(io, warnings);
  return r.value;
}

export function readConfig(io: Io, path: string | undefined): Config {
  return path === undefined ? defaultConfig() : unwrap(io, loadConfigFile(path));
}

export function readGraph(io: Io, modelPath: string): Graph {
  return unwrap(io, loadGraph(modelPath));
}

export function readTypedGraph(io: Io, modelPath: string, configPath: string | undefined): { graph: Graph; config: Config } {
  const config = readConfig(io, configPath);
  const graph = readGraph(io, modelPath);
  return { graph: unwrap(io, typeGraph(graph, config, configPath)), config };
}
