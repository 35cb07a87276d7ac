// fhls/window.h -- sliding windows over [C][H][W] tensors, shared by Conv (fhls/conv.h) and Pool
// (fhls/pool.h): the index arithmetic of src/ir/layers/windows.ts, the gather of one window in
// io_parallel, and the line buffer and read/compute schedule of io_stream.
//
// Along one axis, tap t of output o lies at input position o*stride - pad_begin + t*dilation; it is
// inside when 0 <= pos < length, in the declared padding when -pad_begin <= pos < length + pad_end
// (ceil mode may let a window overhang even that: those taps count nowhere). 1-D layers are 2-D
// layers of height 1.
//
// G (the layer's config) holds: n_chan, in_height, in_width, filt_height, filt_width,
// stride_height, stride_width, dilation_height, dilation_width, pad_top, pad_left, pad_bottom,
// pad_right, out_height, out_width; io_stream adds buf_rows, buf_cols, buf_col_banks and n_iter.
//
// io_stream schedule. Input positions arrive in row-major order (one stream element of n_chan
// channels each) and outputs leave in row-major order. Output (oh, ow) is ready once the last
// input of its window in stream order -- (last inside row) * in_width + (last inside column) --
// has been read. Each iteration of the layer's loop reads one input position, unless the next
// output is already ready, and then computes the next output if it is ready; n_iter, the number
// of iterations, is computed by fhls (src/backends/vitis/layers/window.ts) with the same rule.
// Because nothing is read while an output is ready, the inputs a pending output needs are never
// overwritten, so the line buffer keeps only buf_rows = min(in_height, dilated filter height)
// rows of in_width columns (1-D: buf_cols = min(in_width, dilated filter width) columns), both
// used circularly.
#ifndef FHLS_WINDOW_H
#define FHLS_WINDOW_H

#include "common.h"

