// The constant evaluator: ops whose inputs are all constants are computed at load time, in float64.
// It covers what shape sub-graphs (Shape → Gather → Unsqueeze → Concat → Reshape, …) and weight
// preprocessing (Transpose of a weight, Mul by a constant) use. Data-movement ops keep the exact
// fixed type a quantized constant carries; arithmetic drops it (but remembers `quantized`).

import { isPerElement, type TensorType } from '../../ir/graph.js';
import type { NodeInfo } from './context.js';
import { DT, INT_TYPES, decodeTensor, dtypeName, isFloatType, isProblem, type ConstTensor } from './proto.js';
import { broadcastShapes } from './shapes.js';
import { broadcastIndex, broadcastLike, gatherConst, prod, stridesOf, transposeIndex } from './tensor.js';

export type EvalResult = ConstTensor[] | { code: string; message: string };
/** Inputs are undefined where an optional input is omitted. */
export type ConstOp = (ins: (ConstTensor | undefined)[], node: NodeInfo) => EvalResult;

const fail = (message: string): EvalResult => ({ code: 'onnx/const-eval', message });
const isInt = (dt: number) => INT_TYPES[dt] !== undefined;

function need(ins: (ConstTensor | undefined)[], i: number, node: NodeInfo): ConstTensor {
  const c = ins[i];
  if (!c) throw new EvalError(`${node.opType} needs input ${i + 1}`);
  return c;
}

/** Thrown inside an evaluator and turned into a diagnostic by `evalConst` (never escapes). */
class EvalError extends Error {}

function normAxis(a: number, rank: number, what = 'axis'): number {
  const n = a < 0 ? a + rank : a;
  if (!Number.isInteger(n) || n < 0 || n >= rank) throw new EvalError(`${what} ${a} is out of range for rank ${rank}`);
  return n;
}

function quantizedOf(ins: (ConstTensor | undefined)[]): { quantized?: true } {
  return ins.some((c) => c?.quantized) ? { quantized: true } : {};
}

/** Values of a 1-D integer-valued input (axes, shapes, starts…). */
function intList(c: ConstTensor, what: string): number[] {
  if (c.data.some((v) => !Number.isInteger(v) && Math.abs(v) !== Infinity)) throw new EvalError(`${what} must hold integers`);
  return c.data.slice();
}

/** axes from the attribute (older opsets) or from an input (newer ones) */
function axesOf(node: NodeInfo, ins: (ConstTensor | undefined)[], inputIndex: number): number[] | undefined {
  const fromInput = ins[inputIndex];
  if (fromInput) return intList(fromInput, 'axes');
  return node.attrs.ints('axes');
}

// --- element-wise ------------------------------------------------------------------------------

function binary(f: (a: number, b: number, dt: number) => number, outType?: number): ConstOp {
  return (ins, node) => {
    const a = need(ins, 0, node);
    const b = need(ins, 1, node);
    const shape = broadcastShapes(a.shape, b.shape);
    if (!shape) throw new EvalError(`shapes [${a.shape}] and [${b.shape}] do not broadcast`);
    const ai = broadcastIndex(shape, a.shape);
    const bi = broadcastIndex(shape, b.shape);
    const dt = a.dtype;
    const data = ai.map((i, k) => f(a.data[i], b.data[bi[k]], dt));
    return [{ dtype: outType ?? dt, shape, data, ...quantizedOf(ins) }];
  };
}

function variadic(f: (a: number, b: number) => number): ConstOp {
  return (ins, node) => {
    let acc = need(ins, 0, node);
    for (const c of ins.slice(1)) {
      if (!c) continue;
      const r = binary((a, b) => f(a, b))([acc, c], node) as ConstTensor[];
      acc = r[0];
    }
    return [acc];
  };
}

function unary(f: (v: number, dt: number) => number): ConstOp {
  return (ins, node) => {
    const x = need(ins, 0, node);
    return [{ dtype: x.dtype, shape: x.shape.slice(), data: x.data.map((v) => f(v, x.dtype)), ...quantizedOf(ins) }];
  };
}

const b01 = (v: boolean) => (v ? 1 : 0);
const roundHalfEven = (v: number) => {
  const f = Math.floor(v);
  const d = v - f;
  return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
};

// --- data movement -----------------------------------------------------------------------------

