// The one kind of error bad input produces: a located, one-line message; the CLI exits 2.
#pragma once

#include <stdexcept>
#include <string>

namespace nimbus {

class ConfigError : public std::runtime_error {
public:
  // `where` is "file:line:col" or "file" (no position known); `path` the key path or "".
  ConfigError(const std::string& where, const std::string& path, const std::string& message)
      : std::runtime_error(where + ": " + (path.empty() ? "" : path + ": ") + message) {}
};

}  // namespace nimbus
