// The configuration file, shaped like hls4ml's so its users feel at home:
//
//   Model:     { Precision, ReuseFactor, Strategy, IOType, TableSize, MaxDepth }
//   LayerType: { <kind>: { Precision, ReuseFactor, Strategy, table_size, table_t, … } }
//   LayerName: { <layer or input name>: { … same fields … } }
//
// Precision is either one type string (applies to weight, bias and result) or an object with
// the roles { default, weight, bias, result, accum, table, exp_table, inv_table }. Every unknown key
// is an error naming its path. The closest entry wins: LayerName > LayerType > Model.

import { z } from 'zod';
import { parseType } from '../ir/fixed/index.js';

/** A fixed-point type string: `fixed<16,6>`, `ap_fixed<18,8,AP_RND,AP_SAT>`, `int<8>`, … */
export const typeString = z.string().superRefine((s, ctx) => {
  const r = parseType(s);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
});

/** 'auto' asks for the exact (full-precision) type. */
const typeOrAuto = z.union([z.literal('auto'), typeString]);

export const precisionRoles = z
  .object({
    default: typeString.optional(),
    weight: typeString.optional(),
    bias: typeString.optional(),
    result: typeOrAuto.optional(),
    accum: typeOrAuto.optional(),
    table: typeString.optional(),
    exp_table: typeString.optional(),
    inv_table: typeString.optional(),
  })
  .strict();

export const precision = z.union([typeString, precisionRoles]);

export const strategy = z.enum(['Latency', 'Resource', 'distributed_arithmetic']);
export const ioType = z.enum(['io_parallel', 'io_stream']);

const positiveInt = z.number().int().positive();

/** Fields a layer (or layer kind) may override. */
export const layerConfig = z
  .object({
    Precision: precision.optional(),
    ReuseFactor: positiveInt.optional(),
    Strategy: strategy.optional(),
    /** hls4ml spellings for lookup-table activations */
    table_size: positiveInt.optional(),
    table_t: typeString.optional(),
    exp_table_t: typeString.optional(),
    inv_table_t: typeString.optional(),
    accum_t: typeOrAuto.optional(),
    /** distributed arithmetic: the adder-depth bound */
    MaxDepth: positiveInt.optional(),
  })
  .strict();

export const modelConfig = z
  .object({
    Precision: precision.default('fixed<16,6>'),
    ReuseFactor: positiveInt.default(1),
    Strategy: strategy.default('Latency'),
    IOType: ioType.default('io_parallel'),
    TableSize: positiveInt.default(1024),
    MaxDepth: positiveInt.optional(),
  })
  .strict();

export const configSchema = z
  .object({
    Model: modelConfig.default({
      Precision: 'fixed<16,6>',
      ReuseFactor: 1,
      Strategy: 'Latency',
      IOType: 'io_parallel',
      TableSize: 1024,
    }),
    LayerType: z.record(z.string(), layerConfig).default({}),
    LayerName: z.record(z.string(), layerConfig).default({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type LayerConfig = z.infer<typeof layerConfig>;
export type Precision = z.infer<typeof precision>;
