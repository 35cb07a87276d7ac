// Helpers shared by the op readers: fetching operands with clear diagnostics, moving constants
// into the per-sample frame, and ONNX's padding rules.

import type { NodeInfo, Reader } from '../context.js';
import { fmtShape } from '../context.js';
import type { ConstTensor } from '../proto.js';

/** How an op reads one node into layers. `constants: 'self'` when it handles all-constant inputs itself. */
export interface OpReader {
  read: (r: Reader, node: NodeInfo) => void;
  constants?: 'self';
  /** checks what can be checked when an input is unusable (so that every problem is reported) */
  check?: (r: Reader, node: NodeInfo) => void;
}

export type Act = { tensor: string; shape: number[] };

/** The activation at input i, or a rejection saying what was there instead. */
export function actInput(r: Reader, node: NodeInfo, i: number, what = 'input'): Act | undefined {
  const name = node.inputs[i] ?? '';
  const v = r.value(name);
  if (v?.kind === 'act') return v;
  if (v?.kind === 'qlinear') {
    r.reject(node, 'onnx/unsupported-qdq', `${what} '${name}' is the integer output of QuantizeLinear '${v.q.node}'; only QuantizeLinear→DequantizeLinear pairs are supported on activations`);
    return undefined;
  }
  if (v?.kind === 'const') {
    r.reject(node, 'onnx/unsupported-op', `${node.opType} '${node.name}' with a constant ${what} '${name}' and activation operands elsewhere is not supported`);
    return undefined;
  }
  r.reject(node, 'onnx/bad-model', `${node.opType} '${node.name}' is missing its ${what}`);
  return undefined;
}

/** The constant at input i (required), or a rejection with 'onnx/non-constant-param'. */
export function constInput(r: Reader, node: NodeInfo, i: number, what: string, code = 'onnx/non-constant-param'): ConstTensor | undefined {
  const name = node.inputs[i] ?? '';
  const v = r.value(name);
  if (v?.kind === 'const') return v.c;
  if (!name) {
    r.reject(node, 'onnx/bad-model', `${node.opType} '${node.name}' is missing its ${what}`);
    return undefined;
  }
  r.reject(node, code, `${node.opType} '${node.name}': the ${what} '${name}' must be a constant (an initializer or computable at load time), but it depends on the model input`);
  return undefined;
}

/** The constant at optional input i; undefined when omitted; 'bad' after a rejection. */
export function optionalConst(r: Reader, node: NodeInfo, i: number, what: string, code = 'onnx/non-constant-param'): ConstTensor | undefined | 'bad' {
  const name = node.inputs[i] ?? '';
  if (!name) return undefined;
  return constInput(r, node, i, what, code) ?? 'bad';
}

/**
 * A constant operand of an op on an activation of per-sample rank `rank`, in the per-sample frame:
 * a leading dimension that lines up with the batch must be 1 and is dropped.
 */
export function perSampleConst(c: ConstTensor, rank: number): { ok: true; c: ConstTensor; changed: boolean } | { ok: false; message: string } {
  if (c.shape.length <= rank) return { ok: true, c, changed: false };
  if (c.shape.length === rank + 1 && c.shape[0] === 1) return { ok: true, c: { ...c, shape: c.shape.slice(1) }, changed: true };
  if (c.shape.length === rank + 1) return { ok: false, message: `the constant of shape ${fmtShape(c.shape)} varies along the batch axis` };
  return { ok: false, message: `the constant of shape ${fmtShape(c.shape)} has more axes than the activation (batch + ${rank})` };
}

/** Registers a per-sample constant operand: the ONNX one as is, or a reshaped copy. */
export function registerOperand(r: Reader, name: string, c: ConstTensor, changed: boolean): string {
  return changed ? r.newConst(name, c) : r.useConst(name, c);
}

/** ONNX auto_pad / pads resolved to explicit pads [begin..., end...] (Conv and Pool rules). */
export function resolvePads(
  autoPad: string,
  padsAttr: number[] | undefined,
  input: readonly number[],
  kernel: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
): number[] | string {
  const k = input.length;
  switch (autoPad) {
    case 'NOTSET':
    case '': {
      const pads = padsAttr ?? new Array(2 * k).fill(0);
      if (pads.length !== 2 * k) return `pads has ${pads.length} entries, ${2 * k} expected for ${k} spatial axes`;
      if (pads.some((p) => p < 0)) return `negative pads [${pads}] are not supported`;
      return pads;
    }
    case 'VALID':
      return new Array(2 * k).fill(0);
    case 'SAME_UPPER':
    case 'SAME_LOWER': {
      const begin: number[] = [];
      const end: number[] = [];
      for (let i = 0; i < k; i++) {
        const out = Math.ceil(input[i] / strides[i]);
        const total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - input[i]);
        const small = Math.floor(total / 2);
        begin.push(autoPad === 'SAME_UPPER' ? small : total - small);
        end.push(autoPad === 'SAME_UPPER' ? total - small : small);
      }
      return [...begin, ...end];
    }
    default:
      return `auto_pad '${autoPad}' is not an ONNX value`;
  }
}

/** A list attribute of spatial length k with a default, or a message. */
export function spatialList(node: NodeInfo, name: string, k: number, dflt: number): number[] | string {
  const v = node.attrs.ints(name);
  if (!v) return new Array(k).fill(dflt);
  if (v.length !== k) return `${name} [${v}] has ${v.length} entries, ${k} expected`;
  if (v.some((x) => !Number.isInteger(x) || x < 1)) return `${name} [${v}] must be positive integers`;
  return v;
}
