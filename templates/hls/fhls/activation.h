// fhls/activation.h -- element-wise activation functions (ONNX Relu, LeakyRelu, PRelu, Elu, Selu,
// ThresholdedRelu, Sigmoid, HardSigmoid, HardSwish, Tanh, Softplus, Softsign, Clip), bit for bit
// as src/ir/layers/activation.ts specifies them.
//
// Every function computes an exact value and assigns it to the output type once: that assignment
// (the output's own quantization and overflow modes) is the only rounding. Products such as
// x * alpha are ap_fixed's full-precision products; constants (alpha(), gamma(), ...) have the
// exact type of the model's float constant.
//
//   relu              x > 0 ? x : 0
//   leaky_relu        x < 0 ? x * alpha : x
//   prelu             x < 0 ? x * slope[s(i)] : x     slopes are a weight array; s(i) broadcasts
//   thresholded_relu  x > alpha ? x : 0
//   clip              min(max(x, lo), hi) with lo, hi on the input grid (bound_t holds them)
//   hard_sigmoid      clamp(x * alpha + beta, 0, 1)   (value_t holds every value and 0, 1)
//   hard_swish        x <= -3 ? 0 : x >= 3 ? x : x (x + 3) / 6, the ratio rounded exactly
//   sigmoid, tanh, softsign     table[idx(x)]
//   elu               x < 0 ? table[idx(x)] : x
//   selu              x < 0 ? table[idx(x)] : x * gamma
//   softplus          x beyond the table's range ? x : table[idx(x)]
// Tables and their index: fhls/table.h.
//
// CONFIG (parameters.h): n (elements), typedef fn (one of the structs below), the function's
// constants, and for the element index of prelu: rank, out_dim(k), slope_stride(k) (0 where the
// slope broadcasts), by_channel (in io_stream the slope depends on the channel only).
// Tables and slopes are passed as arrays (firmware/weights); functions without one take none.
#ifndef FHLS_ACTIVATION_H
#define FHLS_ACTIVATION_H

#include "common.h"
#include "rounding.h"
#include "table.h"

