// Reads a decoded ONNX model into the fhls Graph: constants first, then the graph inputs (batch
// dimension dropped), then every node in dependency order — folded when its inputs are constants,
// otherwise turned into layers — and finally the clean-up passes of fuse.ts.

import { hasErrors, fail, ok, type Origin, type Result } from '../../ir/diagnostics.js';
import type { Graph } from '../../ir/graph.js';
import { CONST_OPS, evalConst } from './consteval.js';
import { Reader, type NodeInfo } from './context.js';
import { dropDeadLayers, foldBatchNorms, fuseDenseBias, nameOutputs, pruneTensors, topoSort } from './fuse.js';
import { isStandardDomain, QONNX_DOMAINS, QONNX_OPS, STANDARD_OPS, type OpReader } from './ops/index.js';
import {
  checkFinite,
  DT,
  decodeTensor,
  dtypeName,
  isFloatType,
  isProblem,
  INT_TYPES,
  nodeAttrs,
  num,
  valueInfoShape,
  type ConstTensor,
  type ModelProto,
  type NodeProto,
} from './proto.js';

/** The opsets fhls is tested against; others are read with a warning. */
const OPSET_RANGE = [7, 21] as const;
const DEFAULT_OPSET = 13;

function domainLabel(domain: string): string {
  return domain === '' ? 'ai.onnx' : domain;
}

function opReader(domain: string, opType: string): OpReader | undefined {
  if (isStandardDomain(domain)) return STANDARD_OPS[opType];
  if (QONNX_DOMAINS.has(domain)) return QONNX_OPS[opType];
  return undefined;
}

function isKnownOp(domain: string, opType: string): boolean {
  if (isStandardDomain(domain) && (opType === 'Constant' || CONST_OPS[opType])) return true;
  return opReader(domain, opType) !== undefined;
}

/** Nodes in dependency order, and the nodes caught in a cycle. */
function orderNodes(nodes: readonly NodeProto[], defined: ReadonlySet<string>): { order: number[]; cyclic: number[] } {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => (n.output ?? []).forEach((o) => o && producer.set(o, i)));
  const deps = nodes.map((n) => [...new Set((n.input ?? []).filter((x) => x && producer.has(x) && !defined.has(x)).map((x) => producer.get(x) as number))]);
  // Constant nodes read nothing: taking them first lets pattern readers see every constant early.
  const isConstant = (i: number) => nodes[i].opType === 'Constant' && (nodes[i].input ?? []).length === 0;
  const constantsFirst = (order: number[]) => [...order.filter(isConstant), ...order.filter((i) => !isConstant(i))];
  // ONNX requires the nodes to be sorted already: keep the file order when it is valid
  if (deps.every((ds, i) => ds.every((d) => d < i))) return { order: constantsFirst(nodes.map((_, i) => i)), cyclic: [] };
  const users = nodes.map(() => [] as number[]);
  deps.forEach((ds, i) => ds.forEach((d) => users[d].push(i)));
  const waiting = deps.map((d) => d.length);
  const queue = waiting.map((w, i) => (w === 0 ? i : -1)).filter((i) => i >= 0);
  const order: number[] = [];
  while (queue.length) {
    queue.sort((a, b) => a - b); // Kahn's algorithm, preferring the file's order
    const i = queue.shift() as number;
    order.push(i);
    for (const u of users[i]) if (--waiting[u] === 0) queue.push(u);
  }
  const placed = new Set(order);
  return { order: constantsFirst(order), cyclic: nodes.map((_, i) => i).filter((i) => !placed.has(i)) };
}

