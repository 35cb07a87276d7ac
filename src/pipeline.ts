// The compile, stage by stage. Each stage is a pure function over plain data; this list is the
// whole story of what happens between a model file and a typed graph ready for emulation or a backend.
//
//   1. read      frontends/   model file → Graph (float constants, origins)
//   2. shapes    passes/      per-sample shapes of every tensor
//   3. config    config/      check the config against the graph (unknown layer names, …)
//   4. precision passes/      a FixedType for every tensor, constant and accumulator
//   5. cmvm      passes/cmvm/ Dense/Conv with strategy distributed_arithmetic → an AdderGraph in attrs
//   6. validate  ir/          the typed graph is well-formed

import { resolve } from 'node:path';
import { checkConfigAgainstGraph, inputType, layerOptions, precisionRequest } from './config/resolve.js';
import type { Config } from './config/schema.js';
import { loadOnnxFile } from './frontends/onnx/index.js';
import { error, fail, hasErrors, ok, type Result } from './ir/diagnostics.js';
import type { Graph } from './ir/graph.js';
import { validateGraph } from './ir/validate.js';
import { lowerDistributedArithmetic } from './passes/cmvm/lower.js';
import { assignTypes } from './passes/precision.js';
import { inferShapes } from './passes/shapes.js';

/** Stage 1: read a model file, choosing the frontend by its content and name. */
export function readModel(path: string): Result<Graph> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.onnx') || !/\.(json|txt|model)$/.test(lower)) return loadOnnxFile(path);
  return fail([error('model/format', `don't know how to read '${path}': fhls reads ONNX and QONNX models (.onnx)`, { file: path })]);
}

/** Stages 1–2: the graph with shapes, before any precision is chosen (inspect, config, float emulation). */
export function loadGraph(path: string): Result<Graph> {
  const read = readModel(path);
  if (!read.ok) return read;
  const shaped = inferShapes(read.value);
  if (!shaped.ok) return fail([...read.diagnostics, ...shaped.diagnostics]);
  const problems = validateGraph(shaped.value, 'shaped');
  const all = [...read.diagnostics, ...shaped.diagnostics, ...problems];
  return hasErrors(all) ? fail(all) : ok(shaped.value, all);
}

/** Stages 3–6: a typed graph under a config. */
export function typeGraph(graph: Graph, config: Config, configFile?: string): Result<Graph> {
  const checked = checkConfigAgainstGraph(config, graph, configFile && resolve(configFile));
  if (hasErrors(checked)) return fail(checked);
  const withOptions: Graph = { ...graph, layers: graph.layers.map((l) => ({ ...l, options: layerOptions(config, l) })) as Graph['layers'] };
  const typed = assignTypes(
    withOptions,
    (layer) => precisionRequest(config, layer, withOptions),
    (name) => inputType(config, name, withOptions),
  );
  if (!typed.ok) return typed;
  const lowered = lowerDistributedArithmetic(typed.value, config);
  if (!lowered.ok) return fail([...typed.diagnostics, ...lowered.diagnostics]);
  const problems = validateGraph(lowered.value, 'typed');
  const all = [...typed.diagnostics, ...lowered.diagnostics, ...problems];
  return hasErrors(problems) ? fail(all) : ok(lowered.value, all);
}

/** The whole front half: file → typed graph. */
export function compileModel(path: string, config: Config, configFile?: string): Result<Graph> {
  const loaded = loadGraph(path);
  if (!loaded.ok) return loaded;
  const typed = typeGraph(loaded.value, config, configFile);
  return typed.ok ? ok(typed.value, [...loaded.diagnostics, ...typed.diagnostics]) : fail([...loaded.diagnostics, ...typed.diagnostics]);
}
