// apply_overrides: the "--set key.path=value" assignments (and a sweep's points) written
// into a loaded document in place, each remembered so that an error in its value points at it.
#include "config/yaml_document.hpp"
#include "config/yaml_node.hpp"

#include <charconv>

namespace nimbus {

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

}  // namespace nimbus
