// Checks that a graph is well-formed at a stage of the pipeline. Run after every pass in tests
// and with --debug. 'shaped': names, order, shapes, constants. 'typed': also every tensor typed
// and every type valid (widths 1..MAX_WIDTH, known modes).

import { error, type Diagnostic } from './diagnostics.js';
import { typeProblem } from './fixed/type.js';
import { constantNames, type Graph, isPerElement, type LayerKind, size, type TensorType } from './graph.js';

/** Kinds whose fixed-point semantics read layer.types.accum. */
const NEEDS_ACCUM: ReadonlySet<LayerKind> = new Set<LayerKind>(['Dense', 'Conv', 'BatchNorm']);

export type Stage = 'shaped' | 'typed';

function typeIssue(t: TensorType, n: number | undefined): string | undefined {
  if (isPerElement(t)) {
    if (n !== undefined && t.elements.length !== n) return `per-element type has ${t.elements.length} entries for ${n} values`;
    for (const e of t.elements) {
      const p = typeProblem(e);
      if (p) return p;
    }
    return undefined;
  }
  return typeProblem(t);
}

export function validateGraph(graph: Graph, stage: Stage): Diagnostic[] {
  const ds: Diagnostic[] = [];
  const names = new Set<string>();
  const produced = new Set<string>(graph.inputs);
  const checkShape = (name: string, where: Diagnostic['origin']) => {
    const t = graph.tensors[name];
    if (!t) return;
    if (!Array.isArray(t.shape) || t.shape.some((d) => !Number.isInteger(d) || d < 1))
      ds.push(error('graph/shape', `tensor '${name}' has no valid shape ([${t.shape}])`, where));
  };
  const checkType = (name: string, where: Diagnostic['origin']) => {
    const t = graph.tensors[name];
    if (!t || stage !== 'typed') return;
    if (!t.type) {
      ds.push(error('graph/type', `tensor '${name}' has no type`, where));
      return;
    }
    const p = typeIssue(t.type, t.data ? t.data.length : undefined);
    if (p) ds.push(error('graph/width', `tensor '${name}': ${p}`, where));
  };

  for (const name of graph.inputs) {
    if (!graph.tensors[name]) ds.push(error('graph/missing-tensor', `graph input '${name}' has no tensor`));
    checkShape(name, { node: name });
    checkType(name, { node: name });
  }
  for (const [name, t] of Object.entries(graph.tensors)) {
    if (t.name !== name) ds.push(error('graph/name', `tensor '${name}' is recorded under the name '${t.name}'`));
    if (t.data && t.data.length !== size(t.shape))
      ds.push(error('graph/constant', `constant '${name}' has ${t.data.length} values for shape [${t.shape}]`));
  }
  for (const layer of graph.layers) {
    const where = layer.origin;
    if (names.has(layer.name)) ds.push(error('graph/duplicate-name', `two layers are named '${layer.name}'`, where));
    names.add(layer.name);
    for (const input of layer.inputs) {
      const t = graph.tensors[input];
      if (!t) ds.push(error('graph/missing-tensor', `layer '${layer.name}' reads unknown tensor '${input}'`, where));
      else if (!produced.has(input) && !t.data)
        ds.push(error('graph/order', `layer '${layer.name}' reads '${input}' before any layer produces it`, where));
    }
    for (const c of constantNames(layer, graph)) {
      const t = graph.tensors[c];
      if (!t) ds.push(error('graph/missing-tensor', `layer '${layer.name}' refers to unknown constant '${c}'`, where));
      else if (!t.data) ds.push(error('graph/constant', `layer '${layer.name}' refers to '${c}', which is not a constant`, where));
      else checkType(c, where);
    }
    for (const out of layer.outputs) {
      if (produced.has(out)) ds.push(error('graph/duplicate-name', `tensor '${out}' is produced twice (again by '${layer.name}')`, where));
      produced.add(out);
      if (!graph.tensors[out]) ds.push(error('graph/missing-tensor', `layer '${layer.name}' writes unknown tensor '${out}'`, where));
      checkShape(out, where);
      checkType(out, where);
    }
    if (stage === 'typed' && NEEDS_ACCUM.has(layer.kind) && !layer.types?.accum)
      ds.push(error('graph/type', `layer '${layer.name}' has no accumulator type`, where));
    if (stage === 'typed')
      for (const [role, t] of Object.entries(layer.types ?? {})) {
        const p = typeProblem(t);
        if (p) ds.push(error('graph/width', `layer '${layer.name}': ${role} type: ${p}`, where));
      }
  }
  for (const out of graph.outputs)
    if (!produced.has(out)) ds.push(error('graph/order', `graph output '${out}' is never produced`));
  return ds;
}