export function readModelProto(model: ModelProto, file: string): Result<Graph> {
  const g = model.graph;
  if (!g) return fail([{ code: 'onnx/no-graph', severity: 'error', message: 'the ONNX model has no graph', origin: { file } }]);
  const nodes = g.node ?? [];

  // --- opsets -----------------------------------------------------------------------------------
  const opsets = model.opsetImport ?? [];
  const std = opsets.find((o) => isStandardDomain(o.domain ?? ''));
  const opset = std ? num(std.version) : DEFAULT_OPSET;

  const names = new Set<string>();
  for (const vi of [...(g.input ?? []), ...(g.output ?? [])]) if (vi.name) names.add(vi.name);
  for (const t of g.initializer ?? []) if (t.name) names.add(t.name);
  for (const n of nodes) for (const x of [...(n.input ?? []), ...(n.output ?? [])]) if (x) names.add(x);
  const r = new Reader(file, opset, names);
  const at: Origin = { file };

  if (!std) r.warn('onnx/opset', `the model imports no default ONNX opset; reading it as opset ${DEFAULT_OPSET}`, at);
  else if (opset < OPSET_RANGE[0] || opset > OPSET_RANGE[1]) {
    r.warn('onnx/opset', `the model uses ONNX opset ${opset}; fhls supports opsets ${OPSET_RANGE[0]}–${OPSET_RANGE[1]}, some ops may be read wrongly`, at);
  }
  if (nodes.length === 0) r.error('onnx/empty-graph', 'the ONNX graph has no nodes', at);

  // --- constants --------------------------------------------------------------------------------
  const initNames = new Set<string>();
  for (const t of g.initializer ?? []) {
    const name = t.name ?? '';
    initNames.add(name);
    const c = decodeTensor(t, name);
    if (isProblem(c)) {
      r.error(c.code, c.message, { file, node: name }, c.hint);
      r.poison([name]);
      continue;
    }
    const bad = checkFinite(c, name, { file, node: name });
    if (bad) r.diagnostics.push(bad);
    r.setConst(name, c);
  }
  for (const t of g.sparseInitializer ?? []) {
    const name = t.values?.name ?? '';
    r.error('onnx/unsupported-dtype', `sparse initializer '${name}' is not supported`, { file, node: name });
    r.poison([name]);
    initNames.add(name);
  }

  // --- inputs: drop the batch dimension --------------------------------------------------------
  const inputs: string[] = [];
  for (const vi of g.input ?? []) {
    const name = vi.name ?? '';
    if (initNames.has(name)) continue; // an initializer listed as input is a constant
    const where = { file, node: name };
    const { elemType, dims } = valueInfoShape(vi);
    if (!isFloatType(elemType) && !INT_TYPES[elemType]) {
      r.error('onnx/unsupported-dtype', `input '${name}' has element type ${dtypeName(elemType)}; fhls reads numeric (float or integer) inputs`, where);
      r.poison([name]);
      continue;
    }
    if (!dims || dims.length === 0) {
      r.error('onnx/dynamic-shape', `input '${name}' ${dims ? 'is a scalar' : 'has no shape'}: fhls needs a batch dimension followed by fixed sizes`, where);
      r.poison([name]);
      continue;
    }
    const batch = dims[0];
    if (typeof batch === 'number' && batch > 0) r.batchValues.add(batch);
    let okShape = true;
    dims.slice(1).forEach((d, k) => {
      if (typeof d === 'number' && d > 0) return;
      okShape = false;
      r.error(
        'onnx/dynamic-shape',
        `input '${name}' dimension ${k + 1} is ${typeof d === 'string' ? `symbolic ('${d}')` : 'unknown'}; every dimension but the first (batch) must be a fixed positive size`,
        where,
        'export with fixed input sizes (only the batch dimension may be dynamic)',
      );
    });
    if (!okShape) {
      r.poison([name]);
      continue;
    }
    const shape = dims.slice(1) as number[];
    r.tensors[name] = { name, shape };
    r.setAct(name, shape);
    inputs.push(name);
  }

  // --- nodes ------------------------------------------------------------------------------------
  const defined = new Set([...initNames, ...(g.input ?? []).map((v) => v.name ?? '')]);
  const { order, cyclic } = orderNodes(nodes, defined);
  const infos: NodeInfo[] = nodes.map((n, i) => {
    const opType = n.opType ?? '';
    const domain = n.domain ?? '';
    const name = r.layerName(n.name ?? '', opType, i);
    return { name, opType, domain, inputs: (n.input ?? []).slice(), outputs: (n.output ?? []).slice(), attrs: nodeAttrs(n), origin: { file, node: name, opType, domain }, opset };
  });
  for (const n of infos) {
    for (const x of new Set(n.inputs)) if (x) r.consumers.set(x, [...(r.consumers.get(x) ?? []), n]);
  }
  for (const vi of g.output ?? []) if (vi.name) r.graphOutputs.add(vi.name);
  // every unsupported node, in file order, before anything else
  const unsupported = new Set<number>();
  infos.forEach((n, i) => {
    if (isKnownOp(n.domain, n.opType)) return;
    unsupported.add(i);
    r.error('onnx/unsupported-op', `node '${n.name}': op '${n.opType}' (domain '${domainLabel(n.domain)}') is not supported`, n.origin);
  });
  for (const i of cyclic) {
    r.error('onnx/bad-model', `node '${infos[i].name}' is part of a cycle or reads a value produced after it`, infos[i].origin);
    r.poison(infos[i].outputs);
  }
  const qonnx = infos.some((n) => QONNX_DOMAINS.has(n.domain));

  for (const i of order) {
    const node = infos[i];
    if (r.absorbed.has(node)) continue;
    if (unsupported.has(i)) {
      r.poison(node.outputs);
      continue;
    }
    try {
      readNode(r, node);
    } catch (e) {
      // a reader bug must not take the whole run down: report it against the node
      r.reject(node, 'onnx/internal', `internal error while reading ${node.opType} '${node.name}': ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  // --- outputs ----------------------------------------------------------------------------------
  const outputs: { name: string; tensor: string }[] = [];
  for (const vi of g.output ?? []) {
    const name = vi.name ?? '';
    const v = r.value(name);
    if (v?.kind === 'act') outputs.push({ name, tensor: v.tensor });
    else if (v?.kind === 'const') r.error('onnx/constant-output', `output '${name}' is a constant: it does not depend on the model input`, { file, node: name });
    else if (v?.kind === 'qlinear') r.error('onnx/unsupported-qdq', `output '${name}' is the integer output of QuantizeLinear '${v.q.node}'; add a DequantizeLinear`, { file, node: name });
    else if (!v) r.error('onnx/bad-model', `output '${name}' is not produced by any node`, { file, node: name });
  }
  if (hasErrors(r.diagnostics)) return fail(r.diagnostics);

  const protectedTensors = new Set(outputs.map((o) => o.tensor));
  fuseDenseBias(r, protectedTensors);
  foldBatchNorms(r, protectedTensors);
  const outputNames = nameOutputs(r, outputs, inputs);
  const graph: Graph = {
    source: { file, format: qonnx ? 'qonnx' : 'onnx' },
    inputs,
    outputs: outputNames,
    layers: dropDeadLayers(topoSort(r.layers, inputs), outputNames),
    tensors: r.tensors,
  };
  pruneTensors(graph);
  return ok(graph, r.diagnostics);
}

function readNode(r: Reader, node: NodeInfo): void {
  if (node.opType === 'Constant' && isStandardDomain(node.domain)) return readConstant(r, node);
  const reader = opReader(node.domain, node.opType);
  for (const name of node.inputs) {
    if (!name) continue;
    const v = r.value(name);
    if (v?.kind === 'poison') {
      reader?.check?.(r, node);
      return r.poison(node.outputs);
    }
    if (!v) {
      r.reject(node, 'onnx/bad-model', `node '${node.name}' reads '${name}', which no node, input or initializer defines`);
      return;
    }
  }
  const present = node.inputs.filter((n) => n);
  const allConst = present.length > 0 && present.every((n) => r.value(n)?.kind === 'const');
  if (reader?.constants === 'self') return reader.read(r, node);
  if (allConst) {
    const op = isStandardDomain(node.domain) ? CONST_OPS[node.opType] : undefined;
    if (!op) {
      r.reject(node, 'onnx/unsupported-op', `${node.opType} '${node.name}' has only constant inputs but fhls cannot evaluate ${node.opType} at load time`);
      return;
    }
    const res = evalConst(
      op,
      node.inputs.map((n) => r.constOf(n)),
      node,
    );
    if (!Array.isArray(res)) {
      r.reject(node, res.code, res.message);
      return;
    }
    node.outputs.forEach((o, k) => o && res[k] && r.setConst(o, res[k]));
    return;
  }
  if (reader) return reader.read(r, node);
  r.reject(node, 'onnx/unsupported-op', `${node.opType} '${node.name}' is supported only on constant inputs (shape computations); here it reads an activation`);
}

function readConstant(r: Reader, node: NodeInfo): void {
  const a = node.attrs;
  const out = node.outputs[0];
  let c: ConstTensor | undefined;
  const t = a.tensor('value');
  if (t) {
    const d = decodeTensor(t, out);
    if (isProblem(d)) {
      r.reject(node, d.code, d.message, d.hint);
      return;
    }
    c = d;
  } else if (a.has('value_float')) c = { dtype: DT.FLOAT, shape: [], data: [a.float('value_float', 0)] };
  else if (a.has('value_floats')) c = { dtype: DT.FLOAT, shape: [(a.floats('value_floats') ?? []).length], data: a.floats('value_floats') ?? [] };
  else if (a.has('value_int')) c = { dtype: DT.INT64, shape: [], data: [a.int('value_int', 0)] };
  else if (a.has('value_ints')) c = { dtype: DT.INT64, shape: [(a.ints('value_ints') ?? []).length], data: a.ints('value_ints') ?? [] };
  if (!c) {
    const kinds = a.names().join(', ') || 'nothing';
    r.reject(node, 'onnx/unsupported-dtype', `Constant '${node.name}' holds ${kinds}; only numeric tensors are supported`);
    return;
  }
  const bad = checkFinite(c, out, node.origin);
  if (bad) {
    r.diagnostics.push(bad);
    r.poison([out]);
    return;
  }
  r.setConst(out, c);
}
