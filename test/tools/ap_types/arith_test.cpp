// Unit checks of fhls's own ap_types headers (templates/hls/ap_types).
// Every expected value below is derived by hand (reasoning in the comments) or,
// for the long decimal strings, by exact rational arithmetic; none comes from
// running these headers. Built by run.sh with -std=c++14 and -std=c++17.
// 1024-bit operands produce 1025..2048-bit results: raise the width limit as a
// Vitis user would have to.
#define AP_INT_MAX_W 2048
#include <ap_fixed.h>
#include <ap_int.h>
#include <hls_stream.h>

#include <csignal>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <sstream>
#include <string>
#include <type_traits>
#include <sys/wait.h>
#include <unistd.h>

#ifndef FHLS_OWN_AP_TYPES
#error "FHLS_OWN_AP_TYPES must be defined by our headers"
#endif

static int g_pass = 0, g_fail = 0;

static void check(bool ok, const char* what, int line) {
  if (ok) {
    ++g_pass;
  } else {
    ++g_fail;
    std::printf("FAIL line %d: %s\n", line, what);
  }
}
static void check_str(const std::string& got, const std::string& want, const char* what, int line) {
  if (got == want) {
    ++g_pass;
  } else {
    ++g_fail;
    std::printf("FAIL line %d: %s\n  got  \"%s\"\n  want \"%s\"\n", line, what, got.c_str(), want.c_str());
  }
}
#define CHECK(...) check((__VA_ARGS__), #__VA_ARGS__, __LINE__)
#define CHECK_STR(got, want) check_str((got), (want), #got, __LINE__)
#define CHECK_TYPE(expr, ...) \
  check(std::is_same<decltype(expr), __VA_ARGS__>::value, "type of " #expr " is " #__VA_ARGS__, __LINE__)

template <class T> static std::string str(const T& x) {
  std::ostringstream os;
  os << x;
  return os.str();
}
template <class T> static std::string dec(const T& x) { return x.to_string(10); }

// ---------------------------------------------------------------------------
static void test_result_types() {
  ap_fixed<8, 4> a;
  ap_ufixed<6, 2> u;
  ap_ufixed<8, 4> u84;
  ap_ufixed<10, 2> u102;
  ap_fixed<6, 2> f62;
  // sum: I = max(I1 (+1 if the other is signed and this unsigned), ...) + 1, F = max(F1, F2)
  CHECK_TYPE(a + a, ap_fixed<9, 5>);             // I = 4 + 1, F = 4
  CHECK_TYPE(a + u, ap_fixed<9, 5>);             // I = max(4, 2 + 1) + 1 = 5, F = max(4, 4)
  CHECK_TYPE(u84 + u102, ap_ufixed<13, 5>);      // I = max(4, 2) + 1 = 5, F = max(4, 8) = 8
  CHECK_TYPE(u84 - u84, ap_fixed<9, 5>);         // a difference is always signed
  // product: W1 + W2, I1 + I2
  CHECK_TYPE(a * u, ap_fixed<14, 6>);
  CHECK_TYPE(u84 * u102, ap_ufixed<18, 6>);
  // quotient: W = S2 + W1 + max(F2, 0), I = S2 + I1 + F2
  CHECK_TYPE(a / f62, ap_fixed<13, 9>);          // 1 + 8 + 4, 1 + 4 + 4
  CHECK_TYPE(u84 / u, ap_ufixed<12, 8>);         // 0 + 8 + 4, 0 + 4 + 4
  // with C integers: int behaves as ap_fixed<32, 32>
  CHECK_TYPE(a + 1, ap_fixed<37, 33>);           // I = max(4, 32) + 1, F = 4
  CHECK_TYPE(a * 2, ap_fixed<40, 36>);
  CHECK_TYPE(2u * u, ap_ufixed<38, 34>);
  // with ap_int: ap_int<W> behaves as ap_fixed<W, W>
  CHECK_TYPE(a + ap_int<8>(1), ap_fixed<13, 9>);
  // unary minus adds one integer bit and is signed
  CHECK_TYPE(-a, ap_fixed<9, 5>);
  CHECK_TYPE(-u, ap_fixed<7, 3>);
  // shifts keep the type
  CHECK_TYPE(a << 1, ap_fixed<8, 4>);
  CHECK_TYPE(a >> 1, ap_fixed<8, 4>);

  ap_int<8> i8;
  ap_uint<8> u8;
  ap_uint<4> u4;
  ap_int<4> i4;
  CHECK_TYPE(i8 + i8, ap_int<9>);
  CHECK_TYPE(u8 + i8, ap_int<10>);               // max(8 + 1, 8) + 1
  CHECK_TYPE(u8 + u8, ap_uint<9>);
  CHECK_TYPE(u8 - u8, ap_int<9>);
  CHECK_TYPE(i8 * u4, ap_int<12>);
  CHECK_TYPE(i8 / i4, ap_int<9>);                // W1 + S2
  CHECK_TYPE(u8 / u4, ap_uint<8>);
  CHECK_TYPE(i8 % u4, ap_int<5>);                // min(8, 4 + 1), sign of the dividend
  CHECK_TYPE(i8 & u4, ap_int<8>);                // max(8, 4 + 1)
  CHECK_TYPE(u8 | i4, ap_int<9>);                // max(8 + 1, 4)
  CHECK_TYPE(i8 + 1, ap_int<33>);                // int = ap_int<32>
  CHECK_TYPE(-u8, ap_int<9>);
  CHECK_TYPE(~u8, ap_uint<8>);
  CHECK_TYPE(i8 << 1, ap_int<8>);
  CHECK_TYPE(i8 + 1.5, double);                  // ap_int with a double gives a double
  CHECK(!(std::is_convertible<ap_fixed<8, 4>, double>::value));  // no implicit ap_fixed -> double
  CHECK((std::is_convertible<ap_int<8>, int>::value));           // ap_int -> C integer is implicit
}

// ---------------------------------------------------------------------------
static void test_arith_values() {
  // sums need the extra integer bit: 7.9375 + 7.9375 = 15.875 fits ap_fixed<9,5>
  ap_fixed<8, 4> m = 7.9375, n = -8;
  CHECK_STR(dec(m + m), "15.875");
  CHECK_STR(dec(n - m), "-15.9375");
  CHECK_STR(dec(ap_ufixed<4, 4>(0) - ap_ufixed<4, 4>(15)), "-15");
  // (-8) * (-8) = 64 fits ap_fixed<16,8> (range [-128, 128))
  CHECK_STR(dec(n * n), "64");
  // 1.75 / -2.5 = -0.7; result has F = 4 fraction bits, truncated toward zero:
  // trunc(-0.7 * 16) = -11 -> -11/16 = -0.6875
  CHECK_STR(dec(ap_fixed<8, 4>(1.75) / ap_fixed<8, 4>(-2.5)), "-0.6875");
  // 1 / 3 with F = 4: trunc(16/3) = 5 -> 0.3125
  CHECK_STR(dec(ap_fixed<8, 4>(1) / ap_fixed<8, 4>(3)), "0.3125");
  // divisor with negative F2 (ap_fixed<4,6>: LSB = 4): 10 / 8 -> F = F1 - F2 = 4 + 2 = 6,
  // trunc(1.25 * 64) / 64 = 1.25
  CHECK_STR(dec(ap_fixed<8, 4>(2.5) / ap_fixed<4, 6>(8)), "0.3125");  // 2.5/8 = 0.3125 exactly
  // mixed with C int: 2.5 * 3 = 7.5, 2.5 + 1 = 3.5, 1 - 2.5 = -1.5
  CHECK_STR(dec(ap_fixed<8, 4>(2.5) * 3), "7.5");
  CHECK_STR(dec(ap_fixed<8, 4>(2.5) + 1), "3.5");
  CHECK_STR(dec(1 - ap_fixed<8, 4>(2.5)), "-1.5");
  // ap_int
  CHECK_STR(dec(ap_int<8>(-128) / ap_int<8>(-1)), "128");  // fits ap_int<9>
  CHECK_STR(dec(ap_int<8>(7) / ap_int<8>(-2)), "-3");       // truncation toward zero
  CHECK_STR(dec(ap_int<8>(-7) % ap_int<8>(2)), "-1");       // remainder has the dividend's sign
  CHECK_STR(dec(ap_uint<8>(200) + ap_int<8>(-100)), "100");
  CHECK_STR(dec(ap_uint<8>(200) * ap_int<8>(-100)), "-20000");
  CHECK_STR(dec(ap_uint<8>(0xF0) & ap_int<4>(-2)), "240");  // -2 sign-extended = ...11110
  CHECK_STR(dec(ap_int<8>(100) + 1), "101");
  // comparisons are exact, across signedness (unlike C's -1 < 1u)
  CHECK(ap_int<8>(-1) < ap_uint<8>(255));
  CHECK(ap_int<8>(-1) < 1u);
  CHECK(ap_uint<64>(~0ULL) > ap_int<64>(-1));
  CHECK(ap_fixed<8, 4>(0.5) == 0.5);
  CHECK(ap_fixed<8, 4>(0.5) > 0);
  CHECK(ap_fixed<8, 4>(-0.5) < ap_ufixed<4, 2>(0));
  CHECK(ap_fixed<8, 4>(-0.5) != ap_fixed<16, 4>(-0.5001));
  CHECK(ap_fixed<8, 4>(3) == ap_int<3>(3));
  CHECK(3 <= ap_fixed<8, 4>(3));
  CHECK(ap_fixed<8, 4>(1.5) >= 1.25f);
}

// ---------------------------------------------------------------------------
static void test_documented_modes() {
  // UG1399 overflow-mode examples (values given in the user guide)
  { ap_fixed<4, 4, AP_RND, AP_SAT> x = 19.0; CHECK_STR(dec(x), "7"); }
  { ap_fixed<4, 4, AP_RND, AP_SAT> x = -19.0; CHECK_STR(dec(x), "-8"); }
  { ap_ufixed<4, 4, AP_RND, AP_SAT> x = 19.0; CHECK_STR(dec(x), "15"); }
  { ap_ufixed<4, 4, AP_RND, AP_SAT> x = -19.0; CHECK_STR(dec(x), "0"); }
  { ap_fixed<4, 4, AP_RND, AP_SAT_ZERO> x = 19.0; CHECK_STR(dec(x), "0"); }
  { ap_fixed<4, 4, AP_RND, AP_SAT_ZERO> x = -19.0; CHECK_STR(dec(x), "0"); }
  { ap_fixed<4, 4, AP_RND, AP_SAT_SYM> x = 19.0; CHECK_STR(dec(x), "7"); }
  { ap_fixed<4, 4, AP_RND, AP_SAT_SYM> x = -19.0; CHECK_STR(dec(x), "-7"); }
  { ap_ufixed<4, 4, AP_RND, AP_SAT_SYM> x = 19.0; CHECK_STR(dec(x), "15"); }
  { ap_ufixed<4, 4, AP_RND, AP_SAT_SYM> x = -19.0; CHECK_STR(dec(x), "0"); }
  { ap_fixed<4, 4, AP_RND, AP_WRAP> x = 31.0; CHECK_STR(dec(x), "-1"); }
  { ap_fixed<4, 4, AP_RND, AP_WRAP> x = -19.0; CHECK_STR(dec(x), "-3"); }
  { ap_ufixed<4, 4, AP_RND, AP_WRAP> x = 19.0; CHECK_STR(dec(x), "3"); }
  { ap_ufixed<4, 4, AP_RND, AP_WRAP> x = -19.0; CHECK_STR(dec(x), "13"); }
  // sign-magnitude wrap: 19 = 010011 -> keep 0011; lowest deleted bit (1) becomes the
  // sign and differs from the kept MSB (0), so the bits are inverted: 1100 = -4.
  // -19 = ...101101 -> keep 1101; lowest deleted bit 0 != kept MSB 1 -> 0010 = 2.
  { ap_fixed<4, 4, AP_RND, AP_WRAP_SM> x = 19.0; CHECK_STR(dec(x), "-4"); }
  { ap_fixed<4, 4, AP_RND, AP_WRAP_SM> x = -19.0; CHECK_STR(dec(x), "2"); }
  // AP_WRAP with N = 1 saturation bit: 9 = 01001 -> sign bit forced to 0 -> 0001 = 1
  { ap_fixed<4, 4, AP_TRN, AP_WRAP, 1> x = 9; CHECK_STR(dec(x), "1"); }
  // N = 2: sign 0, next bit 1, rest 01 -> 0101 = 5
  { ap_fixed<4, 4, AP_TRN, AP_WRAP, 2> x = 9; CHECK_STR(dec(x), "5"); }
  // symmetric saturation also maps the most negative value to -max
  { ap_fixed<4, 4, AP_TRN, AP_SAT_SYM> x = ap_fixed<4, 4>(-8); CHECK_STR(dec(x), "-7"); }

  // quantization modes on ap_fixed<3,2> (LSB 0.5): 1.25 and -1.25 are ties
  { ap_fixed<3, 2, AP_RND> a = 1.25, b = -1.25; CHECK_STR(dec(a), "1.5"); CHECK_STR(dec(b), "-1"); }
  { ap_fixed<3, 2, AP_RND_ZERO> a = 1.25, b = -1.25; CHECK_STR(dec(a), "1"); CHECK_STR(dec(b), "-1"); }
  { ap_fixed<3, 2, AP_RND_MIN_INF> a = 1.25, b = -1.25; CHECK_STR(dec(a), "1"); CHECK_STR(dec(b), "-1.5"); }
  { ap_fixed<3, 2, AP_RND_INF> a = 1.25, b = -1.25; CHECK_STR(dec(a), "1.5"); CHECK_STR(dec(b), "-1.5"); }
  { ap_fixed<3, 2, AP_RND_CONV> a = 0.75, b = -1.25; CHECK_STR(dec(a), "1"); CHECK_STR(dec(b), "-1"); }
  { ap_fixed<3, 2, AP_TRN> a = 1.25, b = -1.25; CHECK_STR(dec(a), "1"); CHECK_STR(dec(b), "-1.5"); }
  { ap_fixed<3, 2, AP_TRN_ZERO> a = 1.25, b = -1.25; CHECK_STR(dec(a), "1"); CHECK_STR(dec(b), "-1"); }
  // non-ties: 1.3 -> 1.5 (nearest) for every rounding mode, 1.0 for the truncations
  { ap_fixed<3, 2, AP_RND_MIN_INF> a = 1.3; CHECK_STR(dec(a), "1.5"); }
  { ap_fixed<3, 2, AP_TRN_ZERO> a = -1.3; CHECK_STR(dec(a), "-1"); }
  // rounding carry into overflow: 7.9 -> 8 does not fit ap_fixed<4,4,AP_RND,AP_SAT> -> 7
  { ap_fixed<4, 4, AP_RND, AP_SAT> a = 7.9; CHECK_STR(dec(a), "7"); }
  // negative integer bits: ap_fixed<2,-1> holds -0.25 .. 0.125 in steps of 0.125
  { ap_fixed<2, -1> a = 0.125; CHECK_STR(dec(a), "0.125"); }
  { ap_ufixed<1, -1> y = 0.25; CHECK_STR(dec(y), "0.25"); }  // UG1399 example
  // I > W: ap_fixed<4,6> has LSB 4
  { ap_fixed<4, 6, AP_RND> a = 10; CHECK_STR(dec(a), "12"); }  // 10/4 = 2.5 -> 3 -> 12
}

// ---------------------------------------------------------------------------
static void test_compound_assignment() {
  // ap_fixed<6,3>: LSB 0.125; 1.0 + 0.1875 = 1.1875 = 9.5 LSB
  { ap_fixed<6, 3> x = 1.0; x += ap_fixed<8, 2>(0.1875); CHECK_STR(dec(x), "1.125"); }        // TRN: 9
  { ap_fixed<6, 3, AP_RND> x = 1.0; x += ap_fixed<8, 2>(0.1875); CHECK_STR(dec(x), "1.25"); }  // tie up: 10
  // 1.0625 = 8.5 LSB: convergent -> 8 (even), AP_RND -> 9
  { ap_fixed<6, 3, AP_RND_CONV> x = 1.0; x += ap_fixed<8, 2>(0.0625); CHECK_STR(dec(x), "1"); }
  { ap_fixed<6, 3, AP_RND> x = 1.0; x += ap_fixed<8, 2>(0.0625); CHECK_STR(dec(x), "1.125"); }
  // overflow on +=: 3.5 + 1 = 4.5 > max 3.875
  { ap_fixed<6, 3, AP_TRN, AP_SAT> x = 3.5; x += 1; CHECK_STR(dec(x), "3.875"); }
  { ap_fixed<6, 3> x = 3.5; x += 1; CHECK_STR(dec(x), "-3.5"); }  // 4.5 - 8
  { ap_int<8> a = 127; a += 1; CHECK_STR(dec(a), "-128"); }
  { ap_uint<8> b = 0; b -= 1; CHECK_STR(dec(b), "255"); }
  { ap_uint<8> b = 0x0F; b |= 0xF0; b ^= 0x01; b &= 0x7F; CHECK_STR(dec(b), "126"); }
  { ap_int<8> a = 100; a *= 3; CHECK_STR(dec(a), "44"); }  // 300 - 256
  { ap_int<8> a = -100; a /= 7; CHECK_STR(dec(a), "-14"); }
  { ap_int<8> a = -100; a %= 7; CHECK_STR(dec(a), "-2"); }
  // 2.5 * 1.5 = 3.75 exact; 3.75^2 = 14.0625 wraps by 16 to -1.9375
  {
    ap_fixed<8, 4> y = 2.5;
    y *= ap_fixed<8, 4>(1.5);
    CHECK_STR(dec(y), "3.75");
    y *= y;
    CHECK_STR(dec(y), "-1.9375");
  }
  { ap_fixed<8, 4> y = 1; y /= ap_fixed<8, 4>(3); CHECK_STR(dec(y), "0.3125"); }
  { ap_fixed<8, 4> z = 7.5; z++; CHECK_STR(dec(z), "-7.5"); }  // 8.5 wraps to -7.5
  { ap_fixed<8, 4, AP_TRN, AP_SAT> z = 7.5; ++z; CHECK_STR(dec(z), "7.9375"); }
  { ap_uint<4> i = 0; for (int k = 0; k < 17; ++k) i++; CHECK_STR(dec(i), "1"); }
  {
    // accumulation pattern: sum += a * w, quantized into the accumulator each step
    ap_fixed<10, 4, AP_RND, AP_SAT> acc = 0;
    const ap_fixed<8, 2> a = 1.5, w = -0.75;  // product -1.125 exactly
    for (int k = 0; k < 10; ++k) acc += a * w;  // -11.25 saturates at -8
    CHECK_STR(dec(acc), "-8");
  }
}

// ---------------------------------------------------------------------------
static void test_bits_and_ranges() {
  ap_uint<16> u = 0xABCD;
  CHECK(u.range(7, 4) == 0xC);
  CHECK(u(15, 12) == 0xA);
  CHECK(u[0] == 1);  // D = 1101
  CHECK(u[1] == 0);
  CHECK(u.bit(2) == 1);
  u.range(7, 0) = 0x12;
  CHECK(u == 0xAB12);
  u[15] = 0;
  CHECK(u == 0x2B12);
  u[0] = u[1];  // bit 1 of 0x12 is 1
  CHECK(u == 0x2B13);
  ap_uint<8> lo = u.range(7, 0);
  CHECK(lo == 0x13);
  CHECK(u.range(15, 8).length() == 8);
  ap_int<8> s = -1;
  s.range(3, 0) = 0;  // 1111 0000 = -16
  CHECK_STR(dec(s), "-16");
  s[7] = 0;  // 0111 0000 = 112
  CHECK_STR(dec(s), "112");
  ap_int<4> four = u.range(3, 0);  // 0b0011 = 3
  CHECK(four == 3);
  ap_int<4> neg4 = ap_uint<8>(0xFE).range(3, 0);  // 0b1110 as ap_int<4> = -2
  CHECK(neg4 == -2);
  int asint = u.range(11, 4);  // 0xB1
  CHECK(asint == 0xB1);
  CHECK(ap_uint<8>(0xFF).and_reduce() && ap_uint<8>(1).or_reduce() && ap_uint<8>(7).xor_reduce());
  // ap_fixed bits are the stored bits: -1.5 in ap_fixed<8,4> is -24 = 0xE8
  ap_fixed<8, 4> f = -1.5;
  CHECK(f.range(7, 0) == 0xE8);
  CHECK(f[3] == 1 && f[2] == 0);
  ap_fixed<8, 4> g;
  g.range(7, 0) = 0x18;  // 24 / 16 = 1.5
  CHECK_STR(dec(g), "1.5");
  g[7] = 1;  // 0x98 = -104 -> -6.5
  CHECK_STR(dec(g), "-6.5");
  ap_uint<8> graw = g.range();
  CHECK(graw == 0x98);
  // wide
  ap_uint<200> w = 1;
  w <<= 150;
  CHECK(w.range(199, 140) == 1024);
  CHECK(w[150] == 1 && w[149] == 0);
  w.range(127, 64) = ~0ULL;
  CHECK(w.range(130, 60) == ap_uint<71>(0xFFFFFFFFFFFFFFFFULL) << 4);
  ap_int<130> big = -1;
  big.range(129, 128) = 1;  // top bits 01 -> positive 2^128 + (2^128 - 1)
  CHECK_STR(dec(big), "680564733841876926926749214863536422911");  // 2^129 - 1
}

// ---------------------------------------------------------------------------
static void test_shifts() {
  CHECK_STR(dec(ap_int<8>(1) << 7), "-128");
  CHECK_STR(dec(ap_int<8>(-128) >> 3), "-16");   // arithmetic
  CHECK_STR(dec(ap_uint<8>(128) >> 3), "16");    // logical
  CHECK_STR(dec(ap_uint<8>(1) << 8), "0");       // shifted out of the 8 bits
  CHECK_STR(dec(ap_int<8>(4) << -1), "2");       // negative amount shifts the other way
  CHECK_STR(dec(ap_uint<8>(3) << ap_uint<3>(2)), "12");
  CHECK_STR(dec(ap_int<8>(-1) >> 100), "-1");
  { ap_int<16> v = 3; v <<= 4; v >>= 1; CHECK_STR(dec(v), "24"); }
  // ap_fixed shifts keep the type: the value times 2^n put back into the same type
  CHECK_STR(dec(ap_fixed<8, 4>(1.5) << 1), "3");
  CHECK_STR(dec(ap_fixed<8, 4>(5) << 1), "-6");                    // 10 wraps to -6
  CHECK_STR(dec(ap_fixed<8, 4, AP_TRN, AP_SAT>(5) << 1), "7.9375");  // saturates
  CHECK_STR(dec(ap_fixed<8, 4>(-0.0625) >> 1), "-0.0625");         // -0.03125 truncates down
  CHECK_STR(dec(ap_fixed<8, 4>(3) >> 2), "0.75");
  CHECK_STR(dec(ap_fixed<8, 4>(-3) >> 1), "-1.5");
}

// ---------------------------------------------------------------------------
static void test_conversions() {
  CHECK_STR(dec(ap_int<8>(ap_fixed<8, 4>(-2.5))), "-2");  // truncation toward zero
  CHECK_STR(dec(ap_int<8>(ap_fixed<8, 4>(2.5))), "2");
  CHECK(ap_fixed<8, 4>(-2.5).to_int() == -2);
  CHECK(ap_fixed<8, 4>(-0.0625).to_int() == 0);
  CHECK(ap_fixed<40, 36>(-7.75).to_int64() == -7);
  CHECK_STR(dec(ap_int<8>(300.7)), "44");     // trunc 300, wrapped mod 256
  CHECK_STR(dec(ap_int<8>(-2.9)), "-2");
  // UG1399 sign-/zero-extension examples
  ap_uint<10> result;
  ap_int<7> val1 = 0x7f;   // -1
  ap_uint<6> val2 = 0x3f;  // 63
  result = val1;
  CHECK(result == 0x3ff);
  result = val2;
  CHECK(result == 0x03f);
  result = ap_uint<7>(val1);
  CHECK(result == 0x07f);
  result = ap_int<6>(val2);
  CHECK(result == 0x3ff);
  // implicit conversion of ap_int to a C integer
  int k = ap_int<8>(-5);
  CHECK(k == -5);
  unsigned long long big = ap_uint<64>(~0ULL);
  CHECK(big == ~0ULL);
  int arr[4] = {10, 11, 12, 13};
  ap_uint<2> idx = 3;
  CHECK(arr[idx] == 13);
  bool b = ap_uint<1>(1);
  CHECK(b);
  // from float: 0.1f = 0.100000001490116119384765625 exactly; * 2^16 = 6553.6... -> 6553
  ap_fixed<32, 16> ff = 0.1f;
  CHECK_STR(dec(ff), "0.0999908447265625");
  // from integer types
  ap_fixed<12, 8> fi = -100;
  CHECK_STR(dec(fi), "-100");
  ap_ufixed<8, 8, AP_TRN, AP_SAT> fu = 300u;
  CHECK_STR(dec(fu), "255");
  ap_fixed<20, 20> fll = (long long)-300000;  // fits [-2^19, 2^19)
  CHECK_STR(dec(fll), "-300000");
  ap_fixed<8, 8> fw = 300;  // 300 - 256 = 44
  CHECK_STR(dec(fw), "44");
  // to_double / to_float round to nearest, ties to even
  CHECK(ap_ufixed<64, 64>(ap_uint<64>(~0ULL)).to_double() == 18446744073709551616.0);  // 2^64
  CHECK(ap_uint<64>((1ULL << 53) + 1).to_double() == 9007199254740992.0);  // tie -> even 2^53
  CHECK(ap_uint<64>((1ULL << 53) + 3).to_double() == 9007199254740996.0);  // tie -> even 2^53+4
  CHECK(ap_int<32>((1 << 24) + 1).to_float() == 16777216.0f);
  CHECK(ap_fixed<16, 2>(-1.5).to_double() == -1.5);
  CHECK(ap_fixed<8, 4>(2.75).to_float() == 2.75f);
  // 0x1.fffffffffffff8p0 needs 54 bits: ap_ufixed<54,1> max = 2 - 2^-53 -> ties to even = 2.0
  ap_ufixed<54, 1, AP_TRN, AP_SAT> nearly2 = 5.0;
  CHECK(nearly2.to_double() == 2.0);
  CHECK(!(nearly2 < 2.0));  // comparison with double goes through to_double()
  CHECK(nearly2 < ap_int<3>(2));   // exact comparison
}

// ---------------------------------------------------------------------------
static void test_printing() {
  CHECK_STR(str(ap_fixed<6, 3, AP_RND, AP_WRAP>(3.25)), "3.25");  // UG1399 example
  // 0.1 in ap_fixed<16,2>: trunc(0.1 * 2^14) = 1638 -> 1638/16384 = 0.0999755859375
  ap_fixed<16, 2> p = 0.1;
  CHECK_STR(dec(p), "0.0999755859375");
  CHECK_STR(str(p), "0.0999756");  // stream: 6 significant digits, like a double
  {
    std::ostringstream os;
    os << std::setprecision(12) << p;
    CHECK_STR(os.str(), "0.0999755859375");  // 12 significant digits: 0.0999755859375 has 12
  }
  {
    std::ostringstream os;
    os << std::fixed << std::setprecision(3) << ap_fixed<8, 4>(1.0625);  // tie -> even: 1.062
    CHECK_STR(os.str(), "1.062");
  }
  {
    std::ostringstream os;
    os << std::scientific << std::setprecision(2) << ap_fixed<16, 8>(-3.5);
    CHECK_STR(os.str(), "-3.50e+00");
  }
  CHECK_STR(str(ap_fixed<8, 4>(-8)), "-8");
  CHECK_STR(str(ap_fixed<40, 39>(100000000)), "1e+08");
  CHECK_STR(str(ap_ufixed<8, 0>(0.00390625)), "0.00390625");
  CHECK_STR(str(ap_int<8>(-5)), "-5");
  CHECK_STR(str(ap_uint<8>(250)), "250");
  // UG1399 example: ap_[u]int<72> 0x10fedcba9876543210
  ap_uint<72> v = 0x10;
  v <<= 64;
  v |= 0xfedcba9876543210ULL;
  CHECK_STR(str(v), "313512663723845890576");
  {
    std::ostringstream os;
    os << std::hex << v;
    CHECK_STR(os.str(), "10fedcba9876543210");
  }
  {
    std::ostringstream os;
    os << std::oct << v;
    CHECK_STR(os.str(), "41773345651416625031020");
  }
  // to_string: default radix 2 as in Vitis; radix 10 gives the exact decimal value
  CHECK_STR(ap_int<8>(5).to_string(), "0b101");
  CHECK_STR(ap_int<8>(-5).to_string(10), "-5");
  CHECK_STR(ap_int<8>(-5).to_string(16, false), "0xfb");
  CHECK_STR(ap_uint<8>(255).to_string(10), "255");
  CHECK_STR((ap_fixed<8, 4>(-2.25).to_string(10)), "-2.25");
  CHECK_STR((ap_fixed<8, 4>(2.25).to_string(2)), "0b10.01");
  CHECK_STR((ap_fixed<8, 4>(3).to_string(10)), "3");
  CHECK(ap_fixed<8, 4>(3).length() == 8 && ap_int<13>(0).length() == 13);
  CHECK(ap_fixed<8, 4>(-0.0625).is_neg() && !ap_ufixed<8, 4>(15).is_neg() && ap_int<3>(-1).is_neg());

  // stream formatting matches printf of the same (exactly representable) double
  unsigned long long s = 12345;
  int bad = 0;
  for (int i = 0; i < 3000; ++i) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    ap_fixed<40, 12> x;
    x.range(39, 0) = (long long)(s >> 24);
    const double d = x.to_double();  // exact: 40 bits
    const int precs[] = {1, 3, 6, 10, 17};
    for (int pi = 0; pi < 5; ++pi) {
      const int pr = precs[pi];
      char buf[128];
      std::ostringstream g, f, e;
      g << std::setprecision(pr) << x;
      std::snprintf(buf, sizeof buf, "%.*g", pr, d);
      if (g.str() != buf && bad++ < 5) std::printf("  %%g mismatch %s vs %s\n", g.str().c_str(), buf);
      f << std::fixed << std::setprecision(pr) << x;
      std::snprintf(buf, sizeof buf, "%.*f", pr, d);
      if (f.str() != buf && bad++ < 5) std::printf("  %%f mismatch %s vs %s\n", f.str().c_str(), buf);
      e << std::scientific << std::setprecision(pr) << x;
      std::snprintf(buf, sizeof buf, "%.*e", pr, d);
      if (e.str() != buf && bad++ < 5) std::printf("  %%e mismatch %s vs %s\n", e.str().c_str(), buf);
    }
  }
  CHECK(bad == 0);
}

