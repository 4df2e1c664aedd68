#include "config/yaml_node.hpp"

#include "util/nearest.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace nimbus {
namespace {

// Configuration files are written by hand or by scripts; traces have their own readers.
constexpr std::size_t kMaxYamlBytes = 16u << 20;

std::string position(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  // yaml-cpp counts lines and columns from 0; people and editors count from 1.
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string kind_of(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  // A whole file read as one scalar (an XML platform without .xml) is shown by its start.
  const std::string& text = node.Scalar();
  return "\"" + (text.size() > 60 ? text.substr(0, 57) + "..." : text) + "\"";
}

// The position of byte `offset` as "line:col", for errors found before YAML parsing.
YAML::Mark mark_at(const std::string& text, std::size_t offset) {
  YAML::Mark mark;
  mark.pos = static_cast<int>(offset);
  mark.line = 0;
  mark.column = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++mark.line;
      mark.column = 0;
    } else {
      ++mark.column;
    }
  }
  return mark;
}

// The first place where a file stops being YAML text: a byte that is not UTF-8 (strictly:
// no overlong forms, no surrogates, nothing past U+10FFFF, no NUL), or a character outside
// YAML's printable set (control characters but tab and line breaks, U+FFFE, U+FFFF). Names
// read from the file end up in outputs (CSV, JSON, SQLite), which must stay valid UTF-8.
struct NotText {
  std::size_t offset = std::string::npos;  // npos: the whole file is text
  char32_t character = 0;                  // the character at offset, when it is valid UTF-8
  bool utf8 = true;                        // false: the bytes at offset are not UTF-8
};

NotText first_non_text(const std::string& text) {
  const auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned c = byte(i);
    std::size_t length = 1;
    char32_t code = c;
    unsigned low = 0x80, high = 0xbf;  // the second byte's range (narrower after E0, ED, F0, F4)
    if (c >= 0x80) {
      if (c >= 0xc2 && c <= 0xdf) length = 2;
      else if (c >= 0xe0 && c <= 0xef) length = 3;
      else if (c >= 0xf0 && c <= 0xf4) length = 4;
      else return {i, 0, false};  // a continuation byte first, C0/C1 (overlong) or F5..FF
      if (c == 0xe0) low = 0xa0;       // overlong
      if (c == 0xed) high = 0x9f;      // UTF-16 surrogates
      if (c == 0xf0) low = 0x90;       // overlong
      if (c == 0xf4) high = 0x8f;      // past U+10FFFF
      code = c & (0xffu >> (length + 1));
      for (std::size_t k = 1; k < length; ++k) {
        const unsigned next = byte(i + k);  // 0 past the end: not a continuation byte
        if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xbf)) return {i, 0, false};
        code = (code << 6) | (next & 0x3f);
      }
    }
    const bool printable = code == '\t' || code == '\n' || code == '\r' || (code >= 0x20 && code <= 0x7e) ||
                           code == 0x85 || (code >= 0xa0 && code != 0xfffe && code != 0xffff);
    if (code == 0) return {i, 0, false};
    if (!printable) return {i, code, true};
    i += length;
  }
  return {};
}

// Sees where each document of a stream starts, and nothing else.
class DocumentStarts : public YAML::EventHandler {
public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// A file holds one document. Not YAML::LoadAll: yaml-cpp 0.7 (Debian 12) loops for ever,
// allocating, on a ',' that starts a line, yielding an empty document at the same place
// again and again (fixed upstream after 0.7). Documents are walked one by one here, and one
// that starts where the previous one did is that ',' stuck in place: a syntax error there.
void check_one_document(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts documents;
  while (parser.HandleNextDocument(documents)) {
    const auto& s = documents.starts;
    if (s.size() >= 2 && s[s.size() - 1].pos == s[s.size() - 2].pos) {
      const auto at = static_cast<std::size_t>(s.back().pos);
      const std::string what = at < text.size() ? std::string("\"") + text[at] + "\"" : "end of file";
      throw ConfigError(position(name, s.back()), "", "invalid YAML: unexpected " + what);
    }
    if (s.size() >= 2)
      throw ConfigError(position(name, s[1]), "",
                        "a second YAML document starts here; a file holds one (remove the stray line or \"---\")");
  }
}

}  // namespace

void check_text(const std::string& text, const std::string& name, const std::string& format) {
  const NotText bad = first_non_text(text);
  if (bad.offset == std::string::npos) return;
  const std::string where = position(name, mark_at(text, bad.offset));
  if (!bad.utf8) throw ConfigError(where, "", "not a text file (" + format + " must be UTF-8 text)");
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(bad.character));
  throw ConfigError(where, "",
                    bad.character < 0xfffe
                        ? std::string("control character ") + code + " (" + format + " text holds none but tabs and line breaks)"
                        : std::string("noncharacter ") + code + " (not allowed in " + format + " text)");
}

