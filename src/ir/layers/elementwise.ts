// Elementwise: y = a op b with numpy broadcasting of the per-sample shapes (broadcast.ts); either
// operand may be a constant tensor (ONNX Add, Sub, Mul, Div).
//
// Precision rule: a constant operand gets request.weight unless the model typed it. The exact
// type of the operation (internal 'accum') is the smallest type holding every possible result:
// add [a_min + b_min, a_max + b_max] and sub [a_min − b_max, a_max − b_min] at the finer LSB, mul
// the corner products at LSB a + b (a constant contributes the range of its actual values).
// result = request.result, or for 'auto' that exact type. Division has no exact type: 'auto'
// falls back to request.accum when it is a type, else to ap_fixed's own quotient type:
// fixed<S_b + W_a + max(F_b, 0), S_b + I_a + F_b> (F_b = b's fraction bits, S_b = 1 when b is
// signed; signed if either is), with TRN_ZERO — what ap_fixed's operator/ computes (an integer
// division truncating toward zero); it keeps a's fraction bits and cannot overflow.
//
// Fixed-point semantics: add/sub/mul compute the exact result and convert it to result (one
// rounding, result's Q and O modes). div: the exact rational a / b rounded into result with
// result's Q mode, then its O mode (requantizeRatio); b = 0 gives 0 (a choice: ap_fixed leaves
// division by zero undefined).

import { exactTypeOfRange } from '../fixed/arith.js';
import { type FixedType, fixedType, lsbExp, maxRaw, minRaw } from '../fixed/type.js';
import { warning } from '../diagnostics.js';
import { type Graph, type LayerOf, size, type TensorType } from '../graph.js';
import { type Arith, arithFor, maxAbsRaw, type Vec, withArith } from './arith.js';
import { broadcastIndex, broadcastShape } from './broadcast.js';
import { align, type ConstantRaw, constantData, constantRaw, constantType, fixedTypeOf, tensorOf } from './constants.js';
import { ratioFitsNumber } from './ratio.js';
import type { InferredTypes, LayerSemantics } from './spec.js';

type Elementwise = LayerOf<'Elementwise'>;

interface Operand {
  /** the type of the values (a constant: the exact type of its actual values) */
  type: FixedType;
  constant?: ConstantRaw;
  /** a constant's declared type */
  declared?: TensorType;
}

function isConstant(graph: Graph, name: string): boolean {
  return tensorOf(graph, name).data !== undefined;
}

function operands(layer: Elementwise, graph: Graph, requested: FixedType | undefined): Operand[] {
  return layer.inputs.map((name) => {
    if (!isConstant(graph, name)) return { type: fixedTypeOf(graph, name) };
    const declared = requested ? constantType(graph, name, requested) : tensorOf(graph, name).type;
    if (!declared) throw new Error(`constant '${name}' has no type`);
    const constant = constantRaw(constantData(graph, name), declared);
    return { type: constant.type, constant, declared };
  });
}

/** The exact type of a op b (add, sub, mul). */
function exactOpType(op: 'add' | 'sub' | 'mul', a: FixedType, b: FixedType): FixedType {
  if (op === 'mul') {
    const c = [minRaw(a) * minRaw(b), minRaw(a) * maxRaw(b), maxRaw(a) * minRaw(b), maxRaw(a) * maxRaw(b)];
    const lo = c.reduce((m, v) => (v < m ? v : m));
    const hi = c.reduce((m, v) => (v > m ? v : m));
    return exactTypeOfRange(lo, hi, lsbExp(a) + lsbExp(b));
  }
  const lsb = Math.min(lsbExp(a), lsbExp(b));
  const al = align(minRaw(a), lsbExp(a), lsb);
  const ah = align(maxRaw(a), lsbExp(a), lsb);
  const bl = align(minRaw(b), lsbExp(b), lsb);
  const bh = align(maxRaw(b), lsbExp(b), lsb);
  return op === 'add' ? exactTypeOfRange(al + bl, ah + bh, lsb) : exactTypeOfRange(al - bh, ah - bl, lsb);
}

/** ap_fixed's quotient type a / b, truncating toward zero. */
export function quotientType(a: FixedType, b: FixedType): FixedType {
  const sb = b.signed ? 1 : 0;
  const fb = b.width - b.intBits;
  return fixedType(a.signed || b.signed, sb + a.width + Math.max(fb, 0), sb + a.intBits + fb, 'TRN_ZERO');
}

function outShape(layer: Elementwise, shapes: number[][], graph: Graph): number[] | undefined {
  const rank = Math.max(0, ...layer.inputs.map((n, i) => (isConstant(graph, n) ? 0 : shapes[i].length)));
  return broadcastShape(shapes[0], shapes[1], rank);
}

