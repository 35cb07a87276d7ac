// fhls/pool.h -- max and average pooling, 1-D and 2-D, global or windowed, with pads, ceil mode and
// count_include_pad (ONNX MaxPool, AveragePool, GlobalMaxPool, GlobalAveragePool without the batch
// axis): x [n_chan][in_height][in_width] -> y [n_chan][out_height][out_width].
// Semantics: src/ir/layers/pool.ts, bit for bit.
//   max: the largest input of the window (the padding never wins), converted to the output type.
//   avg: s = the exact sum of the window's inputs (sum_t holds any window sum); n = the number of
//        taps inside the input, or with count_include_pad also those in the declared padding; the
//        exact rational s / n is assigned to the output type: its quantization mode rounds the
//        quotient, then its overflow mode applies. To hand ap_fixed exactly what it needs, the
//        quotient in units of the output LSB, floor q and remainder r, is written as 4q + f at two
//        more fraction bits (standin_t), f = 0, 1, 2, 3 for r = 0, below half, half, above half;
//        assigning that to the output type rounds and saturates exactly as the rational would
//        (src/ir/layers/ratio.ts does the same).
//
// CONFIG: the window geometry of fhls/window.h (filt_* is the pool kernel, dilations 1); op
// (POOL_MAX or POOL_AVG); count_include_pad; for avg: typedef sum_t, typedef int_t (a signed ap_int
// holding the shifted sum, the shifted count and 4q + 3), typedef standin_t, and shift = (input LSB
// exponent) - (output LSB exponent): quotient = (s_raw << shift) / n, or s_raw / (n << -shift).
//
// Schedule: no multipliers. io_parallel: every output at once; latency = ceil(log2 K) comparison or
// adder levels (K = the kernel size) + for avg the division (1 cycle when every count is a power of
// two, else one cycle per bit of int_t and 3 more). io_stream: the line-buffer schedule of
// fhls/window.h at II = 1: latency = n_iter + the same depth. A pool with a single output position
// (global pooling) keeps running maxima or sums instead of a line buffer: latency = in_height *
// in_width + depth.
#ifndef FHLS_POOL_H
#define FHLS_POOL_H

#include "common.h"
#include "window.h"

