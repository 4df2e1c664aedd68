// What the parts of the YAML reader share: where a mark is, as people count, and the check
// that a text holds one document, which the loader (yaml_load.cpp) runs on each file and
// apply_overrides (yaml_overrides.cpp) on each --set value. The rest of nimbus reads YAML
// through yaml_node.hpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace nimbus {

// "file:line:col", or the file alone when the mark is null.
inline std::string position(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  // yaml-cpp counts lines and columns from 0; people and editors count from 1.
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// Throws a ConfigError where a second document starts in `text`, or at a ',' that would make
// yaml-cpp 0.7 loop for ever (yaml_load.cpp says how). `name` is the file, for errors.
void check_one_document(const std::string& text, const std::string& name);

}  // namespace nimbus
