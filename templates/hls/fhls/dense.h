// fhls/dense.h -- Dense (ONNX Gemm, MatMul + Add): y[r][o] = sum_i x[r][i] * W[i][o] + b[o] along
// the last axis, for each of n_rows rows (1 unless the input has more than one axis).
// Semantics: src/ir/layers/dense.ts; the arithmetic is fhls::mac (fhls/mac.h), bit for bit.
//
// CONFIG: the MAC's (n_in, n_out, n_groups = 1, reuse_factor, block_factor, multiplier_limit,
// strategy, accum_t, weight_t, bias_t) and n_rows. Weights: W[n_in][n_out] row-major.
//
// Schedule (the cycle counts fhls reports; products take the multiplier latency of
// src/backends/vitis/estimate.ts, one adder level per cycle):
//   LATENCY   the whole layer is one pipelined function, II = reuse_factor; every product of
//             every row is written out and ALLOCATION keeps ceil(rows*n_in*n_out/reuse_factor)
//             multipliers. latency = (reuse_factor - 1) + multiplier latency + adder levels, where
//             a wrapping accumulator sums n_in + 1 terms as a tree (ceil(log2(n_in + 1)) levels)
//             and any other overflow mode as the chain the order demands (n_in levels).
//   RESOURCE  each row (all rows side by side) a loop of reuse_factor iterations at II=1 of
//             block_factor multipliers (the weights in a cyclic-reshaped array, one word per
//             iteration). latency = reuse_factor - 1 + multiplier latency + ceil(block_factor /
//             n_out) (the adds one output receives per iteration, chained).
// io_stream: a one-axis input is one stream element; dense_stream reads it, runs the layer and
// writes one element (latency + 1 cycle to read it). Inputs with more axes are buffered by the
// generated code (fhls::stream_to_array / array_to_stream) around fhls::dense.
#ifndef FHLS_DENSE_H
#define FHLS_DENSE_H

#include "common.h"
#include "mac.h"

namespace fhls {

template <class CONFIG, class T_in, class T_out>
void dense_latency(const T_in x[CONFIG::n_rows * CONFIG::n_in], T_out y[CONFIG::n_rows * CONFIG::n_out],
                   const typename CONFIG::weight_t w[CONFIG::n_in * CONFIG::n_out],
                   const typename CONFIG::bias_t b[CONFIG::n_out]) {
#pragma HLS PIPELINE II=CONFIG::reuse_factor
#pragma HLS ALLOCATION operation instances=mul limit=CONFIG::multiplier_limit
  for (unsigned r = 0; r < CONFIG::n_rows; r++) {
#pragma HLS UNROLL
    T_in xr[CONFIG::n_in];
    T_out yr[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable=xr complete
#pragma HLS ARRAY_PARTITION variable=yr complete
    for (unsigned i = 0; i < CONFIG::n_in; i++) {
#pragma HLS UNROLL
      xr[i] = x[r * CONFIG::n_in + i];
    }
    mac_latency<CONFIG, T_in, T_out>(xr, yr, w, b);
    for (unsigned o = 0; o < CONFIG::n_out; o++) {
#pragma HLS UNROLL
      y[r * CONFIG::n_out + o] = yr[o];
    }
  }
}

template <class CONFIG, class T_in, class T_out>
void dense_resource(const T_in x[CONFIG::n_rows * CONFIG::n_in], T_out y[CONFIG::n_rows * CONFIG::n_out],
                    const typename CONFIG::weight_t w[CONFIG::n_in * CONFIG::n_out],
                    const typename CONFIG::bias_t b[CONFIG::n_out]) {
  for (unsigned r = 0; r < CONFIG::n_rows; r++) {
#pragma HLS UNROLL
    T_in xr[CONFIG::n_in];
    T_out yr[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable=xr complete
#pragma HLS ARRAY_PARTITION variable=yr complete
    for (unsigned i = 0; i < CONFIG::n_in; i++) {
#pragma HLS UNROLL
      xr[i] = x[r * CONFIG::n_in + i];
    }
    mac_resource<CONFIG, T_in, T_out>(xr, yr, w, b);
    for (unsigned o = 0; o < CONFIG::n_out; o++) {
#pragma HLS UNROLL
      y[r * CONFIG::n_out + o] = yr[o];
    }
  }
}

// io_parallel: the strategy of CONFIG::strategy.
template <class CONFIG, class T_in, class T_out>
void dense(const T_in x[CONFIG::n_rows * CONFIG::n_in], T_out y[CONFIG::n_rows * CONFIG::n_out],
           const typename CONFIG::weight_t w[CONFIG::n_in * CONFIG::n_out],
           const typename CONFIG::bias_t b[CONFIG::n_out]) {
#pragma HLS INLINE
  if (CONFIG::strategy == RESOURCE)
    dense_resource<CONFIG, T_in, T_out>(x, y, w, b);
  else
    dense_latency<CONFIG, T_in, T_out>(x, y, w, b);
}

// io_stream, one-axis input: one stream element in (all n_in values), one out.
template <class CONFIG, class T_in, class T_out>
void dense_stream(hls::stream<array<T_in, CONFIG::n_in> >& x, hls::stream<array<T_out, CONFIG::n_out> >& y,
                  const typename CONFIG::weight_t w[CONFIG::n_in * CONFIG::n_out],
                  const typename CONFIG::bias_t b[CONFIG::n_out]) {
  const array<T_in, CONFIG::n_in> v = x.read();
  T_in xa[CONFIG::n_in];
  T_out ya[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable=xa complete
#pragma HLS ARRAY_PARTITION variable=ya complete
  for (unsigned i = 0; i < CONFIG::n_in; i++) {
#pragma HLS UNROLL
    xa[i] = v[i];
  }
  dense<CONFIG, T_in, T_out>(xa, ya, w, b);
  array<T_out, CONFIG::n_out> r;
  for (unsigned o = 0; o < CONFIG::n_out; o++) {
#pragma HLS UNROLL
    r[o] = ya[o];
  }
  y.write(r);
}

}  // namespace fhls

#endif  // FHLS_DENSE_H
