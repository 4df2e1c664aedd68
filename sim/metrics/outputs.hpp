// The run directory: summary.json, jobs.csv, tasks.csv, hosts.csv; and the short summary
// printed on stdout. Times are seconds of simulated time.
#pragma once

#include "config/scenario_config.hpp"
#include "metrics/metrics.hpp"

#include <ostream>
#include <string>

namespace nimbus {

// `command_line`: the process's, recorded in summary.json's provenance (empty: not known).
void write_outputs(const ScenarioConfig& cfg, const Simulation& sim, const Metrics& m, const std::string& version,
                   const std::string& command_line);
void print_summary(const ScenarioConfig& cfg, const Simulation& sim, const Metrics& m, std::ostream& out);

}  // namespace nimbus
