// fhls/elementwise.h -- y = a op b element by element, with numpy broadcasting (ONNX Add, Sub, Mul,
// Div). Either operand may be a constant array (firmware/weights).
//
// Semantics (src/ir/layers/elementwise.ts): add, sub and mul compute the exact result (ap_fixed's
// full-precision operator result) and assign it to the output type: one rounding and one overflow
// handling, the output type's. div rounds the exact quotient a / b into the output type with its
// quantization mode, then applies its overflow mode; b = 0 gives 0.
//
// CONFIG (parameters.h) holds:
//   n_out, n_a, n_b        element counts of y, a, b
//   rank, out_dim(k)       the output shape
//   stride_a(k), stride_b(k)  each operand's row-major stride for output axis k, 0 where it is
//                          broadcast (a flat index of y maps to a·stride sums)
//   broadcast              false when both operands have y's shape (index = flat index)
//   typedef op             fhls::op_add, op_sub, op_mul or op_div<...>
#ifndef FHLS_ELEMENTWISE_H
#define FHLS_ELEMENTWISE_H

#include "common.h"
#include "rounding.h"

namespace fhls {

struct op_add {
  template <class R, class A, class B>
  static R apply(const A& a, const B& b) {
#pragma HLS INLINE
    return R(a + b);
  }
};

struct op_sub {
  template <class R, class A, class B>
  static R apply(const A& a, const B& b) {
#pragma HLS INLINE
    return R(a - b);
  }
};

struct op_mul {
  template <class R, class A, class B>
  static R apply(const A& a, const B& b) {
#pragma HLS INLINE
    return R(a * b);
  }
};

// Division, exactly rounded. The exact quotient in units of R's LSB is (a_raw << shift) / b_raw
// (shift >= 0) or a_raw / (b_raw << -shift); it is rounded with R's quantization mode to the
// integer q, and q (at R's LSB, held by wide_t without loss) is assigned to R, whose overflow mode
// then applies. DIV holds: int_t (a signed ap_int wide enough for every intermediate), shift,
// wide_t (an ap_fixed with R's LSB holding any q), and round_mode (R's quantization mode).
template <class DIV>
struct op_div {
  template <class R, class A, class B>
  static R apply(const A& a, const B& b) {
#pragma HLS INLINE
    typedef typename DIV::int_t I;
    I num = raw_of(a);
    I den = raw_of(b);
    if (den == 0) return R(0);
    if (den < 0) {
      num = -num;
      den = -den;
    }
    if (DIV::shift >= 0)
      num <<= (DIV::shift >= 0 ? DIV::shift : 0);
    else
      den <<= (DIV::shift < 0 ? -DIV::shift : 0);
    const I q = round_ratio<DIV::round_mode>(num, den);
    return R(from_raw<typename DIV::wide_t>(q));
  }
};

// The flat index into an operand for flat output index i, from the operand's strides.
template <class CONFIG, bool B>
inline unsigned broadcast_index(unsigned i) {
#pragma HLS INLINE
  if (!CONFIG::broadcast) return i;
  unsigned rest = i, idx = 0;
  for (int k = CONFIG::rank - 1; k >= 0; k--) {
#pragma HLS UNROLL
    const unsigned d = CONFIG::out_dim(k);
    idx += (rest % d) * (B ? CONFIG::stride_b(k) : CONFIG::stride_a(k));
    rest /= d;
  }
  return idx;
}

// io_parallel: both operands are arrays (activations or constants).
template <class CONFIG, class T_a, class T_b, class T_out>
void elementwise(const T_a a[CONFIG::n_a], const T_b b[CONFIG::n_b], T_out y[CONFIG::n_out]) {
#pragma HLS INLINE
  for (unsigned i = 0; i < CONFIG::n_out; i++) {
#pragma HLS UNROLL
    y[i] = CONFIG::op::template apply<T_out>(a[broadcast_index<CONFIG, false>(i)], b[broadcast_index<CONFIG, true>(i)]);
  }
}

// io_stream, both operands streams of y's shape: one position at a time.
template <class CONFIG, class T_a, class T_b, class T_out, unsigned C>
void elementwise_stream(hls::stream<array<T_a, C> >& a, hls::stream<array<T_b, C> >& b,
                        hls::stream<array<T_out, C> >& y) {
  for (unsigned p = 0; p < CONFIG::n_out / C; p++) {
#pragma HLS PIPELINE
    const array<T_a, C> u = a.read();
    const array<T_b, C> v = b.read();
    array<T_out, C> r;
    for (unsigned c = 0; c < C; c++) {
#pragma HLS UNROLL
      r[c] = CONFIG::op::template apply<T_out>(u[c], v[c]);
    }
    y.write(r);
  }
}

// io_stream, a is a stream of y's shape, b an array (a constant, or a broadcast operand buffered).
template <class CONFIG, class T_a, class T_b, class T_out, unsigned C>
void elementwise_stream_array(hls::stream<array<T_a, C> >& a, const T_b b[CONFIG::n_b],
                              hls::stream<array<T_out, C> >& y) {
  const unsigned P = CONFIG::n_out / C;
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE
    const array<T_a, C> u = a.read();
    array<T_out, C> r;
    for (unsigned c = 0; c < C; c++) {
#pragma HLS UNROLL
      r[c] = CONFIG::op::template apply<T_out>(u[c], b[broadcast_index<CONFIG, true>(c * P + p)]);
    }
    y.write(r);
  }
}

// io_stream, a an array (constant or buffered), b a stream of y's shape.
template <class CONFIG, class T_a, class T_b, class T_out, unsigned C>
void elementwise_array_stream(const T_a a[CONFIG::n_a], hls::stream<array<T_b, C> >& b,
                              hls::stream<array<T_out, C> >& y) {
  const unsigned P = CONFIG::n_out / C;
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE
    const array<T_b, C> v = b.read();
    array<T_out, C> r;
    for (unsigned c = 0; c < C; c++) {
#pragma HLS UNROLL
      r[c] = CONFIG::op::template apply<T_out>(a[broadcast_index<CONFIG, false>(c * P + p)], v[c]);
    }
    y.write(r);
  }
}

}  // namespace fhls

#endif  // FHLS_ELEMENTWISE_H
