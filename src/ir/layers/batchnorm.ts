// BatchNorm (inference): y = x·scale[c] + bias[c] along axis 0 (channels), x: [C, ...].
// The frontend folds mean/variance/epsilon into scale and bias.
//
// Precision rule: scale → request.weight, bias → request.bias (unless typed by the model).
// accum 'auto' = the exact type holding every product x·scale[c] and every bias[c]
// (LSB = min(product LSB, bias LSB), range from the actual constants). result 'auto' = the exact
// type of every sum (with an exact accum), or the ap_fixed sum type accum + accum otherwise.
//
// Fixed-point semantics, element by element (c = the element's channel):
//   y = convert(convert(x·scale[c] → accum) + convert(bias[c] → accum) → result)
// The product is exact, quantized into accum with accum's Q/O modes; the sum of the two accum
// values is exact (ap_fixed's a + b type) and is converted once, to result. With an exact accum
// the product conversion is an identity and is skipped.

import { exactTypeOfRange, productType, sumType } from '../fixed/arith.js';
import { convert } from '../fixed/quantize.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from '../fixed/type.js';
import { type Graph, type LayerOf, size, type TensorType } from '../graph.js';
import { arithFor, withArith } from './arith.js';
import { align, type ConstantRaw, constantData, constantRaw, constantType, fixedTypeOf, holdsRange, tensorOf } from './constants.js';
import type { LayerSemantics } from './spec.js';

type BatchNorm = LayerOf<'BatchNorm'>;

interface BnTypes {
  x: FixedType;
  scale: ConstantRaw;
  bias: ConstantRaw;
}

function bnTypes(layer: BatchNorm, graph: Graph, sType: TensorType | undefined, bType: TensorType | undefined): BnTypes {
  const { scale, bias } = layer.attrs;
  if (!sType || !bType) throw new Error(`scale '${scale}' or bias '${bias}' has no type`);
  return {
    x: fixedTypeOf(graph, layer.inputs[0]),
    scale: constantRaw(constantData(graph, scale), sType),
    bias: constantRaw(constantData(graph, bias), bType),
  };
}

/** Per channel: the product range [lo, hi] (raw at the product LSB). */
function productRanges(t: BnTypes): { lo: bigint; hi: bigint }[] {
  return t.scale.raw.map((s) => {
    const a = s * minRaw(t.x);
    const b = s * maxRaw(t.x);
    return a < b ? { lo: a, hi: b } : { lo: b, hi: a };
  });
}

/** The exact accumulator and the exact type of every sum, at LSB min(product, bias). */
function exactTypes(t: BnTypes): { accum: FixedType; sum: FixedType } {
  const lp = lsbExp(t.x) + t.scale.lsb;
  const lsb = Math.min(lp, t.bias.lsb);
  let lo = 0n;
  let hi = 0n;
  let slo = 0n;
  let shi = 0n;
  productRanges(t).forEach((r, c) => {
    const plo = align(r.lo, lp, lsb);
    const phi = align(r.hi, lp, lsb);
    const b = align(t.bias.raw[c], t.bias.lsb, lsb);
    lo = [lo, plo, b].reduce((m, v) => (v < m ? v : m));
    hi = [hi, phi, b].reduce((m, v) => (v > m ? v : m));
    if (c === 0 || plo + b < slo) slo = plo + b;
    if (c === 0 || phi + b > shi) shi = phi + b;
  });
  return { accum: exactTypeOfRange(lo, hi, lsb), sum: exactTypeOfRange(slo < 0n ? slo : 0n, shi > 0n ? shi : 0n, lsb) };
}

export const batchNormSemantics: LayerSemantics<'BatchNorm'> = {
  kind: 'BatchNorm',

  inferShape(layer, inputShapes, graph) {
    const x = inputShapes[0];
    if (x.length < 1) return { error: 'input has no channel axis' };
    for (const name of [layer.attrs.scale, layer.attrs.bias])
      if (size(tensorOf(graph, name).shape) !== x[0]) return { error: `'${name}' must have ${x[0]} values (one per channel)` };
    return { shapes: [x] };
  },

  inferTypes(layer, graph, request) {
    const { scale, bias } = layer.attrs;
    const sType = constantType(graph, scale, request.weight);
    const bType = constantType(graph, bias, request.bias);
    const t = bnTypes(layer, graph, sType, bType);
    const exact = exactTypes(t);
    const accum = request.accum === 'auto' ? exact.accum : request.accum;
    const result = request.result !== 'auto' ? request.result : request.accum === 'auto' ? exact.sum : sumType(accum, accum);
    return { outputs: [result], internal: { accum }, constants: { [scale]: sType, [bias]: bType } };
  },

  compileFloat(layer, graph) {
    const s = constantData(graph, layer.attrs.scale);
    const b = constantData(graph, layer.attrs.bias);
    const x = tensorOf(graph, layer.inputs[0]).shape;
    const S = size(x.slice(1));
    return ([xs]) => {
      const y = new Float64Array(xs.length);
      for (let i = 0; i < xs.length; i++) {
        const c = Math.floor(i / S);
        y[i] = xs[i] * s[c] + b[c];
      }
      return [y];
    };
  },

  compileFixed(layer, graph, options) {
    const { scale, bias } = layer.attrs;
    const t = bnTypes(layer, graph, tensorOf(graph, scale).type, tensorOf(graph, bias).type);
    const accum = layer.types?.accum;
    if (!accum) throw new Error(`layer '${layer.name}' has no accum type (run the precision pass first)`);
    const result = fixedTypeOf(graph, layer.outputs[0]);
    const la = lsbExp(accum);
    const lp = lsbExp(t.x) + t.scale.lsb;
    // exact: every product is a value of accum, so its conversion is an identity
    const exact = la <= lp && productRanges(t).every((r) => holdsRange(accum, r.lo, r.hi, lp));
    const biasA = t.bias.raw.map((b) => convert(t.bias.type, accum, b));
    const S = size(tensorOf(graph, layer.inputs[0]).shape.slice(1));
    const product = productType(t.x, t.scale.type);
    return withArith(arithFor(options, [t.x, t.scale.type, t.bias.type, product, accum, result], [accum]), (A) => {
      const s = A.from(exact ? t.scale.raw.map((r) => align(r, lp, la)) : t.scale.raw);
      const b = A.from(biasA);
      return (inputs) => {
        const x = A.adopt(inputs[0]);
        const y = A.alloc(x.length);
        for (let i = 0; i < x.length; i++) {
          const c = Math.floor(i / S);
          const p = exact ? A.mul(x[i], s[c]) : A.requantize(lp, A.mul(x[i], s[c]), accum);
          y[i] = A.requantize(la, A.add(p, b[c]), result);
        }
        return [A.raw(y)];
      };
    });
  },
};