function reshapeTarget(inShape: number[], target: number[], allowZero: boolean): number[] {
  const out = target.map((d, i) => (d === 0 && !allowZero ? inShape[i] : d));
  if (out.some((d) => d === undefined)) throw new EvalError(`a 0 in shape [${target}] has no input dimension to copy`);
  const minus = out.filter((d) => d === -1).length;
  if (minus > 1) throw new EvalError(`shape [${target}] has more than one -1`);
  const known = prod(out.filter((d) => d !== -1));
  const total = prod(inShape);
  if (minus === 1) {
    if (known === 0 || total % known !== 0) throw new EvalError(`cannot reshape [${inShape}] to [${target}]`);
    out[out.indexOf(-1)] = total / known;
  }
  if (prod(out) !== total || out.some((d) => d < 0)) throw new EvalError(`cannot reshape [${inShape}] to [${target}]`);
  return out;
}

const keepData = (x: ConstTensor, shape: number[]): ConstTensor[] => [{ ...x, shape }];

/** Elements [start, end) with step along each axis, ONNX Slice clamping rules. */
function sliceIndex(shape: number[], starts: number[], ends: number[], axes: number[], steps: number[]): { shape: number[]; index: number[] } {
  const r = shape.length;
  const st = new Array(r).fill(0);
  const step = new Array(r).fill(1);
  const count = shape.slice();
  axes.forEach((a0, k) => {
    const a = normAxis(a0, r);
    const d = shape[a];
    const s = steps[k] ?? 1;
    if (s === 0) throw new EvalError('Slice step cannot be 0');
    let b = starts[k] < 0 ? starts[k] + d : starts[k];
    let e = ends[k] < 0 ? ends[k] + d : ends[k];
    if (s > 0) {
      b = Math.min(Math.max(b, 0), d);
      e = Math.min(Math.max(e, 0), d);
      count[a] = Math.max(0, Math.ceil((e - b) / s));
    } else {
      b = Math.min(Math.max(b, 0), d - 1);
      e = Math.min(Math.max(e, -1), d - 1);
      count[a] = Math.max(0, Math.ceil((e - b) / s));
    }
    st[a] = b;
    step[a] = s;
  });
  const strides = stridesOf(shape);
  const base = st.reduce((acc, b, i) => acc + b * strides[i], 0);
  const idx = count.length === 0 ? [0] : broadcastLike(count, strides.map((s, i) => s * step[i]));
  return { shape: count, index: idx.map((i) => i + base) };
}

/** The type of a concatenation: kept when every part has the same (whole-tensor) fixed type. */
function concatType(parts: ConstTensor[]): TensorType | undefined {
  const first = parts[0].type;
  if (!first || isPerElement(first)) return undefined;
  return parts.every((p) => p.type && JSON.stringify(p.type) === JSON.stringify(first)) ? first : undefined;
}

function concat(ins: (ConstTensor | undefined)[], node: NodeInfo): EvalResult {
  const parts = ins.filter((c): c is ConstTensor => c !== undefined);
  if (parts.length === 0) throw new EvalError('Concat needs inputs');
  const r = parts[0].shape.length;
  const a = normAxis(node.attrs.int('axis', 0), r);
  const shape = parts[0].shape.slice();
  shape[a] = 0;
  for (const p of parts) {
    if (p.shape.length !== r || p.shape.some((d, i) => i !== a && d !== parts[0].shape[i])) throw new EvalError(`Concat inputs [${parts.map((q) => `[${q.shape}]`).join(', ')}] differ outside axis ${a}`);
    shape[a] += p.shape[a];
  }
  const outer = prod(shape.slice(0, a));
  const data: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const block = prod(p.shape.slice(a));
      for (let i = 0; i < block; i++) data.push(p.data[o * block + i]);
    }
  }
  const type = concatType(parts);
  return [{ dtype: parts[0].dtype, shape, data, ...(type ? { type } : {}), ...quantizedOf(ins) }];
}

function gather(ins: (ConstTensor | undefined)[], node: NodeInfo): EvalResult {
  const x = need(ins, 0, node);
  const ind = need(ins, 1, node);
  const a = normAxis(node.attrs.int('axis', 0), x.shape.length);
  const d = x.shape[a];
  const outer = prod(x.shape.slice(0, a));
  const inner = prod(x.shape.slice(a + 1));
  const index: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const j0 of ind.data) {
      const j = j0 < 0 ? j0 + d : j0;
      if (!Number.isInteger(j) || j < 0 || j >= d) throw new EvalError(`Gather index ${j0} is out of range for a dimension of ${d}`);
      for (let i = 0; i < inner; i++) index.push((o * d + j) * inner + i);
    }
  }
  return [gatherConst(x, [...x.shape.slice(0, a), ...ind.shape, ...x.shape.slice(a + 1)], index)];
}