// ---------------------------------------------------------------------------
static void test_wide() {
  // 2^1000 in ap_int<1024>
  ap_int<1024> a = 1;
  a <<= 1000;
  const std::string p1000 =
      "10715086071862673209484250490600018105614048117055336074437503883703510511249361224931983788156958581275946729"
      "17553146825187145285692314043598457757469857480393456777482423098542107460506237114187795418215304647498358194"
      "1267398767559165543946077062914571196477686542167660429831652624386837205668069376";
  CHECK_STR(dec(a), p1000);
  CHECK_STR(dec(-a), "-" + p1000);
  // (2^1000 + 1) / 3 = 357...125 remainder 2 (2^1000 = 1 mod 3)
  const std::string q =
      "35716953572875577364947501635333393685380160390184453581458346279011701704164537416439945960523195270919822430"
      "58510489417290484285641046811994859191566191601311522591608076995140358201687457047292651394051015491661193980"
      "422466255853055181315359020971523732159228847389220143277217541462279068556023125";
  ap_int<1024> a1 = a + 1;
  CHECK_STR(dec(a1 / 3), q);
  CHECK_STR(dec(a1 % 3), "2");
  CHECK_STR(dec(-a1 / 3), "-" + q);  // truncation toward zero
  CHECK_STR(dec(-a1 % 3), "-2");
  // (2^511 - 1)^2 in ap_int<512> * ap_int<512> -> ap_int<1024>
  ap_int<512> m = 1;
  m <<= 511;  // wraps to -2^511 in 512 bits
  CHECK(m.is_neg());
  m = ap_int<513>(ap_int<513>(1) << 511) - 1;  // 2^511 - 1 = max
  CHECK_TYPE(m * m, ap_int<1024>);
  CHECK_STR(dec(m * m),
            "449423283715578976932326297697256183404494244735576643183575202894331689513752407831771193306018840052800284"
            "699678483394146974422036041556232118576598685176866340434136192717450505566944653960504974501456278737186480"
            "93948821585646821501475760908642387409937639288388073935957730737117129638892648757049950209");
  CHECK(m * m > a);
  CHECK(ap_int<1024>(-1) < ap_uint<1024>(0));
  ap_uint<1024> ones = ~ap_uint<1024>(0);
  CHECK(ones.and_reduce() && ones[1023] == 1);
  CHECK(ap_int<1024>(ones) == -1);
  CHECK(std::isinf(ones.to_double()));  // 2^1024 - 1 rounds to 2^1024: overflow to inf
  CHECK((a >> 990) == 1024);
  CHECK_STR(dec(a.range(1001, 998)), "4");

  // ap_fixed<200,100>: x = 2^98 + 2^-99, x*x = 2^196 + 1 + 2^-198 (exact in ap_fixed<400,200>)
  ap_fixed<200, 100> x = 0;
  x[198] = 1;  // 2^98  (bit 100 is 2^0)
  x[1] = 1;    // 2^-99
  CHECK_STR(dec(x), "316912650057057350374175801344.000000000000000000000000000001577721810442023610823457130565572459346412870218046009540557861328125");
  CHECK_TYPE(x * x, ap_fixed<400, 200>);
  CHECK_STR(dec(x * x),
            "100433627766186892221372630771322662657637687111424552206337."
            "000000000000000000000000000000000000000000000000000000000002489206111144456682857625621512049696236100867488"
            "466853240446645915879533614153376473577929250285446782786635822048992849886417388916015625");
  // max and min of ap_fixed<200,100>
  ap_fixed<200, 100, AP_TRN, AP_SAT> mx = 1e300, mn = -1e300;
  CHECK_STR(dec(mx), "633825300114114700748351602687.9999999999999999999999999999992111390947789881945882714347172137703267935648909769952297210693359375");
  CHECK_STR(dec(mn), "-633825300114114700748351602688");
  // 1/3 as a double is exactly 0x1.5555555555555p-2 (fits in 100 fraction bits)
  ap_fixed<200, 100> third = 1.0 / 3;
  CHECK_STR(dec(third), "0.333333333333333314829616256247390992939472198486328125");
  CHECK(third.to_double() == 1.0 / 3);
  // quantization of a 200-bit value into a narrow type: 1/3 -> ap_fixed<8,1,AP_RND>: 42.67/128 -> 43/128
  ap_fixed<8, 1, AP_RND> t8 = third;
  CHECK_STR(dec(t8), "0.3359375");
  // sum of wide and narrow
  CHECK_STR(dec(third + ap_fixed<8, 4>(-1)), "-0.666666666666666685170383743752609007060527801513671875");
  CHECK_STR(str(third), "0.333333");
}

