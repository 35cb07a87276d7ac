// Data movement (Concat, Reshape, Transpose, Pad, Resize) as one gather: output element i is
// input `source[i]`'s element `index[i]`, or the fill value where source[i] = −1 (padding).
// Float and fixed semantics are the same gather; the fixed one converts a value only where its
// input's type differs from the output type (ap_fixed assignment), and the fill value is the
// ap_fixed constructor of the double fill value in the output type.

import { sameType, type FixedType } from '../fixed/type.js';
import { arithFor, withArith } from './arith.js';
import type { FixedOptions, RawArray } from './spec.js';

export interface Gather {
  source: Int32Array;
  index: Int32Array;
}

/** A gather from a single input through an index map (−1 = fill). */
export function singleSource(index: Int32Array): Gather {
  const source = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) source[i] = index[i] < 0 ? -1 : 0;
  return { source, index };
}

export function gatherFloat(g: Gather, fill = 0): (inputs: Float64Array[]) => Float64Array[] {
  const { source, index } = g;
  return (inputs) => {
    const y = new Float64Array(source.length);
    for (let i = 0; i < y.length; i++) y[i] = source[i] < 0 ? fill : inputs[source[i]][index[i]];
    return [y];
  };
}

export function gatherFixed(
  g: Gather,
  inputTypes: readonly FixedType[],
  output: FixedType,
  options: FixedOptions | undefined,
  fill = 0,
): (inputs: RawArray[]) => RawArray[] {
  const { source, index } = g;
  const needsConvert = inputTypes.map((t) => !sameType(t, output));
  return withArith(arithFor(options, [...inputTypes, output]), (A) => {
    const fillRaw = A.quantize(output, fill);
    return (inputs) => {
      const xs = inputs.map((x) => A.adopt(x));
      const y = A.alloc(source.length);
      for (let i = 0; i < source.length; i++) {
        const s = source[i];
        if (s < 0) y[i] = fillRaw;
        else y[i] = needsConvert[s] ? A.convert(inputTypes[s], output, xs[s][index[i]]) : xs[s][index[i]];
      }
      return [A.raw(y)];
    };
  });
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Call f(flat, coords) for every element of shape, row-major (coords is reused). */
export function forEachIndex(shape: readonly number[], f: (flat: number, coords: number[]) => void): void {
  const n = shape.reduce((a, b) => a * b, 1);
  const coords = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    f(i, coords);
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++coords[a] < shape[a]) break;
      coords[a] = 0;
    }
  }
}
