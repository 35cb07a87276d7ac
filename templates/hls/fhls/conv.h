// fhls/conv.h -- Conv1D / Conv2D, grouped and depthwise (ONNX Conv without the batch axis):
// x [n_chan][in_height][in_width] -> y [n_filt][out_height][out_width] (1-D: height 1).
// Semantics: src/ir/layers/conv.ts. Each output (m, oh, ow) is the MAC of fhls/mac.h over its
// window: acc = b[m], then for c over the group's channels, for each kernel tap row-major, the
// product of the input (0 in the padding: it leaves acc unchanged, as the emulator's skipping
// does) and the weight; every output is bit-exact with the emulator.
//
// CONFIG: the window geometry of fhls/window.h; typedef mac (the MAC config: n_in =
// chan_per_group * filt_height * filt_width, n_out = n_filt, n_groups = the conv's groups, …);
// multiplier_limit (io_parallel, Latency: ceil(products of the whole layer / reuse_factor)).
// Weights: W[m][c][kh][kw] rearranged in-major, [c][kh][kw][m] (see mac.h).
//
// The ReuseFactor divides the n_filt * chan_per_group * filt_height * filt_width products of one
// output position.
// io_parallel: every output position at once (the window gather is wiring; taps in the padding
//   multiply a constant 0 and vanish). LATENCY: one pipelined function, II = reuse_factor, the
//   products of the whole layer on multiplier_limit multipliers; latency = reuse_factor - 1 +
//   multiplier latency + adder levels (as Dense, over n_in terms). RESOURCE: each position a MAC
//   loop of reuse_factor iterations (block_factor multipliers each); latency = reuse_factor - 1 +
//   multiplier latency + ceil(block_factor / n_filt).
// io_stream: one output position at a time from a line buffer (fhls/window.h), n_iter loop
//   iterations. LATENCY: the loop is pipelined with II = reuse_factor on mac::multiplier_limit
//   multipliers: latency = n_iter * reuse_factor + multiplier latency + adder levels. RESOURCE:
//   the loop is not pipelined and each output runs the MAC's reuse_factor-iteration loop: an
//   iteration costs 1 cycle per read plus, when it computes, reuse_factor + multiplier latency +
//   ceil(block_factor / n_filt) (fhls adds these up per iteration).
#ifndef FHLS_CONV_H
#define FHLS_CONV_H

#include "common.h"
#include "mac.h"
#include "window.h"

