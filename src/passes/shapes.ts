// Shape inference: runs each layer's inferShape in topological order and fills Tensor.shape of
// every layer output (per-sample shapes). Mismatches are diagnostics with the layer's origin;
// layers downstream of a failed one are skipped silently (their problem is the first one).

import { error, fail, ok, type Diagnostic, type Result } from '../ir/diagnostics.js';
import type { Graph, Tensor } from '../ir/graph.js';
import { semanticsOf } from '../ir/layers/index.js';

export function inferShapes(graph: Graph): Result<Graph> {
  const diagnostics: Diagnostic[] = [];
  const tensors: Record<string, Tensor> = { ...graph.tensors };
  const failed = new Set<string>();
  for (const layer of graph.layers) {
    const missing = layer.inputs.filter((n) => !tensors[n]);
    if (missing.length > 0) {
      diagnostics.push(error('shape/missing-input', `layer '${layer.name}' reads unknown tensor(s) ${missing.map((n) => `'${n}'`).join(', ')}`, layer.origin));
      layer.outputs.forEach((o) => failed.add(o));
      continue;
    }
    if (layer.inputs.some((n) => failed.has(n))) {
      layer.outputs.forEach((o) => failed.add(o));
      continue;
    }
    const inputShapes = layer.inputs.map((n) => tensors[n].shape);
    let inferred: { shapes: number[][] } | { error: string };
    try {
      inferred = semanticsOf(layer).inferShape(layer as never, inputShapes, { ...graph, tensors });
    } catch (e) {
      inferred = { error: (e as Error).message };
    }
    if ('error' in inferred) {
      diagnostics.push(
        error('shape/mismatch', `${layer.kind} layer '${layer.name}' (inputs ${inputShapes.map((s) => `[${s}]`).join(', ')}): ${inferred.error}`, layer.origin),
      );
      layer.outputs.forEach((o) => failed.add(o));
      continue;
    }
    if (inferred.shapes.length !== layer.outputs.length) {
      diagnostics.push(error('shape/outputs', `layer '${layer.name}' has ${layer.outputs.length} outputs but its kind defines ${inferred.shapes.length}`, layer.origin));
      continue;
    }
    layer.outputs.forEach((name, i) => {
      tensors[name] = { ...(tensors[name] ?? { name }), name, shape: inferred.shapes[i] };
    });
  }
  return diagnostics.length > 0 ? fail(diagnostics) : ok({ ...graph, tensors });
}
