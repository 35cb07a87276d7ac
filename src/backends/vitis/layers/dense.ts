// Dense layers in Vitis HLS C++ — placeholder: being written against ../emitter.ts.

import type { Emitter } from '../emitter.js';

export const emitDense: Emitter<'Dense'> = (layer) => {
  throw new Error(`the Vitis backend cannot emit Dense layers yet (layer '${layer.name}'): not yet implemented`);
};
