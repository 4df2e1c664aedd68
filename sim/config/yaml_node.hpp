// A YAML node that knows where it came from.
//
// Only sim/config reads YAML, and it reads it through this class: every accessor checks the
// node's type and range, and every failure is a ConfigError naming file:line:col and the key
// path ("hosts[2].speed"), with a "did you mean" for unknown keys and names.
#pragma once

#include "config/config_error.hpp"
#include "config/units.hpp"

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nimbus {

// Where a document came from: its file, and the command-line overrides applied to it, so
// that an error in an overridden value points at the override, not at the file.
struct Origin {
  std::string file;
  std::vector<std::pair<std::string, std::string>> overrides;  // key path, "--set path=value"
};

class Node {
public:
  Node(YAML::Node node, std::string path, std::shared_ptr<const Origin> origin, YAML::Mark fallback);

  const std::string& path() const { return path_; }
  const std::string& file() const { return origin_->file; }
  bool present() const { return node_.IsDefined() && !node_.IsNull(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }

  [[noreturn]] void fail(const std::string& message) const;
  std::string where() const;  // "file:line:col"

  // Mappings. `keys` lists every key this mapping may hold; any other key, a duplicate key or
  // a node that is not a mapping is an error.
  void expect_map(const std::vector<std::string>& keys) const;
  bool has(const std::string& key) const;
  Node get(const std::string& key) const;      // absent keys give a node with present() false
  Node require(const std::string& key) const;  // absent keys are an error
  std::vector<std::pair<std::string, Node>> entries() const;

  // Sequences.
  std::vector<Node> items() const;  // REQUIRES: a sequence, else an error

  // Scalars.
  std::string text() const;
  double number() const;
  long long integer() const;
  long long positive_integer() const;  // >= 1
  long long non_negative_integer() const;  // >= 0
  bool boolean() const;
  // Any value within parse_quantity's bounds; durations at most `max` (default kMaxTime_s,
  // the simulated time nimbus keeps to the microsecond; failure times may go further).
  double quantity(Dimension dimension, double max = 0) const;
  double positive_quantity(Dimension dimension, double max = 0) const;  // > 0
  double non_negative_quantity(Dimension dimension, double max = 0) const;
  // One of a fixed set of names: an unknown one lists the valid ones.
  std::string choice(const std::vector<std::string>& names, const std::string& what) const;

  const YAML::Node& yaml() const { return node_; }

private:
  Node child(const YAML::Node& node, std::string path) const;
  const std::string& scalar(const char* expected) const;

  YAML::Node node_;
  std::string path_;
  std::shared_ptr<const Origin> origin_;
  YAML::Mark fallback_;  // where to point when the node itself has no position (absent keys)
};

// Throws a ConfigError at file:line:col of the first thing in `text` that is not strict UTF-8
// (no NUL, overlong forms, surrogates or code points past U+10FFFF) or is a control
// character but tab and line breaks, U+FFFE or U+FFFF. `format` names the file's format in
// the message ("YAML"). Names read from files reach the outputs, which stay valid UTF-8.
// (text_check.cpp)
void check_text(const std::string& text, const std::string& name, const std::string& format);

// Reads a YAML file: exists, is a regular text file of sane size, parses, one document.
// Errors (missing file, binary content, syntax, nesting too deep) are ConfigErrors.
// (yaml_load.cpp)
Node load_yaml_file(const std::string& path);
Node load_yaml_string(const std::string& text, const std::string& name);

// Applies "key.path[0].sub=value" overrides (the value is YAML: "8", "fcfs", "[1, 2]") to a
// loaded document, in place, and returns its root with the overrides recorded. A path through a missing list item or into a
// scalar is an error naming the override. `labels[i]`, when given, is where assignment i came
// from ("sweep.yaml:7:22"), for errors; by default "--set <assignment>". (yaml_overrides.cpp)
Node apply_overrides(const Node& root, const std::vector<std::string>& assignments,
                     const std::vector<std::string>& labels = {});

}  // namespace nimbus
