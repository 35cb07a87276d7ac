// fhls/mac.h -- the multiply-accumulate shared by Dense and Conv (src/ir/layers/mac.ts), bit-exact.
//
// A MAC computes n_out outputs from an input vector x, each output o the sum of n_in products:
//   acc = accum_t(b[o]);
//   for i = 0 .. n_in-1, in this order:   acc += accum_t(x[g(o) * n_in + i] * w[i * n_out + o]);
//   y[o] = acc;                            (assigned to the output type)
// x * w is ap_fixed's exact product; accum_t(...) rounds it with accum_t's quantization mode and
// `acc +=` adds exactly, then assigns back with accum_t's overflow mode: exactly the emulator's step
// convert(acc + convert(x*w -> accum) -> accum). Both strategies below add each output's terms in
// ascending i, so even saturating or narrow wrapping accumulators give the emulator's bits.
// A term whose input is 0 (a convolution tap in the padding) leaves acc unchanged -- acc is already
// an accum_t value -- so it may be computed or skipped alike; the emulator skips it.
//
// g(o) = o / (n_out / n_groups) is the output's group: grouped and depthwise convolutions read
// only their group's n_in inputs. Dense has one group.
//
// Weights are in-major: w[i * n_out + o] (Dense: W[n_in][n_out] as ONNX stores it after the
// frontend's transpose; Conv: the emitter writes W[m][c][kh][kw] as [c][kh][kw][m]).
//
// Strategies (CONFIG::strategy):
//   LATENCY   mac_latency: every product written out, fully unrolled. The caller pipelines with
//             II = reuse_factor and limits the multipliers with ALLOCATION to multiplier_limit =
//             ceil(products / reuse_factor), so each multiplier serves reuse_factor products.
//   RESOURCE  mac_resource: reuse_factor iterations (PIPELINE II=1); iteration r computes the
//             block_factor = n_in * n_out / reuse_factor products k = r * block_factor + j of the
//             in-major weight array, which is reshaped (cyclic) so that one word holds them. Per
//             output the products still come in ascending i.
//
// CONFIG: n_in, n_out, n_groups, reuse_factor, block_factor, multiplier_limit, strategy, and the
// typedefs accum_t, weight_t, bias_t.
#ifndef FHLS_MAC_H
#define FHLS_MAC_H

#include "common.h"

namespace fhls {

static const int LATENCY = 0;
static const int RESOURCE = 1;

// The group of output o: the block of n_in inputs it reads.
template <class CONFIG>
inline unsigned mac_group(unsigned o) {
#pragma HLS INLINE
  return o / (CONFIG::n_out / CONFIG::n_groups);
}

// Latency strategy: every product of every output, unrolled (the caller sets II and ALLOCATION).
template <class CONFIG, class T_in, class T_out>
void mac_latency(const T_in x[CONFIG::n_groups * CONFIG::n_in], T_out y[CONFIG::n_out],
                 const typename CONFIG::weight_t w[CONFIG::n_in * CONFIG::n_out],
                 const typename CONFIG::bias_t b[CONFIG::n_out]) {
#pragma HLS INLINE
#pragma HLS ARRAY_PARTITION variable=w complete
#pragma HLS ARRAY_PARTITION variable=b complete
  typedef typename CONFIG::accum_t accum_t;
  for (unsigned o = 0; o < CONFIG::n_out; o++) {
#pragma HLS UNROLL
    const unsigned base = mac_group<CONFIG>(o) * CONFIG::n_in;
    accum_t acc = accum_t(b[o]);
    for (unsigned i = 0; i < CONFIG::n_in; i++) {
#pragma HLS UNROLL
      acc += accum_t(x[base + i] * w[i * CONFIG::n_out + o]);
    }
    y[o] = T_out(acc);
  }
}

// Resource strategy: reuse_factor pipelined iterations of block_factor products each.
template <class CONFIG, class T_in, class T_out>
void mac_resource(const T_in x[CONFIG::n_groups * CONFIG::n_in], T_out y[CONFIG::n_out],
                  const typename CONFIG::weight_t w[CONFIG::n_in * CONFIG::n_out],
                  const typename CONFIG::bias_t b[CONFIG::n_out]) {
#pragma HLS INLINE off
#pragma HLS ARRAY_RESHAPE variable=w cyclic factor=CONFIG::block_factor
#pragma HLS ARRAY_PARTITION variable=b complete
  typedef typename CONFIG::accum_t accum_t;
  accum_t acc[CONFIG::n_out];
#pragma HLS ARRAY_PARTITION variable=acc complete
  for (unsigned o = 0; o < CONFIG::n_out; o++) {
#pragma HLS UNROLL
    acc[o] = accum_t(b[o]);
  }
  for (unsigned r = 0; r < CONFIG::reuse_factor; r++) {
#pragma HLS PIPELINE II=1
    for (unsigned j = 0; j < CONFIG::block_factor; j++) {
#pragma HLS UNROLL
      const unsigned k = r * CONFIG::block_factor + j;
      const unsigned i = k / CONFIG::n_out;
      const unsigned o = k % CONFIG::n_out;
      acc[o] += accum_t(x[mac_group<CONFIG>(o) * CONFIG::n_in + i] * w[k]);
    }
  }
  for (unsigned o = 0; o < CONFIG::n_out; o++) {
#pragma HLS UNROLL
    y[o] = T_out(acc[o]);
  }
}

// The strategy chosen by CONFIG::strategy (a compile-time constant: one branch remains).
template <class CONFIG, class T_in, class T_out>
void mac(const T_in x[CONFIG::n_groups * CONFIG::n_in], T_out y[CONFIG::n_out],
         const typename CONFIG::weight_t w[CONFIG::n_in * CONFIG::n_out],
         const typename CONFIG::bias_t b[CONFIG::n_out]) {
#pragma HLS INLINE
  if (CONFIG::strategy == RESOURCE)
    mac_resource<CONFIG, T_in, T_out>(x, y, w, b);
  else
    mac_latency<CONFIG, T_in, T_out>(x, y, w, b);
}

}  // namespace fhls

#endif  // FHLS_MAC_H
