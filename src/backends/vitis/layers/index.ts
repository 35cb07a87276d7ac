// One emitter per layer kind: a kind without an emitter is a compile error here.

import type { LayerKind } from '../../../ir/graph.js';
import type { Emitter } from '../emitter.js';
import { emitActivation } from './activation.js';
import { emitBatchNorm } from './batchnorm.js';
import { emitConcat } from './concat.js';
import { emitConv } from './conv.js';
import { emitConvDa, emitDenseDa, isDaLayer } from './da.js';
import { emitDense } from './dense.js';
import { emitElementwise } from './elementwise.js';
import { emitPad } from './pad.js';
import { emitPool } from './pool.js';
import { emitQuant } from './quant.js';
import { emitReshape } from './reshape.js';
import { emitResize } from './resize.js';
import { emitSoftmax } from './softmax.js';
import { emitTranspose } from './transpose.js';

export const EMITTERS: { readonly [K in LayerKind]: Emitter<K> } = {
  // strategy distributed_arithmetic: the layer's adder graph as shift-add code (da.ts)
  Dense: (layer, ctx) => (isDaLayer(layer) ? emitDenseDa(layer, ctx) : emitDense(layer, ctx)),
  Conv: (layer, ctx) => (isDaLayer(layer) ? emitConvDa(layer, ctx) : emitConv(layer, ctx)),
  Pool: emitPool,
  BatchNorm: emitBatchNorm,
  Activation: emitActivation,
  Softmax: emitSoftmax,
  Elementwise: emitElementwise,
  Concat: emitConcat,
  Reshape: emitReshape,
  Transpose: emitTranspose,
  Pad: emitPad,
  Resize: emitResize,
  Quant: emitQuant,
};
