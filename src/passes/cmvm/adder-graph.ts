// The result of the CMVM optimizer: a multiplier-free adder graph, as plain JSON data.
//
//   interface AdderGraph {
//     inputs:  { range: [lo, hi]; width; signed }[]      node ids 0 .. inputs.length-1
//     ops:     AdderOp[]                                  node id of ops[k] = inputs.length + k
//     outputs: (OutputTerm | null)[]                      one per column of W; null = constant 0
//   }
//   interface AdderOp {
//     a, b: number                 operand node ids (always smaller than this op's id: topological)
//     shiftA, shiftB: number       >= 0; at most one of them is non-zero
//     sub: boolean                 value = (a << shiftA) - (b << shiftB) if sub, else ... + ...
//     range: [lo, hi]              the exact range of the value over the input box
//     width, signed                the narrowest two's-complement (signed) or binary type for range
//     depth                        adder levels from the inputs (inputs are depth 0)
//     usedBy: number[]             output columns that read this op, directly or transitively
//   }
//   interface OutputTerm { node, shift, negate }   y_j = ±(node << shift)
//
// Ranges are decimal strings because bigint is not JSON. Values are integers: the caller scales
// fixed-point weights and inputs to integers and keeps the common LSB itself. An op's meaning is
// written once, here, in `evaluateAdderGraph`; every consumer reads this structure.

export type DecimalRange = [string, string];

export interface AdderInput {
  range: DecimalRange;
  width: number;
  signed: boolean;
}

export interface AdderOp {
  a: number;
  b: number;
  shiftA: number;
  shiftB: number;
  sub: boolean;
  range: DecimalRange;
  width: number;
  signed: boolean;
  depth: number;
  usedBy: number[];
}

export interface OutputTerm {
  node: number;
  shift: number;
  negate: boolean;
}

export interface AdderGraph {
  inputs: AdderInput[];
  ops: AdderOp[];
  outputs: (OutputTerm | null)[];
}

export interface GraphStats {
  /** number of two-input additions/subtractions */
  adders: number;
  /** the deepest op (0 for a graph without ops) */
  depth: number;
  /** sum of op widths: a proxy for LUTs */
  adderBits: number;
}

export function graphStats(g: AdderGraph): GraphStats {
  let depth = 0;
  let adderBits = 0;
  for (const op of g.ops) {
    if (op.depth > depth) depth = op.depth;
    adderBits += op.width;
  }
  return { adders: g.ops.length, depth, adderBits };
}

/** Bits needed to hold every integer in [lo, hi]: two's complement if lo < 0, else plain binary (min 1). */
export function widthOfRange(lo: bigint, hi: bigint): { width: number; signed: boolean } {
  if (lo < 0n) {
    const m = hi > -lo - 1n ? hi : -lo - 1n;
    return { width: bitLength(m) + 1, signed: true };
  }
  return { width: Math.max(1, bitLength(hi)), signed: false };
}

/** Number of bits of a non-negative integer (0 for 0). */
export function bitLength(v: bigint): number {
  if (v < 0n) throw new RangeError('bitLength of a negative number');
  return v === 0n ? 0 : v.toString(2).length;
}

/** The value of node `id` for the node values computed so far. */
function opValue(op: AdderOp, va: bigint, vb: bigint): bigint {
  const l = va << BigInt(op.shiftA);
  const r = vb << BigInt(op.shiftB);
  return op.sub ? l - r : l + r;
}

/** Every node's exact value (inputs first, then ops) for the integer inputs `x`. */
export function evaluateAdderNodes(g: AdderGraph, x: readonly bigint[]): bigint[] {
  if (x.length !== g.inputs.length) {
    throw new RangeError(`adder graph has ${g.inputs.length} inputs, got ${x.length} values`);
  }
  const v: bigint[] = x.slice();
  for (const op of g.ops) v.push(opValue(op, v[op.a], v[op.b]));
  return v;
}

