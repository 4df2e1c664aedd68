// CSV rows put in memory (CsvBuffer), and a CSV file written from them a megabyte at a time
// (CsvWriter): a million rows must not cost millions of small writes. A file is complete once
// close() returns; never half there (OutputFile).
//
// tasks.csv has a row per attempt, so this is on a million-task run's critical path: fields
// are copied into a plain buffer (no std::string growth checks per character), numbers are
// the shortest text that reads back as the same double (std::to_chars), and fields that
// repeat (host names, job ids) can be escaped once by the caller and put with field().
#pragma once

#include "util/csv_field.hpp"
#include "util/output_file.hpp"

#include <charconv>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus {

class CsvBuffer {
public:
  CsvBuffer() : buffer_(kSpillBytes + 4096) {}
  CsvBuffer(const CsvBuffer&) = delete;
  CsvBuffer& operator=(const CsvBuffer&) = delete;
  virtual ~CsvBuffer() = default;

  // Any text: quoted as RFC 4180 says when it holds a comma, a quote or a line break.
  CsvBuffer& text(std::string_view s) {
    if (!csv_needs_quotes(s)) return field(s);
    return field(csv_field(s));
  }
  // Text that is a CSV field already: csv_field()'s result, or text known to need no quotes.
  CsvBuffer& field(std::string_view escaped) {
    char* at = room(escaped.size() + 1);
    if (!escaped.empty()) std::memcpy(at, escaped.data(), escaped.size());  // an empty view's data may be null
    used_ += escaped.size();
    buffer_[used_++] = ',';
    return *this;
  }
  CsvBuffer& number(double v) {
    // Shortest text that reads back as the same double: exact, locale-free, fast. Whole
    // numbers (counts, zeros, attempt numbers) take the integer path, several times faster.
    char* at = room(kNumberBytes + 1);
    const bool in_range = v > -9e15 && v < 9e15;  // NaN is not: checked before the cast
    char* end = in_range && static_cast<double>(static_cast<long long>(v)) == v
                    ? std::to_chars(at, at + kNumberBytes, static_cast<long long>(v)).ptr
                    : std::to_chars(at, at + kNumberBytes, v).ptr;
    *end = ',';
    used_ = static_cast<std::size_t>(end - buffer_.data()) + 1;
    return *this;
  }
  // Every field ends in a comma; the row's last becomes its line break.
  void end_row() {
    if (used_ > row_start_) buffer_[used_ - 1] = '\n';
    else buffer_[used_++] = '\n';  // a row without fields: an empty line
    row_start_ = used_;
    if (used_ >= kSpillBytes) spill();
  }
  // The complete rows so far.
  std::string_view rows() const { return {buffer_.data(), row_start_}; }
  // REQUIRES: between rows.
  void clear() { used_ = row_start_ = 0; }

protected:
  // A megabyte of rows is ready: a CsvWriter writes them out; a buffer keeps them.
  virtual void spill() {}

private:
  static constexpr std::size_t kSpillBytes = 1 << 20;
  static constexpr std::size_t kNumberBytes = 32;  // the longest double is 24 characters
  // Where n more bytes go; a row longer than the buffer grows it.
  char* room(std::size_t n) {
    if (used_ + n + 1 > buffer_.size()) buffer_.resize(2 * (used_ + n + 1));
    return buffer_.data() + used_;
  }
  std::vector<char> buffer_;
  std::size_t used_ = 0;
  std::size_t row_start_ = 0;
};

class CsvWriter final : public CsvBuffer {
public:
  explicit CsvWriter(const std::string& path) : file_(path) {}
  void close() {
    spill();
    file_.close();
  }

private:
  void spill() override {
    file_.write(rows());
    clear();
  }
  OutputFile file_;
};

}  // namespace nimbus
