#include "runtime/simgrid_settings.hpp"

#include "config/config_error.hpp"
#include "platform/sg_compat.hpp"
#include "util/nearest.hpp"

#include <xbt/config.hpp>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace nimbus {
namespace {

// Optimization modes SimGrid checks only when it builds a model (then aborting); model names
// come from sg::model_names, which knows each release's.
const std::map<std::string, std::vector<std::string>> kOptimChoices{
    {"network/optim", {"Lazy", "TI", "Full"}},
    {"cpu/optim", {"Lazy", "TI", "Full"}},
};

// Items nimbus sets itself, or that would take the run out of its hands.
const std::vector<std::string> kReserved{"contexts/stack-size", "contexts/guard-size", "contexts/factory",
                                         "path", "model-check", "plugin"};

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// SimGrid's "Bad config key" error lists every item, one "  name: (type)value" per line.
std::vector<std::string> known_items(const std::string& error) {
  std::vector<std::string> names;
  std::size_t at = error.find('\n');
  while (at != std::string::npos) {
    const std::size_t end = error.find('\n', at + 1);
    const std::string line = error.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
    if (line.rfind("  ", 0) == 0 && line.find(':') != std::string::npos) names.push_back(line.substr(2, line.find(':') - 2));
    at = end;
  }
  return names;
}

}  // namespace

void apply_simgrid_settings(const std::vector<SimgridSetting>& settings) {
  for (const SimgridSetting& s : settings) {
    const std::string path = "simgrid." + s.name;
    if (std::find(kReserved.begin(), kReserved.end(), s.name) != kReserved.end())
      throw ConfigError(s.where, path, "set by nimbus itself; it cannot be changed from a scenario");
    // Accepted by SimGrid, then aborting the run on platforms nimbus builds.
    if (s.name == "network/model" && s.value == "Constant")
      throw ConfigError(s.where, path, "\"Constant\" aborts SimGrid on platforms with links; not supported");
    if (s.name == "cpu/optim" && s.value == "TI")
      throw ConfigError(s.where, path, "\"TI\" aborts SimGrid on hosts of several cores; not supported");
    std::vector<std::string> valid = sg::model_names(s.name);
    if (const auto it = kOptimChoices.find(s.name); it != kOptimChoices.end()) valid = it->second;
    if (!valid.empty() && std::find(valid.begin(), valid.end(), s.value) == valid.end())
    {
      // A near miss gets the suggestion; otherwise the list (it differs between releases).
      const std::string hint = did_you_mean(s.value, valid);
      throw ConfigError(s.where, path, "unknown value \"" + s.value + "\"" + (hint.empty() ? "; valid: " + join(valid) : hint));
    }
    try {
      simgrid::config::set_as_string(s.name.c_str(), s.value);
    } catch (const std::out_of_range& e) {
      throw ConfigError(s.where, path, "not a SimGrid configuration item" + did_you_mean(s.name, known_items(e.what())) +
                                           " (see any SimGrid program's --help-cfg)");
    } catch (const std::exception& e) {
      throw ConfigError(s.where, path, "SimGrid refuses \"" + s.value + "\": " + first_line(e.what()));
    }
  }
}

}  // namespace nimbus
