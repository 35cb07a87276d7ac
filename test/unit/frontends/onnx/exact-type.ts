// A quantized constant whose scale is not a power of two still gets one exact fixed type: every
// value is representable, and the type is no wider than needed (one bit less would lose a value).

import { expect } from 'vitest';
import { isRepresentable } from '../../../../src/ir/fixed/index.js';
import { type Graph, isPerElement } from '../../../../src/ir/graph.js';

export function expectExactType(g: Graph, tensor: string): void {
  const t = g.tensors[tensor]!.type;
  expect(t).toBeDefined();
  if (!t || isPerElement(t)) throw new Error(`${tensor}: expected one fixed type`);
  for (const v of g.tensors[tensor]!.data!) expect(isRepresentable(t, v)).toBe(true);
  const coarser = { ...t, width: t.width - 1 };
  if (coarser.width > 0) expect(g.tensors[tensor]!.data!.every((v) => isRepresentable(coarser, v))).toBe(false);
}
