// fhls_ap_impl.h -- internal header of fhls's own ap_types-compatible headers:
// ap_int_base / ap_int / ap_uint, ap_fixed_base / ap_fixed / ap_ufixed, bit and
// range references, operators. Written from the documented semantics of the
// Vitis HLS arbitrary precision types (UG1399); not the Xilinx implementation.
#ifndef FHLS_AP_IMPL_H
#define FHLS_AP_IMPL_H

#include "fhls_ap_common.h"

namespace fhls_ap_detail {

template <int W, bool S> struct int_factory { typedef ap_int<W> type; };
template <int W> struct int_factory<W, false> { typedef ap_uint<W> type; };
template <int W, int I, bool S> struct fixed_factory { typedef ap_fixed<W, I> type; };
template <int W, int I> struct fixed_factory<W, I, false> { typedef ap_ufixed<W, I> type; };
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> struct fixed_same {
  typedef ap_fixed<W, I, Q, O, N> type;
};
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N> struct fixed_same<W, I, false, Q, O, N> {
  typedef ap_ufixed<W, I, Q, O, N> type;
};

// Result types of ap_[u]int operations.
template <int W1, bool S1, int W2, bool S2> struct int_rtype {
  enum {
    plus_w = imax(W1 + (S2 && !S1), W2 + (S1 && !S2)) + 1,
    plus_s = S1 || S2,
    mult_w = W1 + W2,
    div_w = W1 + S2,
    mod_w = imin(W1, W2 + (!S2 && S1)),
    logic_w = imax(W1 + (S2 && !S1), W2 + (S1 && !S2))
  };
  typedef typename int_factory<plus_w, plus_s>::type plus;
  typedef typename int_factory<plus_w, true>::type minus;
  typedef typename int_factory<mult_w, S1 || S2>::type mult;
  typedef typename int_factory<div_w, S1 || S2>::type div;
  typedef typename int_factory<mod_w, S1>::type mod;
  typedef typename int_factory<logic_w, S1 || S2>::type logic;
};

// Result types of ap_[u]fixed operations (full precision).
template <int W1, int I1, bool S1, int W2, int I2, bool S2> struct fixed_rtype {
  enum {
    F1 = W1 - I1,
    F2 = W2 - I2,
    F = imax(F1, F2),
    plus_i = imax(I1 + (S2 && !S1), I2 + (S1 && !S2)) + 1,
    plus_w = plus_i + F,
    plus_s = S1 || S2,
    mult_w = W1 + W2,
    mult_i = I1 + I2,
    div_w = S2 + W1 + imax(F2, 0),
    div_i = S2 + I1 + F2
  };
  typedef typename fixed_factory<plus_w, plus_i, plus_s>::type plus;
  typedef typename fixed_factory<plus_w, plus_i, true>::type minus;
  typedef typename fixed_factory<mult_w, mult_i, S1 || S2>::type mult;
  typedef typename fixed_factory<div_w, div_i, S1 || S2>::type div;
};

// ---------------------------------------------------------------- bit / range references
// P is an ap_int_base or ap_fixed_base (members v_, NL_, fhls_w, fhls_s).
template <class P> struct bit_ref {
  P* p_;
  int i_;
  bit_ref(P* p, int i) : p_(p), i_(i) {
    if (i < 0 || i >= int(P::fhls_w)) fatal("bit index out of range");
  }
  bool get() const { return (p_->v_[i_ >> 6] >> (i_ & 63)) & 1; }
  operator bool() const { return get(); }
  bool to_bool() const { return get(); }
  bool operator~() const { return !get(); }
  bool operator!() const { return !get(); }
  int length() const { return 1; }
  bit_ref& set(bool b) {
    set_bit_raw(p_->v_, i_, b);
    canon(p_->v_, P::NL_, P::fhls_w, P::fhls_s);
    return *this;
  }
  bit_ref& operator=(bool b) { return set(b); }
  template <typename T> typename std::enable_if<c_int<T>::value && !std::is_same<T, bool>::value, bit_ref&>::type
  operator=(T v) {
    return set(v != 0);
  }
  bit_ref& operator=(const bit_ref& o) { return set(o.get()); }
  template <class P2> bit_ref& operator=(const bit_ref<P2>& o) { return set(o.get()); }
  template <int W2, bool S2> bit_ref& operator=(const ap_int_base<W2, S2>& o) { return set(!is_zero(o.v_, o.NL_)); }
};

template <class P> struct range_ref {
  P* p_;
  int hi_, lo_;
  range_ref(P* p, int hi, int lo) : p_(p), hi_(hi), lo_(lo) {
    if (hi < 0 || lo < 0 || hi >= int(P::fhls_w) || lo >= int(P::fhls_w)) fatal("range index out of range");
    if (hi < lo) fatal("range(hi, lo) with hi < lo (reversed ranges) is not supported");
  }
  int length() const { return hi_ - lo_ + 1; }
  // the range as an unsigned value of the parent's width (bit 0 = bit lo)
  ap_uint<P::fhls_w> get() const {
    ap_uint<P::fhls_w> r;
    load(r.v_, r.NL_, p_->v_, P::NL_, false, -i64(lo_));
    canon(r.v_, r.NL_, hi_ - lo_ + 1, false);
    return r;
  }
  operator unsigned long long() const { return get().to_uint64(); }
  unsigned long long to_uint64() const { return get().to_uint64(); }
  long long to_int64() const { return (long long)get().to_uint64(); }
  unsigned to_uint() const { return unsigned(get().to_uint64()); }
  int to_int() const { return int(get().to_uint64()); }
  unsigned long to_ulong() const { return (unsigned long)get().to_uint64(); }
  long to_long() const { return (long)get().to_uint64(); }
  bool and_reduce() const {
    for (int k = lo_; k <= hi_; ++k)
      if (!get_bit(p_->v_, P::NL_, false, k)) return false;
    return true;
  }
  bool or_reduce() const {
    for (int k = lo_; k <= hi_; ++k)
      if (get_bit(p_->v_, P::NL_, false, k)) return true;
    return false;
  }
  std::string to_string(int radix = 2) const { return get().to_string(radix, false); }
  // assignment: the low length() bits of the value (extended by its sign)
  range_ref& set_from(const u64* a, int n, bool s) {
    const int len = length();
    if (lo_ % 64 == 0 && len % 64 == 0) {
      for (int k = 0; k < len / 64; ++k) p_->v_[lo_ / 64 + k] = extract64(a, n, s, 64 * k);
    } else {
      for (int k = 0; k < len; ++k) set_bit_raw(p_->v_, lo_ + k, get_bit(a, n, s, k));
    }
    canon(p_->v_, P::NL_, P::fhls_w, P::fhls_s);
    return *this;
  }
  template <int W2, bool S2> range_ref& operator=(const ap_int_base<W2, S2>& v) { return set_from(v.v_, v.NL_, S2); }
  template <typename T> typename std::enable_if<c_int<T>::value, range_ref&>::type operator=(T v) {
    const u64 x = c_int<T>::sign ? u64(i64(v)) : u64(v);
    return set_from(&x, 1, c_int<T>::sign);
  }
  range_ref& operator=(const range_ref& o) {
    const ap_uint<P::fhls_w> v = o.get();
    return set_from(v.v_, v.NL_, false);
  }
  template <class P2> range_ref& operator=(const range_ref<P2>& o) {
    const ap_uint<P2::fhls_w> v = o.get();
    return set_from(v.v_, v.NL_, false);
  }
  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
  range_ref& operator=(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& v) {  // raw bits
    return set_from(v.v_, v.NL_, S2);
  }
};

template <class P> inline std::ostream& operator<<(std::ostream& os, const range_ref<P>& r) { return os << r.get(); }

// comparisons of a range with ap_[u]int values (exact, any width)
#define FHLS_AP_RANGE_CMP(OP)                                                                  \
  template <class P, int W2, bool S2>                                                          \
  inline bool operator OP(const range_ref<P>& r, const ap_int_base<W2, S2>& b) {               \
    return r.get() OP b;                                                                       \
  }                                                                                            \
  template <class P, int W2, bool S2>                                                          \
  inline bool operator OP(const ap_int_base<W2, S2>& b, const range_ref<P>& r) {               \
    return b OP r.get();                                                                       \
  }                                                                                            \
  template <class P, class P2> inline bool operator OP(const range_ref<P>& r, const range_ref<P2>& r2) { \
    return r.get() OP r2.get();                                                                \
  }
FHLS_AP_RANGE_CMP(==)
FHLS_AP_RANGE_CMP(!=)
FHLS_AP_RANGE_CMP(<)
FHLS_AP_RANGE_CMP(<=)
FHLS_AP_RANGE_CMP(>)
FHLS_AP_RANGE_CMP(>=)
#undef FHLS_AP_RANGE_CMP

// Helpers converting any source into a target's limbs.
template <int NS, int ND>
inline void convert_into(u64* dst, int wd, bool sd, int fd, int qm, int om, int nsat, const u64* src, bool ss, int fs) {
  u64 scratch[NS + ND + 2];
  convert(dst, ND, wd, sd, fd, qm, om, nsat, src, NS, ss, fs, scratch);
}

template <int ND>
inline void convert_double_into(u64* dst, int wd, bool sd, int fd, int qm, int om, int nsat, double x) {
  i64 r;
  int fs;
  if (!decompose_double(x, r, fs)) {
    set_zero(dst, ND);
    return;
  }
  const u64 src = u64(r);
  convert_into<1, ND>(dst, wd, sd, fd, qm, om, nsat, &src, true, fs);
}

inline float to_float_checked(const u64* a, int n, bool s, int f) {
  const double d = to_binary_float(a, n, s, f, 24, -149);
  const double two128 = 340282366920938463463374607431768211456.0;  // 2^128
  if (d >= two128) return HUGE_VALF;
  if (d <= -two128) return -HUGE_VALF;
  return float(d);
}

template <int W, bool S> struct ret_type {
  typedef typename std::conditional<
      W <= 8, typename std::conditional<S, signed char, unsigned char>::type,
      typename std::conditional<
          W <= 16, typename std::conditional<S, short, unsigned short>::type,
          typename std::conditional<
              W <= 32, typename std::conditional<S, int, unsigned int>::type,
              typename std::conditional<S, long long, unsigned long long>::type>::type>::type>::type type;
};

}  // namespace fhls_ap_detail

