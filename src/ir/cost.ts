// What a layer costs before any optimisation: parameters and multiplications per sample.

import { isPerElement, size, type Graph, type Layer } from './graph.js';

export interface LayerCost {
  /** constant values the layer stores (weights, biases, slopes, constant operands) */
  parameters: number;
  /** multiplications per sample by a non-zero constant or between activations */
  multiplications: number;
  /** bits of constant storage at the constants' types */
  weightBits: number;
}

function tensorSize(graph: Graph, name: string): number {
  return size(graph.tensors[name]!.shape);
}

function nonZero(graph: Graph, name: string): number {
  const data = graph.tensors[name]?.data ?? [];
  let n = 0;
  for (const v of data) if (v !== 0) n++;
  return n;
}

function bitsOf(graph: Graph, name: string): number {
  const t = graph.tensors[name];
  if (!t?.type) return 0;
  if (isPerElement(t.type)) return t.type.elements.reduce((s, e) => s + e.width, 0);
  return t.type.width * size(t.shape);
}

export function layerCost(layer: Layer, graph: Graph): LayerCost {
  const outSize = tensorSize(graph, layer.outputs[0]!);
  const consts = (names: (string | undefined)[]) => names.filter((n): n is string => n !== undefined);
  const sum = (names: string[], f: (n: string) => number) => names.reduce((s, n) => s + f(n), 0);
  switch (layer.kind) {
    case 'Dense': {
      const names = consts([layer.attrs.weight, layer.attrs.bias]);
      const w = graph.tensors[layer.attrs.weight]!;
      const nOut = w.shape[1]!;
      // one multiplication per non-zero weight for every position the dense layer is applied at
      const positions = outSize / nOut;
      return { parameters: sum(names, (n) => tensorSize(graph, n)), multiplications: nonZero(graph, layer.attrs.weight) * positions, weightBits: sum(names, (n) => bitsOf(graph, n)) };
    }
    case 'Conv': {
      const names = consts([layer.attrs.weight, layer.attrs.bias]);
      const w = graph.tensors[layer.attrs.weight]!;
      const positions = outSize / w.shape[0]!;
      // every output position uses each kernel weight of its output channel once (ignoring padding)
      return { parameters: sum(names, (n) => tensorSize(graph, n)), multiplications: nonZero(graph, layer.attrs.weight) * positions, weightBits: sum(names, (n) => bitsOf(graph, n)) };
    }
    case 'BatchNorm': {
      const names = [layer.attrs.scale, layer.attrs.bias];
      return { parameters: sum(names, (n) => tensorSize(graph, n)), multiplications: outSize, weightBits: sum(names, (n) => bitsOf(graph, n)) };
    }
    case 'Activation': {
      const names = consts([layer.attrs.slope]);
      const mults = ['leaky_relu', 'prelu', 'selu', 'hard_sigmoid', 'hard_swish'].includes(layer.attrs.fn) ? outSize : 0;
      return { parameters: sum(names, (n) => tensorSize(graph, n)), multiplications: mults, weightBits: sum(names, (n) => bitsOf(graph, n)) };
    }
    case 'Softmax':
      return { parameters: 0, multiplications: outSize, weightBits: 0 };
    case 'Elementwise': {
      const names = layer.inputs.filter((n) => graph.tensors[n]?.data);
      const mults = layer.attrs.op === 'mul' || layer.attrs.op === 'div' ? outSize : 0;
      return { parameters: sum(names, (n) => tensorSize(graph, n)), multiplications: mults, weightBits: sum(names, (n) => bitsOf(graph, n)) };
    }
    case 'Pool':
    case 'Concat':
    case 'Reshape':
    case 'Transpose':
    case 'Pad':
    case 'Resize':
    case 'Quant':
      return { parameters: 0, multiplications: 0, weightBits: 0 };
  }
}
