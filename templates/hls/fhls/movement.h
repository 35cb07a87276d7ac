// fhls/movement.h -- layers that only move data: Reshape, Transpose, Concat, Pad and Resize
// (src/ir/layers/{reshape,transpose,concat,pad,resize}.ts).
//
// Every output element is one input element, assigned to the output type (a conversion only
// where the types differ), or Pad's fill value: the ap_fixed constructor of the double
// CONFIG::fill() in the output type. Index arithmetic works on compile-time constants and is
// unrolled, so in io_parallel these layers are wiring: no logic, no latency.
//
// io_stream: these functions work on whole tensors; the generated code buffers the input stream
// into an array (fhls::stream_to_array), calls them, and streams the result out, except for the
// cases that stream directly (a Reshape that keeps the stream layout, a Concat along channels).
#ifndef FHLS_MOVEMENT_H
#define FHLS_MOVEMENT_H

#include "common.h"

namespace fhls {

// Transpose: output axis k is input axis perm[k]. CONFIG: n, rank, out_dim(k), in_stride(k) = the
// input's row-major stride of axis perm[k].
template <class CONFIG, class T_in, class T_out>
void transpose(const T_in x[CONFIG::n], T_out y[CONFIG::n]) {
#pragma HLS INLINE
  for (unsigned i = 0; i < CONFIG::n; i++) {
#pragma HLS UNROLL
    unsigned rest = i, src = 0;
    for (int k = CONFIG::rank - 1; k >= 0; k--) {
      src += (rest % CONFIG::out_dim(k)) * CONFIG::in_stride(k);
      rest /= CONFIG::out_dim(k);
    }
    y[i] = x[src];
  }
}

// Pad (negative pads crop). CONFIG: n_in, n_out, rank, out_dim(k), in_dim(k), pad_begin(k) (may be
// negative), in_stride(k), fill() (the ONNX pad value as a double).
template <class CONFIG, class T_in, class T_out>
void pad(const T_in x[CONFIG::n_in], T_out y[CONFIG::n_out]) {
#pragma HLS INLINE
  const T_out fill = CONFIG::fill();
  for (unsigned i = 0; i < CONFIG::n_out; i++) {
#pragma HLS UNROLL
    unsigned rest = i, src = 0;
    bool inside = true;
    for (int k = CONFIG::rank - 1; k >= 0; k--) {
      const int p = int(rest % CONFIG::out_dim(k)) - CONFIG::pad_begin(k);
      rest /= CONFIG::out_dim(k);
      if (p < 0 || p >= int(CONFIG::in_dim(k))) inside = false;
      else src += unsigned(p) * CONFIG::in_stride(k);
    }
    if (inside) y[i] = x[src];
    else y[i] = fill;
  }
}

// Resize, nearest neighbour. The input index read on each axis is a table computed with the ONNX
// coordinate rules (CONFIG::source(k, o): the input index on axis k for output index o).
// CONFIG: n_in, n_out, rank, out_dim(k), in_stride(k), source(k, o).
template <class CONFIG, class T_in, class T_out>
void resize_nearest(const T_in x[CONFIG::n_in], T_out y[CONFIG::n_out]) {
#pragma HLS INLINE
  for (unsigned i = 0; i < CONFIG::n_out; i++) {
#pragma HLS UNROLL
    unsigned rest = i, src = 0;
    for (int k = CONFIG::rank - 1; k >= 0; k--) {
      src += CONFIG::source(k, rest % CONFIG::out_dim(k)) * CONFIG::in_stride(k);
      rest /= CONFIG::out_dim(k);
    }
    y[i] = x[src];
  }
}

// Concat, one input's share: the output is `outer` blocks; in each, this input contributes
// `chunk` consecutive elements at `offset` of a block of `out_chunk`.
// CONFIG: n_in, n_out, outer, chunk, out_chunk, offset.
template <class CONFIG, class T_in, class T_out>
void concat_part(const T_in x[CONFIG::n_in], T_out y[CONFIG::n_out]) {
#pragma HLS INLINE
  for (unsigned o = 0; o < CONFIG::outer; o++) {
#pragma HLS UNROLL
    for (unsigned k = 0; k < CONFIG::chunk; k++) {
#pragma HLS UNROLL
      y[o * CONFIG::out_chunk + CONFIG::offset + k] = x[o * CONFIG::chunk + k];
    }
  }
}

// Concat of 2, 3 or 4 tensors: one function writing the whole output (a DATAFLOW region needs a
// single writer per buffer). C0..C3 are the inputs' concat_part configs.
template <class C0, class C1, class T0, class T1, class T_out>
void concat2(const T0 x0[C0::n_in], const T1 x1[C1::n_in], T_out y[C0::n_out]) {
  concat_part<C0>(x0, y);
  concat_part<C1>(x1, y);
}

template <class C0, class C1, class C2, class T0, class T1, class T2, class T_out>
void concat3(const T0 x0[C0::n_in], const T1 x1[C1::n_in], const T2 x2[C2::n_in], T_out y[C0::n_out]) {
  concat_part<C0>(x0, y);
  concat_part<C1>(x1, y);
  concat_part<C2>(x2, y);
}

template <class C0, class C1, class C2, class C3, class T0, class T1, class T2, class T3, class T_out>
void concat4(const T0 x0[C0::n_in], const T1 x1[C1::n_in], const T2 x2[C2::n_in], const T3 x3[C3::n_in], T_out y[C0::n_out]) {
  concat_part<C0>(x0, y);
  concat_part<C1>(x1, y);
  concat_part<C2>(x2, y);
  concat_part<C3>(x3, y);
}

// Concat of two tensors along axis 0 (channels) in io_stream: each position's channels are the
// first input's then the second's.
template <class T_a, class T_b, class T_out, unsigned CA, unsigned CB, unsigned P>
void concat_channels_stream(hls::stream<array<T_a, CA> >& a, hls::stream<array<T_b, CB> >& b,
                            hls::stream<array<T_out, CA + CB> >& y) {
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE
    const array<T_a, CA> u = a.read();
    const array<T_b, CB> v = b.read();
    array<T_out, CA + CB> r;
    for (unsigned c = 0; c < CA; c++) {
#pragma HLS UNROLL
      r[c] = u[c];
    }
    for (unsigned c = 0; c < CB; c++) {
#pragma HLS UNROLL
      r[CA + c] = v[c];
    }
    y.write(r);
  }
}

}  // namespace fhls

#endif  // FHLS_MOVEMENT_H