// ---------------------------------------------------------------------------
static void test_stream() {
  hls::stream<ap_int<8> > s("s");
  CHECK(s.empty() && !s.full() && s.size() == 0);
  s.write(1);
  s << ap_int<8>(2);
  s.write(ap_int<8>(3));
  CHECK(s.size() == 3);
  ap_int<8> v;
  s.read(v);
  CHECK(v == 1);
  s >> v;
  CHECK(v == 2);
  CHECK(s.read() == 3);
  CHECK(s.empty());
  CHECK(!s.read_nb(v));
  hls::stream<float, 4> sf;
  sf.write(1.5f);
  CHECK(sf.read() == 1.5f);
  // reading an empty stream aborts the C simulation
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen("/dev/null", "w", stderr);
    hls::stream<int> e("empty_stream");
    (void)e.read();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

// ---------------------------------------------------------------------------
// Randomised cross-checks: multi-limb integer arithmetic against __int128, and
// narrow fixed-point arithmetic against exact double arithmetic (operands of at
// most 24 significant bits, so double sums and products are exact).
__extension__ typedef __int128 i128_t;
static std::string i128_str(i128_t v) {
  if (v == 0) return "0";
  const bool neg = v < 0;
  __extension__ unsigned __int128 m = neg ? -(unsigned __int128)v : (unsigned __int128)v;
  std::string r;
  while (m) {
    r += char('0' + int(m % 10));
    m /= 10;
  }
  if (neg) r += '-';
  return std::string(r.rbegin(), r.rend());
}
static unsigned long long g_rng = 0x9E3779B97F4A7C15ULL;
static unsigned long long rnd() {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return g_rng;
}
template <int W> static ap_int<W> make_int(i128_t v) {  // v must fit in W bits
  ap_int<W> r = (long long)(v >> 64);
  r <<= 64;
  r |= ap_uint<64>((unsigned long long)v);
  return r;
}
static i128_t rnd_i128(int bits) {  // uniform-ish in [-2^(bits-1), 2^(bits-1))
  __extension__ unsigned __int128 u = ((unsigned __int128)rnd() << 64) | rnd();
  const int sh = 128 - bits;
  return (i128_t)(u << sh) >> sh;  // arithmetic shift keeps the sign
}
static void test_random() {
  int bad = 0;
  for (int it = 0; it < 2000; ++it) {
    const i128_t x = rnd_i128(90 - int(rnd() % 30)), y = rnd_i128(40 - int(rnd() % 30));
    const ap_int<90> a = make_int<90>(x);
    const ap_int<40> b = make_int<40>(y);
    const i128_t p = (i128_t)(long long)(x >> 60) * (i128_t)(long long)y;  // < 2^(30+40)
    const ap_int<30> a30 = make_int<30>(x >> 60);
    bool ok = dec(a) == i128_str(x) && dec(a + b) == i128_str(x + y) && dec(a - b) == i128_str(x - y) &&
              dec(b - a) == i128_str(y - x) && dec(a30 * b) == i128_str(p) && ((a < b) == (x < y)) &&
              ((a == b) == (x == y)) && dec(a >> 7) == i128_str(x >> 7) && dec(-a) == i128_str(-x) &&
              dec(a & b) == i128_str(x & y) && dec(a | b) == i128_str(x | y) && dec(a ^ b) == i128_str(x ^ y);
    if (y != 0) ok = ok && dec(a / b) == i128_str(x / y) && dec(a % b) == i128_str(x % y);
    const ap_int<70> c = make_int<70>(rnd_i128(70));
    const ap_int<60> d = make_int<60>(rnd_i128(57));
    const i128_t cv = (i128_t(c.range(69, 64).to_int64()) << 64) | i128_t(c.range(63, 0).to_uint64());
    const i128_t cs = (cv << 58) >> 58;  // sign-extend from 70 bits
    if (d != 0) {
      const i128_t dv = d.to_int64();
      ok = ok && dec(c / d) == i128_str(cs / dv) && dec(c % d) == i128_str(cs % dv);
    }
    if (!ok && bad++ < 5) std::printf("  random int mismatch: x=%s y=%s\n", i128_str(x).c_str(), i128_str(y).c_str());
  }
  for (int it = 0; it < 20000; ++it) {
    ap_fixed<24, 8> a;
    ap_ufixed<20, 3> b;
    ap_fixed<12, 14> c;
    a.range(23, 0) = (long long)rnd();
    b.range(19, 0) = (long long)rnd();
    c.range(11, 0) = (long long)rnd();
    const double da = a.to_double(), db = b.to_double(), dc = c.to_double();
    bool ok = (a + b).to_double() == da + db && (a - b).to_double() == da - db && (b - a).to_double() == db - da &&
              (a * b).to_double() == da * db && (a + c).to_double() == da + dc && (a * c).to_double() == da * dc &&
              ((a < b) == (da < db)) && ((a == c) == (da == dc)) && ((b >= c) == (db >= dc)) &&
              (-a).to_double() == -da;
    if (db != 0) {
      // quotient truncated toward zero at the result's F = 20 - 3 ... F1 = 16 fraction bits
      const double q = (a / b).to_double();
      const double exact = da / db;
      ok = ok && std::fabs(q) <= std::fabs(exact) && std::fabs(exact - q) < std::ldexp(1.0, -16) &&
           std::ldexp(q, 16) == std::trunc(std::ldexp(q, 16));
    }
    // re-quantisation of the exact product into a narrow rounding type equals
    // the conversion of the same (exact) double
    ap_fixed<10, 5, AP_RND_CONV, AP_SAT> r1 = a * b, r2 = da * db;
    ok = ok && r1 == r2;
    if (!ok && bad++ < 5) std::printf("  random fixed mismatch: a=%s b=%s c=%s\n", dec(a).c_str(), dec(b).c_str(), dec(c).c_str());
  }
  CHECK(bad == 0);
}

int main() {
  test_result_types();
  test_arith_values();
  test_documented_modes();
  test_compound_assignment();
  test_bits_and_ranges();
  test_shifts();
  test_conversions();
  test_printing();
  test_wide();
  test_stream();
  test_random();
  std::printf("arith_test: %d passed, %d failed\n", g_pass, g_fail);
  return g_fail == 0 ? 0 : 1;
}
