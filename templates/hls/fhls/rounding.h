// fhls/rounding.h -- exact rounding of a ratio of integers, for the layers whose exact result is
// not a binary fraction: element-wise division and the QONNX quantizers.
//
// round_ratio<MODE>(num, den) is num / den (den > 0) rounded to an integer by MODE: one of
// ap_fixed's quantization modes (AP_TRN = floor, AP_TRN_ZERO, AP_RND, AP_RND_ZERO, AP_RND_MIN_INF,
// AP_RND_INF, AP_RND_CONV, with their ap_fixed meaning) or fhls::ROUND_CEIL (toward +inf). The
// quotient's floor q and remainder r (0 <= r < den) decide it: whether r is 0, below den/2, den/2 or
// above, the sign of the value and the parity of q, exactly as ap_fixed decides from the bits it
// drops. The integer type I must hold num, den, q + 1 and 2 * den.
#ifndef FHLS_ROUNDING_H
#define FHLS_ROUNDING_H

#include "common.h"

namespace fhls {

// Toward +inf: not an ap_fixed mode (QONNX's CEIL).
static const int ROUND_CEIL = -1;

template <int MODE>
inline bool rounds_up(bool nonzero, bool below_half, bool half, bool negative, bool odd) {
#pragma HLS INLINE
  const bool above_half = nonzero && !below_half && !half;
  if (MODE == ROUND_CEIL) return nonzero;
  if (MODE == AP_TRN) return false;
  if (MODE == AP_TRN_ZERO) return negative && nonzero;
  if (MODE == AP_RND) return half || above_half;
  if (MODE == AP_RND_ZERO) return above_half || (half && negative);
  if (MODE == AP_RND_MIN_INF) return above_half;
  if (MODE == AP_RND_INF) return above_half || (half && !negative);
  /* AP_RND_CONV */ return above_half || (half && odd);
}

template <int MODE, class I>
I round_ratio(const I& num, const I& den) {
#pragma HLS INLINE
  I q = num / den;  // truncated toward zero
  I r = num - q * den;
  if (r < 0) {  // make q the floor
    q = q - 1;
    r = r + den;
  }
  const I twice = r + r;
  const bool nonzero = r != 0;
  const bool odd = (q & 1) != 0;
  const bool up = rounds_up<MODE>(nonzero, nonzero && twice < den, twice == den, q < 0, odd);
  return up ? I(q + 1) : q;
}

}  // namespace fhls

#endif  // FHLS_ROUNDING_H
