// The one reader of scenario YAML files. Format: docs/scenarios.md.
#include "config/scenario_config.hpp"
#include "config/yaml_node.hpp"

#include <algorithm>
#include <cctype>
#include <vector>
#include <sys/stat.h>

namespace nimbus {
namespace {

// A --log setting as SimGrid's log control reads it (CATEGORY.SETTING:VALUE); checked here
// because SimGrid aborts the process on one it does not know.
void check_simgrid_log(const std::string& item) {
  static const std::vector<std::string> kLevels{"trace", "debug", "verbose", "info", "warning", "error", "critical"};
  const auto fail = [&item](const std::string& why) {
    throw ConfigError("--log " + item, "",
                      why + "; expected CATEGORY.SETTING:VALUE, as in --log root.thres:info or --log "
                            "surf_network.thres:debug (settings: thres, fmt, app, add)");
  };
  const auto colon = item.find(':');
  const auto dot = item.rfind('.', colon);
  if (colon == std::string::npos || dot == std::string::npos || dot == 0) fail("no category");
  if (item.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") < dot)
    fail("a category is letters, digits and _");
  const std::string setting = item.substr(dot + 1, colon - dot - 1);
  std::string value = item.substr(colon + 1);
  if (setting == "thres" || setting == "threshold") {
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::find(kLevels.begin(), kLevels.end(), value) == kLevels.end())
      fail("level \"" + item.substr(colon + 1) + "\" is not one of trace, debug, verbose, info, warning, error, critical");
  } else if (setting == "app" || setting == "appender") {
    if (value.rfind("file:", 0) != 0 || value.size() == 5) fail("an appender is file:PATH");
  } else if (setting == "add" || setting == "additivity") {
    if (value != "yes" && value != "no" && value != "on" && value != "off" && value != "1" && value != "0")
      fail("additivity is yes or no");
  } else if (setting != "fmt" && setting != "layout") {
    fail("unknown setting \"" + setting + "\"");
  }
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

std::string resolve(const std::string& base_file, const std::string& path) {
  return path.empty() || path.front() == '/' ? path : directory_of(base_file) + path;
}

// Results go to out/<name>: a name with a '/' or a "." or ".." would put them elsewhere.
void check_scenario_name(const Node& node, const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
      std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    node.fail("\"" + name + "\" is a name, not a path (results go to out/<name>; output.dir chooses another folder)");
}

}  // namespace

ScenarioConfig parse_scenario_file(const std::string& path, const ScenarioOverrides& overrides) {
  const Node root = apply_overrides(load_yaml_file(path), overrides.assignments, overrides.labels);
  if (!root.is_map() || root.yaml().size() == 0) root.fail("empty scenario; expected at least \"platform:\"");
  root.expect_map({"name", "platform", "seed", "workload", "scheduling", "faults", "storage", "metrics", "output",
                   "simgrid", "platform_seed"});
  ScenarioConfig cfg;
  cfg.file = path;
  YAML::Emitter resolved;
  resolved << root.yaml();
  cfg.resolved_yaml = resolved.c_str();
  cfg.set_args = overrides.assignments;
  cfg.cfg_args = overrides.simgrid;
  cfg.name = root.has("name") ? root.get("name").text() : path.substr(path.find_last_of('/') + 1, std::string::npos);
  if (const auto dot = cfg.name.find('.'); !root.has("name") && dot != std::string::npos) cfg.name.resize(dot);
  if (root.has("seed")) cfg.seed = static_cast<std::uint64_t>(root.get("seed").non_negative_integer());
  if (overrides.seed) cfg.seed = *overrides.seed;
  if (root.has("name")) check_scenario_name(root.get("name"), cfg.name);
  cfg.output_dir = "out/" + cfg.name;
  cfg.output_where = root.has("name") ? root.get("name").where() : path;
  if (root.has("output")) {
    const Node output = root.get("output");
    output.expect_map({"dir", "timeline"});
    if (output.has("dir")) {
      cfg.output_dir = resolve(path, output.get("dir").text());
      cfg.output_where = output.get("dir").where();
    }
    if (output.has("timeline")) cfg.timeline = output.get("timeline").boolean();
  }
  if (!overrides.output_dir.empty()) {
    cfg.output_dir = overrides.output_dir;
    cfg.output_where = "--out " + overrides.output_dir;
  }

  cfg.workload_where = root.has("workload") ? root.get("workload").where() : path;
  if (root.has("workload")) cfg.workload = parse_workload(root.get("workload"));
  cfg.scheduling = parse_scheduling(root.get("scheduling"));
  if (root.has("metrics")) {
    const Node metrics = root.get("metrics");
    metrics.expect_map({"bounded_slowdown_tau"});
    if (metrics.has("bounded_slowdown_tau"))
      cfg.bounded_slowdown_tau_s = metrics.get("bounded_slowdown_tau").positive_quantity(Dimension::Duration);
  }
  if (root.has("simgrid")) {
    const Node simgrid = root.get("simgrid");
    if (!simgrid.is_map()) simgrid.fail("expected a mapping of SimGrid configuration items, e.g. network/model: CM02");
    for (const auto& [name, value] : simgrid.entries()) {
      if (!value.is_scalar()) value.fail("expected a value for SimGrid's item \"" + name + "\"");
      cfg.simgrid.push_back({name, value.text(), value.where()});
    }
  }
  for (const std::string& item : overrides.simgrid) {
    const auto colon = item.find(':');
    if (colon == std::string::npos || colon == 0)
      throw ConfigError("--cfg " + item, "", "expected name:value, as in --cfg network/model:CM02");
    cfg.simgrid.push_back({item.substr(0, colon), item.substr(colon + 1), "--cfg " + item});
  }
  for (const std::string& item : overrides.logs) {
    check_simgrid_log(item);
    cfg.simgrid_logs.push_back(item);
  }
  const Node platform = root.require("platform");
  const std::string platform_path = resolve(path, platform.text());
  struct stat info {};
  if (::stat(platform_path.c_str(), &info) != 0)
    platform.fail("no platform file \"" + platform_path + "\"" +
                  (platform.text().empty() || platform.text()[0] != '/' ? " (a relative path is read from the scenario's folder)" : ""));
  if (!S_ISREG(info.st_mode))
    platform.fail("\"" + platform_path + "\" is " + (S_ISDIR(info.st_mode) ? "a directory" : "not a regular file") +
                  "; expected a platform file (.yaml or .xml)");
  cfg.platform = parse_platform_file(platform_path);
  // The platform's own seed (drawn speeds, failure times), replaced for this run: what a
  // sweep's platform_seeds sets, so that `nimbus run --set platform_seed=N` reproduces a run.
  if (root.has("platform_seed"))
    cfg.platform.seed = static_cast<std::uint64_t>(root.get("platform_seed").non_negative_integer());
  cfg.faults = parse_faults(root.get("faults"), cfg.platform);
  cfg.storage = parse_storage(root.get("storage"));
  return cfg;
}

bool looks_like_scenario(const std::string& path) {
  try {
    const Node root = load_yaml_file(path);
    return root.is_map() && root.has("platform");
  } catch (const ConfigError&) {
    return false;  // parse_platform_file() will report the problem
  }
}

}  // namespace nimbus
