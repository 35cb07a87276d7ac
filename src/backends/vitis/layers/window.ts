// Sliding-window geometry for the Conv and Pool emitters (templates/hls/fhls/window.h): the config
// members the C++ reads, and the io_stream read/compute schedule, simulated here with exactly the
// rule the C++ loop follows so that its trip count (n_iter) and the cycle estimate are exact.

import type { Member } from '../cpp.js';

/** A 1-D or 2-D window over [C, H, W] (1-D: H = 1), with the output grid. */
export interface Geometry {
  C: number;
  H: number;
  W: number;
  FH: number;
  FW: number;
  SH: number;
  SW: number;
  DH: number;
  DW: number;
  PT: number;
  PL: number;
  PB: number;
  PR: number;
  OH: number;
  OW: number;
}

/**
 * The geometry of a window over x = [C, spatial...] (1 or 2 spatial axes) producing the spatial
 * output `out`; pads = [begin..., end...]. Throws for other ranks.
 */
export function geometryOf(
  x: readonly number[],
  kernel: readonly number[],
  strides: readonly number[],
  pads: readonly number[],
  dilations: readonly number[],
  out: readonly number[],
  what: string,
): Geometry {
  const r = x.length - 1;
  if (r === 1)
    return { C: x[0], H: 1, W: x[1], FH: 1, FW: kernel[0], SH: 1, SW: strides[0], DH: 1, DW: dilations[0], PT: 0, PL: pads[0], PB: 0, PR: pads[1], OH: 1, OW: out[0] };
  if (r === 2)
    return {
      C: x[0],
      H: x[1],
      W: x[2],
      FH: kernel[0],
      FW: kernel[1],
      SH: strides[0],
      SW: strides[1],
      DH: dilations[0],
      DW: dilations[1],
      PT: pads[0],
      PL: pads[1],
      PB: pads[2],
      PR: pads[3],
      OH: out[0],
      OW: out[1],
    };
  throw new Error(`${what} over ${r} spatial axes (input [${x.join(', ')}]): the Vitis backend supports 1-D and 2-D windows`);
}

/** The config members every window layer has (names as window.h reads them). */
export function geometryMembers(g: Geometry): Member[] {
  return [
    { const: 'n_chan', value: g.C },
    { const: 'in_height', value: g.H },
    { const: 'in_width', value: g.W },
    { const: 'filt_height', value: g.FH },
    { const: 'filt_width', value: g.FW },
    { const: 'stride_height', value: g.SH },
    { const: 'stride_width', value: g.SW },
    { const: 'dilation_height', value: g.DH },
    { const: 'dilation_width', value: g.DW },
    { const: 'pad_top', value: g.PT },
    { const: 'pad_left', value: g.PL },
    { const: 'pad_bottom', value: g.PB },
    { const: 'pad_right', value: g.PR },
    { const: 'out_height', value: g.OH },
    { const: 'out_width', value: g.OW },
  ];
}

/** The last input position inside the window along one axis, or −1 (window.h: last_row/last_col). */
function lastInside(o: number, k: number, stride: number, pad: number, dilation: number, length: number): number {
  let last = -1;
  for (let t = 0; t < k; t++) {
    const pos = o * stride - pad + t * dilation;
    if (pos >= 0 && pos < length) last = pos;
  }
  return last;
}

/** The stream index of the last input window (oh, ow) needs, −1 for none (window.h: window_ready). */
export function windowReady(g: Geometry, oh: number, ow: number): number {
  const r = lastInside(oh, g.FH, g.SH, g.PT, g.DH, g.H);
  const c = lastInside(ow, g.FW, g.SW, g.PL, g.DW, g.W);
  return r < 0 || c < 0 ? -1 : r * g.W + c;
}

/** One iteration of the io_stream loop: whether it reads an input position and computes an output. */
export interface Step {
  read: boolean;
  compute: boolean;
}

/**
 * The io_stream schedule (window.h: window_step): each iteration reads the next input position
 * unless the next output is ready, then computes the next output if it is ready.
 */
export function streamSchedule(g: Geometry): Step[] {
  const nIn = g.H * g.W;
  const nOut = g.OH * g.OW;
  const ready = (o: number) => o < nOut && windowReady(g, Math.floor(o / g.OW), o % g.OW) < t;
  const steps: Step[] = [];
  let t = 0;
  let o = 0;
  while (o < nOut || t < nIn) {
    let compute = ready(o);
    let read = false;
    if (!compute && t < nIn) {
      t++;
      read = true;
      compute = ready(o);
    }
    if (!read && !compute) throw new Error('window schedule: no progress (an output needs an input beyond the tensor)');
    if (compute) o++;
    steps.push({ read, compute });
  }
  return steps;
}

/** The line buffer of the io_stream schedule: rows, columns (circular) and column banks. */
export function lineBuffer(g: Geometry): { rows: number; cols: number; banks: number } {
  const spanH = (g.FH - 1) * g.DH + 1;
  const spanW = (g.FW - 1) * g.DW + 1;
  const rows = Math.min(g.H, spanH);
  const cols = g.H === 1 ? Math.min(g.W, spanW) : g.W;
  return { rows, cols, banks: Math.min(cols, spanW) };
}

/** The io_stream members: line buffer shape and the loop's trip count. */
export function streamMembers(g: Geometry, steps: readonly Step[]): Member[] {
  const b = lineBuffer(g);
  return [
    { const: 'buf_rows', value: b.rows, comment: 'line buffer: rows kept (circular)' },
    { const: 'buf_cols', value: b.cols, comment: 'line buffer: columns kept (circular)' },
    { const: 'buf_col_banks', value: b.banks, comment: 'line buffer: column banks (cyclic partition)' },
    { const: 'n_iter', value: steps.length, comment: `loop iterations: ${g.H * g.W} reads, ${g.OH * g.OW} outputs` },
  ];
}

/** ceil(log2 n) for n ≥ 1. */
export function ceilLog2(n: number): number {
  let b = 0;
  while (2 ** b < n) b++;
  return b;
}
