// Who reads what: small queries over a graph's layer list.

import type { Graph, Layer } from './graph.js';

/** The layers that read any output of `layer`. */
export function consumersOf(graph: Graph, layer: Layer): Layer[] {
  const outs = new Set(layer.outputs);
  return graph.layers.filter((l) => l.inputs.some((i) => outs.has(i)));
}

/** The layer that writes a tensor, if any (graph inputs and constants have none). */
export function producerOf(graph: Graph, tensor: string): Layer | undefined {
  return graph.layers.find((l) => l.outputs.includes(tensor));
}