function slice(ins: (ConstTensor | undefined)[], node: NodeInfo): EvalResult {
  const x = need(ins, 0, node);
  let starts: number[];
  let ends: number[];
  let axes: number[] | undefined;
  let steps: number[] | undefined;
  if (node.opset < 10) {
    starts = node.attrs.ints('starts') ?? [];
    ends = node.attrs.ints('ends') ?? [];
    axes = node.attrs.ints('axes');
  } else {
    starts = intList(need(ins, 1, node), 'starts');
    ends = intList(need(ins, 2, node), 'ends');
    axes = ins[3] ? intList(ins[3], 'axes') : undefined;
    steps = ins[4] ? intList(ins[4], 'steps') : undefined;
  }
  if (starts.length !== ends.length) throw new EvalError('Slice starts and ends differ in length');
  const ax = axes ?? starts.map((_, i) => i);
  const { shape, index } = sliceIndex(x.shape, starts, ends, ax, steps ?? ax.map(() => 1));
  return [gatherConst(x, shape, prod(shape) === 0 ? [] : index)];
}

function split(ins: (ConstTensor | undefined)[], node: NodeInfo): EvalResult {
  const x = need(ins, 0, node);
  const a = normAxis(node.attrs.int('axis', 0), x.shape.length);
  const d = x.shape[a];
  const n = node.outputs.length;
  let sizes = ins[1] ? intList(ins[1], 'split') : node.attrs.ints('split');
  if (!sizes) {
    const chunk = Math.ceil(d / n);
    sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, d - i * chunk)));
  }
  if (sizes.length !== n || sizes.reduce((p, q) => p + q, 0) !== d) throw new EvalError(`Split sizes [${sizes}] do not cover ${d} along axis ${a} in ${n} outputs`);
  let start = 0;
  return sizes.map((s) => {
    const r = sliceIndex(x.shape, [start], [start + s], [a], [1]);
    start += s;
    return gatherConst(x, r.shape, prod(r.shape) === 0 ? [] : r.index);
  });
}

function reduce(f: (acc: number, v: number) => number, init: number, finish?: (acc: number, n: number) => number, axesInputSince = 18): ConstOp {
  return (ins, node) => {
    const x = need(ins, 0, node);
    const r = x.shape.length;
    const fromInput = node.opset >= axesInputSince;
    let axes = fromInput ? (ins[1] ? intList(ins[1], 'axes') : undefined) : node.attrs.ints('axes');
    if (!axes || axes.length === 0) {
      if (fromInput && node.attrs.int('noop_with_empty_axes', 0) === 1) return [{ ...x }];
      axes = x.shape.map((_, i) => i);
    }
    const set = new Set(axes.map((a) => normAxis(a, r)));
    const keep = node.attrs.int('keepdims', 1) === 1;
    const outFull = x.shape.map((d, i) => (set.has(i) ? 1 : d));
    const acc = new Array(prod(outFull)).fill(init);
    const cnt = new Array(acc.length).fill(0);
    const outStrides = stridesOf(outFull);
    const xs = stridesOf(x.shape);
    x.data.forEach((v, flat) => {
      let o = 0;
      for (let i = 0; i < r; i++) if (!set.has(i)) o += Math.floor(flat / xs[i]) % x.shape[i] * outStrides[i];
      acc[o] = f(acc[o], v);
      cnt[o]++;
    });
    const data = finish ? acc.map((v, i) => finish(v, cnt[i])) : acc;
    const shape = keep ? outFull : x.shape.filter((_, i) => !set.has(i));
    return [{ dtype: x.dtype, shape, data, ...quantizedOf(ins) }];
  };
}

function castTo(x: ConstTensor, to: number): ConstTensor {
  let data: number[];
  if (to === DT.BOOL) data = x.data.map((v) => b01(v !== 0));
  else if (isInt(to)) data = x.data.map((v) => Math.trunc(v) || 0); // no -0 in integer types
  else if (to === DT.FLOAT) data = x.data.map((v) => Math.fround(v));
  else if (isFloatType(to)) data = x.data.slice();
  else throw new EvalError(`Cast to ${dtypeName(to)} is not supported`);
  const unchanged = data.every((v, i) => v === x.data[i]);
  return { dtype: to, shape: x.shape.slice(), data, ...(unchanged && x.type ? { type: x.type } : {}), ...(x.quantized ? { quantized: true } : {}) };
}

