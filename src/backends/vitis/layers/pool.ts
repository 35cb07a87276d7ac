// Pool layers in Vitis HLS C++ — placeholder: being written against ../emitter.ts.

import type { Emitter } from '../emitter.js';

export const emitPool: Emitter<'Pool'> = (layer) => {
  throw new Error(`the Vitis backend cannot emit Pool layers yet (layer '${layer.name}'): not yet implemented`);
};
