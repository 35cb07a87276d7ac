// Constant operands (weights, biases, scales): their types under a precision request, and their
// exact raw integers on one common LSB grid.

import { exactTypeOfRange } from '../fixed/arith.js';
import { quantize } from '../fixed/quantize.js';
import { type FixedType, lsbExp, maxRaw, minRaw } from '../fixed/type.js';
import { type Graph, isPerElement, type Tensor, type TensorType } from '../graph.js';

export function tensorOf(graph: Graph, name: string): Tensor {
  const t = graph.tensors[name];
  if (!t) throw new Error(`unknown tensor '${name}'`);
  return t;
}

/** The FixedType of an activation tensor of a typed graph. */
export function fixedTypeOf(graph: Graph, name: string): FixedType {
  const t = tensorOf(graph, name).type;
  if (!t) throw new Error(`tensor '${name}' has no type (run the precision pass first)`);
  if (isPerElement(t)) throw new Error(`tensor '${name}' has a per-element type; only constants may`);
  return t;
}

/** The type a constant gets: its own (from a quantizer in the model) if it has one, else the request. */
export function constantType(graph: Graph, name: string, requested: FixedType): TensorType {
  return tensorOf(graph, name).type ?? requested;
}

/** The data of a constant tensor. */
export function constantData(graph: Graph, name: string): number[] {
  const data = tensorOf(graph, name).data;
  if (!data) throw new Error(`tensor '${name}' is not a constant`);
  return data;
}

/**
 * Raw integers of a constant, all on the LSB grid `lsb` (the finest LSB of its element types), and
 * `type`: the smallest type holding exactly these values (what the arithmetic needs to know —
 * ap_fixed conversions depend only on a value, never on the type it came in).
 */
export interface ConstantRaw {
  raw: bigint[];
  lsb: number;
  type: FixedType;
}

/** Quantize a constant's data with its type (the ap_fixed constructor, element by element). */
export function constantRaw(data: readonly number[], type: TensorType): ConstantRaw {
  const types = isPerElement(type) ? type.elements : undefined;
  if (types && types.length !== data.length)
    throw new Error(`per-element type has ${types.length} entries for ${data.length} values`);
  const elementType = (i: number): FixedType => (types ? types[i] : (type as FixedType));
  const lsb = types ? Math.min(...types.map(lsbExp)) : lsbExp(type as FixedType);
  const raw = data.map((x, i) => {
    const t = elementType(i);
    return quantize(t, x) << BigInt(lsbExp(t) - lsb);
  });
  return { raw, lsb, type: typeOfValues(raw, lsb) };
}

/** The smallest type holding the raw values (at lsb) exactly; a 1-bit unsigned type for no values. */
export function typeOfValues(raw: readonly bigint[], lsb: number): FixedType {
  let lo = 0n;
  let hi = 0n;
  for (const r of raw) {
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  return exactTypeOfRange(lo, hi, lsb);
}

/** raw·2^(from − to) for to ≤ from: the same value on a finer grid. */
export function align(raw: bigint, from: number, to: number): bigint {
  if (to > from) throw new Error(`cannot align LSB 2^${from} down to a coarser 2^${to} exactly`);
  return raw << BigInt(from - to);
}

/** The smallest type holding every value of each type exactly. */
export function unionType(types: readonly FixedType[]): FixedType {
  const lsb = Math.min(...types.map(lsbExp));
  let lo = 0n;
  let hi = 0n;
  for (const t of types) {
    const a = align(minRaw(t), lsbExp(t), lsb);
    const b = align(maxRaw(t), lsbExp(t), lsb);
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  }
  return exactTypeOfRange(lo, hi, lsb);
}

/** Whether every value of `inner` is a value of `outer` (same grid or finer outer, range contained). */
export function holds(outer: FixedType, inner: FixedType): boolean {
  if (lsbExp(outer) > lsbExp(inner)) return false;
  const lo = align(minRaw(inner), lsbExp(inner), lsbExp(outer));
  const hi = align(maxRaw(inner), lsbExp(inner), lsbExp(outer));
  return lo >= minRaw(outer) && hi <= maxRaw(outer);
}

/** Whether the raw range [lo, hi] at `lsb` lies in type t exactly. */
export function holdsRange(t: FixedType, lo: bigint, hi: bigint, lsb: number): boolean {
  if (lsbExp(t) > lsb) return false;
  return align(lo, lsb, lsbExp(t)) >= minRaw(t) && align(hi, lsb, lsbExp(t)) <= maxRaw(t);
}
