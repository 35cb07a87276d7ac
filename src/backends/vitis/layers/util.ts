// Helpers the emitters share: the io_stream buffering pattern, and a few common estimates.

import type { EmitContext, TensorRef } from '../emitter.js';

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** `fhls::stream_to_array<T, C, P>(stream, buf)` for a tensor, into a fresh local array. */
export function bufferIn(ctx: EmitContext, ref: TensorRef): { name: string; lines: string[] } {
  const name = ctx.ident(`${ref.name}_buf`);
  return {
    name,
    lines: [
      `${ref.type} ${name}[${ref.size}];`,
      `fhls::stream_to_array<${ref.type}, ${ref.channels}, ${ref.positions}>(${ref.name}, ${name});`,
    ],
  };
}

/** A local array for an output computed whole, and the call that streams it out afterwards. */
export function bufferOut(ctx: EmitContext, ref: TensorRef): { name: string; declare: string[]; flush: string[] } {
  const name = ctx.ident(`${ref.name}_buf`);
  return {
    name,
    declare: [`${ref.type} ${name}[${ref.size}];`],
    flush: [`fhls::array_to_stream<${ref.type}, ${ref.channels}, ${ref.positions}>(${name}, ${ref.name});`],
  };
}

/**
 * A whole-tensor (io_parallel) call run in io_stream: inputs buffered into arrays, the call, the
 * outputs streamed out. `call(inputs, outputs)` gets the array names.
 */
export function buffered(
  ctx: EmitContext,
  inputs: readonly TensorRef[],
  outputs: readonly TensorRef[],
  call: (inputs: string[], outputs: string[]) => string[],
): string[] {
  const ins = inputs.map((r) => bufferIn(ctx, r));
  const outs = outputs.map((r) => bufferOut(ctx, r));
  return [
    ...ins.flatMap((b) => b.lines),
    ...outs.flatMap((b) => b.declare),
    ...call(
      ins.map((b) => b.name),
      outs.map((b) => b.name),
    ),
    ...outs.flatMap((b) => b.flush),
  ];
}

/**
 * Latency of the buffered io_stream pattern: read every input position, the whole-tensor
 * function's own latency, then write every output position (one position per cycle each).
 */
export function bufferedLatency(inputs: readonly TensorRef[], outputs: readonly TensorRef[], inner: number): number {
  return Math.max(0, ...inputs.map((r) => r.positions)) + inner + Math.max(0, ...outputs.map((r) => r.positions));
}

/** Whether two shapes are the same. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
