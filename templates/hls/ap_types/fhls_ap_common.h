// fhls_ap_common.h -- internal header of fhls's own ap_types-compatible headers.
//
// Written from the documented semantics of the Vitis HLS "Arbitrary Precision
// Data Types Library" (UG1399). It is NOT the Xilinx implementation. It is only
// put on the include path when the real Vitis headers are not used, so that the
// C++ fhls generates can be checked with a plain g++.
//
// This file holds the enums and the width-independent kernels that work on
// little-endian arrays of 64-bit limbs. Every stored value is kept in canonical
// form: the bits above the declared width in the top limb are copies of the
// sign bit (signed types) or zero (unsigned types).
#ifndef FHLS_AP_COMMON_H
#define FHLS_AP_COMMON_H

#define FHLS_OWN_AP_TYPES 1

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#ifndef AP_INT_MAX_W
#define AP_INT_MAX_W 1024
#endif
// Largest width accepted (AP_INT_MAX_W rounded up to a multiple of 1024).
#define FHLS_AP_MAX_W (((AP_INT_MAX_W) + 1023) / 1024 * 1024)

enum ap_q_mode { AP_RND, AP_RND_ZERO, AP_RND_MIN_INF, AP_RND_INF, AP_RND_CONV, AP_TRN, AP_TRN_ZERO };
enum ap_o_mode { AP_SAT, AP_SAT_ZERO, AP_SAT_SYM, AP_WRAP, AP_WRAP_SM };
enum BaseMode { AP_BIN = 2, AP_OCT = 8, AP_DEC = 10, AP_HEX = 16 };

typedef unsigned long long ap_ulong;
typedef signed long long ap_slong;

template <int _AP_W, bool _AP_S> struct ap_int_base;
template <int _AP_W> struct ap_int;
template <int _AP_W> struct ap_uint;
template <int _AP_W, int _AP_I, bool _AP_S, ap_q_mode _AP_Q, ap_o_mode _AP_O, int _AP_N> struct ap_fixed_base;
template <int _AP_W, int _AP_I, ap_q_mode _AP_Q = AP_TRN, ap_o_mode _AP_O = AP_WRAP, int _AP_N = 0> struct ap_fixed;
template <int _AP_W, int _AP_I, ap_q_mode _AP_Q = AP_TRN, ap_o_mode _AP_O = AP_WRAP, int _AP_N = 0> struct ap_ufixed;

