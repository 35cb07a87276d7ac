// A typed graph emitted for Vitis HLS, as data: every layer's LayerCode and the top function's
// body. render.ts turns it into files, index.ts writes them; nothing is written here.
//
// Steps: name every tensor (names.ts), decide how each is passed (arrays in io_parallel; streams
// in io_stream, cloned where a stream has several readers), then run each layer's emitter
// (layers/index.ts) with its EmitContext, in graph order.

import { isPerElement, type Graph, type Layer, size, type TensorType } from '../../ir/graph.js';
import { type FixedType } from '../../ir/fixed/type.js';
import { constantData, constantRaw } from '../../ir/layers/constants.js';
import { cppInitializer, cppType } from './cpp.js';
import type { EmitContext, IoType, LayerCode, TensorRef, Typedef, WeightArray } from './emitter.js';
import { streamLayout } from './emitter.js';
import { EMITTERS } from './layers/index.js';
import { Namer } from './names.js';

export interface ProjectOptions {
  projectName: string;
  part: string;
  clockPeriod: number;
  ioType: IoType;
}

/** One layer after emission, with everything the files and the report need. */
export interface EmittedLayer {
  layer: Layer;
  id: string;
  code: LayerCode;
}

/** A port of the top function. */
export interface Port extends TensorRef {
  direction: 'in' | 'out';
}

export interface EmittedModel {
  options: ProjectOptions;
  graph: Graph;
  inputs: Port[];
  outputs: Port[];
  layers: EmittedLayer[];
  /** tensor typedefs (scalar and, in io_stream, vector) then internal and weight types, in order */
  typedefs: Typedef[];
  vectorTypedefs: { name: string; type: string; comment: string }[];
  weights: WeightArray[];
  /** library headers (under firmware/) used by the layers */
  headers: string[];
  /** the top function body: declarations, pragmas and calls, unindented */
  body: string[];
}

/** Thrown by an emitter or by assembly for a layer fhls cannot emit; carries the layer. */
export class EmitError extends Error {
  constructor(
    message: string,
    readonly layer?: Layer,
  ) {
    super(message);
    this.name = 'EmitError';
  }
}

interface TensorInfo {
  /** the C variable the producer writes (or the input port) */
  source: TensorRef;
  /** the variable each reading slot reads, in graph order of the readers */
  reads: TensorRef[];
  /** lines after the producer's call: copies to the port and stream clones */
  after: string[];
}

function fixedOf(graph: Graph, name: string): FixedType {
  const t = graph.tensors[name]?.type;
  if (!t) throw new EmitError(`tensor '${name}' has no type`);
  if (isPerElement(t)) throw new EmitError(`activation '${name}' has a per-element type, which the Vitis backend does not support`);
  return t;
}

/** The C type of a constant: its own type, or for a per-element (HGQ) type the smallest type holding all of it. */
function constantFixed(type: TensorType, data: readonly number[]): { type: FixedType; raw: bigint[] } {
  const c = constantRaw(data, type);
  if (isPerElement(type)) return { type: c.type, raw: c.raw };
  return { type, raw: c.raw };
}

const isConstant = (graph: Graph, name: string) => graph.tensors[name]?.data !== undefined;

