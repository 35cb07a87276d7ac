// fhls/table.h -- the exact index of a lookup table (src/ir/layers/tables.ts).
//
// A table of N entries covers [lo, hi) in N equal bins; the entries themselves are computed by
// fhls (bin centres, float64, rounded into the table type) and printed as constants: nothing here
// evaluates a function. The index of a value x = r * 2^e, r its stored integer, is
//
//   idx = clamp(floor((x - lo) * N / (hi - lo)), 0, N - 1)
//
// computed on integers only, with constants fhls derives for the indexed type:
//
//   r < r_lo   ->  0
//   r > r_hi   ->  N - 1
//   otherwise  ->  floor(((r << shift) - offset) * mul / div)        (the operand lies in [0, W * mul))
//
// r_lo and r_hi are clamped to the indexed type's range +-1, so they fit its width + 1 bits. When div
// is a power of two the division is the shift div_shift (>= 0; -1 otherwise); with the default
// power-of-two ranges and sizes mul is 1 and the whole index is a subtraction and a shift.
//
// IDX (parameters.h) holds: size (N), typedef int_t (a signed ap_int holding every intermediate),
// r_lo(), r_hi(), offset(), mul(), div() (int_t constants), shift, div_shift.
#ifndef FHLS_TABLE_H
#define FHLS_TABLE_H

#include "common.h"

namespace fhls {

template <class IDX, class R>
unsigned table_index(const R& r) {
#pragma HLS INLINE
  typedef typename IDX::int_t I;
  if (r < IDX::r_lo()) return 0;
  if (r > IDX::r_hi()) return IDX::size - 1;
  I t = I(r);
  t <<= IDX::shift;
  t -= IDX::offset();
  t *= IDX::mul();
  if (IDX::div_shift >= 0)
    t >>= (IDX::div_shift >= 0 ? IDX::div_shift : 0);
  else
    t /= IDX::div();
  return t.to_uint();
}

}  // namespace fhls

#endif  // FHLS_TABLE_H
