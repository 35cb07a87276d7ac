// The precision pass: a FixedType for every tensor of the graph.
//
// Graph inputs get inputType(name); then each layer, in topological order, applies its kind's
// precision rule (inferTypes) to the types of its inputs — already written into the working
// graph by the layers before it — and to the request resolved from the config. The pass writes
// Tensor.type of the layer's outputs and of the constants it reads, and layer.types (internal
// types: accumulators, tables). It returns a new graph; the argument is not changed.

import { error, fail, ok, type Diagnostic, type Result } from '../ir/diagnostics.js';
import { type FixedType, typeProblem } from '../ir/fixed/type.js';
import { formatType } from '../ir/fixed/parse.js';
import { type Graph, isPerElement, type Layer, type Tensor, type TensorType } from '../ir/graph.js';
import { semanticsOf } from '../ir/layers/index.js';
import type { PrecisionRequest } from '../ir/layers/spec.js';

function problemOf(t: TensorType): string | undefined {
  if (!isPerElement(t)) return typeProblem(t);
  for (const e of t.elements) {
    const p = typeProblem(e);
    if (p) return p;
  }
  return undefined;
}

export function assignTypes(
  graph: Graph,
  requestFor: (layer: Layer) => PrecisionRequest,
  inputType: (tensorName: string) => FixedType,
): Result<Graph> {
  const diagnostics: Diagnostic[] = [];
  const tensors: Record<string, Tensor> = { ...graph.tensors };
  const work: Graph = { ...graph, tensors };
  const setType = (name: string, type: TensorType) => {
    tensors[name] = { ...(tensors[name] ?? { name, shape: [] }), type };
  };
  for (const name of graph.inputs) setType(name, inputType(name));

  const layers: Layer[] = [];
  for (const layer of graph.layers) {
    const untyped = layer.inputs.filter((n) => !tensors[n]?.type && !tensors[n]?.data);
    if (untyped.length > 0) {
      // an earlier failure; reported there
      layers.push(layer);
      continue;
    }
    let inferred;
    try {
      inferred = semanticsOf(layer).inferTypes(layer as never, work, requestFor(layer));
    } catch (e) {
      diagnostics.push(error('precision/rule', `cannot type ${layer.kind} layer '${layer.name}': ${(e as Error).message}`, layer.origin));
      layers.push(layer);
      continue;
    }
    for (const d of inferred.diagnostics ?? []) diagnostics.push(d.origin ? d : { ...d, origin: layer.origin });
    const check = (what: string, t: TensorType) => {
      const p = problemOf(t);
      if (p)
        diagnostics.push(
          error(
            'precision/type',
            `${layer.kind} layer '${layer.name}': the ${what} type ${isPerElement(t) ? '(per element)' : formatType(t)} is not usable: ${p}`,
            layer.origin,
            'set a narrower accum/result precision for this layer in the config',
          ),
        );
    };
    layer.outputs.forEach((name, i) => {
      const t = inferred.outputs[i];
      check(`output '${name}'`, t);
      setType(name, t);
    });
    for (const [name, t] of Object.entries(inferred.constants)) {
      check(`constant '${name}'`, t);
      setType(name, t);
    }
    for (const [role, t] of Object.entries(inferred.internal)) check(role, t);
    layers.push({ ...layer, types: { ...inferred.internal } } as Layer);
  }
  const typed: Graph = { ...graph, tensors, layers };
  return diagnostics.some((d) => d.severity === 'error') ? fail(diagnostics) : ok(typed, diagnostics);
}
