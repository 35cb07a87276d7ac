// Elementwise (ONNX Add, Sub, Mul, Div) in Vitis HLS C++: fhls/elementwise.h.
// Semantics: src/ir/layers/elementwise.ts. Constant operands become weight arrays; broadcasting
// is index arithmetic on per-axis strides (0 where an operand is broadcast).

import { type FixedType, lsbExp } from '../../../ir/fixed/type.js';
import { size } from '../../../ir/graph.js';
import { configStruct, cppInt, cppType, type Member } from '../cpp.js';
import type { EmitContext, Emitter, LayerCode, MultiplierGroup, TensorRef, WeightArray } from '../emitter.js';
import { multiplierLatency } from '../estimate.js';
import { bufferIn, bufferOut, sameShape } from './util.js';

/** An operand as the C++ sees it: an activation (array or stream) or a constant array. */
interface Operand {
  shape: number[];
  type: FixedType;
  ref?: TensorRef;
  weight?: WeightArray;
}

/** Strides of `shape` right-aligned to `out`, 0 on broadcast axes (as broadcast.ts maps indices). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const j = out.length - shape.length + i;
    if (j >= 0 && shape[i] !== 1) strides[j] = stride;
    stride *= shape[i];
  }
  return strides;
}

/** The division's intermediate types (see op_div in fhls/elementwise.h). */
export function divisionTypes(a: FixedType, b: FixedType, r: FixedType): { shift: number; intBits: number } {
  const shift = lsbExp(a) - lsbExp(b) - lsbExp(r);
  const numBits = a.width + 1 + Math.max(shift, 0);
  const denBits = b.width + 1 + Math.max(-shift, 0);
  return { shift, intBits: Math.max(numBits, denBits + 1) + 2 };
}

function operandOf(layer: { inputs: string[] }, ctx: EmitContext, i: number): Operand {
  if (ctx.isConstant(i)) {
    const weight = ctx.constant(layer.inputs[i], undefined, `operand ${i === 0 ? 'a' : 'b'}, row-major`);
    return { shape: ctx.graph.tensors[layer.inputs[i]].shape, type: weight.type, weight };
  }
  const ref = ctx.input(i);
  return { shape: [...ref.shape], type: ref.fixed, ref };
}

