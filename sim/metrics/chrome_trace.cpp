// How a Chrome trace event file spells its values: times, numbers and strings.
#include "metrics/chrome_trace.hpp"

#include <charconv>
#include <cstdio>

namespace nimbus::chrome_trace {

void append_us(std::string& out, Ns t) {
  if (t < 0) {
    out += '-';
    t = -t;
  }
  char text[24];
  out.append(text, std::to_chars(text, text + sizeof text, t / 1000).ptr);
  if (int frac = static_cast<int>(t % 1000); frac != 0) {
    char digits[4] = {static_cast<char>('0' + frac / 100), static_cast<char>('0' + frac / 10 % 10),
                      static_cast<char>('0' + frac % 10), 0};
    int n = 3;
    while (digits[n - 1] == '0') --n;
    out += '.';
    out.append(digits, static_cast<std::size_t>(n));
  }
}

void append_number(std::string& out, double v) {
  char text[32];
  const bool whole = v == std::floor(v) && std::abs(v) < 9e15;
  const auto end = whole ? std::to_chars(text, text + sizeof text, static_cast<long long>(v)).ptr
                         : std::to_chars(text, text + sizeof text, v).ptr;
  out.append(text, end);
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace nimbus::chrome_trace
