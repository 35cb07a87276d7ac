// hls_stream.h -- fhls's own hls::stream for C simulation with g++ (an
// unbounded FIFO). Written from the documented behaviour of the Vitis HLS
// hls::stream class; used only when the real Vitis headers are not used.
#ifndef FHLS_HLS_STREAM_H
#define FHLS_HLS_STREAM_H

#define FHLS_OWN_AP_TYPES 1

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

namespace hls {

template <typename T, int DEPTH = 0> class stream {
 public:
  stream() : name_("hls::stream") {}
  explicit stream(const char* name) : name_(name ? name : "hls::stream") {}
  explicit stream(const std::string& name) : name_(name) {}
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  bool empty() const { return q_.empty(); }
  bool full() const { return false; }
  std::size_t size() const { return q_.size(); }
  const char* get_name() const { return name_.c_str(); }

  void read(T& out) { out = pop(); }
  T read() { return pop(); }
  bool read_nb(T& out) {
    if (q_.empty()) return false;
    out = pop();
    return true;
  }
  void operator>>(T& out) { read(out); }

  void write(const T& in) { q_.push_back(in); }
  bool write_nb(const T& in) {
    write(in);
    return true;
  }
  void operator<<(const T& in) { write(in); }

 private:
  T pop() {
    if (q_.empty()) {
      std::fprintf(stderr,
                   "ERROR [HLS SIM]: hls::stream '%s' is read while empty; in hardware the read would block "
                   "forever. Aborting C simulation.\n",
                   name_.c_str());
      std::fflush(stderr);
      std::abort();
    }
    T v = q_.front();
    q_.pop_front();
    return v;
  }

  std::string name_;
  std::deque<T> q_;
};

}  // namespace hls

#endif  // FHLS_HLS_STREAM_H
