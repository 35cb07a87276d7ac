// BatchNorm layers in Vitis HLS C++ — placeholder: being written against ../emitter.ts.

import type { Emitter } from '../emitter.js';

export const emitBatchNorm: Emitter<'BatchNorm'> = (layer) => {
  throw new Error(`the Vitis backend cannot emit BatchNorm layers yet (layer '${layer.name}'): not yet implemented`);
};