// --- the table ---------------------------------------------------------------------------------

export const CONST_OPS: Record<string, ConstOp> = {
  Identity: (ins, node) => [need(ins, 0, node)],
  Dropout: (ins, node) => {
    const x = need(ins, 0, node);
    return node.outputs.length > 1 ? [x, { dtype: DT.BOOL, shape: x.shape.slice(), data: x.data.map(() => 1) }] : [x];
  },
  Add: binary((a, b) => a + b),
  Sub: binary((a, b) => a - b),
  Mul: binary((a, b) => a * b),
  Div: binary((a, b, dt) => (isInt(dt) ? Math.trunc(a / b) || 0 : a / b)),
  Pow: binary((a, b) => a ** b),
  Mod: binary((a, b) => a - b * Math.floor(a / b)),
  Equal: binary((a, b) => b01(a === b), DT.BOOL),
  Less: binary((a, b) => b01(a < b), DT.BOOL),
  LessOrEqual: binary((a, b) => b01(a <= b), DT.BOOL),
  Greater: binary((a, b) => b01(a > b), DT.BOOL),
  GreaterOrEqual: binary((a, b) => b01(a >= b), DT.BOOL),
  And: binary((a, b) => b01(!!a && !!b), DT.BOOL),
  Or: binary((a, b) => b01(!!a || !!b), DT.BOOL),
  Xor: binary((a, b) => b01(!!a !== !!b), DT.BOOL),
  Min: variadic(Math.min),
  Max: variadic(Math.max),
  Sum: variadic((a, b) => a + b),
  Floor: unary(Math.floor),
  Ceil: unary(Math.ceil),
  Round: unary(roundHalfEven),
  Sqrt: unary(Math.sqrt),
  Neg: unary((v) => -v),
  Abs: unary(Math.abs),
  Sign: unary(Math.sign),
  Reciprocal: unary((v) => 1 / v),
  Exp: unary(Math.exp),
  Log: unary(Math.log),
  Relu: unary((v) => Math.max(0, v)),
  Sigmoid: unary((v) => 1 / (1 + Math.exp(-v))),
  Tanh: unary(Math.tanh),
  Not: unary((v) => b01(!v)),
  Cast: (ins, node) => [castTo(need(ins, 0, node), node.attrs.int('to', DT.FLOAT))],
  CastLike: (ins, node) => [castTo(need(ins, 0, node), need(ins, 1, node).dtype)],
  Shape: (ins, node) => {
    const x = need(ins, 0, node);
    return [shapeConst(x.shape, node)];
  },
  Size: (ins, node) => [{ dtype: DT.INT64, shape: [], data: [prod(need(ins, 0, node).shape)] }],
  Reshape: (ins, node) => {
    const x = need(ins, 0, node);
    const target = intList(need(ins, 1, node), 'shape');
    return keepData(x, reshapeTarget(x.shape, target, node.attrs.int('allowzero', 0) === 1));
  },
  Flatten: (ins, node) => {
    const x = need(ins, 0, node);
    const r = x.shape.length;
    const a0 = node.attrs.int('axis', 1);
    const a = a0 < 0 ? a0 + r : a0;
    if (a < 0 || a > r) throw new EvalError(`Flatten axis ${a0} is out of range for rank ${r}`);
    return keepData(x, [prod(x.shape.slice(0, a)), prod(x.shape.slice(a))]);
  },
  Squeeze: (ins, node) => {
    const x = need(ins, 0, node);
    const axes = axesOf(node, ins, 1);
    const set = new Set((axes ?? x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)).map((a) => normAxis(a, x.shape.length)));
    for (const a of set) if (x.shape[a] !== 1) throw new EvalError(`cannot squeeze axis ${a} of size ${x.shape[a]}`);
    return keepData(x, x.shape.filter((_, i) => !set.has(i)));
  },
  Unsqueeze: (ins, node) => {
    const x = need(ins, 0, node);
    const axes = axesOf(node, ins, 1) ?? [];
    const r = x.shape.length + axes.length;
    const set = new Set(axes.map((a) => normAxis(a, r)));
    if (set.size !== axes.length) throw new EvalError(`Unsqueeze axes [${axes}] repeat`);
    const shape: number[] = [];
    let k = 0;
    for (let i = 0; i < r; i++) shape.push(set.has(i) ? 1 : x.shape[k++]);
    return keepData(x, shape);
  },
  Transpose: (ins, node) => {
    const x = need(ins, 0, node);
    const r = x.shape.length;
    const perm = node.attrs.ints('perm') ?? x.shape.map((_, i) => r - 1 - i);
    if (perm.length !== r || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) throw new EvalError(`perm [${perm}] is not a permutation of ${r} axes`);
    return [gatherConst(x, perm.map((p) => x.shape[p]), transposeIndex(x.shape, perm))];
  },
  Expand: (ins, node) => {
    const x = need(ins, 0, node);
    const target = intList(need(ins, 1, node), 'shape');
    const shape = broadcastShapes(x.shape, target);
    if (!shape) throw new EvalError(`cannot expand [${x.shape}] to [${target}]`);
    return [gatherConst(x, shape, broadcastIndex(shape, x.shape))];
  },
  Tile: (ins, node) => {
    const x = need(ins, 0, node);
    const reps = intList(need(ins, 1, node), 'repeats');
    if (reps.length !== x.shape.length) throw new EvalError('Tile repeats must match the rank');
    const shape = x.shape.map((d, i) => d * reps[i]);
    const xs = stridesOf(x.shape);
    const os = stridesOf(shape);
    const index = Array.from({ length: prod(shape) }, (_, flat) => shape.reduce((acc, _d, i) => acc + (Math.floor(flat / os[i]) % shape[i] % x.shape[i]) * xs[i], 0));
    return [gatherConst(x, shape, index)];
  },
  Concat: concat,
  Gather: gather,
  Slice: slice,
  Split: split,
  ConstantOfShape: (ins, node) => {
    const shape = intList(need(ins, 0, node), 'shape');
    const t = node.attrs.tensor('value');
    let fill: ConstTensor = { dtype: DT.FLOAT, shape: [1], data: [0] };
    if (t) {
      const c = decodeTensor(t, `${node.name}.value`);
      if (isProblem(c)) throw new EvalError(c.message);
      fill = c;
    }
    return [{ dtype: fill.dtype, shape, data: new Array(prod(shape)).fill(fill.data[0] ?? 0) }];
  },
  Range: (ins, node) => {
    const [start, limit, delta] = [0, 1, 2].map((i) => need(ins, i, node).data[0]);
    if (delta === 0) throw new EvalError('Range delta cannot be 0');
    const n = Math.max(Math.ceil((limit - start) / delta), 0);
    return [{ dtype: need(ins, 0, node).dtype, shape: [n], data: Array.from({ length: n }, (_, i) => start + i * delta) }];
  },
  Where: (ins, node) => {
    const [c, x, y] = [0, 1, 2].map((i) => need(ins, i, node));
    const shape = broadcastShapes(broadcastShapes(c.shape, x.shape) ?? [-1], y.shape);
    if (!shape || shape.includes(-1)) throw new EvalError('Where operands do not broadcast');
    const ci = broadcastIndex(shape, c.shape);
    const xi = broadcastIndex(shape, x.shape);
    const yi = broadcastIndex(shape, y.shape);
    return [{ dtype: x.dtype, shape, data: ci.map((i, k) => (c.data[i] ? x.data[xi[k]] : y.data[yi[k]])), ...quantizedOf([x, y]) }];
  },
  ReduceSum: reduce((a, v) => a + v, 0, undefined, 13),
  ReduceProd: reduce((a, v) => a * v, 1),
  ReduceMin: reduce(Math.min, Infinity),
  ReduceMax: reduce(Math.max, -Infinity),
  ReduceMean: reduce((a, v) => a + v, 0, (a, n) => a / n),
};

/** Shape's output for a tensor of full shape `shape` (opset 15 start/end attributes). */
export function shapeConst(shape: readonly number[], node: NodeInfo): ConstTensor {
  const r = shape.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
  const start = clamp(node.attrs.int('start', 0));
  const end = node.attrs.has('end') ? clamp(node.attrs.int('end', r)) : r;
  const data = shape.slice(start, Math.max(start, end));
  return { dtype: DT.INT64, shape: [data.length], data };
}

/** Evaluates a standard op on constant inputs; errors become a code and a message. */
export function evalConst(op: ConstOp, ins: (ConstTensor | undefined)[], node: NodeInfo): EvalResult {
  try {
    return op(ins, node);
  } catch (e) {
    if (e instanceof EvalError) return fail(`${node.opType} on constants: ${e.message}`);
    return fail(`${node.opType} on constants failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