namespace fhls {

static const int POOL_MAX = 0;
static const int POOL_AVG = 1;

// The count an average divides by, along one axis and for the whole window.
template <class G>
inline unsigned count_rows(unsigned oh) {
#pragma HLS INLINE
  unsigned n = 0;
  for (unsigned kh = 0; kh < G::filt_height; kh++) {
#pragma HLS UNROLL
    const int ih = tap_row<G>(oh, kh);
    if (G::count_include_pad ? ih >= -int(G::pad_top) && ih < int(G::in_height + G::pad_bottom) : row_inside<G>(ih)) n++;
  }
  return n;
}

template <class G>
inline unsigned count_cols(unsigned ow) {
#pragma HLS INLINE
  unsigned n = 0;
  for (unsigned kw = 0; kw < G::filt_width; kw++) {
#pragma HLS UNROLL
    const int iw = tap_col<G>(ow, kw);
    if (G::count_include_pad ? iw >= -int(G::pad_left) && iw < int(G::in_width + G::pad_right) : col_inside<G>(iw)) n++;
  }
  return n;
}

template <class G>
inline unsigned window_count(unsigned oh, unsigned ow) {
#pragma HLS INLINE
  return count_rows<G>(oh) * count_cols<G>(ow);
}

// The exact rational s / n (n > 0) assigned to T_out (see the header comment).
template <class CONFIG, class T_out>
T_out average(const typename CONFIG::sum_t& s, unsigned n) {
#pragma HLS INLINE
  typedef typename CONFIG::int_t I;
  I num = raw_of(s);
  I den = n;
  if (CONFIG::shift >= 0)
    num <<= (CONFIG::shift >= 0 ? CONFIG::shift : 0);
  else
    den <<= (CONFIG::shift < 0 ? -CONFIG::shift : 0);
  I q = num / den;  // truncated toward zero
  I r = num - q * den;
  if (r < 0) {  // make q the floor
    q = q - 1;
    r = r + den;
  }
  const I twice = r + r;
  const unsigned f = r == 0 ? 0 : twice < den ? 1 : twice == den ? 2 : 3;
  const I standin = q * 4 + f;
  return T_out(from_raw<typename CONFIG::standin_t>(standin));
}

// The reduction of each op: its running value, one step, the result.
template <int OP>
struct pool_op;

template <>
struct pool_op<POOL_MAX> {
  template <class CONFIG, class T_in>
  struct acc {
    typedef T_in type;
  };
  template <class A, class T_in>
  static void add(A& a, const T_in& v, bool first) {
#pragma HLS INLINE
    if (first || a < v) a = v;
  }
  template <class CONFIG, class T_out, class A>
  static T_out result(const A& a, unsigned, unsigned) {
#pragma HLS INLINE
    return T_out(a);
  }
};

template <>
struct pool_op<POOL_AVG> {
  template <class CONFIG, class T_in>
  struct acc {
    typedef typename CONFIG::sum_t type;
  };
  template <class A, class T_in>
  static void add(A& a, const T_in& v, bool) {
#pragma HLS INLINE
    a += v;  // exact: sum_t holds every window sum
  }
  template <class CONFIG, class T_out, class A>
  static T_out result(const A& a, unsigned oh, unsigned ow) {
#pragma HLS INLINE
    return average<CONFIG, T_out>(a, window_count<CONFIG>(oh, ow));
  }
};

// Channel c of window (oh, ow), given the gathered window win[c][k] and which taps are inside.
template <class CONFIG, class T_in, class T_out>
T_out pool_window(const T_in win[CONFIG::n_chan * CONFIG::filt_height * CONFIG::filt_width], unsigned c,
                  const bool inside[CONFIG::filt_height * CONFIG::filt_width], unsigned oh, unsigned ow) {
#pragma HLS INLINE
  typedef pool_op<CONFIG::op> op;
  const unsigned K = CONFIG::filt_height * CONFIG::filt_width;
  typename op::template acc<CONFIG, T_in>::type a = 0;
  bool first = true;
  for (unsigned k = 0; k < K; k++) {
#pragma HLS UNROLL
    if (inside[k]) {
      op::add(a, win[c * K + k], first);
      first = false;
    }
  }
  return op::template result<CONFIG, T_out>(a, oh, ow);
}

// io_parallel: every output at once.
template <class CONFIG, class T_in, class T_out>
void pool(const T_in x[CONFIG::n_chan * CONFIG::in_height * CONFIG::in_width],
          T_out y[CONFIG::n_chan * CONFIG::out_height * CONFIG::out_width]) {
#pragma HLS INLINE
  for (unsigned oh = 0; oh < CONFIG::out_height; oh++) {
#pragma HLS UNROLL
    for (unsigned ow = 0; ow < CONFIG::out_width; ow++) {
#pragma HLS UNROLL
      T_in win[CONFIG::n_chan * CONFIG::filt_height * CONFIG::filt_width];
      bool inside[CONFIG::filt_height * CONFIG::filt_width];
#pragma HLS ARRAY_PARTITION variable=win complete
#pragma HLS ARRAY_PARTITION variable=inside complete
      gather_window<CONFIG, T_in>(x, oh, ow, win);
      window_inside<CONFIG>(oh, ow, inside);
      for (unsigned c = 0; c < CONFIG::n_chan; c++) {
#pragma HLS UNROLL
        y[(c * CONFIG::out_height + oh) * CONFIG::out_width + ow] = pool_window<CONFIG, T_in, T_out>(win, c, inside, oh, ow);
      }
    }
  }
}

// io_stream: the line-buffer schedule of fhls/window.h, one output position per ready window.
template <class CONFIG, class T_in, class T_out>
void pool_stream(hls::stream<array<T_in, CONFIG::n_chan> >& x, hls::stream<array<T_out, CONFIG::n_chan> >& y) {
  T_in buf[CONFIG::buf_rows][CONFIG::buf_cols][CONFIG::n_chan];
#pragma HLS ARRAY_PARTITION variable=buf complete dim=1
#pragma HLS ARRAY_PARTITION variable=buf cyclic factor=CONFIG::buf_col_banks dim=2
#pragma HLS ARRAY_PARTITION variable=buf complete dim=3
  window_state s;
  window_start(s);
  for (unsigned it = 0; it < CONFIG::n_iter; it++) {
#pragma HLS PIPELINE II=1
    if (!window_step<CONFIG, T_in>(x, buf, s)) continue;
    T_in win[CONFIG::n_chan * CONFIG::filt_height * CONFIG::filt_width];
    bool inside[CONFIG::filt_height * CONFIG::filt_width];
#pragma HLS ARRAY_PARTITION variable=win complete
#pragma HLS ARRAY_PARTITION variable=inside complete
    gather_buffer<CONFIG, T_in>(buf, s.oh, s.ow, win);
    window_inside<CONFIG>(s.oh, s.ow, inside);
    array<T_out, CONFIG::n_chan> r;
    for (unsigned c = 0; c < CONFIG::n_chan; c++) {
#pragma HLS UNROLL
      r[c] = pool_window<CONFIG, T_in, T_out>(win, c, inside, s.oh, s.ow);
    }
    y.write(r);
    window_next<CONFIG>(s);
  }
}

// Whether input position (ih, iw) is a tap of the single window (0, 0).
template <class G>
inline bool in_first_window(unsigned ih, unsigned iw) {
#pragma HLS INLINE
  const unsigned rh = ih + G::pad_top;
  const unsigned rw = iw + G::pad_left;
  return rh % G::dilation_height == 0 && rh / G::dilation_height < G::filt_height && rw % G::dilation_width == 0 &&
         rw / G::dilation_width < G::filt_width;
}

// io_stream, a single output position (global pooling): running maxima or sums, no line buffer.
template <class CONFIG, class T_in, class T_out>
void pool_single_stream(hls::stream<array<T_in, CONFIG::n_chan> >& x, hls::stream<array<T_out, CONFIG::n_chan> >& y) {
  typedef pool_op<CONFIG::op> op;
  typename op::template acc<CONFIG, T_in>::type a[CONFIG::n_chan];
#pragma HLS ARRAY_PARTITION variable=a complete
  for (unsigned c = 0; c < CONFIG::n_chan; c++) {
#pragma HLS UNROLL
    a[c] = 0;
  }
  bool first = true;
  unsigned ih = 0, iw = 0;
  for (unsigned t = 0; t < CONFIG::in_height * CONFIG::in_width; t++) {
#pragma HLS PIPELINE II=1
    const array<T_in, CONFIG::n_chan> v = x.read();
    if (in_first_window<CONFIG>(ih, iw)) {
      for (unsigned c = 0; c < CONFIG::n_chan; c++) {
#pragma HLS UNROLL
        op::add(a[c], v[c], first);
      }
      first = false;
    }
    if (++iw == CONFIG::in_width) {
      iw = 0;
      ih++;
    }
  }
  array<T_out, CONFIG::n_chan> r;
  for (unsigned c = 0; c < CONFIG::n_chan; c++) {
#pragma HLS UNROLL
    r[c] = op::template result<CONFIG, T_out>(a[c], 0, 0);
  }
  y.write(r);
}

}  // namespace fhls

#endif  // FHLS_POOL_H