export const elementwiseSemantics: LayerSemantics<'Elementwise'> = {
  kind: 'Elementwise',

  inferShape(layer, inputShapes, graph) {
    if (inputShapes.length !== 2) return { error: `takes two operands, got ${inputShapes.length}` };
    const out = outShape(layer, inputShapes, graph);
    if (!out) return { error: `operand shapes [${inputShapes[0]}] and [${inputShapes[1]}] do not broadcast` };
    return { shapes: [out] };
  },

  inferTypes(layer, graph, request): InferredTypes {
    const [a, b] = operands(layer, graph, request.weight);
    const constants: Record<string, TensorType> = {};
    layer.inputs.forEach((name, i) => {
      const d = [a, b][i].declared;
      if (d) constants[name] = d;
    });
    const op = layer.attrs.op;
    if (op !== 'div') {
      const exact = exactOpType(op, a.type, b.type);
      return { outputs: [request.result === 'auto' ? exact : request.result], internal: { accum: exact }, constants };
    }
    if (request.result !== 'auto') return { outputs: [request.result], internal: {}, constants };
    if (request.accum !== 'auto') return { outputs: [request.accum], internal: {}, constants };
    const q = quotientType(a.type, b.type);
    return {
      outputs: [q],
      internal: {},
      constants,
      diagnostics: [
        warning(
          'precision/division',
          `division has no exact result type; using ap_fixed's quotient type (${q.signed ? '' : 'u'}fixed<${q.width},${q.intBits},TRN_ZERO>)`,
          layer.origin,
          'set the result (or accum) precision of this layer explicitly',
        ),
      ],
    };
  },

  compileFloat(layer, graph) {
    const shapes = layer.inputs.map((n) => tensorOf(graph, n).shape);
    const out = outShape(layer, shapes, graph)!;
    const maps = shapes.map((s) => broadcastIndex(s, out));
    const consts = layer.inputs.map((n) => (isConstant(graph, n) ? Float64Array.from(constantData(graph, n)) : undefined));
    const op = layer.attrs.op;
    const n = size(out);
    return (inputs) => {
      const a = consts[0] ?? inputs[0];
      const b = consts[1] ?? inputs[1];
      const [ma, mb] = maps;
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const u = a[ma[i]];
        const v = b[mb[i]];
        y[i] = op === 'add' ? u + v : op === 'sub' ? u - v : op === 'mul' ? u * v : u / v;
      }
      return [y];
    };
  },

  compileFixed(layer, graph, options) {
    const shapes = layer.inputs.map((n) => tensorOf(graph, n).shape);
    const out = outShape(layer, shapes, graph)!;
    const maps = shapes.map((s) => broadcastIndex(s, out));
    const ops = operands(layer, graph, undefined);
    const [ta, tb] = [ops[0].type, ops[1].type];
    const result = fixedTypeOf(graph, layer.outputs[0]);
    const op = layer.attrs.op;
    const la = lsbExp(ta);
    const lb = lsbExp(tb);
    const lsb = Math.min(la, lb);
    const n = size(out);
    const A0 =
      op === 'div'
        ? arithFor(options, [ta, tb, result], [], ratioFitsNumber(la - lb, maxAbsRaw(ta), maxAbsRaw(tb), result))
        : arithFor(options, [ta, tb, exactOpType(op, ta, tb), result]);
    return withArith(A0, <V extends number | bigint>(A: Arith<V>) => {
      const consts = ops.map((o) => (o.constant ? A.from(o.constant.raw) : undefined));
      const zero = A.zero;
      const apply = (u: V, v: V): V => {
        switch (op) {
          case 'add':
            return A.requantize(lsb, A.add(A.shl(u, la - lsb), A.shl(v, lb - lsb)), result);
          case 'sub':
            return A.requantize(lsb, A.sub(A.shl(u, la - lsb), A.shl(v, lb - lsb)), result);
          case 'mul':
            return A.requantize(la + lb, A.mul(u, v), result);
          case 'div':
            if (A.isZero(v)) return zero;
            return A.lt(v, zero) ? A.requantizeRatio(la - lb, A.neg(u), A.neg(v), result) : A.requantizeRatio(la - lb, u, v, result);
        }
      };
      return (inputs) => {
        const a: Vec<V> = consts[0] ?? A.adopt(inputs[0]);
        const b: Vec<V> = consts[1] ?? A.adopt(inputs[1]);
        const [ma, mb] = maps;
        const y = A.alloc(n);
        for (let i = 0; i < n; i++) y[i] = apply(a[ma[i]], b[mb[i]]);
        return [A.raw(y)];
      };
    });
  },
};
