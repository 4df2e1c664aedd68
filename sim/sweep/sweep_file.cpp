// The one reader of sweep files. Format: docs/sweeps.md.
#include "sweep/sweep_file.hpp"

#include "config/yaml_node.hpp"

#include <set>
#include <sys/stat.h>

namespace nimbus {
namespace {

// The value as `--set key=value` would take it: a scalar as written, anything else in YAML's
// flow style ("[0d, 10d]", "{exponential: 8Gf}").
std::string override_text(const Node& value) {
  if (value.is_scalar()) return value.yaml().Scalar();
  YAML::Emitter out;
  out << YAML::Flow << value.yaml();
  return out.c_str();
}

FactorValue value_of(const Node& node) {
  if (!node.present()) node.fail("has no value");
  return {override_text(node), node.where()};
}

// A key path is one factor, set in one place; the seeds have their own keys.
class KeyClaims {
public:
  void claim(const std::string& key, const Node& at) {
    if (key == "seed") at.fail("the scenario's seed is set by seeds:, not as a factor");
    if (!keys_.insert(key).second) at.fail(key + " is set twice in this sweep; a key path is one factor");
  }

private:
  std::set<std::string> keys_;
};

// A map of key path -> non-empty list of values.
std::vector<Factor> list_factors(const Node& node, KeyClaims& claims) {
  std::vector<Factor> factors;
  for (const auto& [key, values] : node.entries()) {
    claims.claim(key, values);
    Factor factor{key, {}};
    for (const Node& item : values.items()) factor.values.push_back(value_of(item));
    if (factor.values.empty()) values.fail("no values; a factor needs at least one");
    factors.push_back(std::move(factor));
  }
  if (factors.empty()) node.fail("no factors; expected key.path: [values...] lines");
  return factors;
}

// seeds: N (0..N-1) or [a, b, ...].
std::vector<std::uint64_t> seed_list(const Node& node) {
  std::vector<std::uint64_t> seeds;
  if (node.is_scalar()) {
    const long long count = node.positive_integer();
    if (count > 1'000'000) node.fail("at most 1,000,000 seeds");
    for (long long s = 0; s < count; ++s) seeds.push_back(static_cast<std::uint64_t>(s));
    return seeds;
  }
  std::set<std::uint64_t> seen;
  for (const Node& item : node.items()) {
    const auto seed = static_cast<std::uint64_t>(item.non_negative_integer());
    if (!seen.insert(seed).second) item.fail("seed " + std::to_string(seed) + " twice");
    seeds.push_back(seed);
  }
  if (seeds.empty()) node.fail("no seeds; expected a count or a list");
  return seeds;
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

}  // namespace

SweepSpec parse_sweep_file(const std::string& path) {
  const Node root = load_yaml_file(path);
  if (!root.is_map() || root.yaml().size() == 0) root.fail("empty sweep; expected at least \"scenario:\"");
  root.expect_map({"name", "scenario", "set", "axes", "zip", "replicate", "seeds", "platform_seeds"});
  SweepSpec spec;
  spec.file = path;
  const std::string base = path.substr(path.find_last_of('/') + 1);
  spec.name = root.has("name") ? root.get("name").text() : base.substr(0, base.find('.'));
  const Node scenario = root.require("scenario");
  spec.scenario = scenario.text();
  if (spec.scenario.front() != '/') spec.scenario = directory_of(path) + spec.scenario;
  struct stat info {};
  if (::stat(spec.scenario.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
    scenario.fail("no scenario file \"" + spec.scenario + "\"");

  KeyClaims claims;
  if (root.has("set")) {
    for (const auto& [key, value] : root.get("set").entries()) {
      claims.claim(key, value);
      spec.fixed.push_back({key, {value_of(value)}});
    }
  }
  if (root.has("axes"))
    for (Factor& factor : list_factors(root.get("axes"), claims)) spec.axes.push_back({std::move(factor)});
  if (root.has("zip")) {
    // One group (a mapping) or several (a list of mappings).
    const Node zip = root.get("zip");
    for (const Node& group : zip.is_sequence() ? zip.items() : std::vector<Node>{zip}) {
      FactorGroup factors = list_factors(group, claims);
      for (const Factor& f : factors)
        if (f.values.size() != factors.front().values.size())
          group.get(f.key).fail("has " + std::to_string(f.values.size()) + " values, but " + factors.front().key +
                                " has " + std::to_string(factors.front().values.size()) +
                                "; zipped factors move together and need as many values");
      spec.axes.push_back(std::move(factors));
    }
  }
  if (root.has("replicate"))
    for (Factor& factor : list_factors(root.get("replicate"), claims)) spec.replicates.push_back({std::move(factor)});
  if (root.has("platform_seeds")) {
    const Node node = root.get("platform_seeds");
    claims.claim("platform_seed", node);
    Factor factor{"platform_seed", {}};
    for (const std::uint64_t seed : seed_list(node)) factor.values.push_back({std::to_string(seed), node.where()});
    spec.replicates.push_back({std::move(factor)});
  }
  if (root.has("seeds")) spec.seeds = seed_list(root.get("seeds"));
  return spec;
}

}  // namespace nimbus
