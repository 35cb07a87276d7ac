// fhls/da.h -- distributed arithmetic: Dense and Conv layers whose constant matrix product is a
// multiplier-free adder graph (strategy distributed_arithmetic). Semantics: src/ir/layers/dense.ts
// and conv.ts (the adder-graph path); the graph itself: src/passes/cmvm/adder-graph.ts.
//
// The arithmetic is generated per layer: CONFIG::kernel(x, y) maps one input vector to one output
// vector with one statement per adder of the graph, every node an ap_int/ap_uint of its exact
// width, then per output acc = convert(bias -> accum) +- (node << shift) on the raw accumulator
// and y = acc converted to the output type. Nothing is multiplied. This file only moves data in
// and out of the kernel.
//
// CONFIG (Dense): n_in, n_out, n_rows (1 unless the input has more than one axis) and the kernel
//   static void kernel(const T_in x[n_in], T_out y[n_out]).
// CONFIG (Conv): the window geometry (n_chan, in_height, in_width, filt_height, filt_width,
//   stride_height, stride_width, dilation_height, dilation_width, pad_top, pad_left, out_height,
//   out_width; 1-D layers have height 1), n_filt, and the kernel
//   static void kernel(const T_in win[n_chan * filt_height * filt_width], T_out y[n_filt])
//   whose input c * filt_height * filt_width + kh * filt_width + kw is the tap (kh, kw) of channel
//   c, 0 in the padding.
//
// Schedule (the cycle counts fhls reports): one adder level per cycle, plus one for the bias adds.
//   dense_da          every row at once; II = 1.
//   conv_da           io_parallel: every output position at once (one kernel instance each); II = 1.
//   conv_da_pipelined io_stream (on the buffered tensor): one kernel instance, one output position
//                     per cycle (PIPELINE II=1).
#ifndef FHLS_DA_H
#define FHLS_DA_H

#include "common.h"

namespace fhls {

template <class CONFIG, class T_in, class T_out>
void dense_da(const T_in x[CONFIG::n_rows * CONFIG::n_in], T_out y[CONFIG::n_rows * CONFIG::n_out]) {
#pragma HLS INLINE
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
    CONFIG::kernel(xr, yr);
    for (unsigned o = 0; o < CONFIG::n_out; o++) {
#pragma HLS UNROLL
      y[r * CONFIG::n_out + o] = yr[o];
    }
  }
}

// io_stream, one-axis input: the vector is one stream element.
template <class CONFIG, class V_in, class V_out>
void dense_da_stream(hls::stream<V_in>& x, hls::stream<V_out>& y) {
#pragma HLS PIPELINE II=1
  const V_in xv = x.read();
  typename V_in::value_type xr[CONFIG::n_in];
  typename V_out::value_type yr[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable=xr complete
#pragma HLS ARRAY_PARTITION variable=yr complete
  for (unsigned i = 0; i < CONFIG::n_in; i++) {
#pragma HLS UNROLL
    xr[i] = xv[i];
  }
  CONFIG::kernel(xr, yr);
  V_out yv;
  for (unsigned o = 0; o < CONFIG::n_out; o++) {
#pragma HLS UNROLL
    yv[o] = yr[o];
  }
  y.write(yv);
}

// The window of output position (oh, ow): tap (kh, kw) of channel c, 0 outside the input.
template <class CONFIG, class T_in>
void da_window(const T_in x[CONFIG::n_chan * CONFIG::in_height * CONFIG::in_width], unsigned oh, unsigned ow,
               T_in win[CONFIG::n_chan * CONFIG::filt_height * CONFIG::filt_width]) {
#pragma HLS INLINE
  for (unsigned c = 0; c < CONFIG::n_chan; c++) {
#pragma HLS UNROLL
    for (unsigned kh = 0; kh < CONFIG::filt_height; kh++) {
#pragma HLS UNROLL
      for (unsigned kw = 0; kw < CONFIG::filt_width; kw++) {
#pragma HLS UNROLL
        const int ih = int(oh * CONFIG::stride_height + kh * CONFIG::dilation_height) - int(CONFIG::pad_top);
        const int iw = int(ow * CONFIG::stride_width + kw * CONFIG::dilation_width) - int(CONFIG::pad_left);
        const bool inside = ih >= 0 && ih < int(CONFIG::in_height) && iw >= 0 && iw < int(CONFIG::in_width);
        const unsigned k = (c * CONFIG::filt_height + kh) * CONFIG::filt_width + kw;
        win[k] = inside ? x[(c * CONFIG::in_height + unsigned(ih)) * CONFIG::in_width + unsigned(iw)] : T_in(0);
      }
    }
  }
}

// One output position: its window through the kernel, the outputs to their places in y.
template <class CONFIG, class T_in, class T_out>
void conv_da_position(const T_in x[CONFIG::n_chan * CONFIG::in_height * CONFIG::in_width],
                      T_out y[CONFIG::n_filt * CONFIG::out_height * CONFIG::out_width], unsigned oh, unsigned ow) {
#pragma HLS INLINE
  T_in win[CONFIG::n_chan * CONFIG::filt_height * CONFIG::filt_width];
  T_out out[CONFIG::n_filt];
#pragma HLS ARRAY_PARTITION variable=win complete
#pragma HLS ARRAY_PARTITION variable=out complete
  da_window<CONFIG, T_in>(x, oh, ow, win);
  CONFIG::kernel(win, out);
  for (unsigned m = 0; m < CONFIG::n_filt; m++) {
#pragma HLS UNROLL
    y[(m * CONFIG::out_height + oh) * CONFIG::out_width + ow] = out[m];
  }
}

// io_parallel: every output position at once.
template <class CONFIG, class T_in, class T_out>
void conv_da(const T_in x[CONFIG::n_chan * CONFIG::in_height * CONFIG::in_width],
             T_out y[CONFIG::n_filt * CONFIG::out_height * CONFIG::out_width]) {
#pragma HLS INLINE
  for (unsigned oh = 0; oh < CONFIG::out_height; oh++) {
#pragma HLS UNROLL
    for (unsigned ow = 0; ow < CONFIG::out_width; ow++) {
#pragma HLS UNROLL
      conv_da_position<CONFIG, T_in, T_out>(x, y, oh, ow);
    }
  }
}

// One kernel instance, one output position per cycle (io_stream, on the buffered tensor).
template <class CONFIG, class T_in, class T_out>
void conv_da_pipelined(const T_in x[CONFIG::n_chan * CONFIG::in_height * CONFIG::in_width],
                       T_out y[CONFIG::n_filt * CONFIG::out_height * CONFIG::out_width]) {
  for (unsigned p = 0; p < CONFIG::out_height * CONFIG::out_width; p++) {
#pragma HLS PIPELINE II=1
    conv_da_position<CONFIG, T_in, T_out>(x, y, p / CONFIG::out_width, p % CONFIG::out_width);
  }
}

}  // namespace fhls

#endif  // FHLS_DA_H