namespace fhls_ap_detail {

typedef unsigned long long u64;
typedef long long i64;
__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

constexpr int nlimbs(int w) { return w <= 0 ? 1 : (w + 63) / 64; }
constexpr int imax(int a, int b) { return a > b ? a : b; }
constexpr int imin(int a, int b) { return a < b ? a : b; }

[[noreturn]] inline void fatal(const char* msg) {
  std::fprintf(stderr, "ERROR [fhls ap_types]: %s\n", msg);
  std::fflush(stderr);
  std::abort();
}

// ---------------------------------------------------------------- C integer traits
template <typename T> struct c_int {
  static const bool value = std::is_integral<T>::value;
  static const int width = std::is_same<T, bool>::value ? 1 : int(sizeof(T) * 8);
  static const bool sign = std::is_signed<T>::value && !std::is_same<T, bool>::value;
};

// ---------------------------------------------------------------- limb kernels
// Extension limb of a canonical number (all ones for a negative signed value).
inline u64 ext_of(const u64* a, int n, bool s) { return (s && (a[n - 1] >> 63)) ? ~0ULL : 0ULL; }

inline bool is_neg(const u64* a, int n, bool s) { return s && (a[n - 1] >> 63); }

// 64 bits of the infinitely extended integer a starting at bit position pos.
inline u64 extract64(const u64* a, int n, bool s, i64 pos) {
  const u64 ext = ext_of(a, n, s);
  const i64 q = pos >= 0 ? pos / 64 : -((-pos + 63) / 64);
  const int r = int(pos - q * 64);
  const u64 lo = q < 0 ? 0 : (q >= n ? ext : a[q]);
  if (r == 0) return lo;
  const i64 q1 = q + 1;
  const u64 hi = q1 < 0 ? 0 : (q1 >= n ? ext : a[q1]);
  return (lo >> r) | (hi << (64 - r));
}

inline bool get_bit(const u64* a, int n, bool s, i64 i) {
  if (i < 0) return false;
  if (i >= 64 * i64(n)) return ext_of(a, n, s) & 1;
  return (a[i >> 6] >> (i & 63)) & 1;
}

// Is any bit in [0, j) set? Bits beyond the limbs are the extension.
inline bool any_below(const u64* a, int n, bool s, i64 j) {
  if (j <= 0) return false;
  const i64 full = j / 64;
  const int rem = int(j % 64);
  const i64 lim = full < n ? full : n;
  for (i64 i = 0; i < lim; ++i)
    if (a[i]) return true;
  if (full >= n) return j > 64 * i64(n) && ext_of(a, n, s) != 0;
  return rem != 0 && (a[full] & ((1ULL << rem) - 1)) != 0;
}

// d = (a << shift) modulo 2^(64*nd), a extended by its sign; negative shift = right.
inline void load(u64* d, int nd, const u64* a, int na, bool sa, i64 shift) {
  if (na == 1 && nd == 1 && shift >= 0 && shift < 64) {
    d[0] = a[0] << shift;
    return;
  }
  for (int i = 0; i < nd; ++i) d[i] = extract64(a, na, sa, 64 * i64(i) - shift);
}

// Canonical form for width w in n limbs: the bits from w upward become copies
// of bit w-1 (signed) or zero (unsigned).
inline void canon(u64* a, int n, int w, bool s) {
  const int top = (w - 1) / 64;
  const int tb = w - 64 * top;
  u64 v = a[top];
  if (tb < 64) {
    const u64 mask = (1ULL << tb) - 1;
    v &= mask;
    if (s && ((v >> (tb - 1)) & 1)) v |= ~mask;
    a[top] = v;
  }
  const u64 ext = (s && (v >> 63)) ? ~0ULL : 0ULL;
  for (int i = top + 1; i < n; ++i) a[i] = ext;
}

inline void set_zero(u64* a, int n) {
  for (int i = 0; i < n; ++i) a[i] = 0;
}

inline bool is_zero(const u64* a, int n) {
  for (int i = 0; i < n; ++i)
    if (a[i]) return false;
  return true;
}

inline void add_n(u64* r, const u64* a, const u64* b, int n) {
  u64 c = 0;
  for (int i = 0; i < n; ++i) {
    const u64 s1 = a[i] + b[i];
    const u64 c1 = s1 < a[i];
    const u64 s2 = s1 + c;
    r[i] = s2;
    c = c1 | (s2 < s1);
  }
}

inline void sub_n(u64* r, const u64* a, const u64* b, int n) {
  u64 br = 0;
  for (int i = 0; i < n; ++i) {
    const u64 d1 = a[i] - b[i];
    const u64 b1 = a[i] < b[i];
    const u64 d2 = d1 - br;
    r[i] = d2;
    br = b1 | (d1 < br);
  }
}

inline void neg_n(u64* r, const u64* a, int n) {
  u64 c = 1;
  for (int i = 0; i < n; ++i) {
    const u64 v = ~a[i] + c;
    c = (c && v == 0) ? 1 : 0;
    r[i] = v;
  }
}

inline void inc_n(u64* a, int n) {
  for (int i = 0; i < n; ++i)
    if (++a[i] != 0) return;
}

// r = a * b modulo 2^(64n); r must not alias a or b.
inline void mul_n(u64* r, const u64* a, const u64* b, int n) {
  set_zero(r, n);
  for (int i = 0; i < n; ++i) {
    if (!a[i]) continue;
    u64 carry = 0;
    for (int j = 0; i + j < n; ++j) {
      const u128 t = u128(a[i]) * b[j] + r[i + j] + carry;
      r[i + j] = u64(t);
      carry = u64(t >> 64);
    }
  }
}

// Signed (two's complement, n limbs) comparison: -1, 0, 1.
inline int cmp_s(const u64* a, const u64* b, int n) {
  const i64 ta = i64(a[n - 1]), tb = i64(b[n - 1]);
  if (ta != tb) return ta < tb ? -1 : 1;
  for (int i = n - 2; i >= 0; --i)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

inline int cmp_u(const u64* a, const u64* b, int n) {
  for (int i = n - 1; i >= 0; --i)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

inline int msb_index(const u64* a, int n) {  // -1 when zero
  for (int i = n - 1; i >= 0; --i)
    if (a[i]) return i * 64 + 63 - __builtin_clzll(a[i]);
  return -1;
}

// Unsigned long division of n-limb numbers: q = a / b, r = a % b (b != 0).
// q and r must not alias a or b. rem scratch r is n limbs.
inline void udivmod_n(u64* q, u64* r, const u64* a, const u64* b, int n) {
  if (n == 1) {
    q[0] = a[0] / b[0];
    r[0] = a[0] % b[0];
    return;
  }
  set_zero(q, n);
  set_zero(r, n);
  const int top = msb_index(a, n);
  for (int i = top; i >= 0; --i) {
    // r = (r << 1) | bit i of a
    u64 carry = (a[i >> 6] >> (i & 63)) & 1;
    for (int k = 0; k < n; ++k) {
      const u64 nc = r[k] >> 63;
      r[k] = (r[k] << 1) | carry;
      carry = nc;
    }
    if (carry || cmp_u(r, b, n) >= 0) {
      sub_n(r, r, b, n);
      q[i >> 6] |= 1ULL << (i & 63);
    }
  }
}

// ---------------------------------------------------------------- quantization + overflow
// Rounding increment for a value whose floor (on the target LSB grid) is known:
// qb = first dropped bit, st = any lower dropped bit, neg = value < 0, lsb = lsb of floor.
inline bool round_inc(int qm, bool neg, bool qb, bool st, bool lsb) {
  switch (qm) {
    case AP_RND: return qb;                       // ties toward +inf
    case AP_RND_ZERO: return qb && (neg || st);   // ties toward zero
    case AP_RND_MIN_INF: return qb && st;         // ties toward -inf
    case AP_RND_INF: return qb && (!neg || st);   // ties away from zero
    case AP_RND_CONV: return qb && (lsb || st);   // ties to even
    case AP_TRN_ZERO: return neg && (qb || st);   // toward zero
    default: return false;                        // AP_TRN: toward -inf
  }
}

inline void wrap_sm_unsigned_error() {
  fatal("AP_WRAP_SM overflow mode is not supported for unsigned types");
}

// Overflow handling, single-limb fast path: q is the quantized value in target
// LSB units (inc: rounding added one to the floor), target width wd <= 64.
// Returns the canonical limb.
inline u64 finish_small(i128 q, bool inc, int wd, bool sd, int om, int nsat) {
  const i128 one = 1;
  const i128 lo = sd ? -(one << (wd - 1)) : i128(0);
  const i128 hi = sd ? (one << (wd - 1)) - 1 : (one << wd) - 1;
  const bool qneg = q < 0;
  bool ovf = q < lo || q > hi;
  if (sd && om == AP_SAT_SYM && q == lo) ovf = true;
  const u64 mask = wd >= 64 ? ~0ULL : ((1ULL << wd) - 1);
  u64 r = u64(u128(q)) & mask;
  if (ovf) {
    switch (om) {
      case AP_SAT:
        r = qneg ? u64(u128(lo)) & mask : u64(hi);
        break;
      case AP_SAT_ZERO:
        r = 0;
        break;
      case AP_SAT_SYM:
        r = qneg ? (sd ? u64(u128(-hi)) & mask : 0) : u64(hi);
        break;
      case AP_WRAP:
        if (nsat > 0) {
          // N saturation bits: signed -> sign bit = sign of the value, the next
          // N-1 bits = its inverse; unsigned -> the N MSBs are set to one.
          const int ns = nsat < wd ? nsat : wd;
          if (sd) {
            r = (r & ~(1ULL << (wd - 1))) | (u64(qneg) << (wd - 1));
            for (int i = wd - 2; i >= wd - ns; --i) r = (r & ~(1ULL << i)) | (u64(!qneg) << i);
          } else {
            for (int i = wd - 1; i >= wd - ns; --i) r |= 1ULL << i;
          }
        }
        break;
      case AP_WRAP_SM:
        if (!sd) wrap_sm_unsigned_error();
        if (nsat == 0) {
          // new sign = lowest deleted bit of the value before rounding; the
          // remaining bits are inverted when it differs from the kept MSB
          const bool lD = bool((u128(q) >> wd) & 1) != (inc && (u64(u128(q)) & mask) == 0);
          const bool msb = (r >> (wd - 1)) & 1;
          if (lD != msb) r = ~r & mask;
        } else {
          // N MSBs saturated as for AP_WRAP; the other bits are inverted when
          // the value's bit at the lowest saturated position differs from the
          // bit written there
          const int ns = nsat < wd ? nsat : wd;
          const bool written = ns == 1 ? qneg : !qneg;
          if (ns < wd && bool((u128(q) >> (wd - ns)) & 1) != written) r ^= (1ULL << (wd - ns)) - 1;
          r = (r & ~(1ULL << (wd - 1))) | (u64(qneg) << (wd - 1));
          for (int i = wd - 2; i >= wd - ns; --i) r = (r & ~(1ULL << i)) | (u64(!qneg) << i);
        }
        break;
      default:
        break;
    }
  }
  if (sd && wd < 64 && ((r >> (wd - 1)) & 1)) r |= ~mask;
  return r;
}

inline void set_bit_raw(u64* a, int i, bool v) {
  if (v)
    a[i >> 6] |= 1ULL << (i & 63);
  else
    a[i >> 6] &= ~(1ULL << (i & 63));
}

// Overflow handling, general path: q holds the quantized value (L limbs,
// signed); inc tells that rounding added one to the floor.
inline void finish_wide(u64* dst, int nd, int wd, bool sd, int om, int nsat, const u64* q, int L, bool inc) {
  const bool qneg = q[L - 1] >> 63;
  // fits: every bit from (sd ? wd-1 : wd) upward equals the sign of q (and q >= 0 if unsigned)
  bool fits = true;
  if (!sd && qneg) fits = false;
  const i64 from = sd ? wd - 1 : wd;
  const u64 ext = qneg ? ~0ULL : 0ULL;
  if (fits) {
    for (i64 i = from; i < 64 * i64(L);) {
      if ((i & 63) == 0) {
        if (q[i >> 6] != ext) {
          fits = false;
          break;
        }
        i += 64;
      } else {
        if (get_bit(q, L, true, i) != qneg) {
          fits = false;
          break;
        }
        ++i;
      }
    }
  }
  bool ovf = !fits;
  if (sd && om == AP_SAT_SYM && fits && qneg && !any_below(q, L, true, wd - 1)) ovf = true;
  for (int i = 0; i < nd; ++i) dst[i] = i < L ? q[i] : ext;
  if (ovf) {
    switch (om) {
      case AP_SAT:
      case AP_SAT_SYM:
        if (!qneg) {
          for (int i = 0; i < nd; ++i) dst[i] = ~0ULL;
          if (sd) set_bit_raw(dst, wd - 1, false);
        } else if (sd) {
          set_zero(dst, nd);
          set_bit_raw(dst, wd - 1, true);
          if (om == AP_SAT_SYM) dst[0] |= 1;  // -max = min + 1
        } else {
          set_zero(dst, nd);
        }
        break;
      case AP_SAT_ZERO:
        set_zero(dst, nd);
        break;
      case AP_WRAP:
        if (nsat > 0) {
          const int ns = nsat < wd ? nsat : wd;
          if (sd) {
            set_bit_raw(dst, wd - 1, qneg);
            for (int i = wd - 2; i >= wd - ns; --i) set_bit_raw(dst, i, !qneg);
          } else {
            for (int i = wd - 1; i >= wd - ns; --i) set_bit_raw(dst, i, true);
          }
        }
        break;
      case AP_WRAP_SM:
        if (!sd) wrap_sm_unsigned_error();
        if (nsat == 0) {
          const bool lD = get_bit(q, L, true, wd) != (inc && !any_below(q, L, true, wd));
          const bool msb = get_bit(q, L, true, wd - 1);
          if (lD != msb)
            for (int i = 0; i < nd; ++i) dst[i] = ~dst[i];
        } else {
          const int ns = nsat < wd ? nsat : wd;
          const bool written = ns == 1 ? qneg : !qneg;
          if (ns < wd && get_bit(q, L, true, wd - ns) != written)
            for (int i = 0; i < wd - ns; ++i) set_bit_raw(dst, i, !get_bit(dst, nd, false, i));
          set_bit_raw(dst, wd - 1, qneg);
          for (int i = wd - 2; i >= wd - ns; --i) set_bit_raw(dst, i, !qneg);
        }
        break;
      default:
        break;
    }
  }
  canon(dst, nd, wd, sd);
}

#ifndef FHLS_AP_NO_FAST_PATH
#define FHLS_AP_FAST 1
#else
#define FHLS_AP_FAST 0
#endif

// Convert the value R * 2^-fs (R: ns limbs, signed if ss) into the target with
// wd bits, fd fraction bits, signedness sd, quantization qm, overflow om and nsat
// saturation bits. scratch must hold ns + nd + 2 limbs.
inline void convert(u64* dst, int nd, int wd, bool sd, int fd, int qm, int om, int nsat, const u64* src, int ns,
                    bool ss, int fs, u64* scratch) {
  const i64 d = i64(fd) - i64(fs);
  if (FHLS_AP_FAST && ns == 1 && nd == 1) {
    const i64 r = i64(src[0]);
    const bool neg = ss && r < 0;
    if (!ss && r < 0) {
      // unsigned 64-bit value with the top bit set: use the general path
    } else if (d >= 0 && d <= 62) {
      dst[0] = finish_small(i128(u128(i128(r)) << d), false, wd, sd, om, nsat);
      return;
    } else if (d < 0 && d >= -63) {
      const int k = int(-d);
      const i64 fl = r >> k;
      const bool qb = (r >> (k - 1)) & 1;
      const bool st = k >= 2 && (u64(r) & ((1ULL << (k - 1)) - 1)) != 0;
      const bool inc = round_inc(qm, neg, qb, st, fl & 1);
      dst[0] = finish_small(i128(fl) + (inc ? 1 : 0), inc, wd, sd, om, nsat);
      return;
    }
  }
  int L;
  bool inc = false;
  if (d >= 0) {
    const i64 dd = d < i64(wd) + 2 ? d : i64(wd) + 2;
    L = ns + int((dd + 1 + 63) / 64);
    load(scratch, L, src, ns, ss, dd);
  } else {
    const i64 k = -d;
    const i64 lim = 64 * i64(ns) + 2;
    const i64 kk = k < lim ? k : lim;
    L = ns + 1;
    load(scratch, L, src, ns, ss, -kk);
    const bool neg = is_neg(src, ns, ss);
    const bool qb = get_bit(src, ns, ss, k - 1);
    const bool st = any_below(src, ns, ss, k - 1);
    inc = round_inc(qm, neg, qb, st, scratch[0] & 1);
    if (inc) inc_n(scratch, L);
  }
  finish_wide(dst, nd, wd, sd, om, nsat, scratch, L, inc);
}

// Decompose an IEEE double into (R, fs) with value = R * 2^-fs exactly.
// Returns false for +-0.
inline bool decompose_double(double x, i64& r, int& fs) {
  u64 b;
  std::memcpy(&b, &x, sizeof b);
  const bool neg = b >> 63;
  const int e = int((b >> 52) & 0x7ff);
  const u64 f = b & ((1ULL << 52) - 1);
  if (e == 0 && f == 0) return false;
  u64 m;
  if (e == 0) {  // subnormal
    m = f;
    fs = 1074;
  } else {  // normal (Inf/NaN are treated as a huge finite value)
    m = f | (1ULL << 52);
    fs = 1075 - e;
  }
  r = neg ? -i64(m) : i64(m);
  return true;
}

// Correctly rounded (nearest, ties to even) conversion of R * 2^-f to a binary
// floating format with mbits significand bits and minimum exponent emin_lsb.
inline double to_binary_float(const u64* a, int n, bool s, int f, int mbits, int emin_lsb) {
  if (is_zero(a, n)) return 0.0;
  const bool neg = is_neg(a, n, s);
  // magnitude in n+1 limbs
  u64 mag[nlimbs(FHLS_AP_MAX_W) + 2];
  const int m = n + 1;
  load(mag, m, a, n, s, 0);
  if (neg) neg_n(mag, mag, m);
  const int p = msb_index(mag, m);
  const i64 e = i64(p) - f;                      // value in [2^e, 2^(e+1))
  i64 lsbexp = e - (mbits - 1);                  // exponent of the significand lsb
  if (lsbexp < emin_lsb) lsbexp = emin_lsb;
  const i64 shift = lsbexp + f;                  // bits of mag to drop
  u64 sig;
  if (shift <= 0) {
    sig = mag[0] << (-shift);  // p < mbits here, so it fits
  } else {
    sig = extract64(mag, m, false, shift);
    if (shift < 64 * i64(m)) {
      const bool rb = get_bit(mag, m, false, shift - 1);
      const bool st = any_below(mag, m, false, shift - 1);
      if (rb && (st || (sig & 1))) ++sig;
    } else {
      sig = 0;
      const bool rb = get_bit(mag, m, false, shift - 1);
      const bool st = any_below(mag, m, false, shift - 1);
      if (rb && st) sig = 1;
    }
  }
  if (lsbexp > 4000) lsbexp = 4000;
  if (lsbexp < -4000) lsbexp = -4000;
  const double v = std::ldexp(double(sig), int(lsbexp));
  return neg ? -v : v;
}

// ---------------------------------------------------------------- decimal printing
// Magnitude of an unsigned n-limb number as a decimal digit string.
inline std::string udec_string(const u64* a, int n) {
  std::vector<u64> t(a, a + n);
  std::string out;
  const u64 base = 10000000000000000000ULL;  // 10^19
  for (;;) {
    u64 rem = 0;
    bool nz = false;
    for (int i = n - 1; i >= 0; --i) {
      const u128 cur = (u128(rem) << 64) | t[i];
      t[i] = u64(cur / base);
      rem = u64(cur % base);
      if (t[i]) nz = true;
    }
    for (int k = 0; k < 19; ++k) {
      out += char('0' + int(rem % 10));
      rem /= 10;
      if (!nz && rem == 0) break;
    }
    if (!nz) break;
  }
  return std::string(out.rbegin(), out.rend());
}

// Digits of an unsigned n-limb number in radix 2, 8 or 16 (no prefix).
inline std::string upow2_string(const u64* a, int n, int radix) {
  const int bits = radix == 2 ? 1 : radix == 8 ? 3 : 4;
  const int top = msb_index(a, n);
  if (top < 0) return "0";
  std::string s;
  for (int pos = (top / bits) * bits; pos >= 0; pos -= bits) {
    unsigned d = 0;
    for (int k = bits - 1; k >= 0; --k) d = (d << 1) | unsigned(get_bit(a, n, false, pos + k));
    s += "0123456789abcdef"[d];
  }
  return s;
}

// |R| * 2^-f (R canonical, n limbs) split into the exact decimal integer digits
// and fraction digits (no trailing zeros).
inline void exact_decimal(const u64* a, int n, bool s, int f, bool& neg, std::string& ip, std::string& fp) {
  neg = is_neg(a, n, s);
  const int m = n + 1 + (f < 0 ? nlimbs(-f) : 0);
  std::vector<u64> mag(m), tmp(m);
  load(&mag[0], m, a, n, s, 0);
  if (neg) neg_n(&mag[0], &mag[0], m);
  load(&tmp[0], m, &mag[0], m, false, -i64(f));  // integer part (shift right by f, or left by -f)
  ip = udec_string(&tmp[0], m);
  fp.clear();
  if (f <= 0) return;
  const int fl = nlimbs(f) + 1;
  std::vector<u64> fr(fl);
  for (int i = 0; i < fl; ++i) fr[i] = i < m ? mag[i] : 0;
  for (;;) {
    for (int i = 0; i < fl; ++i) {  // keep the bits below f
      const i64 lo = 64 * i64(i);
      if (lo >= f)
        fr[i] = 0;
      else if (lo + 64 > f)
        fr[i] &= (1ULL << (f - lo)) - 1;
    }
    if (is_zero(&fr[0], fl)) break;
    u64 carry = 0;
    for (int i = 0; i < fl; ++i) {
      const u128 t = u128(fr[i]) * 10 + carry;
      fr[i] = u64(t);
      carry = u64(t >> 64);
    }
    fp += char('0' + int(extract64(&fr[0], fl, false, f) & 0xf));
  }
}

// Format the exact decimal value (ip.fp) like printf %g ('g'), %f ('f') or %e
// ('e') with precision prec, rounding ties to even on the exact value.
inline std::string format_decimal(bool neg, const std::string& ip, const std::string& fp, int prec, char mode) {
  std::string digits = ip + fp;  // value = 0.digits * 10^pe
  int pe = int(ip.size());
  const size_t nz = digits.find_first_not_of('0');
  if (nz == std::string::npos) {
    digits.clear();
  } else {
    digits = digits.substr(nz);
    pe -= int(nz);
  }
  // round(0.digits * 10^keep) as a decimal digit string
  auto round_int = [&digits](int keep) -> std::string {
    if (keep < 0 || digits.empty()) return "0";
    std::string k = digits.substr(0, size_t(keep));
    if (int(k.size()) < keep) k += std::string(size_t(keep) - k.size(), '0');
    if (keep < int(digits.size())) {
      const char first = digits[size_t(keep)];
      const bool rest = digits.find_first_not_of('0', size_t(keep) + 1) != std::string::npos;
      const bool odd = !k.empty() && ((k.back() - '0') & 1);
      if (first > '5' || (first == '5' && (rest || odd))) {
        int i = int(k.size()) - 1;
        while (i >= 0 && k[size_t(i)] == '9') k[size_t(i--)] = '0';
        if (i >= 0)
          ++k[size_t(i)];
        else
          k.insert(k.begin(), '1');
      }
    }
    return k.empty() ? std::string("0") : k;
  };
  const std::string sign = neg ? "-" : "";
  if (mode == 'f') {
    std::string n = digits.empty() ? std::string("0") : round_int(pe + prec);
    const size_t z = n.find_first_not_of('0');
    n = z == std::string::npos ? std::string("0") : n.substr(z);
    if (int(n.size()) < prec + 1) n = std::string(size_t(prec + 1) - n.size(), '0') + n;
    if (prec == 0) return sign + n;
    return sign + n.substr(0, n.size() - size_t(prec)) + "." + n.substr(n.size() - size_t(prec));
  }
  const int P = mode == 'e' ? prec + 1 : (prec == 0 ? 1 : prec);
  std::string k;
  int X = 0;
  if (digits.empty()) {
    k = std::string(size_t(P), '0');
  } else {
    k = round_int(P);
    X = pe - 1;
    if (int(k.size()) > P) {
      k.pop_back();
      ++X;
    }
  }
  char eb[16];
  std::snprintf(eb, sizeof eb, "e%c%02d", X < 0 ? '-' : '+', X < 0 ? -X : X);
  if (mode == 'e') return sign + k.substr(0, 1) + (prec > 0 ? "." + k.substr(1) : "") + eb;
  // %g: fixed notation when -4 <= X < P, trailing zeros removed
  if (X < P && X >= -4) {
    std::string intp, frac;
    if (X >= 0) {
      intp = k.substr(0, size_t(X) + 1);
      frac = k.substr(size_t(X) + 1);
    } else {
      intp = "0";
      frac = std::string(size_t(-X - 1), '0') + k;
    }
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    return sign + intp + (frac.empty() ? "" : "." + frac);
  }
  std::string frac = k.substr(1);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return sign + k.substr(0, 1) + (frac.empty() ? "" : "." + frac) + eb;
}

}  // namespace fhls_ap_detail

#endif  // FHLS_AP_COMMON_H
