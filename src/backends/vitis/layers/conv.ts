// Conv layers in Vitis HLS C++ — placeholder: being written against ../emitter.ts.

import type { Emitter } from '../emitter.js';

export const emitConv: Emitter<'Conv'> = (layer) => {
  throw new Error(`the Vitis backend cannot emit Conv layers yet (layer '${layer.name}'): not yet implemented`);
};
