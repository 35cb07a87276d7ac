// fhls/tb.h -- test-bench helpers (C simulation only; never synthesised).
//
// to_decimal(x): the exact value of an ap_[u]fixed / ap_[u]int as a plain decimal, shortest form,
// no exponent ("-0.375", "12", "0"), computed from its stored bits so that it gives the same text
// with Xilinx's headers and with fhls's own (the format of `fhls emulate` output).
// read_samples(): lines of numbers separated by commas and/or blanks; a line that does not start
// with a number (a header) is skipped.
#ifndef FHLS_TB_H
#define FHLS_TB_H

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "common.h"

namespace fhls {
namespace tb {

// A non-negative integer in base 10^9, least significant limb first.
class decimal {
 public:
  decimal() : limbs_(1, 0) {}
  void mul_add(unsigned m, unsigned a) {  // this = this * m + a
    unsigned long long carry = a;
    for (size_t i = 0; i < limbs_.size(); i++) {
      const unsigned long long v = (unsigned long long)limbs_[i] * m + carry;
      limbs_[i] = (unsigned)(v % 1000000000ull);
      carry = v / 1000000000ull;
    }
    while (carry) {
      limbs_.push_back((unsigned)(carry % 1000000000ull));
      carry /= 1000000000ull;
    }
  }
  std::string str() const {
    std::string s = std::to_string(limbs_.back());
    for (size_t i = limbs_.size() - 1; i-- > 0;) {
      const std::string part = std::to_string(limbs_[i]);
      s += std::string(9 - part.size(), '0') + part;
    }
    return s;
  }

 private:
  std::vector<unsigned> limbs_;
};

template <class T>
std::string to_decimal(const T& x) {
  const int W = traits<T>::width;
  const int F = W - traits<T>::iwidth;  // fraction bits; negative: the LSB is 2^-F > 1
  std::vector<int> bits(W);
  for (int i = 0; i < W; i++) bits[i] = x[i] ? 1 : 0;
  const bool negative = traits<T>::is_signed && bits[W - 1] == 1;
  if (negative) {  // two's complement magnitude: invert and add one
    int carry = 1;
    for (int i = 0; i < W; i++) {
      const int b = (1 - bits[i]) + carry;
      bits[i] = b & 1;
      carry = b >> 1;
    }
  }
  decimal m;
  bool zero = true;
  for (int i = W - 1; i >= 0; i--) {
    m.mul_add(2, bits[i]);
    if (bits[i]) zero = false;
  }
  // A signed W-bit minimum has magnitude 2^(W-1); the loop above read it correctly from the
  // inverted-plus-one bits (only bit W-1 set).
  if (zero) return "0";
  for (int i = 0; i < -F; i++) m.mul_add(2, 0);  // value = magnitude * 2^-F
  std::string digits = m.str();
  if (F > 0) {
    for (int i = 0; i < F; i++) m.mul_add(5, 0);  // magnitude * 5^F / 10^F
    digits = m.str();
    if ((int)digits.size() <= F) digits = std::string(F + 1 - digits.size(), '0') + digits;
    std::string whole = digits.substr(0, digits.size() - F);
    std::string frac = digits.substr(digits.size() - F);
    size_t end = frac.find_last_not_of('0');
    frac = end == std::string::npos ? "" : frac.substr(0, end + 1);
    digits = frac.empty() ? whole : whole + "." + frac;
  }
  return negative ? "-" + digits : digits;
}

// The numbers of one line: fields separated by commas, blanks or tabs. False for a header line.
inline bool parse_line(const std::string& line, std::vector<double>& values) {
  values.clear();
  const char* p = line.c_str();
  while (*p) {
    while (*p == ',' || *p == ' ' || *p == '\t' || *p == '\r') p++;
    if (!*p) break;
    char* end = 0;
    const double v = std::strtod(p, &end);
    if (end == p) return false;
    values.push_back(v);
    p = end;
  }
  return true;
}

// Every sample of a file (one per line; blank and header lines skipped).
inline std::vector<std::vector<double> > read_samples(const char* path) {
  std::vector<std::vector<double> > samples;
  std::ifstream in(path);
  std::string line;
  std::vector<double> values;
  while (std::getline(in, line)) {
    if (parse_line(line, values) && !values.empty()) samples.push_back(values);
  }
  return samples;
}

// The text fields of one line, split at commas (for comparing outputs exactly as text).
inline std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::string cur;
  for (size_t i = 0; i < line.size(); i++) {
    const char c = line[i];
    if (c == ',' ) {
      fields.push_back(cur);
      cur.clear();
    } else if (c != ' ' && c != '\t' && c != '\r') {
      cur += c;
    }
  }
  if (!cur.empty() || !fields.empty()) fields.push_back(cur);
  return fields;
}

// Lines of a file as fields (blank lines skipped); header lines are kept, callers skip them.
inline std::vector<std::vector<std::string> > read_fields(const char* path) {
  std::vector<std::vector<std::string> > rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f = split_fields(line);
    if (!f.empty()) rows.push_back(f);
  }
  return rows;
}

// Fill a flat tensor from doubles: the ap_fixed constructor from double, as the emulator's input
// quantization.
template <class T>
void load(const double* values, T* x, unsigned n) {
  for (unsigned i = 0; i < n; i++) x[i] = T(values[i]);
}

// io_stream: the flat tensor x as P positions of C channels.
template <class T, unsigned C, unsigned P>
void to_stream(const T* x, hls::stream<array<T, C> >& s) {
  for (unsigned p = 0; p < P; p++) {
    array<T, C> v;
    for (unsigned c = 0; c < C; c++) v[c] = x[c * P + p];
    s.write(v);
  }
}

template <class T, unsigned C, unsigned P>
void from_stream(hls::stream<array<T, C> >& s, T* x) {
  for (unsigned p = 0; p < P; p++) {
    const array<T, C> v = s.read();
    for (unsigned c = 0; c < C; c++) x[c * P + p] = v[c];
  }
}

}  // namespace tb
}  // namespace fhls

#endif  // FHLS_TB_H
