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

}  // namespace nimbus
