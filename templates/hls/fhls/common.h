// fhls/common.h -- what every layer of the fhls HLS library uses.
//
// Tensor conventions of the generated code (see src/backends/vitis/emitter.ts):
//   io_parallel  a tensor is a flat array T x[N]: the per-sample tensor in row-major order, in the
//                model's own layout (channels first for PyTorch models).
//   io_stream    a tensor of shape [C, d1, ..., dk] is a stream of P = d1*...*dk elements of type
//                fhls::array<T, C>; element p holds x[c*P + p] for c = 0..C-1. A tensor of rank <= 1
//                is a single element holding all of it.
// Everything here compiles against Xilinx's ap_types and hls_stream.h and against fhls's own
// copies of them (firmware/ap_types, used for g++ C simulation with -DFHLS_OWN_AP_TYPES).
#ifndef FHLS_COMMON_H
#define FHLS_COMMON_H

#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_stream.h"

namespace fhls {

// ------------------------------------------------------------------------------------------------
// The stream element of io_stream: the channels of one position.
template <class T, unsigned N>
struct array {
  typedef T value_type;
  static const unsigned size = N;
  T data[N];
  T& operator[](unsigned i) { return data[i]; }
  const T& operator[](unsigned i) const { return data[i]; }
};

// ------------------------------------------------------------------------------------------------
// Compile-time facts about the ap types: width, integer bits and signedness.
template <class T>
struct traits;
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
struct traits<ap_fixed<W, I, Q, O, N> > {
  static const int width = W;
  static const int iwidth = I;
  static const bool is_signed = true;
};
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
struct traits<ap_ufixed<W, I, Q, O, N> > {
  static const int width = W;
  static const int iwidth = I;
  static const bool is_signed = false;
};
template <int W>
struct traits<ap_int<W> > {
  static const int width = W;
  static const int iwidth = W;
  static const bool is_signed = true;
};
template <int W>
struct traits<ap_uint<W> > {
  static const int width = W;
  static const int iwidth = W;
  static const bool is_signed = false;
};

// The stored integer of x: its W bits read as two's complement (signed types) or unsigned, as an
// ap_int wide enough to hold it (W + 1 bits, so unsigned values stay positive).
template <class T>
ap_int<traits<T>::width + 1> raw_of(const T& x) {
#pragma HLS INLINE
  const int W = traits<T>::width;
  ap_uint<W> bits = x.range(W - 1, 0);
  if (traits<T>::is_signed) {
    ap_int<W> s = bits;  // same width: reinterpret as two's complement
    return ap_int<W + 1>(s);
  }
  return ap_int<W + 1>(bits);
}

// The value of type T whose stored integer is raw (raw must fit T's W bits; only they are kept).
template <class T, int WR>
T from_raw(const ap_int<WR>& raw) {
#pragma HLS INLINE
  const int W = traits<T>::width;
  T x;
  ap_uint<W> bits = raw;  // the low W bits
  x.range(W - 1, 0) = bits;
  return x;
}

// The value of type T whose stored bits are given in hexadecimal (most significant digit first).
// Used for constants of types wider than 53 bits, which a decimal double literal cannot hold.
template <class T>
T from_bits(const char* hex) {
  const int W = traits<T>::width;
  ap_uint<W + 4> bits = 0;
  for (const char* p = hex; *p; ++p) {
    const char c = *p;
    const unsigned d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
    bits <<= 4;
    bits |= d;
  }
  T x;
  x.range(W - 1, 0) = ap_uint<W>(bits);
  return x;
}

// ------------------------------------------------------------------------------------------------
// Whole-tensor helpers.

// y = x element by element, converted to y's type (ap_fixed assignment: its rounding and overflow).
template <class T_in, class T_out, unsigned N>
void convert(const T_in x[N], T_out y[N]) {
#pragma HLS INLINE
  for (unsigned i = 0; i < N; i++) {
#pragma HLS UNROLL
    y[i] = x[i];
  }
}

// io_stream -> array: read the P positions of a C-channel stream into a flat row-major tensor.
template <class T, unsigned C, unsigned P>
void stream_to_array(hls::stream<array<T, C> >& in, T out[C * P]) {
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE
    const array<T, C> v = in.read();
    for (unsigned c = 0; c < C; c++) {
#pragma HLS UNROLL
      out[c * P + p] = v[c];
    }
  }
}

// array -> io_stream: write a flat row-major tensor as P positions of C channels.
template <class T, unsigned C, unsigned P>
void array_to_stream(const T in[C * P], hls::stream<array<T, C> >& out) {
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE
    array<T, C> v;
    for (unsigned c = 0; c < C; c++) {
#pragma HLS UNROLL
      v[c] = in[c * P + p];
    }
    out.write(v);
  }
}

// io_stream fan-out: a stream is read by one consumer only, so a tensor with two consumers is
// copied into two streams (more consumers: chained clones).
template <class V, unsigned P>
void clone_stream(hls::stream<V>& in, hls::stream<V>& out1, hls::stream<V>& out2) {
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE
    const V v = in.read();
    out1.write(v);
    out2.write(v);
  }
}

// io_stream copy with conversion of every channel (same layout, other element type).
template <class T_in, class T_out, unsigned C, unsigned P>
void convert_stream(hls::stream<array<T_in, C> >& in, hls::stream<array<T_out, C> >& out) {
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE
    const array<T_in, C> x = in.read();
    array<T_out, C> y;
    for (unsigned c = 0; c < C; c++) {
#pragma HLS UNROLL
      y[c] = x[c];
    }
    out.write(y);
  }
}

}  // namespace fhls

#endif  // FHLS_COMMON_H
