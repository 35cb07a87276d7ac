// Lookup tables in Vitis HLS C++: the table as a weight array (its entries are exactly
// TableSpec.entries, never recomputed) and the config struct of its exact index (fhls/table.h).

import { bitLength } from '../../../ir/fixed/double.js';
import { formatType } from '../../../ir/fixed/parse.js';
import { type TableIndex, type TableSpec, clampBig } from '../../../ir/layers/tables.js';
import { configStruct, cppInt, cppIntValue } from '../cpp.js';
import type { EmitContext, WeightArray } from '../emitter.js';

const absBig = (v: bigint) => (v < 0n ? -v : v);

/** The table as a weight array named from `hint`. */
export function tableWeight(ctx: EmitContext, hint: string, spec: TableSpec): WeightArray {
  const name = ctx.ident(hint);
  return {
    name,
    typeName: `${name}_t`,
    type: spec.type,
    shape: [spec.size],
    values: spec.entries,
    comment:
      `${spec.what} at the centres of ${spec.size} bins over [${spec.lo}, ${spec.hi}), ` +
      `rounded into ${formatType(spec.type)}; entry i covers [lo + i·step, lo + (i+1)·step)`,
  };
}

/** An index config: the struct's text and the cycles its arithmetic takes under fhls's schedule. */
export interface IndexConfig {
  /** the struct's name */
  name: string;
  text: string;
  /** whether the index divides by a constant that is not a power of two */
  divides: boolean;
  /** bits of the index arithmetic */
  bits: number;
}

/**
 * The config struct of a table index (fhls/table.h) for indexed raws in [rMin, rMax]: the
 * thresholds are clamped into [rMin − 1, rMax + 1] exactly as the emulator's indexer does, which
 * changes no index there and keeps the constants as narrow as the indexed type.
 */
export function indexConfig(name: string, ix: TableIndex, rMin: bigint, rMax: bigint, comment: string): IndexConfig {
  const rLo = clampBig(ix.rLo, rMin - 1n, rMax + 1n);
  const rHi = clampBig(ix.rHi, rMin - 1n, rMax + 1n);
  const magnitude = [ix.bound, absBig(rLo), absBig(rHi), absBig(ix.offset)].reduce((a, b) => (b > a ? b : a));
  const bits = bitLength(magnitude) + 2;
  const intT = cppInt(bits);
  const pow2 = (ix.div & (ix.div - 1n)) === 0n;
  const divShift = pow2 ? bitLength(ix.div) - 1 : -1;
  const v = (x: bigint) => `return ${cppIntValue('int_t', x, bits)};`;
  const text = configStruct(name, comment, [
    { const: 'size', value: ix.size },
    { typedef: 'int_t', type: intT, comment: 'every intermediate of the index' },
    { fn: 'r_lo', returns: 'int_t', body: v(rLo), comment: 'below: entry 0' },
    { fn: 'r_hi', returns: 'int_t', body: v(rHi), comment: 'above: the last entry' },
    { const: 'shift', value: ix.shift, type: 'int' },
    { fn: 'offset', returns: 'int_t', body: v(ix.offset) },
    { fn: 'mul', returns: 'int_t', body: v(ix.mul) },
    { fn: 'div', returns: 'int_t', body: v(ix.div) },
    { const: 'div_shift', value: divShift, type: 'int', comment: pow2 ? 'div = 2^div_shift' : 'div is not a power of two: a constant division' },
  ]);
  return { name, text, divides: !pow2, bits };
}

/** Cycles of a table read under fhls's schedule: index arithmetic, ROM read (+ a constant divider). */
export function tableLatency(ix: IndexConfig): number {
  return 2 + (ix.divides ? ix.bits + 3 : 0);
}
