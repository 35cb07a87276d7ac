// Sliding-window index arithmetic shared by Conv and Pool (ONNX conventions, per-sample frame).
//
// For one spatial axis of input length L, kernel k, stride s, dilation d and pads (b, e):
//   floor mode: out = floor((L + b + e − d·(k−1) − 1) / s) + 1
//   ceil mode:  out = ceil(…) + 1, minus one when the last window would start at or beyond
//               L + b (in the end padding only) — the rule PyTorch and onnxruntime apply.
// Window o covers padded positions o·s − b + t·d for t = 0..k−1. A window is listed as the
// (input position, kernel position) pairs that fall inside the input, in row-major kernel
// order; positions in the padding are left out (convolution: they contribute zeros; max pool:
// −inf never wins; average pool: they only count in the divisor, see `padded`).

export interface WindowSpec {
  /** input spatial shape */
  input: number[];
  kernel: number[];
  strides: number[];
  /** [begin..., end...] */
  pads: number[];
  dilations: number[];
  ceilMode: boolean;
}

/** Output length of one axis, or a non-positive number when the window does not fit. */
export function outputLength(
  length: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = length + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0) return 0;
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceilMode && (out - 1) * stride >= length + padBegin) out -= 1;
  return out;
}

export function outputShape(w: WindowSpec): number[] {
  const n = w.input.length;
  return w.input.map((len, a) =>
    outputLength(len, w.kernel[a], w.strides[a], w.pads[a], w.pads[a + n], w.dilations[a], w.ceilMode),
  );
}

/**
 * Every window of a spatial grid, in compressed form: window p (output positions row-major)
 * covers pairs start[p] .. start[p+1]−1 of `inputIndex` (flat input spatial index) and
 * `kernelIndex` (flat kernel index, row-major). `padded[p]` counts the kernel positions that fall
 * in the declared padding (not beyond it: in ceil mode a window may overhang the padded input,
 * and those positions count nowhere, as in ONNX/PyTorch average pooling).
 */
export interface WindowTable {
  outShape: number[];
  kernelSize: number;
  start: Int32Array;
  inputIndex: Int32Array;
  kernelIndex: Int32Array;
  padded: Int32Array;
}

export function windowTable(w: WindowSpec): WindowTable {
  const rank = w.input.length;
  const outShape = outputShape(w);
  const nOut = outShape.reduce((a, b) => a * b, 1);
  const kernelSize = w.kernel.reduce((a, b) => a * b, 1);
  const start = new Int32Array(nOut + 1);
  const inputIndex: number[] = [];
  const kernelIndex: number[] = [];
  const padded = new Int32Array(nOut);
  const o = new Array<number>(rank).fill(0);
  const t = new Array<number>(rank).fill(0);
  for (let p = 0; p < nOut; p++) {
    start[p] = inputIndex.length;
    // decompose p into output coordinates
    let rest = p;
    for (let a = rank - 1; a >= 0; a--) {
      o[a] = rest % outShape[a];
      rest = Math.floor(rest / outShape[a]);
    }
    let nPadded = 0;
    for (let k = 0; k < kernelSize; k++) {
      let restK = k;
      for (let a = rank - 1; a >= 0; a--) {
        t[a] = restK % w.kernel[a];
        restK = Math.floor(restK / w.kernel[a]);
      }
      let inside = true;
      let inPadding = true;
      let flat = 0;
      for (let a = 0; a < rank; a++) {
        const pos = o[a] * w.strides[a] - w.pads[a] + t[a] * w.dilations[a];
        if (pos < 0 || pos >= w.input[a]) inside = false;
        if (pos < -w.pads[a] || pos >= w.input[a] + w.pads[a + rank]) inPadding = false;
        flat = flat * w.input[a] + pos;
      }
      if (inside) {
        inputIndex.push(flat);
        kernelIndex.push(k);
      } else if (inPadding) {
        nPadded++;
      }
    }
    padded[p] = nPadded;
  }
  start[nOut] = inputIndex.length;
  return {
    outShape,
    kernelSize,
    start,
    inputIndex: Int32Array.from(inputIndex),
    kernelIndex: Int32Array.from(kernelIndex),
    padded,
  };
}
