// An experiment as plain data: what a scenario YAML file says, validated.
//
// Built by parse_scenario_file(), the only reader of scenario YAML. The platform it names
// is read too, relative to the scenario file. See docs/scenarios.md for the file format.
#pragma once

#include "config/platform_config.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nimbus {

struct ScenarioConfig {
  std::string file;
  std::string name;
  std::uint64_t seed = 0;  // drives the workload and policies; the platform keeps its own seed
  std::string output_dir;  // default: out/<name>
  PlatformConfig platform;
};

struct ScenarioOverrides {
  std::vector<std::string> assignments;  // --set key.path=value, in order
  std::optional<std::uint64_t> seed;     // --seed
  std::string output_dir;                // --out
};

ScenarioConfig parse_scenario_file(const std::string& path, const ScenarioOverrides& overrides = {});

// Whether a YAML file is a scenario (it names a platform) rather than a platform.
bool looks_like_scenario(const std::string& path);

}  // namespace nimbus
