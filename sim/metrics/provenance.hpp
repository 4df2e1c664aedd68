// Where a run's results come from: versions, the files it read (with their SHA-256), the
// platform as it ran, the command line, and a command that runs it again. summary.json's
// "provenance"; docs/scenarios.md#provenance.
#pragma once

#include "config/scenario_config.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace nimbus {

// `command_line`: the process's, as a shell would read it back (empty when not known).
nlohmann::json provenance_json(const ScenarioConfig& cfg, const std::string& command_line);

// The one-line `nimbus run` command for this scenario, seed, --set and --cfg values.
std::string rerun_command(const ScenarioConfig& cfg);

// A word quoted for a POSIX shell only when it needs it: `a=b` stays, `a b` becomes 'a b'.
std::string shell_quote(const std::string& word);

}  // namespace nimbus
