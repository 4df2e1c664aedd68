// Node's accessors: each checks its node's type and range, and fails at file:line:col with
// the key path. Loading is in yaml_load.cpp, --set in yaml_overrides.cpp, check_text in
// text_check.cpp.
#include "config/yaml_node.hpp"

#include "config/yaml_document.hpp"
#include "util/nearest.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

namespace nimbus {
namespace {

std::string kind_of(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  // A whole file read as one scalar (an XML platform without .xml) is shown by its start.
  const std::string& text = node.Scalar();
  return "\"" + (text.size() > 60 ? text.substr(0, 57) + "..." : text) + "\"";
}

}  // namespace

Node::Node(YAML::Node node, std::string path, std::shared_ptr<const Origin> origin, YAML::Mark fallback)
    : node_(std::move(node)), path_(std::move(path)), origin_(std::move(origin)), fallback_(fallback) {}

std::string Node::where() const {
  for (const auto& [path, text] : origin_->overrides) {
    const bool inside = path_.compare(0, path.size(), path) == 0 &&
                        (path_.size() == path.size() || path_[path.size()] == '.' || path_[path.size()] == '[');
    if (inside) return text;
  }
  const YAML::Mark mark = node_.IsDefined() && !node_.Mark().is_null() ? node_.Mark() : fallback_;
  return position(origin_->file, mark);
}

void Node::fail(const std::string& message) const { throw ConfigError(where(), path_, message); }

Node Node::child(const YAML::Node& node, std::string path) const {
  const YAML::Mark here = node_.IsDefined() && !node_.Mark().is_null() ? node_.Mark() : fallback_;
  return Node(node, std::move(path), origin_, here);
}

void Node::expect_map(const std::vector<std::string>& keys) const {
  if (!node_.IsMap()) fail("expected a mapping (key: value lines), got " + kind_of(node_));
  std::set<std::string> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const Node key = child(it->first, path_);
    if (!it->first.IsScalar()) key.fail("keys must be plain words");
    const std::string& name = it->first.Scalar();
    const std::string key_path = path_.empty() ? name : path_ + "." + name;
    const Node located(it->first, key_path, origin_, fallback_);
    if (std::find(keys.begin(), keys.end(), name) == keys.end())
      located.fail("unknown key" + did_you_mean(name, keys) + " (valid keys: " + join(keys) + ")");
    if (!seen.insert(name).second) located.fail("duplicate key");
  }
}

bool Node::has(const std::string& key) const {
  return node_.IsMap() && node_[key].IsDefined() && !node_[key].IsNull();
}

Node Node::get(const std::string& key) const {
  const std::string key_path = path_.empty() ? key : path_ + "." + key;
  // yaml-cpp answers a lookup of a missing key with an "invalid" node that throws on use;
  // a fresh null node stands for "absent" instead.
  if (!node_.IsMap()) return child(YAML::Node(), key_path);
  const YAML::Node found = node_[key];
  return child(found.IsDefined() ? found : YAML::Node(), key_path);
}

Node Node::require(const std::string& key) const {
  Node value = get(key);
  if (!node_.IsMap() || !node_[key].IsDefined()) fail("missing required key \"" + key + "\"");
  if (!value.present()) value.fail("has no value");
  return value;
}

std::vector<std::pair<std::string, Node>> Node::entries() const {
  if (!node_.IsMap()) fail("expected a mapping, got " + kind_of(node_));
  std::vector<std::pair<std::string, Node>> out;
  std::set<std::string> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (!it->first.IsScalar()) child(it->first, path_).fail("keys must be plain words");
    const std::string name = it->first.Scalar();
    // yaml-cpp keeps both of two equal keys; a map built from them would keep the last.
    if (!seen.insert(name).second)
      Node(it->first, path_.empty() ? name : path_ + "." + name, origin_, fallback_).fail("duplicate key");
    out.emplace_back(name, child(it->second, path_.empty() ? name : path_ + "." + name));
  }
  return out;
}

std::vector<Node> Node::items() const {
  if (!node_.IsSequence()) fail("expected a list, got " + kind_of(node_));
  std::vector<Node> out;
  out.reserve(node_.size());
  for (std::size_t i = 0; i < node_.size(); ++i) out.push_back(child(node_[i], path_ + "[" + std::to_string(i) + "]"));
  return out;
}

const std::string& Node::scalar(const char* expected) const {
  if (!node_.IsScalar()) fail(std::string("expected ") + expected + ", got " + kind_of(node_));
  return node_.Scalar();
}

std::string Node::text() const {
  const std::string& s = scalar("a text value");
  // A file holds no control characters (parse() checks), but a quoted scalar's escapes make
  // them ("\0", "\n", "\x1b"): in a name or a path they would garble the outputs' rows.
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool c1 = c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f;  // U+0080..9F
    if (c < 0x20 || c == 0x7f || c1) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", c1 ? static_cast<unsigned char>(s[i + 1]) : c);
      fail(std::string("control character ") + code + " in a text value (names and paths are one line of printable text)");
    }
  }
  return s;
}

double Node::number() const {
  const std::string& s = scalar("a number");
  double value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size() || !std::isfinite(value))
    fail("expected a number, got \"" + s + "\"");
  return value;
}

long long Node::integer() const {
  const std::string& s = scalar("a whole number");
  long long value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error == std::errc::result_out_of_range) fail("number \"" + s + "\" is too large");
  if (error != std::errc() || end != s.data() + s.size()) fail("expected a whole number, got \"" + s + "\"");
  return value;
}

long long Node::positive_integer() const {
  const long long value = integer();
  if (value < 1) fail("must be at least 1, got " + std::to_string(value));
  return value;
}

long long Node::non_negative_integer() const {
  const long long value = integer();
  if (value < 0) fail("must not be negative");
  return value;
}

bool Node::boolean() const {
  const std::string& s = scalar("true or false");
  if (s == "true") return true;
  if (s == "false") return false;
  fail("expected true or false, got \"" + s + "\"");
}

double Node::quantity(Dimension dimension, double max) const {
  const std::string& s = scalar(describe_dimension(dimension).c_str());
  if (max == 0 && dimension == Dimension::Duration) max = kMaxTime_s;
  try {
    return parse_quantity(s, dimension, max);
  } catch (const UnitError& e) {
    fail(e.what());
  }
}

double Node::positive_quantity(Dimension dimension, double max) const {
  const double value = quantity(dimension, max);
  if (value <= 0) fail("must be greater than zero, got \"" + node_.Scalar() + "\"");
  return value;
}

double Node::non_negative_quantity(Dimension dimension, double max) const {
  const double value = quantity(dimension, max);
  if (value < 0) fail("must not be negative, got \"" + node_.Scalar() + "\"");
  return value;
}

std::string Node::choice(const std::vector<std::string>& names, const std::string& what) const {
  const std::string& s = scalar(("a " + what).c_str());
  if (std::find(names.begin(), names.end(), s) != names.end()) return s;
  fail("unknown " + what + " \"" + s + "\"" + did_you_mean(s, names) + " (expected one of: " + join(names) + ")");
}

}  // namespace nimbus