// =====================================================================================
// ap_int_base
// =====================================================================================
template <int _AP_W, bool _AP_S> struct ap_int_base {
  static_assert(_AP_W >= 1, "ap_[u]int width must be at least 1");
  static_assert(_AP_W <= FHLS_AP_MAX_W, "ap_[u]int width exceeds AP_INT_MAX_W");
  typedef fhls_ap_detail::u64 u64_t;
  enum { width = _AP_W, NL_ = (_AP_W + 63) / 64, fhls_w = _AP_W, fhls_s = _AP_S };
  static const bool sign_flag = _AP_S;
  typedef typename fhls_ap_detail::ret_type<_AP_W, _AP_S>::type RetType;

  u64_t v_[NL_];

  // ---- construction
  ap_int_base() { fhls_ap_detail::set_zero(v_, NL_); }
  template <int W2, bool S2> ap_int_base(const ap_int_base<W2, S2>& o) { from_limbs(o.v_, o.NL_, S2); }
  template <typename T, typename = typename std::enable_if<fhls_ap_detail::c_int<T>::value>::type>
  ap_int_base(T x) {
    const u64_t v = fhls_ap_detail::c_int<T>::sign ? u64_t((long long)x) : u64_t(x);
    from_limbs(&v, 1, fhls_ap_detail::c_int<T>::sign);
  }
  // from floating point: truncation toward zero, then wrap to the width
  ap_int_base(double x) {
    fhls_ap_detail::convert_double_into<NL_>(v_, _AP_W, _AP_S, 0, AP_TRN_ZERO, AP_WRAP, 0, x);
  }
  ap_int_base(float x) {
    fhls_ap_detail::convert_double_into<NL_>(v_, _AP_W, _AP_S, 0, AP_TRN_ZERO, AP_WRAP, 0, double(x));
  }
  // from ap_[u]fixed: integer part (truncation toward zero), then wrap
  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
  ap_int_base(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& f) {
    fhls_ap_detail::convert_into<ap_fixed_base<W2, I2, S2, Q2, O2, N2>::NL_, NL_>(v_, _AP_W, _AP_S, 0, AP_TRN_ZERO,
                                                                                 AP_WRAP, 0, f.v_, S2, W2 - I2);
  }
  template <class P> ap_int_base(const fhls_ap_detail::range_ref<P>& r) {
    const ap_uint<P::fhls_w> v = r.get();
    from_limbs(v.v_, v.NL_, false);
  }
  template <class P> ap_int_base(const fhls_ap_detail::bit_ref<P>& b) {
    const u64_t v = b.get();
    from_limbs(&v, 1, false);
  }

  void from_limbs(const u64_t* a, int n, bool s) {
    fhls_ap_detail::load(v_, NL_, a, n, s, 0);
    fhls_ap_detail::canon(v_, NL_, _AP_W, _AP_S);
  }

  // ---- conversion
  operator RetType() const { return RetType(_AP_S ? u64_t((long long)v_[0]) : v_[0]); }
  bool to_bool() const { return !fhls_ap_detail::is_zero(v_, NL_); }
  char to_char() const { return char(v_[0]); }
  signed char to_schar() const { return (signed char)(v_[0]); }
  unsigned char to_uchar() const { return (unsigned char)(v_[0]); }
  short to_short() const { return short(v_[0]); }
  unsigned short to_ushort() const { return (unsigned short)(v_[0]); }
  int to_int() const { return int(v_[0]); }
  unsigned to_uint() const { return unsigned(v_[0]); }
  long to_long() const { return long(v_[0]); }
  unsigned long to_ulong() const { return (unsigned long)(v_[0]); }
  long long to_int64() const { return (long long)(v_[0]); }
  unsigned long long to_uint64() const { return v_[0]; }
  double to_double() const { return fhls_ap_detail::to_binary_float(v_, NL_, _AP_S, 0, 53, -1074); }
  float to_float() const { return fhls_ap_detail::to_float_checked(v_, NL_, _AP_S, 0); }

  int length() const { return _AP_W; }
  bool is_neg() const { return fhls_ap_detail::is_neg(v_, NL_, _AP_S); }
  bool iszero() const { return fhls_ap_detail::is_zero(v_, NL_); }

  // ---- bits
  fhls_ap_detail::bit_ref<ap_int_base> operator[](int i) { return fhls_ap_detail::bit_ref<ap_int_base>(this, i); }
  bool operator[](int i) const { return get_bit(i); }
  fhls_ap_detail::bit_ref<ap_int_base> bit(int i) { return fhls_ap_detail::bit_ref<ap_int_base>(this, i); }
  bool bit(int i) const { return get_bit(i); }
  bool get_bit(int i) const {
    if (i < 0 || i >= _AP_W) fhls_ap_detail::fatal("bit index out of range");
    return (v_[i >> 6] >> (i & 63)) & 1;
  }
  void set_bit(int i, bool b) { fhls_ap_detail::bit_ref<ap_int_base>(this, i).set(b); }
  void set(int i) { set_bit(i, true); }
  void clear(int i) { set_bit(i, false); }
  void invert(int i) { set_bit(i, !get_bit(i)); }
  bool test(int i) const { return get_bit(i); }

  fhls_ap_detail::range_ref<ap_int_base> range(int hi, int lo) const {
    return fhls_ap_detail::range_ref<ap_int_base>(const_cast<ap_int_base*>(this), hi, lo);
  }
  fhls_ap_detail::range_ref<ap_int_base> range() const { return range(_AP_W - 1, 0); }
  fhls_ap_detail::range_ref<ap_int_base> operator()(int hi, int lo) const { return range(hi, lo); }

  bool and_reduce() const {
    ap_int_base<_AP_W, false> u(*this);
    ap_int_base<_AP_W, false> ones(-1);
    return fhls_ap_detail::cmp_u(u.v_, ones.v_, NL_) == 0;
  }
  bool or_reduce() const { return !fhls_ap_detail::is_zero(v_, NL_); }
  bool xor_reduce() const {
    ap_int_base<_AP_W, false> u(*this);
    int c = 0;
    for (int i = 0; i < NL_; ++i) c ^= __builtin_popcountll(u.v_[i]) & 1;
    return c != 0;
  }
  bool nand_reduce() const { return !and_reduce(); }
  bool nor_reduce() const { return !or_reduce(); }
  bool xnor_reduce() const { return !xor_reduce(); }

  // radix 2, 8, 16 (with 0b/0o/0x prefix) or 10. For non-decimal radices the
  // W-bit pattern is printed unless sign is true and the value is negative.
  std::string to_string(int radix = 2, bool sign = _AP_S) const {
    const bool neg = sign && is_neg();
    u64_t mag[NL_ + 1];
    fhls_ap_detail::load(mag, NL_ + 1, v_, NL_, _AP_S, 0);
    if (neg) {
      fhls_ap_detail::neg_n(mag, mag, NL_ + 1);
    } else {
      fhls_ap_detail::canon(mag, NL_ + 1, _AP_W, false);  // unsigned W-bit pattern
    }
    if (radix == 10) return (neg ? "-" : "") + fhls_ap_detail::udec_string(mag, NL_ + 1);
    const char* pre = radix == 16 ? "0x" : radix == 8 ? "0o" : "0b";
    const int rdx = (radix == 16 || radix == 8) ? radix : 2;
    return std::string(neg ? "-" : "") + pre + fhls_ap_detail::upow2_string(mag, NL_ + 1, rdx);
  }

  // ---- unary
  typename fhls_ap_detail::int_factory<_AP_W + 1, true>::type operator-() const {
    typename fhls_ap_detail::int_factory<_AP_W + 1, true>::type r(*this);
    fhls_ap_detail::neg_n(r.v_, r.v_, r.NL_);
    fhls_ap_detail::canon(r.v_, r.NL_, _AP_W + 1, true);
    return r;
  }
  typename fhls_ap_detail::int_factory<_AP_W, _AP_S>::type operator+() const { return *this; }
  typename fhls_ap_detail::int_factory<_AP_W, _AP_S>::type operator~() const {
    typename fhls_ap_detail::int_factory<_AP_W, _AP_S>::type r(*this);
    for (int i = 0; i < NL_; ++i) r.v_[i] = ~r.v_[i];
    fhls_ap_detail::canon(r.v_, NL_, _AP_W, _AP_S);
    return r;
  }
  bool operator!() const { return fhls_ap_detail::is_zero(v_, NL_); }

  ap_int_base& operator++() { return *this += 1; }
  ap_int_base& operator--() { return *this -= 1; }
  const typename fhls_ap_detail::int_factory<_AP_W, _AP_S>::type operator++(int) {
    typename fhls_ap_detail::int_factory<_AP_W, _AP_S>::type t(*this);
    ++*this;
    return t;
  }
  const typename fhls_ap_detail::int_factory<_AP_W, _AP_S>::type operator--(int) {
    typename fhls_ap_detail::int_factory<_AP_W, _AP_S>::type t(*this);
    --*this;
    return t;
  }

  // ---- compound assignment (computed at full precision, wrapped into this type)
#define FHLS_AP_INT_ASSIGN_OP(AOP, OP)                                                                     \
  template <int W2, bool S2> ap_int_base& operator AOP(const ap_int_base<W2, S2>& o) {                     \
    *this = ap_int_base(*this OP o);                                                                       \
    return *this;                                                                                          \
  }                                                                                                        \
  template <typename T> typename std::enable_if<fhls_ap_detail::c_int<T>::value, ap_int_base&>::type      \
  operator AOP(T o) {                                                                                      \
    *this = ap_int_base(*this OP ap_int_base<fhls_ap_detail::c_int<T>::width, fhls_ap_detail::c_int<T>::sign>(o)); \
    return *this;                                                                                          \
  }
  FHLS_AP_INT_ASSIGN_OP(+=, +)
  FHLS_AP_INT_ASSIGN_OP(-=, -)
  FHLS_AP_INT_ASSIGN_OP(*=, *)
  FHLS_AP_INT_ASSIGN_OP(/=, /)
  FHLS_AP_INT_ASSIGN_OP(%=, %)
  FHLS_AP_INT_ASSIGN_OP(&=, &)
  FHLS_AP_INT_ASSIGN_OP(|=, |)
  FHLS_AP_INT_ASSIGN_OP(^=, ^)
#undef FHLS_AP_INT_ASSIGN_OP
  template <typename T> typename std::enable_if<fhls_ap_detail::c_int<T>::value, ap_int_base&>::type operator<<=(T s) {
    *this = *this << s;
    return *this;
  }
  template <typename T> typename std::enable_if<fhls_ap_detail::c_int<T>::value, ap_int_base&>::type operator>>=(T s) {
    *this = *this >> s;
    return *this;
  }
  template <int W2, bool S2> ap_int_base& operator<<=(const ap_int_base<W2, S2>& s) {
    *this = *this << s;
    return *this;
  }
  template <int W2, bool S2> ap_int_base& operator>>=(const ap_int_base<W2, S2>& s) {
    *this = *this >> s;
    return *this;
  }

  // shift by a signed amount (negative: the other direction), result keeps the type
  ap_int_base shifted(long long sh) const {
    if (sh > _AP_W + 64) sh = _AP_W + 64;
    if (sh < -(_AP_W + 64)) sh = -(_AP_W + 64);
    ap_int_base r;
    fhls_ap_detail::load(r.v_, NL_, v_, NL_, _AP_S, sh);
    fhls_ap_detail::canon(r.v_, NL_, _AP_W, _AP_S);
    return r;
  }
};

