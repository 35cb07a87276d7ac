// Softmax layers in Vitis HLS C++ — placeholder: being written against ../emitter.ts.

import type { Emitter } from '../emitter.js';

export const emitSoftmax: Emitter<'Softmax'> = (layer) => {
  throw new Error(`the Vitis backend cannot emit Softmax layers yet (layer '${layer.name}'): not yet implemented`);
};
