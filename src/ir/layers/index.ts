// The registry of layer kinds: one LayerSemantics per kind. A Record over LayerKind, so a kind
// without semantics is a compile error.

import type { LayerKind, LayerOf } from '../graph.js';
import { activationSemantics } from './activation.js';
import { batchNormSemantics } from './batchnorm.js';
import { concatSemantics } from './concat.js';
import { convSemantics } from './conv.js';
import { denseSemantics } from './dense.js';
import { elementwiseSemantics } from './elementwise.js';
import { padSemantics } from './pad.js';
import { poolSemantics } from './pool.js';
import { quantSemantics } from './quant.js';
import { reshapeSemantics } from './reshape.js';
import { resizeSemantics } from './resize.js';
import { softmaxSemantics } from './softmax.js';
import type { LayerRegistry, LayerSemantics } from './spec.js';
import { transposeSemantics } from './transpose.js';

export const LAYERS: LayerRegistry = {
  Dense: denseSemantics,
  Conv: convSemantics,
  Pool: poolSemantics,
  BatchNorm: batchNormSemantics,
  Activation: activationSemantics,
  Softmax: softmaxSemantics,
  Elementwise: elementwiseSemantics,
  Concat: concatSemantics,
  Reshape: reshapeSemantics,
  Transpose: transposeSemantics,
  Pad: padSemantics,
  Resize: resizeSemantics,
  Quant: quantSemantics,
};

/** The semantics of a layer's kind, typed for that layer (one cast, here, instead of at every call). */
export function semanticsOf<K extends LayerKind>(layer: LayerOf<K>): LayerSemantics<K> {
  return LAYERS[layer.kind] as unknown as LayerSemantics<K>;
}