template <int _AP_W> struct ap_int : ap_int_base<_AP_W, true> {
  typedef ap_int_base<_AP_W, true> Base;
  using Base::Base;
  ap_int() {}
  template <int W2, bool S2> ap_int(const ap_int_base<W2, S2>& o) : Base(o) {}
};

template <int _AP_W> struct ap_uint : ap_int_base<_AP_W, false> {
  typedef ap_int_base<_AP_W, false> Base;
  using Base::Base;
  ap_uint() {}
  template <int W2, bool S2> ap_uint(const ap_int_base<W2, S2>& o) : Base(o) {}
};

// ---------------------------------------------------------------- ap_int operators
namespace fhls_ap_detail {
template <typename T> struct c_ap { typedef ap_int_base<c_int<T>::width, c_int<T>::sign> type; };
template <typename T> struct c_float {
  static const bool value = std::is_same<T, float>::value || std::is_same<T, double>::value;
};

template <class R, int W1, bool S1, int W2, bool S2>
inline R int_addsub(const ap_int_base<W1, S1>& a, const ap_int_base<W2, S2>& b, bool sub) {
  R r;
  u64 x[R::NL_], y[R::NL_];
  load(x, R::NL_, a.v_, a.NL_, S1, 0);
  load(y, R::NL_, b.v_, b.NL_, S2, 0);
  if (sub)
    sub_n(r.v_, x, y, R::NL_);
  else
    add_n(r.v_, x, y, R::NL_);
  canon(r.v_, R::NL_, R::fhls_w, R::fhls_s);
  return r;
}

template <class R, int W1, bool S1, int W2, bool S2>
inline R int_mul(const ap_int_base<W1, S1>& a, const ap_int_base<W2, S2>& b) {
  R r;
  if (R::NL_ == 1) {
    r.v_[0] = a.v_[0] * b.v_[0];
  } else {
    u64 x[R::NL_], y[R::NL_];
    load(x, R::NL_, a.v_, a.NL_, S1, 0);
    load(y, R::NL_, b.v_, b.NL_, S2, 0);
    mul_n(r.v_, x, y, R::NL_);
  }
  canon(r.v_, R::NL_, R::fhls_w, R::fhls_s);
  return r;
}

// Quotient / remainder of (a << ash) by b, truncated toward zero (C semantics).
// L limbs must hold both operands plus one bit.
template <int L>
inline void divmod_trunc(u64* q, u64* rem, const u64* a, int na, bool sa, int ash, const u64* b, int nb, bool sb) {
  u64 x[L], y[L];
  load(x, L, a, na, sa, ash);
  load(y, L, b, nb, sb, 0);
  if (is_zero(y, L)) fatal("division by zero");
  const bool nx = x[L - 1] >> 63, ny = y[L - 1] >> 63;
  if (nx) neg_n(x, x, L);
  if (ny) neg_n(y, y, L);
  udivmod_n(q, rem, x, y, L);
  if (nx != ny) neg_n(q, q, L);
  if (nx) neg_n(rem, rem, L);
}

template <class R, int W1, bool S1, int W2, bool S2>
inline R int_divmod(const ap_int_base<W1, S1>& a, const ap_int_base<W2, S2>& b, bool want_rem) {
  enum { L = nlimbs(imax(W1, W2) + 2) };
  u64 q[L], rem[L];
  divmod_trunc<L>(q, rem, a.v_, a.NL_, S1, 0, b.v_, b.NL_, S2);
  R r;
  r.from_limbs(want_rem ? rem : q, L, true);
  return r;
}
}  // namespace fhls_ap_detail