/** Exact evaluation: y_j for the integer inputs `x`. */
export function evaluateAdderGraph(g: AdderGraph, x: readonly bigint[]): bigint[] {
  const v = evaluateAdderNodes(g, x);
  return g.outputs.map((o) => {
    if (o === null) return 0n;
    const y = v[o.node] << BigInt(o.shift);
    return o.negate ? -y : y;
  });
}

// ---- fast path: float64 evaluation, exact while every value stays below 2^53 ----

interface Compiled {
  nIn: number;
  a: Int32Array;
  b: Int32Array;
  mulA: Float64Array;
  mulB: Float64Array; // negative for a subtraction
  outNode: Int32Array; // -1 for a zero output
  outMul: Float64Array;
  scratch: Float64Array;
}

const compiledCache = new WeakMap<AdderGraph, Compiled>();
const SAFE = 2n ** 53n;

function fitsFloat(r: DecimalRange, shift = 0): boolean {
  const lo = BigInt(r[0]) << BigInt(shift);
  const hi = BigInt(r[1]) << BigInt(shift);
  return lo > -SAFE && hi < SAFE;
}

/** Whether `evaluateAdderGraphNum` is exact for this graph (every node and output below 2^53). */
export function fitsInFloat64(g: AdderGraph): boolean {
  if (!g.inputs.every((i) => fitsFloat(i.range)) || !g.ops.every((o) => fitsFloat(o.range))) return false;
  return g.outputs.every((o) => {
    if (o === null) return true;
    const r = o.node < g.inputs.length ? g.inputs[o.node].range : g.ops[o.node - g.inputs.length].range;
    return fitsFloat(r, o.shift);
  });
}

function compile(g: AdderGraph): Compiled {
  if (!fitsInFloat64(g)) {
    throw new RangeError('adder graph has values of 2^53 or more: use evaluateAdderGraph (bigint)');
  }
  const n = g.ops.length;
  const c: Compiled = {
    nIn: g.inputs.length,
    a: new Int32Array(n),
    b: new Int32Array(n),
    mulA: new Float64Array(n),
    mulB: new Float64Array(n),
    outNode: new Int32Array(g.outputs.length),
    outMul: new Float64Array(g.outputs.length),
    scratch: new Float64Array(g.inputs.length + n),
  };
  g.ops.forEach((op, k) => {
    c.a[k] = op.a;
    c.b[k] = op.b;
    c.mulA[k] = 2 ** op.shiftA;
    c.mulB[k] = (op.sub ? -1 : 1) * 2 ** op.shiftB;
  });
  g.outputs.forEach((o, j) => {
    c.outNode[j] = o === null ? -1 : o.node;
    c.outMul[j] = o === null ? 0 : (o.negate ? -1 : 1) * 2 ** o.shift;
  });
  return c;
}

/**
 * Float64 evaluation for the emulator's hot path: `out[j] = y_j`. Exact as long as every node fits
 * in 2^53 (checked once per graph; throws otherwise) and `x` holds integers inside the input ranges:
 * scaling by 2^shift is exact in binary floating point, and so is a sum whose exact value is an
 * integer below 2^53. The graph is compiled once and cached, so treat it as immutable.
 */
export function evaluateAdderGraphNum(g: AdderGraph, x: ArrayLike<number>, out: Float64Array): void {
  let c = compiledCache.get(g);
  if (c === undefined) {
    c = compile(g);
    compiledCache.set(g, c);
  }
  const v = c.scratch;
  const nIn = c.nIn;
  for (let i = 0; i < nIn; i++) v[i] = x[i];
  const { a, b, mulA, mulB, outNode, outMul } = c;
  const n = a.length;
  for (let k = 0; k < n; k++) v[nIn + k] = v[a[k]] * mulA[k] + v[b[k]] * mulB[k];
  for (let j = 0; j < outNode.length; j++) {
    const node = outNode[j];
    out[j] = node < 0 ? 0 : v[node] * outMul[j];
  }
}