export const emitElementwise: Emitter<'Elementwise'> = (layer, ctx): LayerCode => {
  const op = layer.attrs.op;
  const y = ctx.output(0);
  const [a, b] = [operandOf(layer, ctx, 0), operandOf(layer, ctx, 1)];
  const out = [...y.shape];
  const broadcast = !(sameShape(a.shape, out) && sameShape(b.shape, out));
  const cfg = `${ctx.layerId}_config`;
  const members: Member[] = [
    { const: 'n_out', value: y.size },
    { const: 'n_a', value: size(a.shape) },
    { const: 'n_b', value: size(b.shape) },
    { const: 'rank', value: out.length },
    { const: 'broadcast', value: broadcast, comment: broadcast ? 'an operand is broadcast' : 'both operands have the output shape' },
    { table: 'out_dim', returns: 'unsigned', values: out.map(String), comment: `output shape [${out.join(', ')}]` },
    { table: 'stride_a', returns: 'unsigned', values: broadcastStrides(a.shape, out).map(String), comment: `a: [${a.shape.join(', ')}]` },
    { table: 'stride_b', returns: 'unsigned', values: broadcastStrides(b.shape, out).map(String), comment: `b: [${b.shape.join(', ')}]` },
  ];
  let config: string;
  let opLatency = 1;
  let note = `${op}: one ${op === 'mul' ? 'multiplier' : op === 'div' ? 'divider' : 'adder'} per element, registered`;
  if (op === 'div') {
    const d = divisionTypes(a.type, b.type, y.fixed);
    const lt = lsbExp(y.fixed);
    const divCfg = ctx.ident(`${ctx.layerId}_div`);
    config =
      configStruct(divCfg, `${layer.name}: exact division rounded into ${cppType(y.fixed)}`, [
        { typedef: 'int_t', type: cppInt(d.intBits), comment: 'numerator, denominator, quotient' },
        { const: 'shift', value: d.shift, type: 'int', comment: 'quotient in units of the output LSB: (a << shift) / b' },
        { typedef: 'wide_t', type: `ap_fixed<${d.intBits}, ${d.intBits + lt}>`, comment: 'the rounded quotient at the output LSB' },
        { const: 'round_mode', value: `AP_${y.fixed.q}`, type: 'int', comment: "the output's quantization mode" },
      ]) +
      '\n' +
      configStruct(cfg, `${layer.name}: ${layer.attrs.op} [${a.shape}] by [${b.shape}] -> [${out}]`, [
        ...members,
        { typedef: 'op', type: `fhls::op_div<${divCfg}>` },
      ]);
    opLatency = d.intBits + 3;
    note = `div: one ${d.intBits}-bit divider per element (${d.intBits} + 3 cycles), not counted as multipliers`;
  } else {
    config = configStruct(cfg, `${layer.name}: ${op} [${a.shape}] and [${b.shape}] -> [${out}]`, [
      ...members,
      { typedef: 'op', type: `fhls::op_${op}` },
    ]);
  }

  const weights = [a.weight, b.weight].filter((w): w is WeightArray => w !== undefined);
  const arg = (o: Operand) => (o.weight ? o.weight.name : o.ref!.name);
  let call: string[];
  let multipliersInstances = y.size;
  let latency: number;
  let ii = 1;
  const mulGroup = (count: number): MultiplierGroup[] =>
    op === 'mul'
      ? [{ count, a: { width: a.type.width, signed: a.type.signed }, b: { width: b.type.width, signed: b.type.signed }, constant: !!(a.weight || b.weight) }]
      : [];
  if (op === 'mul') opLatency = multiplierLatency(mulGroup(1)[0]);

  if (ctx.ioType === 'io_parallel') {
    call = [`fhls::elementwise<${cfg}>(${arg(a)}, ${arg(b)}, ${y.name});`];
    latency = opLatency;
  } else {
    // io_stream: operands of the output's shape stream; others (constants, broadcast activations) are arrays
    const streams = (o: Operand) => o.ref !== undefined && sameShape(o.shape, out);
    const pre: string[] = [];
    const asArray = (o: Operand): string => {
      if (o.weight) return o.weight.name;
      const buf = bufferIn(ctx, o.ref!);
      pre.push(...buf.lines);
      return buf.name;
    };
    const C = y.channels;
    const P = y.positions;
    multipliersInstances = C;
    ii = P;
    if (streams(a) && streams(b)) {
      call = [`fhls::elementwise_stream<${cfg}>(${a.ref!.name}, ${b.ref!.name}, ${y.name});`];
      latency = P + opLatency;
    } else if (streams(a)) {
      const bn = asArray(b);
      call = [...pre, `fhls::elementwise_stream_array<${cfg}>(${a.ref!.name}, ${bn}, ${y.name});`];
      latency = (b.ref ? b.ref.positions : 0) + P + opLatency;
    } else if (streams(b)) {
      const an = asArray(a);
      call = [...pre, `fhls::elementwise_array_stream<${cfg}>(${an}, ${b.ref!.name}, ${y.name});`];
      latency = (a.ref ? a.ref.positions : 0) + P + opLatency;
    } else {
      const an = asArray(a);
      const bn = asArray(b);
      const o = bufferOut(ctx, y);
      call = [...pre, ...o.declare, `fhls::elementwise<${cfg}>(${an}, ${bn}, ${o.name});`, ...o.flush];
      latency = Math.max(a.ref?.positions ?? 0, b.ref?.positions ?? 0) + opLatency + P;
      multipliersInstances = y.size;
    }
  }
  return {
    headers: ['fhls/elementwise.h'],
    typedefs: [],
    config,
    weights,
    call,
    estimate: { latency, ii, multipliers: mulGroup(multipliersInstances), note },
  };
};
