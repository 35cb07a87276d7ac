// Activation layers in Vitis HLS C++ — placeholder: being written against ../emitter.ts.

import type { Emitter } from '../emitter.js';

export const emitActivation: Emitter<'Activation'> = (layer) => {
  throw new Error(`the Vitis backend cannot emit Activation layers yet (layer '${layer.name}'): not yet implemented`);
};
