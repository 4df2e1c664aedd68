// RFC 4180 fields: one holding a comma, a quote or a line break is quoted, its quotes
// doubled (a user "smith, j" must not shift the columns after it). Every CSV nimbus writes
// goes through this.
#pragma once

#include <string>
#include <string_view>

namespace nimbus {

inline void append_csv_field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace nimbus
