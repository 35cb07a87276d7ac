// fhls/softmax.h -- Softmax along one axis, the numerically stable form with two lookup tables,
// bit for bit as src/ir/layers/softmax.ts specifies it. For each slice x_0..x_{n-1} along the axis
// (r_k the stored integers):
//
//   m   = max_k r_k
//   e_k = exp_table[idx_exp(r_k - m)]        exp over [-R, 0); the difference indexes it exactly
//   s   = sum_k e_k                          exact (an integer sum of the entries' stored integers)
//   inv = inv_table[idx_inv(s)]              1/s over [1, 1 + P)
//   y_k = e_k * inv                          the exact product, assigned to the output type once
//
// Both indices are fhls/table.h's exact integer formula (CONFIG::exp_index, CONFIG::inv_index).
// The maximum and the sum are balanced trees; the sum is exact, so its order does not matter.
//
// CONFIG (parameters.h): n (the axis length), outer, inner (the tensor is outer x n x inner,
// row-major; element k of slice (o, j) is at (o * n + k) * inner + j), n_in (= outer * n * inner),
// table_size, typedef exp_table_t, inv_table_t (the tables' element types), typedef diff_t (a signed
// ap_int holding r_k - m), sum_t (a signed ap_int holding s's stored integer), exp_index,
// inv_index (table.h).
#ifndef FHLS_SOFTMAX_H
#define FHLS_SOFTMAX_H

#include "common.h"
#include "table.h"

namespace fhls {

// The largest of x[0..N-1] (N >= 1), a balanced tree of comparisons.
template <unsigned N>
struct tree_max {
  template <class V>
  static V reduce(const V* x) {
#pragma HLS INLINE
    const V a = tree_max<N / 2>::reduce(x);
    const V b = tree_max<N - N / 2>::reduce(x + N / 2);
    return a < b ? b : a;
  }
};
template <>
struct tree_max<1> {
  template <class V>
  static V reduce(const V* x) {
#pragma HLS INLINE
    return x[0];
  }
};

// The sum of x[0..N-1] (N >= 1) in type S, which holds every partial sum: a balanced adder tree.
template <unsigned N>
struct tree_sum {
  template <class S, class V>
  static S reduce(const V* x) {
#pragma HLS INLINE
    const S a = tree_sum<N / 2>::template reduce<S>(x);
    const S b = tree_sum<N - N / 2>::template reduce<S>(x + N / 2);
    return S(a + b);
  }
};
template <>
struct tree_sum<1> {
  template <class S, class V>
  static S reduce(const V* x) {
#pragma HLS INLINE
    return S(x[0]);
  }
};

// One slice: x and y hold the n elements along the axis.
template <class CONFIG, class T_in, class T_out>
void softmax_slice(const T_in x[CONFIG::n], T_out y[CONFIG::n],
                   const typename CONFIG::exp_table_t exp_table[CONFIG::table_size],
                   const typename CONFIG::inv_table_t inv_table[CONFIG::table_size]) {
#pragma HLS INLINE
  typedef ap_int<traits<T_in>::width + 1> raw_t;
  typedef typename CONFIG::exp_table_t exp_t;
  typedef ap_int<traits<exp_t>::width + 1> exp_raw_t;
  raw_t r[CONFIG::n];
#pragma HLS ARRAY_PARTITION variable=r complete
  for (unsigned k = 0; k < CONFIG::n; k++) {
#pragma HLS UNROLL
    r[k] = raw_of(x[k]);
  }
  const raw_t m = tree_max<CONFIG::n>::reduce(r);

  exp_t e[CONFIG::n];
  exp_raw_t er[CONFIG::n];
#pragma HLS ARRAY_PARTITION variable=e complete
#pragma HLS ARRAY_PARTITION variable=er complete
  for (unsigned k = 0; k < CONFIG::n; k++) {
#pragma HLS UNROLL
    const typename CONFIG::diff_t d = r[k] - m;
    e[k] = exp_table[table_index<typename CONFIG::exp_index>(d)];
    er[k] = raw_of(e[k]);
  }
  const typename CONFIG::sum_t s = tree_sum<CONFIG::n>::template reduce<typename CONFIG::sum_t>(er);
  const typename CONFIG::inv_table_t inv = inv_table[table_index<typename CONFIG::inv_index>(s)];

  for (unsigned k = 0; k < CONFIG::n; k++) {
#pragma HLS UNROLL
    y[k] = T_out(e[k] * inv);
  }
}

// io_parallel (and io_stream along a position axis, on buffered arrays): every slice at once.
template <class CONFIG, class T_in, class T_out>
void softmax(const T_in x[CONFIG::n_in], T_out y[CONFIG::n_in],
             const typename CONFIG::exp_table_t exp_table[CONFIG::table_size],
             const typename CONFIG::inv_table_t inv_table[CONFIG::table_size]) {
#pragma HLS INLINE
  for (unsigned o = 0; o < CONFIG::outer; o++) {
#pragma HLS UNROLL
    for (unsigned j = 0; j < CONFIG::inner; j++) {
#pragma HLS UNROLL
      T_in xs[CONFIG::n];
      T_out ys[CONFIG::n];
#pragma HLS ARRAY_PARTITION variable=xs complete
#pragma HLS ARRAY_PARTITION variable=ys complete
      for (unsigned k = 0; k < CONFIG::n; k++) {
#pragma HLS UNROLL
        xs[k] = x[(o * CONFIG::n + k) * CONFIG::inner + j];
      }
      softmax_slice<CONFIG>(xs, ys, exp_table, inv_table);
      for (unsigned k = 0; k < CONFIG::n; k++) {
#pragma HLS UNROLL
        y[(o * CONFIG::n + k) * CONFIG::inner + j] = ys[k];
      }
    }
  }
}

// io_stream along the channels: each stream element is one slice (C == n), one per cycle.
template <class CONFIG, class T_in, class T_out, unsigned C>
void softmax_stream(hls::stream<array<T_in, C> >& x, hls::stream<array<T_out, C> >& y,
                    const typename CONFIG::exp_table_t exp_table[CONFIG::table_size],
                    const typename CONFIG::inv_table_t inv_table[CONFIG::table_size]) {
  const unsigned P = CONFIG::n_in / C;
  for (unsigned p = 0; p < P; p++) {
#pragma HLS PIPELINE II=1
    const array<T_in, C> u = x.read();
    array<T_out, C> v;
    softmax_slice<CONFIG>(u.data, v.data, exp_table, inv_table);
    y.write(v);
  }
}

}  // namespace fhls

#endif  // FHLS_SOFTMAX_H
