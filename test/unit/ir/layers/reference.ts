// Independent, deliberately naive BigInt references of the MAC layers' fixed-point semantics:
// every step spelled out with the fixed module's convert, no window tables, no fast paths.

import { productType, sumType } from '../../../../src/ir/fixed/arith.js';
import { convert, quantize } from '../../../../src/ir/fixed/quantize.js';
import type { FixedType } from '../../../../src/ir/fixed/type.js';

export interface RefMac {
  x: FixedType;
  w: FixedType;
  b?: FixedType;
  accum: FixedType;
  result: FixedType;
}

/** One MAC: acc = b; acc = convert(acc + convert(x·w → accum) → accum) per term; convert(acc → result). */
export function refMac(t: RefMac, bias: number | undefined, terms: [bigint, number][]): bigint {
  const prod = productType(t.x, t.w);
  const sum = sumType(t.accum, t.accum);
  let acc = bias === undefined || !t.b ? 0n : convert(t.b, t.accum, quantize(t.b, bias));
  for (const [x, w] of terms) {
    const p = x * quantize(t.w, w);
    acc = convert(sum, t.accum, acc + convert(prod, t.accum, p));
  }
  return convert(t.accum, t.result, acc);
}

/** Dense: W [nIn, nOut] row-major. */
export function refDense(t: RefMac, x: bigint[], W: number[], b: number[] | undefined, nOut: number): bigint[] {
  const nIn = x.length;
  const y: bigint[] = [];
  for (let j = 0; j < nOut; j++) {
    const terms: [bigint, number][] = [];
    for (let i = 0; i < nIn; i++) terms.push([x[i], W[i * nOut + j]]);
    y.push(refMac(t, b?.[j], terms));
  }
  return y;
}

/** 1-D Conv: x [C, L], W [M, C/g, K]. */
export function refConv1d(
  t: RefMac,
  x: bigint[],
  C: number,
  L: number,
  W: number[],
  M: number,
  K: number,
  b: number[] | undefined,
  a: { stride: number; padB: number; padE: number; dil: number; group: number },
): bigint[] {
  const Cg = C / a.group;
  const out = Math.floor((L + a.padB + a.padE - a.dil * (K - 1) - 1) / a.stride) + 1;
  const y: bigint[] = [];
  for (let m = 0; m < M; m++) {
    const g = Math.floor(m / (M / a.group));
    for (let o = 0; o < out; o++) {
      const terms: [bigint, number][] = [];
      for (let c = 0; c < Cg; c++)
        for (let k = 0; k < K; k++) {
          const pos = o * a.stride - a.padB + k * a.dil;
          if (pos < 0 || pos >= L) continue;
          terms.push([x[(g * Cg + c) * L + pos], W[(m * Cg + c) * K + k]]);
        }
      y.push(refMac(t, b?.[m], terms));
    }
  }
  return y;
}
