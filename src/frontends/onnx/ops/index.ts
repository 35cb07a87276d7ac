// Which reader handles which op, by domain.

import type { OpReader } from './common.js';
import { ELEMENTWISE_OPS } from './elementwise.js';
import { LINEAR_OPS } from './linear.js';
import { QDQ_OPS, QONNX_OPS } from './quant.js';
import { SHAPE_OPS } from './shape.js';

export type { OpReader } from './common.js';

/** Ops of the default ONNX domain that become layers (or vanish: Identity, Dropout, Shape). */
export const STANDARD_OPS: Record<string, OpReader> = { ...LINEAR_OPS, ...ELEMENTWISE_OPS, ...SHAPE_OPS, ...QDQ_OPS };

export { QONNX_OPS };

export const QONNX_DOMAINS: ReadonlySet<string> = new Set(['qonnx.custom_op.general', 'finn.custom_op.general', 'onnx.brevitas']);

export function isStandardDomain(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx';
}
