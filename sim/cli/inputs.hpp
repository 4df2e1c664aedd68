// A file named on the command line: a platform (YAML or SimGrid XML) or a scenario.
#pragma once

#include "config/scenario_config.hpp"

#include <optional>
#include <string>

namespace nimbus {

struct Inputs {
  std::optional<ScenarioConfig> scenario;  // set when the file is a scenario
  PlatformConfig platform;                 // the file itself, or the scenario's platform
};

// Throws ConfigError for anything invalid, including a missing file.
Inputs read_inputs(const std::string& path);

// The memory estimate (docs/scenarios.md#memory) from the files alone, before SimGrid
// builds anything: a YAML platform's hosts and cores are counted from its groups, so a
// platform or scenario too large for the limit is refused before SimGrid allocates it.
// Without a scenario, the platform's hosts alone are counted. An XML platform is counted
// once built (its hosts are SimGrid's to read). Throws ConfigError.
void check_memory_before_build(const PlatformConfig& platform, const ScenarioConfig* scenario);

}  // namespace nimbus
