// fhls/quant.h -- QONNX Quant / BipolarQuant / Trunc and ONNX QuantizeLinear->DequantizeLinear
// (src/ir/layers/quant.ts), exactly, for any scale (power of two or not).
//
// With X the stored integer of the input and, per channel c, integer constants mul_x, add_z, den,
// mul, sub (computed by fhls from the scale and zero point):
//   quant:   q = clamp(round(num / den), lo, hi),  num = X * mul_x + add_z    (round: the QONNX mode)
//            (a signed 1-bit quantizer gives q = num >= 0 ? 1 : -1, as QONNX does)
//   trunc:   q = clamp(round(round_half_even(num / den) / 2^t), lo, hi)
//   bipolar: q = X >= 0 ? 1 : -1
// and the output is q * mul - sub at the output's exact LSB (exact_t holds it without loss),
// assigned to the output type. The channel of flat element i is (i / inner) % channels.
//
// CONFIG: n, inner, channels, typedef int_t (signed, wide enough for every intermediate),
// typedef exact_t, mode (0 quant, 1 trunc, 2 bipolar), one_bit_quirk, round_mode
// (fhls/rounding.h), trunc_pow2 (2^t), lo, hi, and per channel mul_x(c), add_z(c), den(c),
// mul(c), sub(c).
#ifndef FHLS_QUANT_H
#define FHLS_QUANT_H

#include "common.h"
#include "rounding.h"

namespace fhls {

static const int QUANT_QUANT = 0;
static const int QUANT_TRUNC = 1;
static const int QUANT_BIPOLAR = 2;

template <class CONFIG, class T_in, class T_out>
T_out quant_one(const T_in& x, unsigned flat) {
#pragma HLS INLINE
  typedef typename CONFIG::int_t I;
  const unsigned c = (flat / CONFIG::inner) % CONFIG::channels;
  const I X = raw_of(x);
  I raw;
  if (CONFIG::mode == QUANT_BIPOLAR) {
    raw = X < 0 ? I(-CONFIG::mul(c)) : CONFIG::mul(c);
  } else {
    const I num = X * CONFIG::mul_x(c) + CONFIG::add_z(c);
    I q;
    if (CONFIG::mode == QUANT_TRUNC)
      q = round_ratio<CONFIG::round_mode>(round_ratio<AP_RND_CONV>(num, CONFIG::den(c)), CONFIG::trunc_pow2());
    else if (CONFIG::one_bit_quirk)
      q = num < 0 ? I(-1) : I(1);
    else
      q = round_ratio<CONFIG::round_mode>(num, CONFIG::den(c));
    if (q < CONFIG::lo()) q = CONFIG::lo();
    else if (q > CONFIG::hi()) q = CONFIG::hi();
    raw = q * CONFIG::mul(c) - CONFIG::sub(c);
  }
  return T_out(from_raw<typename CONFIG::exact_t>(raw));
}

template <class CONFIG, class T_in, class T_out>
void quant(const T_in x[CONFIG::n], T_out y[CONFIG::n]) {
#pragma HLS INLINE
  for (unsigned i = 0; i < CONFIG::n; i++) {
#pragma HLS UNROLL
    y[i] = quant_one<CONFIG, T_in, T_out>(x[i], i);
  }
}

template <class CONFIG, class T_in, class T_out, unsigned C>
void quant_stream(hls::stream<array<T_in, C> >& x, hls::stream<array<T_out, C> >& y) {
  const unsigned P = CONFIG::n / C;
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE
    const array<T_in, C> u = x.read();
    array<T_out, C> r;
    for (unsigned c = 0; c < C; c++) {
#pragma HLS UNROLL
      r[c] = quant_one<CONFIG, T_in, T_out>(u[c], c * P + p);
    }
    y.write(r);
  }
}

}  // namespace fhls

#endif  // FHLS_QUANT_H
