// Clean-ups on the layer list once every node is read: a constant Add after MatMul becomes the
// Dense bias, BatchNorm folds into the Dense/Conv before it, aliased graph outputs get their ONNX
// names back, unused constants go, and the layers are put in topological order.

import { constantNames, type Graph, type Layer } from '../../ir/graph.js';
import type { Reader } from './context.js';
import { DT } from './proto.js';
import { prod } from './tensor.js';

function consumerCounts(layers: readonly Layer[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of layers) for (const t of l.inputs) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

function producers(layers: readonly Layer[]): Map<string, Layer> {
  const m = new Map<string, Layer>();
  for (const l of layers) for (const t of l.outputs) m.set(t, l);
  return m;
}

/** Whether `t` may disappear into a fusion: one consumer and not a graph output. */
function private1(t: string, counts: Map<string, number>, outputs: ReadonlySet<string>): boolean {
  return counts.get(t) === 1 && !outputs.has(t);
}

/** Dense (no bias) → Add/Sub of a constant along the last axis: the constant becomes the bias. */
export function fuseDenseBias(r: Reader, outputs: ReadonlySet<string>): void {
  const counts = consumerCounts(r.layers);
  const prod1 = producers(r.layers);
  const removed = new Set<Layer>();
  for (const l of r.layers) {
    if (l.kind !== 'Elementwise' || (l.attrs.op !== 'add' && l.attrs.op !== 'sub')) continue;
    const isConst = l.inputs.map((n) => r.tensors[n]?.data !== undefined);
    if (isConst[0] === isConst[1]) continue;
    const ci = isConst[0] ? 0 : 1;
    if (l.attrs.op === 'sub' && ci === 0) continue; // c − x is not a bias
    const t = l.inputs[1 - ci];
    const dense = prod1.get(t);
    if (!dense || dense.kind !== 'Dense' || dense.attrs.bias || !private1(t, counts, outputs)) continue;
    const c = r.tensors[l.inputs[ci]];
    const outShape = r.tensors[t].shape;
    const n = outShape[outShape.length - 1];
    const last = c.shape.length ? c.shape[c.shape.length - 1] : 1;
    if (c.shape.length > outShape.length || prod(c.shape.slice(0, -1)) !== 1 || (last !== n && last !== 1)) continue;
    const values = last === n ? (c.data as number[]).slice() : new Array(n).fill((c.data as number[])[0]);
    const sub = l.attrs.op === 'sub';
    const reuse = !sub && c.shape.length === 1 && last === n;
    const quantized = r.quantizedConsts.has(c.name);
    const bias = reuse
      ? c.name
      : r.newConst(`${c.name}_bias`, {
          dtype: DT.FLOAT,
          shape: [n],
          data: sub ? values.map((v) => -v) : values,
          ...(c.type && !sub && !('elements' in c.type) ? { type: c.type } : {}),
          ...(quantized ? { quantized: true } : {}),
        });
    dense.attrs.bias = bias;
    dense.outputs = [l.outputs[0]];
    delete r.tensors[t];
    removed.add(l);
  }
  drop(r, removed);
}

/** BatchNorm after a Dense/Conv whose output it alone reads, with no quantizer involved: folded. */
export function foldBatchNorms(r: Reader, outputs: ReadonlySet<string>): void {
  const counts = consumerCounts(r.layers);
  const prod1 = producers(r.layers);
  const removed = new Set<Layer>();
  for (const bn of r.layers) {
    if (bn.kind !== 'BatchNorm') continue;
    const p = r.bnParams.get(bn.name);
    const t = bn.inputs[0];
    const layer = prod1.get(t);
    if (!p || p.quantized || !layer || (layer.kind !== 'Dense' && layer.kind !== 'Conv') || !private1(t, counts, outputs)) continue;
    const consts = [layer.attrs.weight, layer.attrs.bias].filter((n): n is string => !!n);
    if (consts.some((n) => r.quantizedConsts.has(n) || r.tensors[n]?.type)) continue;
    if (layer.kind === 'Dense' && r.tensors[t].shape.length !== 1) continue; // channels must be the Dense output axis
    const w = r.tensors[layer.attrs.weight];
    const channels = p.gamma.length;
    const s = p.gamma.map((g, c) => g / Math.sqrt(p.variance[c] + p.epsilon));
    const wData = w.data as number[];
    let folded: number[];
    if (layer.kind === 'Dense') {
      folded = wData.map((v, i) => v * s[i % channels]);
    } else {
      const per = prod(w.shape.slice(1));
      folded = wData.map((v, i) => v * s[Math.floor(i / per)]);
    }
    const b = layer.attrs.bias ? (r.tensors[layer.attrs.bias].data as number[]) : new Array(channels).fill(0);
    const bias = b.map((v, c) => (v - p.mean[c]) * s[c] + p.beta[c]);
    layer.attrs.weight = r.newConst(`${w.name}_bn`, { dtype: DT.FLOAT, shape: w.shape.slice(), data: folded });
    layer.attrs.bias = r.newConst(`${layer.attrs.bias ?? `${layer.name}_bias`}_bn`, { dtype: DT.FLOAT, shape: [channels], data: bias });
    layer.outputs = [bn.outputs[0]];
    delete r.tensors[t];
    removed.add(bn);
  }
  drop(r, removed);
}

function drop(r: Reader, removed: ReadonlySet<Layer>): void {
  if (removed.size === 0) return;
  const kept = r.layers.filter((l) => !removed.has(l));
  r.layers.length = 0;
  r.layers.push(...kept);
}

function renameTensor(r: Reader, from: string, to: string): void {
  for (const l of r.layers) {
    l.inputs = l.inputs.map((n) => (n === from ? to : n));
    l.outputs = l.outputs.map((n) => (n === from ? to : n));
  }
  r.tensors[to] = { ...r.tensors[from], name: to };
  delete r.tensors[from];
}

/**
 * Graph outputs whose value is another tensor (Identity, Dropout, a one-input Concat) get their
 * ONNX name back: the producing layer's output is renamed, or — when that tensor is a graph input or
 * another output — an identity Reshape copies it.
 */
export function nameOutputs(r: Reader, outputs: readonly { name: string; tensor: string }[], inputs: readonly string[]): string[] {
  const prod1 = producers(r.layers);
  const claimed = new Set(outputs.filter((o) => o.name === o.tensor).map((o) => o.name));
  const names: string[] = [];
  for (const o of outputs) {
    if (o.name === o.tensor) {
      names.push(o.name);
      continue;
    }
    const producer = prod1.get(o.tensor);
    if (producer && !claimed.has(o.tensor) && !inputs.includes(o.tensor)) {
      renameTensor(r, o.tensor, o.name);
      prod1.set(o.name, producer);
    } else {
      const shape = r.tensors[o.tensor].shape.slice();
      const name = r.extraLayerName(`${o.name}_identity`);
      r.layers.push({ name, kind: 'Reshape', inputs: [o.tensor], outputs: [o.name], attrs: { shape }, origin: { file: r.file, node: o.name, opType: 'Identity' } });
      r.tensors[o.name] = { name: o.name, shape };
    }
    claimed.add(o.name);
    names.push(o.name);
  }
  return names;
}

/** Layers in dependency order (stable: the reading order where it is already valid). */
export function topoSort(layers: readonly Layer[], inputs: readonly string[]): Layer[] {
  const ready = new Set(inputs);
  const producedBy = producers(layers);
  const pending = layers.slice();
  const out: Layer[] = [];
  while (pending.length) {
    const i = pending.findIndex((l) => l.inputs.every((t) => ready.has(t) || !producedBy.has(t)));
    if (i < 0) {
      out.push(...pending); // a cycle cannot come from a valid ONNX graph; keep what is left as is
      break;
    }
    const [l] = pending.splice(i, 1);
    out.push(l);
    for (const t of l.outputs) ready.add(t);
  }
  return out;
}

/** Drops layers whose results reach no graph output (dangling branches of the ONNX graph). */
export function dropDeadLayers(layers: readonly Layer[], outputs: readonly string[]): Layer[] {
  const needed = new Set(outputs);
  const live = new Set<Layer>();
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    if (!l.outputs.some((o) => needed.has(o))) continue;
    live.add(l);
    for (const t of l.inputs) needed.add(t);
  }
  return layers.filter((l) => live.has(l));
}

/** Drops tensors that nothing refers to (constants of folded shape sub-graphs, replaced weights). */
export function pruneTensors(graph: Graph): void {
  const used = new Set<string>([...graph.inputs, ...graph.outputs]);
  for (const l of graph.layers) {
    for (const t of [...l.inputs, ...l.outputs, ...constantNames(l, graph)]) used.add(t);
  }
  for (const name of Object.keys(graph.tensors)) if (!used.has(name)) delete graph.tensors[name];
}
