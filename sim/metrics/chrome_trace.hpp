// Chrome trace event JSON (what Perfetto and chrome://tracing read), written straight into
// a file's buffer, one Object per event: what timeline.json is written with.
#pragma once

#include "util/output_file.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace nimbus::chrome_trace {

// ---- Times: whole nanoseconds, written as microseconds with at most three decimals, so
// that Perfetto (which reads ts and dur to the nanosecond) sees a slice end exactly where
// the next one on its lane begins: never a 1 ns overlap that would nest them.
using Ns = std::int64_t;
inline Ns ns(double seconds) { return std::llround(seconds * 1e9); }

void append_us(std::string& out, Ns t);                    // microseconds, at most three decimals
void append_number(std::string& out, double v);            // a whole number without a fraction
void append_string(std::string& out, std::string_view s);  // quoted, escaped

// One JSON object written straight into the file's buffer.
class Object {
public:
  explicit Object(std::string& out) : out_(out) { out_ += '{'; }
  Object& str(const char* key, std::string_view v) {
    name(key);
    append_string(out_, v);
    return *this;
  }
  Object& num(const char* key, double v) {
    name(key);
    append_number(out_, v);
    return *this;
  }
  Object& time(const char* key, Ns t) {
    name(key);
    append_us(out_, t);
    return *this;
  }
  std::string& object(const char* key) {  // a nested object follows: Object(returned)
    name(key);
    return out_;
  }
  void close() { out_ += '}'; }

private:
  void name(const char* key) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += key;
    out_ += "\":";
  }
  std::string& out_;
  bool first_ = true;
};

// The file, written a megabyte at a time: a run of a million tasks never holds its events.
class TraceFile {
public:
  explicit TraceFile(const std::string& path) : file_(path) { buffer_.reserve(kFlushBytes + 4096); }
  std::string& raw() { return buffer_; }
  std::string& event() {
    buffer_ += first_ ? "\n" : ",\n";
    first_ = false;
    return buffer_;
  }
  void done() {
    if (buffer_.size() >= kFlushBytes) flush();
  }
  void close() {
    buffer_ += "\n]}\n";
    flush();
    file_.close();
  }

private:
  static constexpr std::size_t kFlushBytes = 1 << 20;
  void flush() {
    file_.write(buffer_);
    buffer_.clear();
  }
  OutputFile file_;  // complete once closed, never half there
  std::string buffer_;
  bool first_ = true;
};

}  // namespace nimbus::chrome_trace
