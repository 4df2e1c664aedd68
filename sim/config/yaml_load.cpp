// Loading YAML: a file that exists, is a regular file of sane size, holds text (check_text)
// and one document that parses, read into a Node that knows where it came from.
#include "config/yaml_document.hpp"
#include "config/yaml_node.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace nimbus {
namespace {

// Configuration files are written by hand or by scripts; traces have their own readers.
constexpr std::size_t kMaxYamlBytes = 16u << 20;

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

}  // namespace

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
