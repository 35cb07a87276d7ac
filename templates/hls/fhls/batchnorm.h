// fhls/batchnorm.h -- BatchNorm for inference: y = x * scale[c] + bias[c] along axis 0 (channels),
// x [n_chan][n_inner] (n_inner = the product of the other axes; 1 for a one-axis input).
// Semantics: src/ir/layers/batchnorm.ts, bit for bit:
//   y = result( accum_t(x * scale[c]) + accum_t(bias[c]) )
// the product is exact and rounded/saturated into accum_t by its modes; the sum of the two accum_t
// values is ap_fixed's exact sum, converted once, to the output type.
//
// CONFIG: n (elements), n_chan, n_inner, reuse_factor, multiplier_limit (ceil(n / reuse_factor)
// in io_parallel, ceil(n_chan / reuse_factor) in io_stream), typedefs accum_t, scale_t, bias_t.
//
// Schedule: io_parallel, one pipelined function with II = reuse_factor and ALLOCATION of
// multiplier_limit = ceil(n / reuse_factor) multipliers: latency = reuse_factor - 1 + multiplier
// latency + 1 (the add). io_stream: one position (the n_chan channels of one spatial point) per
// iteration, pipelined with II = reuse_factor on ceil(n_chan / reuse_factor) multipliers: latency =
// positions * reuse_factor + multiplier latency + 1.
#ifndef FHLS_BATCHNORM_H
#define FHLS_BATCHNORM_H

#include "common.h"

namespace fhls {

template <class CONFIG, class T_in, class T_out>
T_out batchnorm_one(const T_in& x, const typename CONFIG::scale_t& s, const typename CONFIG::bias_t& b) {
#pragma HLS INLINE
  typedef typename CONFIG::accum_t accum_t;
  const accum_t p = accum_t(x * s);
  const accum_t c = accum_t(b);
  return T_out(p + c);
}

// io_parallel.
template <class CONFIG, class T_in, class T_out>
void batchnorm(const T_in x[CONFIG::n], T_out y[CONFIG::n], const typename CONFIG::scale_t s[CONFIG::n_chan],
               const typename CONFIG::bias_t b[CONFIG::n_chan]) {
#pragma HLS PIPELINE II=CONFIG::reuse_factor
#pragma HLS ALLOCATION operation instances=mul limit=CONFIG::multiplier_limit
#pragma HLS ARRAY_PARTITION variable=s complete
#pragma HLS ARRAY_PARTITION variable=b complete
  for (unsigned i = 0; i < CONFIG::n; i++) {
#pragma HLS UNROLL
    const unsigned c = i / CONFIG::n_inner;
    y[i] = batchnorm_one<CONFIG, T_in, T_out>(x[i], s[c], b[c]);
  }
}

// io_stream: element c of each position is channel c.
template <class CONFIG, class T_in, class T_out>
void batchnorm_stream(hls::stream<array<T_in, CONFIG::n_chan> >& x, hls::stream<array<T_out, CONFIG::n_chan> >& y,
                      const typename CONFIG::scale_t s[CONFIG::n_chan], const typename CONFIG::bias_t b[CONFIG::n_chan]) {
#pragma HLS ALLOCATION operation instances=mul limit=CONFIG::multiplier_limit
#pragma HLS ARRAY_PARTITION variable=s complete
#pragma HLS ARRAY_PARTITION variable=b complete
  for (unsigned p = 0; p < CONFIG::n_inner; p++) {
#pragma HLS PIPELINE II=CONFIG::reuse_factor
    const array<T_in, CONFIG::n_chan> v = x.read();
    array<T_out, CONFIG::n_chan> r;
    for (unsigned c = 0; c < CONFIG::n_chan; c++) {
#pragma HLS UNROLL
      r[c] = batchnorm_one<CONFIG, T_in, T_out>(v[c], s[c], b[c]);
    }
    y.write(r);
  }
}

}  // namespace fhls

#endif  // FHLS_BATCHNORM_H