#define FHLS_AP_INT_BIN_OP(OP, RT, BODY)                                                                         \
  template <int W1, bool S1, int W2, bool S2>                                                                     \
  inline typename fhls_ap_detail::int_rtype<W1, S1, W2, S2>::RT operator OP(const ap_int_base<W1, S1>& a,          \
                                                                            const ap_int_base<W2, S2>& b) {        \
    typedef typename fhls_ap_detail::int_rtype<W1, S1, W2, S2>::RT R;                                            \
    BODY                                                                                                          \
  }                                                                                                               \
  template <int W1, bool S1, typename T>                                                                          \
  inline typename std::enable_if<                                                                                 \
      fhls_ap_detail::c_int<T>::value,                                                                            \
      typename fhls_ap_detail::int_rtype<W1, S1, fhls_ap_detail::c_int<T>::width, fhls_ap_detail::c_int<T>::sign>::RT>::type \
  operator OP(const ap_int_base<W1, S1>& a, T b) {                                                                \
    return a OP typename fhls_ap_detail::c_ap<T>::type(b);                                                        \
  }                                                                                                               \
  template <int W2, bool S2, typename T>                                                                          \
  inline typename std::enable_if<                                                                                 \
      fhls_ap_detail::c_int<T>::value,                                                                            \
      typename fhls_ap_detail::int_rtype<fhls_ap_detail::c_int<T>::width, fhls_ap_detail::c_int<T>::sign, W2, S2>::RT>::type \
  operator OP(T a, const ap_int_base<W2, S2>& b) {                                                                \
    return typename fhls_ap_detail::c_ap<T>::type(a) OP b;                                                        \
  }

FHLS_AP_INT_BIN_OP(+, plus, return fhls_ap_detail::int_addsub<R>(a, b, false);)
FHLS_AP_INT_BIN_OP(-, minus, return fhls_ap_detail::int_addsub<R>(a, b, true);)
FHLS_AP_INT_BIN_OP(*, mult, return fhls_ap_detail::int_mul<R>(a, b);)
FHLS_AP_INT_BIN_OP(/, div, return fhls_ap_detail::int_divmod<R>(a, b, false);)
FHLS_AP_INT_BIN_OP(%, mod, return fhls_ap_detail::int_divmod<R>(a, b, true);)
#define FHLS_AP_INT_LOGIC_BODY(LOP)                                               \
  {                                                                               \
    R r;                                                                          \
    fhls_ap_detail::u64 x[R::NL_], y[R::NL_];                                     \
    fhls_ap_detail::load(x, R::NL_, a.v_, a.NL_, S1, 0);                          \
    fhls_ap_detail::load(y, R::NL_, b.v_, b.NL_, S2, 0);                          \
    for (int i = 0; i < R::NL_; ++i) r.v_[i] = x[i] LOP y[i];                     \
    fhls_ap_detail::canon(r.v_, R::NL_, R::fhls_w, R::fhls_s);                    \
    return r;                                                                     \
  }
FHLS_AP_INT_BIN_OP(&, logic, FHLS_AP_INT_LOGIC_BODY(&))
FHLS_AP_INT_BIN_OP(|, logic, FHLS_AP_INT_LOGIC_BODY(|))
FHLS_AP_INT_BIN_OP(^, logic, FHLS_AP_INT_LOGIC_BODY(^))
#undef FHLS_AP_INT_LOGIC_BODY
#undef FHLS_AP_INT_BIN_OP

