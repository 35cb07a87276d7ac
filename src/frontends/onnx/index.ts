// The ONNX / QONNX frontend: a model file → the fhls Graph (per-sample shapes, float constants,
// origins). Every problem is returned as a diagnostic; nothing here throws on bad input.

import { readFileSync, statSync } from 'node:fs';
import { error, fail, type Result } from '../../ir/diagnostics.js';
import type { Graph } from '../../ir/graph.js';
import { decodeModel } from './proto.js';
import { readModelProto } from './reader.js';

export { shapeOf } from './shapes.js';

/** Reads ONNX bytes; `file` names the model in diagnostics and in Graph.source. */
export function readOnnx(bytes: Uint8Array, file: string): Result<Graph> {
  const decoded = decodeModel(bytes, file);
  if (!decoded.ok) return fail(decoded.diagnostics);
  return readModelProto(decoded.value, file);
}

/** Reads an ONNX file from disk ('io/not-found' when it does not exist). */
export function loadOnnxFile(path: string): Result<Graph> {
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) return fail([error('io/read-error', `'${path}' is a directory, not a model file`, { file: path })]);
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail([error('io/not-found', `model file '${path}' does not exist`, { file: path })]);
    return fail([error('io/read-error', `cannot read '${path}': ${e instanceof Error ? e.message : String(e)}`, { file: path })]);
  }
  return readOnnx(bytes, path);
}