namespace fhls {

// io_parallel, Latency strategy.
template <class CONFIG, class T_in, class T_out>
void conv_latency(const T_in x[CONFIG::n_chan * CONFIG::in_height * CONFIG::in_width],
                  T_out y[CONFIG::n_filt * CONFIG::out_height * CONFIG::out_width],
                  const typename CONFIG::mac::weight_t w[CONFIG::mac::n_in * CONFIG::n_filt],
                  const typename CONFIG::mac::bias_t b[CONFIG::n_filt]) {
#pragma HLS PIPELINE II=CONFIG::mac::reuse_factor
#pragma HLS ALLOCATION operation instances=mul limit=CONFIG::multiplier_limit
  for (unsigned oh = 0; oh < CONFIG::out_height; oh++) {
#pragma HLS UNROLL
    for (unsigned ow = 0; ow < CONFIG::out_width; ow++) {
#pragma HLS UNROLL
      T_in win[CONFIG::n_chan * CONFIG::filt_height * CONFIG::filt_width];
      T_out out[CONFIG::n_filt];
#pragma HLS ARRAY_PARTITION variable=win complete
#pragma HLS ARRAY_PARTITION variable=out complete
      gather_window<CONFIG, T_in>(x, oh, ow, win);
      mac_latency<typename CONFIG::mac, T_in, T_out>(win, out, w, b);
      for (unsigned m = 0; m < CONFIG::n_filt; m++) {
#pragma HLS UNROLL
        y[(m * CONFIG::out_height + oh) * CONFIG::out_width + ow] = out[m];
      }
    }
  }
}

// io_parallel, Resource strategy.
template <class CONFIG, class T_in, class T_out>
void conv_resource(const T_in x[CONFIG::n_chan * CONFIG::in_height * CONFIG::in_width],
                   T_out y[CONFIG::n_filt * CONFIG::out_height * CONFIG::out_width],
                   const typename CONFIG::mac::weight_t w[CONFIG::mac::n_in * CONFIG::n_filt],
                   const typename CONFIG::mac::bias_t b[CONFIG::n_filt]) {
  for (unsigned oh = 0; oh < CONFIG::out_height; oh++) {
#pragma HLS UNROLL
    for (unsigned ow = 0; ow < CONFIG::out_width; ow++) {
#pragma HLS UNROLL
      T_in win[CONFIG::n_chan * CONFIG::filt_height * CONFIG::filt_width];
      T_out out[CONFIG::n_filt];
#pragma HLS ARRAY_PARTITION variable=win complete
#pragma HLS ARRAY_PARTITION variable=out complete
      gather_window<CONFIG, T_in>(x, oh, ow, win);
      mac_resource<typename CONFIG::mac, T_in, T_out>(win, out, w, b);
      for (unsigned m = 0; m < CONFIG::n_filt; m++) {
#pragma HLS UNROLL
        y[(m * CONFIG::out_height + oh) * CONFIG::out_width + ow] = out[m];
      }
    }
  }
}

// io_parallel: the strategy of CONFIG::mac::strategy.
template <class CONFIG, class T_in, class T_out>
void conv(const T_in x[CONFIG::n_chan * CONFIG::in_height * CONFIG::in_width],
          T_out y[CONFIG::n_filt * CONFIG::out_height * CONFIG::out_width],
          const typename CONFIG::mac::weight_t w[CONFIG::mac::n_in * CONFIG::n_filt],
          const typename CONFIG::mac::bias_t b[CONFIG::n_filt]) {
#pragma HLS INLINE
  if (CONFIG::mac::strategy == RESOURCE)
    conv_resource<CONFIG, T_in, T_out>(x, y, w, b);
  else
    conv_latency<CONFIG, T_in, T_out>(x, y, w, b);
}

// io_stream: the body of one scheduler iteration (read an input, maybe compute an output).
template <class CONFIG, class T_in, class T_out>
void conv_stream_step(hls::stream<array<T_in, CONFIG::n_chan> >& x, hls::stream<array<T_out, CONFIG::n_filt> >& y,
                      T_in buf[CONFIG::buf_rows][CONFIG::buf_cols][CONFIG::n_chan], window_state& s,
                      const typename CONFIG::mac::weight_t w[CONFIG::mac::n_in * CONFIG::n_filt],
                      const typename CONFIG::mac::bias_t b[CONFIG::n_filt]) {
#pragma HLS INLINE
  if (!window_step<CONFIG, T_in>(x, buf, s)) return;
  T_in win[CONFIG::n_chan * CONFIG::filt_height * CONFIG::filt_width];
  T_out out[CONFIG::n_filt];
#pragma HLS ARRAY_PARTITION variable=win complete
#pragma HLS ARRAY_PARTITION variable=out complete
  gather_buffer<CONFIG, T_in>(buf, s.oh, s.ow, win);
  mac<typename CONFIG::mac, T_in, T_out>(win, out, w, b);
  array<T_out, CONFIG::n_filt> r;
  for (unsigned m = 0; m < CONFIG::n_filt; m++) {
#pragma HLS UNROLL
    r[m] = out[m];
  }
  y.write(r);
  window_next<CONFIG>(s);
}

// io_stream, Latency strategy: the scheduler loop pipelined at II = reuse_factor.
template <class CONFIG, class T_in, class T_out>
void conv_stream_latency(hls::stream<array<T_in, CONFIG::n_chan> >& x, hls::stream<array<T_out, CONFIG::n_filt> >& y,
                         const typename CONFIG::mac::weight_t w[CONFIG::mac::n_in * CONFIG::n_filt],
                         const typename CONFIG::mac::bias_t b[CONFIG::n_filt]) {
#pragma HLS ALLOCATION operation instances=mul limit=CONFIG::mac::multiplier_limit
  T_in buf[CONFIG::buf_rows][CONFIG::buf_cols][CONFIG::n_chan];
#pragma HLS ARRAY_PARTITION variable=buf complete dim=1
#pragma HLS ARRAY_PARTITION variable=buf cyclic factor=CONFIG::buf_col_banks dim=2
#pragma HLS ARRAY_PARTITION variable=buf complete dim=3
  window_state s;
  window_start(s);
  for (unsigned it = 0; it < CONFIG::n_iter; it++) {
#pragma HLS PIPELINE II=CONFIG::mac::reuse_factor
    conv_stream_step<CONFIG, T_in, T_out>(x, y, buf, s, w, b);
  }
}

// io_stream, Resource strategy: each output runs the MAC's own pipelined loop.
template <class CONFIG, class T_in, class T_out>
void conv_stream_resource(hls::stream<array<T_in, CONFIG::n_chan> >& x, hls::stream<array<T_out, CONFIG::n_filt> >& y,
                          const typename CONFIG::mac::weight_t w[CONFIG::mac::n_in * CONFIG::n_filt],
                          const typename CONFIG::mac::bias_t b[CONFIG::n_filt]) {
  T_in buf[CONFIG::buf_rows][CONFIG::buf_cols][CONFIG::n_chan];
#pragma HLS ARRAY_PARTITION variable=buf complete dim=1
#pragma HLS ARRAY_PARTITION variable=buf cyclic factor=CONFIG::buf_col_banks dim=2
#pragma HLS ARRAY_PARTITION variable=buf complete dim=3
  window_state s;
  window_start(s);
  for (unsigned it = 0; it < CONFIG::n_iter; it++) {
    conv_stream_step<CONFIG, T_in, T_out>(x, y, buf, s, w, b);
  }
}

// io_stream: the strategy of CONFIG::mac::strategy.
template <class CONFIG, class T_in, class T_out>
void conv_stream(hls::stream<array<T_in, CONFIG::n_chan> >& x, hls::stream<array<T_out, CONFIG::n_filt> >& y,
                 const typename CONFIG::mac::weight_t w[CONFIG::mac::n_in * CONFIG::n_filt],
                 const typename CONFIG::mac::bias_t b[CONFIG::n_filt]) {
#pragma HLS INLINE
  if (CONFIG::mac::strategy == RESOURCE)
    conv_stream_resource<CONFIG, T_in, T_out>(x, y, w, b);
  else
    conv_stream_latency<CONFIG, T_in, T_out>(x, y, w, b);
}

}  // namespace fhls

#endif  // FHLS_CONV_H