// comparisons: exact value comparison
namespace fhls_ap_detail {
template <int W1, bool S1, int W2, bool S2> inline int int_cmp(const ap_int_base<W1, S1>& a, const ap_int_base<W2, S2>& b) {
  enum { L = nlimbs(imax(W1, W2) + 1) };
  if (L == 1) {
    const i64 x = i64(a.v_[0]), y = i64(b.v_[0]);  // canonical values below 64 bits
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  u64 x[L], y[L];
  load(x, L, a.v_, a.NL_, S1, 0);
  load(y, L, b.v_, b.NL_, S2, 0);
  return cmp_s(x, y, L);
}
}  // namespace fhls_ap_detail

#define FHLS_AP_INT_CMP(OP)                                                                                      \
  template <int W1, bool S1, int W2, bool S2>                                                                     \
  inline bool operator OP(const ap_int_base<W1, S1>& a, const ap_int_base<W2, S2>& b) {                          \
    return fhls_ap_detail::int_cmp(a, b) OP 0;                                                                    \
  }                                                                                                               \
  template <int W1, bool S1, typename T>                                                                          \
  inline typename std::enable_if<fhls_ap_detail::c_int<T>::value, bool>::type operator OP(                       \
      const ap_int_base<W1, S1>& a, T b) {                                                                        \
    return fhls_ap_detail::int_cmp(a, typename fhls_ap_detail::c_ap<T>::type(b)) OP 0;                           \
  }                                                                                                               \
  template <int W2, bool S2, typename T>                                                                          \
  inline typename std::enable_if<fhls_ap_detail::c_int<T>::value, bool>::type operator OP(                       \
      T a, const ap_int_base<W2, S2>& b) {                                                                        \
    return fhls_ap_detail::int_cmp(typename fhls_ap_detail::c_ap<T>::type(a), b) OP 0;                           \
  }                                                                                                               \
  template <int W1, bool S1, typename T>                                                                          \
  inline typename std::enable_if<fhls_ap_detail::c_float<T>::value, bool>::type operator OP(                     \
      const ap_int_base<W1, S1>& a, T b) {                                                                        \
    return a.to_double() OP double(b);                                                                            \
  }                                                                                                               \
  template <int W2, bool S2, typename T>                                                                          \
  inline typename std::enable_if<fhls_ap_detail::c_float<T>::value, bool>::type operator OP(                     \
      T a, const ap_int_base<W2, S2>& b) {                                                                        \
    return double(a) OP b.to_double();                                                                            \
  }
FHLS_AP_INT_CMP(==)
FHLS_AP_INT_CMP(!=)
FHLS_AP_INT_CMP(<)
FHLS_AP_INT_CMP(<=)
FHLS_AP_INT_CMP(>)
FHLS_AP_INT_CMP(>=)
#undef FHLS_AP_INT_CMP

// arithmetic with float / double: the ap_[u]int is converted to the floating type
#define FHLS_AP_INT_FLOAT_OP(OP)                                                                      \
  template <int W1, bool S1, typename T>                                                               \
  inline typename std::enable_if<fhls_ap_detail::c_float<T>::value, T>::type operator OP(              \
      const ap_int_base<W1, S1>& a, T b) {                                                             \
    return (std::is_same<T, float>::value ? T(a.to_float()) : T(a.to_double())) OP b;                  \
  }                                                                                                    \
  template <int W2, bool S2, typename T>                                                               \
  inline typename std::enable_if<fhls_ap_detail::c_float<T>::value, T>::type operator OP(              \
      T a, const ap_int_base<W2, S2>& b) {                                                             \
    return a OP(std::is_same<T, float>::value ? T(b.to_float()) : T(b.to_double()));                   \
  }
FHLS_AP_INT_FLOAT_OP(+)
FHLS_AP_INT_FLOAT_OP(-)
FHLS_AP_INT_FLOAT_OP(*)
FHLS_AP_INT_FLOAT_OP(/)
#undef FHLS_AP_INT_FLOAT_OP

// shifts keep the type of the left operand; a negative signed amount shifts the other way
template <int W1, bool S1, typename T>
inline typename std::enable_if<fhls_ap_detail::c_int<T>::value, typename fhls_ap_detail::int_factory<W1, S1>::type>::type
operator<<(const ap_int_base<W1, S1>& a, T sh) {
  return a.shifted(fhls_ap_detail::c_int<T>::sign ? (long long)sh : (long long)(unsigned long long)sh);
}
template <int W1, bool S1, typename T>
inline typename std::enable_if<fhls_ap_detail::c_int<T>::value, typename fhls_ap_detail::int_factory<W1, S1>::type>::type
operator>>(const ap_int_base<W1, S1>& a, T sh) {
  const long long s = fhls_ap_detail::c_int<T>::sign ? (long long)sh : (long long)(unsigned long long)sh;
  return a.shifted(s == (-9223372036854775807LL - 1) ? 9223372036854775807LL : -s);
}
namespace fhls_ap_detail {
template <int W2, bool S2> inline long long shift_amount(const ap_int_base<W2, S2>& s) {
  // saturate huge amounts (they shift everything out anyway)
  ap_int_base<W2 + 1, true> v(s);
  if (v > 100000) return 100000;
  if (v < -100000) return -100000;
  return v.to_int64();
}
}  // namespace fhls_ap_detail
template <int W1, bool S1, int W2, bool S2>
inline typename fhls_ap_detail::int_factory<W1, S1>::type operator<<(const ap_int_base<W1, S1>& a,
                                                                      const ap_int_base<W2, S2>& s) {
  return a.shifted(fhls_ap_detail::shift_amount(s));
}
template <int W1, bool S1, int W2, bool S2>
inline typename fhls_ap_detail::int_factory<W1, S1>::type operator>>(const ap_int_base<W1, S1>& a,
                                                                      const ap_int_base<W2, S2>& s) {
  return a.shifted(-fhls_ap_detail::shift_amount(s));
}

template <int W, bool S> inline std::ostream& operator<<(std::ostream& os, const ap_int_base<W, S>& x) {
  const std::ios_base::fmtflags bf = os.flags() & std::ios_base::basefield;
  if (bf == std::ios_base::hex || bf == std::ios_base::oct) {
    ap_int_base<W, false> u(x);
    std::string s = fhls_ap_detail::upow2_string(u.v_, u.NL_, bf == std::ios_base::hex ? 16 : 8);
    if (os.flags() & std::ios_base::showbase) s = (bf == std::ios_base::hex ? "0x" : "0") + s;
    return os << s;
  }
  return os << x.to_string(10);
}

// =====================================================================================
// ap_fixed_base
// =====================================================================================
template <int _AP_W, int _AP_I, bool _AP_S, ap_q_mode _AP_Q, ap_o_mode _AP_O, int _AP_N> struct ap_fixed_base {
  static_assert(_AP_W >= 1, "ap_[u]fixed width must be at least 1");
  static_assert(_AP_W <= FHLS_AP_MAX_W, "ap_[u]fixed width exceeds AP_INT_MAX_W");
  static_assert(_AP_N >= 0, "ap_[u]fixed saturation bits must be >= 0");
  typedef fhls_ap_detail::u64 u64_t;
  enum { width = _AP_W, iwidth = _AP_I, NL_ = (_AP_W + 63) / 64, F_ = _AP_W - _AP_I, fhls_w = _AP_W, fhls_s = _AP_S };
  static const bool sign_flag = _AP_S;
  static const ap_q_mode qmode = _AP_Q;
  static const ap_o_mode omode = _AP_O;

  u64_t v_[NL_];  // the W stored bits (canonical)

  // ---- construction: quantization and overflow of this type are applied
  ap_fixed_base() { fhls_ap_detail::set_zero(v_, NL_); }
  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
  ap_fixed_base(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& o) {
    assign_from<ap_fixed_base<W2, I2, S2, Q2, O2, N2>::NL_>(o.v_, S2, W2 - I2);
  }
  template <int W2, bool S2> ap_fixed_base(const ap_int_base<W2, S2>& o) {
    assign_from<ap_int_base<W2, S2>::NL_>(o.v_, S2, 0);
  }
  template <typename T, typename = typename std::enable_if<fhls_ap_detail::c_int<T>::value>::type>
  ap_fixed_base(T x) {
    const u64_t v = fhls_ap_detail::c_int<T>::sign ? u64_t((long long)x) : u64_t(x);
    assign_from<1>(&v, fhls_ap_detail::c_int<T>::sign, 0);
  }
  ap_fixed_base(double x) {
    fhls_ap_detail::convert_double_into<NL_>(v_, _AP_W, _AP_S, F_, _AP_Q, _AP_O, _AP_N, x);
  }
  ap_fixed_base(float x) {
    fhls_ap_detail::convert_double_into<NL_>(v_, _AP_W, _AP_S, F_, _AP_Q, _AP_O, _AP_N, double(x));
  }
  template <class P> ap_fixed_base(const fhls_ap_detail::range_ref<P>& r) {
    const ap_uint<P::fhls_w> v = r.get();
    assign_from<ap_uint<P::fhls_w>::NL_>(v.v_, false, 0);
  }
  template <class P> ap_fixed_base(const fhls_ap_detail::bit_ref<P>& b) {
    const u64_t v = b.get();
    assign_from<1>(&v, false, 0);
  }

  template <int NS> void assign_from(const u64_t* src, bool ss, int fs) {
    fhls_ap_detail::convert_into<NS, NL_>(v_, _AP_W, _AP_S, F_, _AP_Q, _AP_O, _AP_N, src, ss, fs);
  }

  // ---- conversion
  double to_double() const { return fhls_ap_detail::to_binary_float(v_, NL_, _AP_S, F_, 53, -1074); }
  float to_float() const { return fhls_ap_detail::to_float_checked(v_, NL_, _AP_S, F_); }
  // integer part, truncated toward zero (as a C cast of the value would)
  long long to_int64() const {
    u64_t r;
    fhls_ap_detail::convert_into<NL_, 1>(&r, 64, true, 0, AP_TRN_ZERO, AP_WRAP, 0, v_, _AP_S, F_);
    return (long long)r;
  }
  unsigned long long to_uint64() const { return (unsigned long long)to_int64(); }
  int to_int() const { return int(to_int64()); }
  unsigned to_uint() const { return unsigned(to_int64()); }
  long to_long() const { return long(to_int64()); }
  unsigned long to_ulong() const { return (unsigned long)to_int64(); }
  bool to_bool() const { return !fhls_ap_detail::is_zero(v_, NL_); }
  char to_char() const { return char(to_int64()); }
  short to_short() const { return short(to_int64()); }
  typename fhls_ap_detail::int_factory<fhls_ap_detail::imax(_AP_I, 1), _AP_S>::type to_ap_int_base() const {
    return typename fhls_ap_detail::int_factory<fhls_ap_detail::imax(_AP_I, 1), _AP_S>::type(*this);
  }

  int length() const { return _AP_W; }
  bool is_neg() const { return fhls_ap_detail::is_neg(v_, NL_, _AP_S); }
  bool iszero() const { return fhls_ap_detail::is_zero(v_, NL_); }

  // ---- bits (of the stored representation)
  fhls_ap_detail::bit_ref<ap_fixed_base> operator[](int i) { return fhls_ap_detail::bit_ref<ap_fixed_base>(this, i); }
  bool operator[](int i) const { return get_bit(i); }
  fhls_ap_detail::bit_ref<ap_fixed_base> bit(int i) { return fhls_ap_detail::bit_ref<ap_fixed_base>(this, i); }
  bool bit(int i) const { return get_bit(i); }
  bool get_bit(int i) const {
    if (i < 0 || i >= _AP_W) fhls_ap_detail::fatal("bit index out of range");
    return (v_[i >> 6] >> (i & 63)) & 1;
  }
  void set_bit(int i, bool b) { fhls_ap_detail::bit_ref<ap_fixed_base>(this, i).set(b); }
  fhls_ap_detail::range_ref<ap_fixed_base> range(int hi, int lo) const {
    return fhls_ap_detail::range_ref<ap_fixed_base>(const_cast<ap_fixed_base*>(this), hi, lo);
  }
  fhls_ap_detail::range_ref<ap_fixed_base> range() const { return range(_AP_W - 1, 0); }
  fhls_ap_detail::range_ref<ap_fixed_base> operator()(int hi, int lo) const { return range(hi, lo); }
  bool and_reduce() const { return ap_int_base<_AP_W, false>(range()).and_reduce(); }
  bool or_reduce() const { return !fhls_ap_detail::is_zero(v_, NL_); }
  bool xor_reduce() const { return ap_int_base<_AP_W, false>(range()).xor_reduce(); }

  // radix 10: exact decimal value ("-1.25", "3"). radix 2/8/16: "0b"/"0o"/"0x"
  // followed by the digits of the value with a radix point; the stored pattern is
  // shown as unsigned unless sign is true and the value is negative.
  std::string to_string(int radix = 2, bool sign = _AP_S) const {
    bool neg;
    std::string ip, fp;
    if (radix == 10) {
      fhls_ap_detail::exact_decimal(v_, NL_, _AP_S, F_, neg, ip, fp);
      return (neg ? "-" : "") + ip + (fp.empty() ? "" : "." + fp);
    }
    const int rdx = (radix == 16 || radix == 8) ? radix : 2;
    const int bits = rdx == 2 ? 1 : rdx == 8 ? 3 : 4;
    neg = sign && is_neg();
    u64_t mag[NL_ + 1];
    fhls_ap_detail::load(mag, NL_ + 1, v_, NL_, _AP_S, 0);
    if (neg)
      fhls_ap_detail::neg_n(mag, mag, NL_ + 1);
    else
      fhls_ap_detail::canon(mag, NL_ + 1, _AP_W, false);
    // integer digits
    std::vector<u64_t> t(NL_ + 1 + fhls_ap_detail::nlimbs(_AP_I > _AP_W ? _AP_I - _AP_W + 1 : 1));
    const int nt = int(t.size());
    fhls_ap_detail::load(&t[0], nt, mag, NL_ + 1, false, -(long long)F_);
    std::string s = std::string(neg ? "-" : "") + (rdx == 16 ? "0x" : rdx == 8 ? "0o" : "0b") +
                    fhls_ap_detail::upow2_string(&t[0], nt, rdx);
    if (F_ > 0) {
      std::string f;
      const int nd = (F_ + bits - 1) / bits;
      for (int k = 0; k < nd; ++k) {
        unsigned d = 0;
        for (int b = 0; b < bits; ++b) {
          const long long pos = (long long)F_ - 1 - (long long)k * bits - b;
          d = (d << 1) | unsigned(fhls_ap_detail::get_bit(mag, NL_ + 1, false, pos));
        }
        f += "0123456789abcdef"[d];
      }
      while (!f.empty() && f.back() == '0') f.pop_back();
      if (!f.empty()) s += "." + f;
    }
    return s;
  }

  // ---- unary
  typename fhls_ap_detail::fixed_factory<_AP_W + 1, _AP_I + 1, true>::type operator-() const {
    typename fhls_ap_detail::fixed_factory<_AP_W + 1, _AP_I + 1, true>::type r;
    fhls_ap_detail::load(r.v_, r.NL_, v_, NL_, _AP_S, 0);
    fhls_ap_detail::neg_n(r.v_, r.v_, r.NL_);
    fhls_ap_detail::canon(r.v_, r.NL_, _AP_W + 1, true);
    return r;
  }
  typedef typename fhls_ap_detail::fixed_same<_AP_W, _AP_I, _AP_S, _AP_Q, _AP_O, _AP_N>::type same_t;
  same_t operator+() const { return *this; }
  same_t operator~() const {
    same_t r(*this);
    for (int i = 0; i < NL_; ++i) r.v_[i] = ~r.v_[i];
    fhls_ap_detail::canon(r.v_, NL_, _AP_W, _AP_S);
    return r;
  }
  bool operator!() const { return fhls_ap_detail::is_zero(v_, NL_); }

  ap_fixed_base& operator++() { return *this += ap_fixed_base<2, 2, true, AP_TRN, AP_WRAP, 0>(1); }
  ap_fixed_base& operator--() { return *this -= ap_fixed_base<2, 2, true, AP_TRN, AP_WRAP, 0>(1); }
  const same_t operator++(int) {
    const same_t t(*this);
    ++*this;
    return t;
  }
  const same_t operator--(int) {
    const same_t t(*this);
    --*this;
    return t;
  }

  // ---- compound assignment: full-precision result quantized into this type
#define FHLS_AP_FIXED_ASSIGN_OP(AOP, OP)                                                                   \
  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>                                   \
  ap_fixed_base& operator AOP(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& o) {                            \
    *this = ap_fixed_base(*this OP o);                                                                     \
    return *this;                                                                                          \
  }                                                                                                        \
  template <int W2, bool S2> ap_fixed_base& operator AOP(const ap_int_base<W2, S2>& o) {                   \
    *this = ap_fixed_base(*this OP o);                                                                     \
    return *this;                                                                                          \
  }                                                                                                        \
  template <typename T> typename std::enable_if<fhls_ap_detail::c_int<T>::value, ap_fixed_base&>::type    \
  operator AOP(T o) {                                                                                      \
    *this = ap_fixed_base(*this OP o);                                                                     \
    return *this;                                                                                          \
  }
  FHLS_AP_FIXED_ASSIGN_OP(+=, +)
  FHLS_AP_FIXED_ASSIGN_OP(-=, -)
  FHLS_AP_FIXED_ASSIGN_OP(*=, *)
  FHLS_AP_FIXED_ASSIGN_OP(/=, /)
#undef FHLS_AP_FIXED_ASSIGN_OP
  template <typename T> typename std::enable_if<fhls_ap_detail::c_int<T>::value, ap_fixed_base&>::type operator<<=(T s) {
    *this = *this << s;
    return *this;
  }
  template <typename T> typename std::enable_if<fhls_ap_detail::c_int<T>::value, ap_fixed_base&>::type operator>>=(T s) {
    *this = *this >> s;
    return *this;
  }
  template <int W2, bool S2> ap_fixed_base& operator<<=(const ap_int_base<W2, S2>& s) {
    *this = *this << s;
    return *this;
  }
  template <int W2, bool S2> ap_fixed_base& operator>>=(const ap_int_base<W2, S2>& s) {
    *this = *this >> s;
    return *this;
  }

  // value * 2^sh converted back into this type (quantization when shifting
  // right, overflow handling when shifting left)
  same_t shifted(long long sh) const {
    const long long lim = 2 * (long long)_AP_W + 130;
    if (sh > lim) sh = lim;
    if (sh < -lim) sh = -lim;
    same_t r;
    fhls_ap_detail::convert_into<NL_, NL_>(r.v_, _AP_W, _AP_S, F_, _AP_Q, _AP_O, _AP_N, v_, _AP_S, int(F_ - sh));
    return r;
  }
};

template <int _AP_W, int _AP_I, ap_q_mode _AP_Q, ap_o_mode _AP_O, int _AP_N>
struct ap_fixed : ap_fixed_base<_AP_W, _AP_I, true, _AP_Q, _AP_O, _AP_N> {
  typedef ap_fixed_base<_AP_W, _AP_I, true, _AP_Q, _AP_O, _AP_N> Base;
  using Base::Base;
  ap_fixed() {}
  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
  ap_fixed(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& o) : Base(o) {}
};

template <int _AP_W, int _AP_I, ap_q_mode _AP_Q, ap_o_mode _AP_O, int _AP_N>
struct ap_ufixed : ap_fixed_base<_AP_W, _AP_I, false, _AP_Q, _AP_O, _AP_N> {
  typedef ap_fixed_base<_AP_W, _AP_I, false, _AP_Q, _AP_O, _AP_N> Base;
  using Base::Base;
  ap_ufixed() {}
  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
  ap_ufixed(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& o) : Base(o) {}
};

// ---------------------------------------------------------------- ap_fixed operators
namespace fhls_ap_detail {
// the exact ap_fixed view of an ap_[u]int / C integer operand
template <int W, bool S> struct int_as_fixed { typedef ap_fixed_base<W, W, S, AP_TRN, AP_WRAP, 0> type; };
template <typename T> struct c_fixed {
  typedef ap_fixed_base<c_int<T>::width, c_int<T>::width, c_int<T>::sign, AP_TRN, AP_WRAP, 0> type;
};
template <int W, bool S> inline typename int_as_fixed<W, S>::type as_fixed(const ap_int_base<W, S>& x) {
  typename int_as_fixed<W, S>::type r;
  for (int i = 0; i < x.NL_; ++i) r.v_[i] = x.v_[i];
  return r;
}

template <class R, class A, class B> inline R fixed_addsub(const A& a, const B& b, bool sub) {
  R r;
  u64 x[R::NL_], y[R::NL_];
  load(x, R::NL_, a.v_, A::NL_, A::fhls_s, int(R::F_) - int(A::F_));
  load(y, R::NL_, b.v_, B::NL_, B::fhls_s, int(R::F_) - int(B::F_));
  if (sub)
    sub_n(r.v_, x, y, R::NL_);
  else
    add_n(r.v_, x, y, R::NL_);
  canon(r.v_, R::NL_, R::fhls_w, R::fhls_s);
  return r;
}

template <class R, class A, class B> inline R fixed_mul(const A& a, const B& b) {
  R r;
  if (R::NL_ == 1) {
    r.v_[0] = a.v_[0] * b.v_[0];
  } else {
    u64 x[R::NL_], y[R::NL_];
    load(x, R::NL_, a.v_, A::NL_, A::fhls_s, 0);
    load(y, R::NL_, b.v_, B::NL_, B::fhls_s, 0);
    mul_n(r.v_, x, y, R::NL_);
  }
  canon(r.v_, R::NL_, R::fhls_w, R::fhls_s);
  return r;
}

// quotient of (a << max(F2, 0)) / b truncated toward zero, wrapped into R
template <class R, class A, class B> inline R fixed_div(const A& a, const B& b) {
  enum { SH = imax(int(B::F_), 0), L = nlimbs(imax(int(A::fhls_w) + SH, int(B::fhls_w)) + 2) };
  u64 q[L], rem[L];
  divmod_trunc<L>(q, rem, a.v_, A::NL_, A::fhls_s, SH, b.v_, B::NL_, B::fhls_s);
  R r;
  load(r.v_, R::NL_, q, L, true, 0);
  canon(r.v_, R::NL_, R::fhls_w, R::fhls_s);
  return r;
}

template <class A, class B> inline int fixed_cmp(const A& a, const B& b) {
  enum {
    F = imax(int(A::F_), int(B::F_)),
    IA = int(A::fhls_w) - int(A::F_) + 1,
    IB = int(B::fhls_w) - int(B::F_) + 1,
    L = nlimbs(imax(IA, IB) + F + 1)
  };
  if (L == 1) {
    u64 x, y;
    load(&x, 1, a.v_, A::NL_, A::fhls_s, F - int(A::F_));
    load(&y, 1, b.v_, B::NL_, B::fhls_s, F - int(B::F_));
    return i64(x) < i64(y) ? -1 : (i64(x) > i64(y) ? 1 : 0);
  }
  u64 x[L], y[L];
  load(x, L, a.v_, A::NL_, A::fhls_s, F - int(A::F_));
  load(y, L, b.v_, B::NL_, B::fhls_s, F - int(B::F_));
  return cmp_s(x, y, L);
}
}  // namespace fhls_ap_detail

#define FHLS_AP_FX_T1 int W1, int I1, bool S1, ap_q_mode Q1, ap_o_mode O1, int N1
#define FHLS_AP_FX_T2 int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2
#define FHLS_AP_FX_A ap_fixed_base<W1, I1, S1, Q1, O1, N1>
#define FHLS_AP_FX_B ap_fixed_base<W2, I2, S2, Q2, O2, N2>
#define FHLS_AP_FX_SAME typename fhls_ap_detail::fixed_same<W1, I1, S1, Q1, O1, N1>::type

#define FHLS_AP_FIXED_BIN_OP(OP, RT, CALL)                                                                       \
  template <FHLS_AP_FX_T1, FHLS_AP_FX_T2>                                                                         \
  inline typename fhls_ap_detail::fixed_rtype<W1, I1, S1, W2, I2, S2>::RT operator OP(const FHLS_AP_FX_A& a,     \
                                                                                     const FHLS_AP_FX_B& b) {     \
    typedef typename fhls_ap_detail::fixed_rtype<W1, I1, S1, W2, I2, S2>::RT R;                                  \
    return CALL;                                                                                                  \
  }                                                                                                               \
  template <FHLS_AP_FX_T1, int W2, bool S2>                                                                       \
  inline typename fhls_ap_detail::fixed_rtype<W1, I1, S1, W2, W2, S2>::RT operator OP(const FHLS_AP_FX_A& a,     \
                                                                                     const ap_int_base<W2, S2>& b) { \
    return a OP fhls_ap_detail::as_fixed(b);                                                                      \
  }                                                                                                               \
  template <FHLS_AP_FX_T1, int W2, bool S2>                                                                       \
  inline typename fhls_ap_detail::fixed_rtype<W2, W2, S2, W1, I1, S1>::RT operator OP(const ap_int_base<W2, S2>& b, \
                                                                                     const FHLS_AP_FX_A& a) {     \
    return fhls_ap_detail::as_fixed(b) OP a;                                                                      \
  }                                                                                                               \
  template <FHLS_AP_FX_T1, typename T>                                                                            \
  inline typename std::enable_if<fhls_ap_detail::c_int<T>::value,                                                 \
                                 typename fhls_ap_detail::fixed_rtype<W1, I1, S1, fhls_ap_detail::c_int<T>::width, \
                                                                      fhls_ap_detail::c_int<T>::width,            \
                                                                      fhls_ap_detail::c_int<T>::sign>::RT>::type  \
  operator OP(const FHLS_AP_FX_A& a, T b) {                                                                       \
    return a OP typename fhls_ap_detail::c_fixed<T>::type(b);                                                     \
  }                                                                                                               \
  template <FHLS_AP_FX_T1, typename T>                                                                            \
  inline typename std::enable_if<fhls_ap_detail::c_int<T>::value,                                                 \
                                 typename fhls_ap_detail::fixed_rtype<fhls_ap_detail::c_int<T>::width,            \
                                                                      fhls_ap_detail::c_int<T>::width,            \
                                                                      fhls_ap_detail::c_int<T>::sign, W1, I1,     \
                                                                      S1>::RT>::type                              \
  operator OP(T b, const FHLS_AP_FX_A& a) {                                                                       \
    return typename fhls_ap_detail::c_fixed<T>::type(b) OP a;                                                     \
  }

FHLS_AP_FIXED_BIN_OP(+, plus, (fhls_ap_detail::fixed_addsub<R>(a, b, false)))
FHLS_AP_FIXED_BIN_OP(-, minus, (fhls_ap_detail::fixed_addsub<R>(a, b, true)))
FHLS_AP_FIXED_BIN_OP(*, mult, (fhls_ap_detail::fixed_mul<R>(a, b)))
FHLS_AP_FIXED_BIN_OP(/, div, (fhls_ap_detail::fixed_div<R>(a, b)))
#undef FHLS_AP_FIXED_BIN_OP

#define FHLS_AP_FIXED_CMP(OP)                                                                                    \
  template <FHLS_AP_FX_T1, FHLS_AP_FX_T2> inline bool operator OP(const FHLS_AP_FX_A& a, const FHLS_AP_FX_B& b) {  \
    return fhls_ap_detail::fixed_cmp(a, b) OP 0;                                                                  \
  }                                                                                                               \
  template <FHLS_AP_FX_T1, int W2, bool S2> inline bool operator OP(const FHLS_AP_FX_A& a,                        \
                                                                    const ap_int_base<W2, S2>& b) {              \
    return fhls_ap_detail::fixed_cmp(a, fhls_ap_detail::as_fixed(b)) OP 0;                                        \
  }                                                                                                               \
  template <FHLS_AP_FX_T1, int W2, bool S2> inline bool operator OP(const ap_int_base<W2, S2>& b,                 \
                                                                    const FHLS_AP_FX_A& a) {                     \
    return fhls_ap_detail::fixed_cmp(fhls_ap_detail::as_fixed(b), a) OP 0;                                        \
  }                                                                                                               \
  template <FHLS_AP_FX_T1, typename T>                                                                            \
  inline typename std::enable_if<fhls_ap_detail::c_int<T>::value, bool>::type operator OP(const FHLS_AP_FX_A& a, \
                                                                                          T b) {                  \
    return fhls_ap_detail::fixed_cmp(a, typename fhls_ap_detail::c_fixed<T>::type(b)) OP 0;                       \
  }                                                                                                               \
  template <FHLS_AP_FX_T1, typename T>                                                                            \
  inline typename std::enable_if<fhls_ap_detail::c_int<T>::value, bool>::type operator OP(T b,                   \
                                                                                          const FHLS_AP_FX_A& a) { \
    return fhls_ap_detail::fixed_cmp(typename fhls_ap_detail::c_fixed<T>::type(b), a) OP 0;                       \
  }                                                                                                               \
  template <FHLS_AP_FX_T1, typename T>                                                                            \
  inline typename std::enable_if<fhls_ap_detail::c_float<T>::value, bool>::type operator OP(                     \
      const FHLS_AP_FX_A& a, T b) {                                                                               \
    return a.to_double() OP double(b);                                                                            \
  }                                                                                                               \
  template <FHLS_AP_FX_T1, typename T>                                                                            \
  inline typename std::enable_if<fhls_ap_detail::c_float<T>::value, bool>::type operator OP(                     \
      T b, const FHLS_AP_FX_A& a) {                                                                               \
    return double(b) OP a.to_double();                                                                            \
  }
FHLS_AP_FIXED_CMP(==)
FHLS_AP_FIXED_CMP(!=)
FHLS_AP_FIXED_CMP(<)
FHLS_AP_FIXED_CMP(<=)
FHLS_AP_FIXED_CMP(>)
FHLS_AP_FIXED_CMP(>=)
#undef FHLS_AP_FIXED_CMP

template <FHLS_AP_FX_T1, typename T>
inline typename std::enable_if<fhls_ap_detail::c_int<T>::value, FHLS_AP_FX_SAME>::type operator<<(const FHLS_AP_FX_A& a,
                                                                                              T sh) {
  return a.shifted(fhls_ap_detail::c_int<T>::sign ? (long long)sh : (long long)(unsigned long long)sh);
}
template <FHLS_AP_FX_T1, typename T>
inline typename std::enable_if<fhls_ap_detail::c_int<T>::value, FHLS_AP_FX_SAME>::type operator>>(const FHLS_AP_FX_A& a,
                                                                                              T sh) {
  const long long s = fhls_ap_detail::c_int<T>::sign ? (long long)sh : (long long)(unsigned long long)sh;
  return a.shifted(s == (-9223372036854775807LL - 1) ? 9223372036854775807LL : -s);
}
template <FHLS_AP_FX_T1, int W2, bool S2>
inline FHLS_AP_FX_SAME operator<<(const FHLS_AP_FX_A& a, const ap_int_base<W2, S2>& s) {
  return a.shifted(fhls_ap_detail::shift_amount(s));
}
template <FHLS_AP_FX_T1, int W2, bool S2>
inline FHLS_AP_FX_SAME operator>>(const FHLS_AP_FX_A& a, const ap_int_base<W2, S2>& s) {
  return a.shifted(-fhls_ap_detail::shift_amount(s));
}

// Printing: the exact value, formatted like a floating value with the stream's
// precision and notation flags (default: %g with precision 6).
template <FHLS_AP_FX_T1> inline std::ostream& operator<<(std::ostream& os, const FHLS_AP_FX_A& x) {
  bool neg;
  std::string ip, fp;
  fhls_ap_detail::exact_decimal(x.v_, x.NL_, S1, W1 - I1, neg, ip, fp);
  const std::ios_base::fmtflags ff = os.flags() & std::ios_base::floatfield;
  const char mode = ff == std::ios_base::fixed ? 'f' : ff == std::ios_base::scientific ? 'e' : 'g';
  const int prec = os.precision() < 0 ? 6 : int(os.precision());
  return os << fhls_ap_detail::format_decimal(neg, ip, fp, prec, mode);
}

#undef FHLS_AP_FX_T1
#undef FHLS_AP_FX_T2
#undef FHLS_AP_FX_A
#undef FHLS_AP_FX_B
#undef FHLS_AP_FX_SAME

#endif  // FHLS_AP_IMPL_H