/** Emit every layer of a typed graph and assemble the top function. */
export function emitModel(graph: Graph, options: ProjectOptions): EmittedModel {
  const io = options.ioType;
  const namer = new Namer([options.projectName, `${options.projectName}_bridge`]);
  const typedefs: Typedef[] = [];
  const vectorTypedefs: EmittedModel['vectorTypedefs'] = [];

  // Consumers of each activation tensor (model outputs count as one more reader in io_stream).
  const readers = new Map<string, number>();
  for (const l of graph.layers)
    for (const n of l.inputs) if (!isConstant(graph, n)) readers.set(n, (readers.get(n) ?? 0) + 1);
  const outputs = new Set(graph.outputs);
  for (const n of graph.outputs)
    if (graph.inputs.includes(n)) throw new EmitError(`model output '${n}' is also a model input; fhls needs at least one layer between them`);

  const refOf = (tensor: string, name: string, typeName: string, vecType: string | undefined): TensorRef => {
    const fixed = fixedOf(graph, tensor);
    const shape = graph.tensors[tensor].shape;
    const { positions, channels } = streamLayout(shape);
    return { tensor, name, type: typeName, fixed, shape: [...shape], size: size(shape), positions, channels, ...(vecType ? { vecType } : {}) };
  };

  // Name every activation tensor and declare its types; decide what the producer writes and what
  // each reader reads.
  const info = new Map<string, TensorInfo>();
  const portNames = new Map<string, string>();
  const activations = [...graph.inputs, ...graph.layers.flatMap((l) => l.outputs)];
  for (const tensor of activations) {
    const id = namer.unique(tensor, ['_t', '_vec_t'], 't');
    const typeName = `${id}_t`;
    const shape = graph.tensors[tensor].shape;
    typedefs.push({ name: typeName, type: fixedOf(graph, tensor), comment: `${tensor}: [${shape.join(', ')}]` });
    let vecType: string | undefined;
    if (io === 'io_stream') {
      vecType = `${id}_vec_t`;
      const { channels, positions } = streamLayout(shape);
      vectorTypedefs.push({ name: vecType, type: `fhls::array<${typeName}, ${channels}>`, comment: `${tensor}: ${positions} position(s) of ${channels} channel(s)` });
    }
    const ref = (name: string) => refOf(tensor, name, typeName, vecType);
    const nReaders = readers.get(tensor) ?? 0;
    const isOutput = outputs.has(tensor);
    if (isOutput || graph.inputs.includes(tensor)) portNames.set(tensor, id);
    const copies = nReaders + (isOutput ? 1 : 0);
    if (copies <= 1) {
      const r = ref(id);
      info.set(tensor, { source: r, reads: [r], after: [] });
      continue;
    }
    // The producer writes a local variable when the port is an output also read by layers.
    const source = isOutput ? ref(namer.unique(`${id}_local`)) : ref(id);
    if (io === 'io_parallel') {
      // Arrays can be read any number of times; an output port is written once, by a copy.
      const copy = `fhls::convert<${typeName}, ${typeName}, ${source.size}>(${source.name}, ${id});  // to the output port`;
      info.set(tensor, { source, reads: [source], after: isOutput ? [copy] : [] });
      continue;
    }
    // io_stream: one clone per extra reader, chained; the last target is the port for an output.
    const targets = Array.from({ length: nReaders }, (_, k) => ref(namer.unique(`${id}_cpy${k + 1}`)));
    if (isOutput) targets.push(ref(id));
    const after: string[] = targets.slice(0, nReaders).flatMap((t) => streamDecl(t, t.name));
    let cur = source.name;
    for (let k = 0; k < targets.length - 1; k++) {
      const last = k === targets.length - 2;
      const right = last ? targets[k + 1].name : namer.unique(`${id}_rest${k + 1}`);
      if (!last) after.push(...streamDecl(source, right));
      after.push(`fhls::clone_stream<${vecType}, ${source.positions}>(${cur}, ${targets[k].name}, ${right});`);
      cur = right;
    }
    info.set(tensor, { source, reads: targets.slice(0, nReaders), after });
  }

  const ports = (names: readonly string[], direction: 'in' | 'out'): Port[] =>
    names.map((tensor) => ({ ...info.get(tensor)!.source, name: portNames.get(tensor)!, direction }));
  const inPorts = ports(graph.inputs, 'in');
  const outPorts = ports(graph.outputs, 'out');
  const isPort = new Set([...inPorts, ...outPorts].map((p) => p.name));

  // The variable each layer input slot reads: readers take the copies in graph order.
  const slotRefs: TensorRef[][] = [];
  const cursor = new Map<string, number>();
  for (const l of graph.layers) {
    slotRefs.push(
      l.inputs.map((n) => {
        const t = info.get(n);
        if (!t) return undefined as unknown as TensorRef; // a constant: ctx.input refuses it
        const k = cursor.get(n) ?? 0;
        cursor.set(n, k + 1);
        return t.reads[Math.min(k, t.reads.length - 1)];
      }),
    );
  }

  const body: string[] = [];
  // Model inputs read by several layers (io_stream): their clones come first.
  for (const n of graph.inputs) body.push(...info.get(n)!.after);

  // Weights are shared by name and type: a constant read twice is printed once.
  const weights: WeightArray[] = [];
  const weightCache = new Map<string, WeightArray>();
  const headers = new Set<string>(['fhls/common.h']);
  const layers: EmittedLayer[] = [];

  graph.layers.forEach((layer, index) => {
    const layerId = namer.unique(layer.name || `layer${index}`, ['_config'], 'layer');
    const ctx: EmitContext = {
      graph,
      ioType: io,
      index,
      layerId,
      input(i) {
        const name = layer.inputs[i];
        if (name === undefined) throw new EmitError(`layer '${layer.name}' has no input ${i}`, layer);
        if (isConstant(graph, name)) throw new EmitError(`input ${i} of '${layer.name}' is a constant (use ctx.constant)`, layer);
        const r = slotRefs[index][i];
        if (!r) throw new EmitError(`input '${name}' of '${layer.name}' is not produced before it`, layer);
        return r;
      },
      output(i) {
        const name = layer.outputs[i];
        const t = name === undefined ? undefined : info.get(name);
        if (!t) throw new EmitError(`layer '${layer.name}' has no output ${i}`, layer);
        return t.source;
      },
      isConstant: (i) => isConstant(graph, layer.inputs[i]),
      constant(tensor, type, comment) {
        const t = graph.tensors[tensor];
        if (!t?.data) throw new EmitError(`'${tensor}' is not a constant`, layer);
        const declared = type ?? t.type;
        if (!declared) throw new EmitError(`constant '${tensor}' has no type`, layer);
        const { type: ct, raw } = constantFixed(declared, constantData(graph, tensor));
        const key = `${tensor}\u0000${cppType(ct)}\u0000${comment ?? ''}`;
        const hit = weightCache.get(key);
        if (hit) return hit;
        const name = namer.unique(tensor, ['_t'], 'w');
        const w: WeightArray = { name, typeName: `${name}_t`, type: ct, shape: [...t.shape], values: raw, comment: comment ?? `${tensor}, row-major` };
        weightCache.set(key, w);
        return w;
      },
      ident: (hint) => namer.unique(hint),
    };
    let code: LayerCode;
    try {
      code = (EMITTERS[layer.kind] as (l: Layer, c: EmitContext) => LayerCode)(layer, ctx);
    } catch (e) {
      if (e instanceof EmitError) throw e;
      throw new EmitError((e as Error).message, layer);
    }
    for (const h of code.headers) headers.add(h);
    for (const w of code.weights) if (!weights.includes(w)) weights.push(w);
    typedefs.push(...code.typedefs);
    layers.push({ layer, id: layerId, code });

    // Declarations of the outputs (ports are parameters), then the call.
    const origin = layer.origin;
    body.push('');
    const node = origin?.node !== undefined && origin.node !== layer.name ? ` node '${origin.node}'` : '';
    const shapes = (names: readonly string[]) => names.filter((n) => !isConstant(graph, n)).map((n) => `[${graph.tensors[n].shape.join(',')}]`).join(' ');
    body.push(`// ${layer.name} (ONNX ${origin?.opType ?? '?'}${node}) -> ${layer.kind} ${shapes(layer.inputs)} -> ${shapes(layer.outputs)}`);
    for (const o of layer.outputs) {
      const src = info.get(o)!.source;
      if (isPort.has(src.name)) continue;
      body.push(...(io === 'io_parallel' ? arrayDecl(src) : streamDecl(src, src.name)));
    }
    body.push(...code.call);
    for (const o of layer.outputs) body.push(...info.get(o)!.after);
  });

  for (const w of weights) typedefs.push({ name: w.typeName, type: w.type, comment: `weights ${w.name}` });
  return { options, graph, inputs: inPorts, outputs: outPorts, layers, typedefs, vectorTypedefs, weights, headers: [...headers], body };
}

function arrayDecl(r: TensorRef): string[] {
  return [`${r.type} ${r.name}[${r.size}];`, `#pragma HLS ARRAY_PARTITION variable=${r.name} complete dim=0`];
}

function streamDecl(r: TensorRef, name: string): string[] {
  return [`hls::stream<${r.vecType}> ${name}("${name}");`, `#pragma HLS STREAM variable=${name} depth=${Math.max(r.positions, 2)}`];
}

/** The initializer text of a weight array: values exact, 8 per line. */
export function weightValues(w: WeightArray): string {
  const items = w.values.map((v) => cppInitializer(w.type, w.typeName, v));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += 8) lines.push(`    ${items.slice(i, i + 8).join(', ')}`);
  return lines.join(',\n');
}