namespace {

Node parse(const std::string& text, const std::string& name) {
  auto origin = std::make_shared<Origin>();
  origin->file = name;
  YAML::Mark start;
  start.line = 0;
  start.column = 0;
  check_text(text, name, "YAML");
  YAML::Node root;
  try {
    check_one_document(text, name);
    root = YAML::Load(text);  // reads the first document only
  } catch (const YAML::DeepRecursion& e) {
    throw ConfigError(position(name, e.mark), "", "YAML nested too deeply");
  } catch (const YAML::Exception& e) {
    throw ConfigError(position(name, e.mark), "", "invalid YAML: " + e.msg);
  }
  return Node(root, "", origin, start);
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

Node apply_overrides(const Node& root, const std::vector<std::string>& assignments,
                     const std::vector<std::string>& labels) {
  auto origin = std::make_shared<Origin>();
  origin->file = root.file();
  // Changed in place: a copy (YAML::Clone) would lose every node's line and column.
  YAML::Node tree = root.yaml();
  if (!tree.IsDefined() || tree.IsNull()) tree = YAML::Node(YAML::NodeType::Map);
  for (std::size_t i = 0; i < assignments.size(); ++i) {
    const std::string& assignment = assignments[i];
    const std::string where = i < labels.size() ? labels[i] : "--set " + assignment;
    const auto equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0)
      throw ConfigError(where, "", "expected key.path=value, e.g. scheduling.jobs=sjf");
    const std::string path = assignment.substr(0, equals);
    YAML::Node value;
    try {
      check_one_document(assignment.substr(equals + 1), where);
      value = YAML::Load(assignment.substr(equals + 1));
    } catch (const YAML::Exception& e) {
      throw ConfigError(where, path, "invalid YAML value: " + e.msg);
    }
    // An empty value reads as an absent key and would fall back to the default, silently
    // ("--set seed=$SEED" with SEED unset). "null" says it on purpose: it leaves a key out.
    if (assignment.find_first_not_of(" \t", equals + 1) == std::string::npos)
      throw ConfigError(where, path, "needs a value after '=' (an empty one would silently keep the default; "
                                     "null leaves the key out)");
    // Walk "a.b[2].c": names step into mappings (created when missing), [i] into lists.
    YAML::Node parent = tree;
    std::string walked;
    std::size_t at = 0;
    while (at < path.size()) {
      YAML::Node next;
      if (path[at] == '[') {
        const auto close = path.find(']', at);
        std::size_t index = 0;
        const auto [end, error] = std::from_chars(path.data() + at + 1, path.data() + (close == std::string::npos ? at + 1 : close), index);
        if (close == std::string::npos || error != std::errc() || end != path.data() + close)
          throw ConfigError(where, path, "expected [index] with a whole number");
        if (!parent.IsSequence() || index >= parent.size())
          throw ConfigError(where, walked, "has no item [" + std::to_string(index) + "]");
        walked += path.substr(at, close + 1 - at);
        at = close + 1;
        next = parent[index];
      } else {
        if (path[at] == '.') ++at;
        const auto stop = path.find_first_of(".[", at);
        const std::string key = path.substr(at, stop == std::string::npos ? std::string::npos : stop - at);
        if (key.empty()) throw ConfigError(where, path, "empty key in the path");
        if (parent.IsDefined() && !parent.IsNull() && !parent.IsMap())
          throw ConfigError(where, walked, "is not a mapping, cannot set \"" + key + "\" in it");
        walked += (walked.empty() ? "" : ".") + key;
        at = stop == std::string::npos ? path.size() : stop;
        if (at == path.size()) {
          parent[key] = value;
          break;
        }
        if (!parent[key].IsDefined() || parent[key].IsNull()) parent[key] = YAML::Node(YAML::NodeType::Map);
        next = parent[key];
      }
      if (at == path.size()) {
        // The path ended on a list item: replace it in place.
        next = value;
        break;
      }
      parent.reset(next);
    }
    origin->overrides.emplace_back(path, where);
  }
  YAML::Mark start;
  start.line = 0;
  start.column = 0;
  return Node(tree, "", origin, start);
}

Node load_yaml_string(const std::string& text, const std::string& name) { return parse(text, name); }

Node load_yaml_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) throw ConfigError(path, "", "no such file");
  if (S_ISDIR(info.st_mode)) throw ConfigError(path, "", "is a directory, expected a YAML file");
  if (!S_ISREG(info.st_mode)) throw ConfigError(path, "", "is not a regular file");
  if (static_cast<std::size_t>(info.st_size) > kMaxYamlBytes)
    throw ConfigError(path, "",
                      "file is " + std::to_string(info.st_size >> 20) + " MiB; configuration files are limited to " +
                          std::to_string(kMaxYamlBytes >> 20) + " MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path, "", "cannot be read (permission denied?)");
  std::ostringstream content;
  content << in.rdbuf();
  return parse(content.str(), path);
}

}  // namespace nimbus
