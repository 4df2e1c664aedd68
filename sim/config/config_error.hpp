// The one kind of error bad input produces: a located, one-line message; the CLI exits 2.
#pragma once

#include <stdexcept>
#include <string>

namespace nimbus {

class ConfigError : public std::runtime_error {
public:
  // `where` is "file:line:col" or "file" (no position known); `path` the key path or "".
  ConfigError(const std::string& where, const std::string& path, const std::string& message)
      : std::runtime_error(one_line(where + ": " + (path.empty() ? "" : path + ": ") + message)) {}

private:
  // Messages quote what the user wrote, which may span lines (a block scalar, a binary
  // log): an error is always one line.
  static std::string one_line(std::string text) {
    for (char& c : text)
      if (c == '\n' || c == '\r') c = ' ';
    return text;
  }
};

}  // namespace nimbus
