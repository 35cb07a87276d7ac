// How far the fixed-point emulation is from the float reference, layer by layer.
// For each layer output: the largest and the mean absolute difference between the fixed value
// (toNumber) and the float value over every element of every sample given, and both relative to
// the largest |float value| of that tensor (0 when the float output is all zeros).

import type { FixedType } from '../ir/fixed/type.js';
import { toNumber } from '../ir/fixed/value.js';
import { type Graph, isPerElement } from '../ir/graph.js';
import type { FixedTrace, FloatTrace } from './run.js';

export interface LayerError {
  layer: string;
  kind: string;
  tensor: string;
  /** largest |float value| */
  scale: number;
  maxAbsError: number;
  meanAbsError: number;
  /** maxAbsError / scale */
  maxRelError: number;
  /** meanAbsError / scale */
  meanRelError: number;
}

export function traceReport(
  graph: Graph,
  fixedTrace: FixedTrace | FixedTrace[],
  floatTrace: FloatTrace | FloatTrace[],
): LayerError[] {
  const fixed = Array.isArray(fixedTrace) ? fixedTrace : [fixedTrace];
  const float = Array.isArray(floatTrace) ? floatTrace : [floatTrace];
  if (fixed.length !== float.length) throw new Error(`${fixed.length} fixed traces for ${float.length} float traces`);
  const report: LayerError[] = [];
  for (const layer of graph.layers) {
    for (const tensor of layer.outputs) {
      const type = graph.tensors[tensor]?.type;
      if (!type || isPerElement(type)) continue;
      let scale = 0;
      let maxAbs = 0;
      let sum = 0;
      let count = 0;
      for (let s = 0; s < fixed.length; s++) {
        const fx = fixed[s][tensor];
        const fl = float[s][tensor];
        if (!fx || !fl) continue;
        for (let i = 0; i < fl.length; i++) {
          const e = Math.abs(toNumber(type as FixedType, fx[i]) - fl[i]);
          scale = Math.max(scale, Math.abs(fl[i]));
          maxAbs = Math.max(maxAbs, e);
          sum += e;
          count++;
        }
      }
      if (count === 0) continue;
      const mean = sum / count;
      report.push({
        layer: layer.name,
        kind: layer.kind,
        tensor,
        scale,
        maxAbsError: maxAbs,
        meanAbsError: mean,
        maxRelError: scale > 0 ? maxAbs / scale : 0,
        meanRelError: scale > 0 ? mean / scale : 0,
      });
    }
  }
  return report;
}