namespace fhls {

// ------------------------------------------------------------------------------------------------
// Functions without a constant array: apply<CONFIG, T_out>(x).

struct act_relu {
  template <class CONFIG, class T_out, class T_in>
  static T_out apply(const T_in& x) {
#pragma HLS INLINE
    return x > 0 ? T_out(x) : T_out(0);
  }
};

struct act_leaky_relu {
  template <class CONFIG, class T_out, class T_in>
  static T_out apply(const T_in& x) {
#pragma HLS INLINE
    return x < 0 ? T_out(x * CONFIG::alpha()) : T_out(x);
  }
};

struct act_thresholded_relu {
  template <class CONFIG, class T_out, class T_in>
  static T_out apply(const T_in& x) {
#pragma HLS INLINE
    return x > CONFIG::alpha() ? T_out(x) : T_out(0);
  }
};

// A missing bound is no bound (has_lo / has_hi false; lo() / hi() are then unused).
struct act_clip {
  template <class CONFIG, class T_out, class T_in>
  static T_out apply(const T_in& x) {
#pragma HLS INLINE
    typename CONFIG::bound_t v = x;
    if (CONFIG::has_lo && v < CONFIG::lo()) v = CONFIG::lo();
    if (CONFIG::has_hi && v > CONFIG::hi()) v = CONFIG::hi();
    return T_out(v);
  }
};

struct act_hard_sigmoid {
  template <class CONFIG, class T_out, class T_in>
  static T_out apply(const T_in& x) {
#pragma HLS INLINE
    typename CONFIG::value_t v = x * CONFIG::alpha() + CONFIG::beta();
    if (v < 0) v = 0;
    else if (v > 1) v = 1;
    return T_out(v);
  }
};

// On the grid 2^e' (e' = min(e, 0), r' = r << up, K = 3 on that grid): r' <= -K gives 0, r' >= K
// gives x, otherwise the exact ratio r'(r' + K) / 6 at 2^(2e') is rounded into T_out: the quotient
// in units of T_out's LSB is rounded with T_out's quantization mode (round_mode), then held
// exactly by wide_t (T_out's LSB) and assigned, so T_out's overflow mode applies.
// CONFIG: typedef int_t, mul_t (holds r' and r' + K where they are multiplied), wide_t; up, k(),
// shift (2e' - lsb(T_out): num << shift, or den << -shift), round_mode.
struct act_hard_swish {
  template <class CONFIG, class T_out, class T_in>
  static T_out apply(const T_in& x) {
#pragma HLS INLINE
    typedef typename CONFIG::int_t I;
    typedef typename CONFIG::mul_t M;
    I r = raw_of(x);
    r <<= CONFIG::up;
    if (r <= -CONFIG::k()) return T_out(0);
    if (r >= CONFIG::k()) return T_out(x);
    const M a = r;
    const M b = r + CONFIG::k();
    I num = a * b;
    I den = 6;
    if (CONFIG::shift >= 0)
      num <<= (CONFIG::shift >= 0 ? CONFIG::shift : 0);
    else
      den <<= (CONFIG::shift < 0 ? -CONFIG::shift : 0);
    const I q = round_ratio<CONFIG::round_mode>(num, den);
    return T_out(from_raw<typename CONFIG::wide_t>(q));
  }
};

// ------------------------------------------------------------------------------------------------
// Functions with a constant array w: apply<CONFIG, T_out>(x, w, i), i the element's flat index.

struct act_table {  // sigmoid, tanh, softsign
  template <class CONFIG, class T_out, class T_in, class T_w>
  static T_out apply(const T_in& x, const T_w* table, unsigned) {
#pragma HLS INLINE
    return T_out(table[table_index<typename CONFIG::index>(raw_of(x))]);
  }
};

struct act_elu {
  template <class CONFIG, class T_out, class T_in, class T_w>
  static T_out apply(const T_in& x, const T_w* table, unsigned) {
#pragma HLS INLINE
    return x < 0 ? T_out(table[table_index<typename CONFIG::index>(raw_of(x))]) : T_out(x);
  }
};

struct act_selu {
  template <class CONFIG, class T_out, class T_in, class T_w>
  static T_out apply(const T_in& x, const T_w* table, unsigned) {
#pragma HLS INLINE
    return x < 0 ? T_out(table[table_index<typename CONFIG::index>(raw_of(x))]) : T_out(x * CONFIG::gamma());
  }
};

// At and beyond the table's upper end softplus is x itself (the exact asymptote).
struct act_softplus {
  template <class CONFIG, class T_out, class T_in, class T_w>
  static T_out apply(const T_in& x, const T_w* table, unsigned) {
#pragma HLS INLINE
    const ap_int<traits<T_in>::width + 1> r = raw_of(x);
    return r > CONFIG::index::r_hi() ? T_out(x) : T_out(table[table_index<typename CONFIG::index>(r)]);
  }
};

// The flat index of the slope of flat element i (numpy broadcasting of the slope tensor).
template <class CONFIG>
inline unsigned slope_index(unsigned i) {
#pragma HLS INLINE
  unsigned rest = i, idx = 0;
  for (int k = CONFIG::rank - 1; k >= 0; k--) {
#pragma HLS UNROLL
    const unsigned d = CONFIG::out_dim(k);
    idx += (rest % d) * CONFIG::slope_stride(k);
    rest /= d;
  }
  return idx;
}

struct act_prelu {
  template <class CONFIG, class T_out, class T_in, class T_w>
  static T_out apply(const T_in& x, const T_w* slope, unsigned i) {
#pragma HLS INLINE
    return x < 0 ? T_out(x * slope[slope_index<CONFIG>(i)]) : T_out(x);
  }
};

// ------------------------------------------------------------------------------------------------
// io_parallel: every element at once.

template <class CONFIG, class T_in, class T_out>
void activation(const T_in x[CONFIG::n], T_out y[CONFIG::n]) {
#pragma HLS INLINE
  for (unsigned i = 0; i < CONFIG::n; i++) {
#pragma HLS UNROLL
    y[i] = CONFIG::fn::template apply<CONFIG, T_out>(x[i]);
  }
}

// The table (or slope array) is read by every element: Vitis HLS replicates the ROM as the
// unrolled reads need.
template <class CONFIG, class T_in, class T_out, class T_w>
void activation(const T_in x[CONFIG::n], T_out y[CONFIG::n], const T_w w[CONFIG::n_w]) {
#pragma HLS INLINE
  for (unsigned i = 0; i < CONFIG::n; i++) {
#pragma HLS UNROLL
    y[i] = CONFIG::fn::template apply<CONFIG, T_out>(x[i], w, i);
  }
}

// ------------------------------------------------------------------------------------------------
// io_stream: one position (all C channels) per cycle. Element c of position p is flat index
// c * P + p; when the constants depend on the channel only (by_channel), p is left out so the
// index is a constant of the unrolled channel loop.

template <class CONFIG, class T_in, class T_out, unsigned C>
void activation_stream(hls::stream<array<T_in, C> >& x, hls::stream<array<T_out, C> >& y) {
  const unsigned P = CONFIG::n / C;
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE II=1
    const array<T_in, C> u = x.read();
    array<T_out, C> v;
    for (unsigned c = 0; c < C; c++) {
#pragma HLS UNROLL
      v[c] = CONFIG::fn::template apply<CONFIG, T_out>(u[c]);
    }
    y.write(v);
  }
}

template <class CONFIG, class T_in, class T_out, unsigned C, class T_w>
void activation_stream(hls::stream<array<T_in, C> >& x, hls::stream<array<T_out, C> >& y,
                       const T_w w[CONFIG::n_w]) {
  const unsigned P = CONFIG::n / C;
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE II=1
    const array<T_in, C> u = x.read();
    array<T_out, C> v;
    for (unsigned c = 0; c < C; c++) {
#pragma HLS UNROLL
      v[c] = CONFIG::fn::template apply<CONFIG, T_out>(u[c], w, c * P + (CONFIG::by_channel ? 0 : p));
    }
    y.write(v);
  }
}

}  // namespace fhls

#endif  // FHLS_ACTIVATION_H