namespace fhls {

template <class G>
inline int tap_row(unsigned oh, unsigned kh) {
#pragma HLS INLINE
  return int(oh * G::stride_height + kh * G::dilation_height) - int(G::pad_top);
}

template <class G>
inline int tap_col(unsigned ow, unsigned kw) {
#pragma HLS INLINE
  return int(ow * G::stride_width + kw * G::dilation_width) - int(G::pad_left);
}

template <class G>
inline bool row_inside(int ih) {
#pragma HLS INLINE
  return ih >= 0 && ih < int(G::in_height);
}

template <class G>
inline bool col_inside(int iw) {
#pragma HLS INLINE
  return iw >= 0 && iw < int(G::in_width);
}

// Which taps of window (oh, ow) lie inside the input, kernel row-major.
template <class G>
void window_inside(unsigned oh, unsigned ow, bool inside[G::filt_height * G::filt_width]) {
#pragma HLS INLINE
  for (unsigned kh = 0; kh < G::filt_height; kh++) {
#pragma HLS UNROLL
    for (unsigned kw = 0; kw < G::filt_width; kw++) {
#pragma HLS UNROLL
      inside[kh * G::filt_width + kw] = row_inside<G>(tap_row<G>(oh, kh)) && col_inside<G>(tap_col<G>(ow, kw));
    }
  }
}

// io_parallel: the window (oh, ow) of every channel, win[c][kh][kw], 0 where a tap is outside.
template <class G, class T>
void gather_window(const T x[G::n_chan * G::in_height * G::in_width], unsigned oh, unsigned ow,
                   T win[G::n_chan * G::filt_height * G::filt_width]) {
#pragma HLS INLINE
  for (unsigned c = 0; c < G::n_chan; c++) {
#pragma HLS UNROLL
    for (unsigned kh = 0; kh < G::filt_height; kh++) {
#pragma HLS UNROLL
      for (unsigned kw = 0; kw < G::filt_width; kw++) {
#pragma HLS UNROLL
        const int ih = tap_row<G>(oh, kh);
        const int iw = tap_col<G>(ow, kw);
        const unsigned k = (c * G::filt_height + kh) * G::filt_width + kw;
        if (row_inside<G>(ih) && col_inside<G>(iw))
          win[k] = x[(c * G::in_height + unsigned(ih)) * G::in_width + unsigned(iw)];
        else
          win[k] = T(0);
      }
    }
  }
}

// The last inside position of a window along one axis, or -1 when none is inside.
template <class G>
inline int last_row(unsigned oh) {
#pragma HLS INLINE
  int last = -1;
  for (unsigned kh = 0; kh < G::filt_height; kh++) {
#pragma HLS UNROLL
    const int ih = tap_row<G>(oh, kh);
    if (row_inside<G>(ih)) last = ih;
  }
  return last;
}

template <class G>
inline int last_col(unsigned ow) {
#pragma HLS INLINE
  int last = -1;
  for (unsigned kw = 0; kw < G::filt_width; kw++) {
#pragma HLS UNROLL
    const int iw = tap_col<G>(ow, kw);
    if (col_inside<G>(iw)) last = iw;
  }
  return last;
}

// io_stream: the stream index of the last input window (oh, ow) needs (-1: it needs none).
template <class G>
inline int window_ready(unsigned oh, unsigned ow) {
#pragma HLS INLINE
  const int r = last_row<G>(oh);
  const int c = last_col<G>(ow);
  return r < 0 || c < 0 ? -1 : r * int(G::in_width) + c;
}

// io_stream: where the scheduler stands. t inputs have been read, the next is (ih, iw); o outputs
// have been written, the next is (oh, ow).
struct window_state {
  unsigned t, ih, iw, o, oh, ow;
};

inline void window_start(window_state& s) {
#pragma HLS INLINE
  s.t = 0;
  s.ih = 0;
  s.iw = 0;
  s.o = 0;
  s.oh = 0;
  s.ow = 0;
}

// io_stream: one scheduler step. Reads the next input position into the line buffer unless the
// next output is ready; returns whether the next output is ready now.
template <class G, class T>
bool window_step(hls::stream<array<T, G::n_chan> >& x, T buf[G::buf_rows][G::buf_cols][G::n_chan], window_state& s) {
#pragma HLS INLINE
  const unsigned n_out = G::out_height * G::out_width;
  bool ready = s.o < n_out && int(s.t) > window_ready<G>(s.oh, s.ow);
  if (!ready && s.t < G::in_height * G::in_width) {
    const array<T, G::n_chan> v = x.read();
    for (unsigned c = 0; c < G::n_chan; c++) {
#pragma HLS UNROLL
      buf[s.ih % G::buf_rows][s.iw % G::buf_cols][c] = v[c];
    }
    s.t++;
    if (++s.iw == G::in_width) {
      s.iw = 0;
      s.ih++;
    }
    ready = s.o < n_out && int(s.t) > window_ready<G>(s.oh, s.ow);
  }
  return ready;
}

// io_stream: after output (oh, ow) is written.
template <class G>
inline void window_next(window_state& s) {
#pragma HLS INLINE
  s.o++;
  if (++s.ow == G::out_width) {
    s.ow = 0;
    s.oh++;
  }
}

// io_stream: the window (oh, ow) of every channel from the line buffer, win[c][kh][kw], 0 outside.
template <class G, class T>
void gather_buffer(const T buf[G::buf_rows][G::buf_cols][G::n_chan], unsigned oh, unsigned ow,
                   T win[G::n_chan * G::filt_height * G::filt_width]) {
#pragma HLS INLINE
  for (unsigned kh = 0; kh < G::filt_height; kh++) {
#pragma HLS UNROLL
    for (unsigned kw = 0; kw < G::filt_width; kw++) {
#pragma HLS UNROLL
      const int ih = tap_row<G>(oh, kh);
      const int iw = tap_col<G>(ow, kw);
      const bool in = row_inside<G>(ih) && col_inside<G>(iw);
      for (unsigned c = 0; c < G::n_chan; c++) {
#pragma HLS UNROLL
        const unsigned k = (c * G::filt_height + kh) * G::filt_width + kw;
        win[k] = in ? buf[unsigned(ih) % G::buf_rows][unsigned(iw) % G::buf_cols][c] : T(0);
      }
    }
  }
}

}  // namespace fhls

#endif  // FHLS_WINDOW_H
