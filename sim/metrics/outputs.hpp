// The run directory: summary.json, jobs.csv, tasks.csv, hosts.csv; and the short summary
// printed on stdout. Times are seconds of simulated time.
#pragma once

#include "config/scenario_config.hpp"
#include "metrics/metrics.hpp"

#include <future>
#include <ostream>
#include <string>

namespace nimbus {

// Empties the run's files from the output folder (creating it), then writes tasks.csv, a row
// per attempt: the largest file, and one that needs only the simulation, so it is written on
// another thread (the machine's second core) while the metrics are computed.
std::future<void> begin_outputs(const ScenarioConfig& cfg, const Simulation& sim);
// The other files, after begin_outputs(); summary.json last, once `tasks_file` is written too.
void write_outputs(const ScenarioConfig& cfg, const Simulation& sim, const Metrics& m, const std::string& version,
                   const std::string& command_line, std::future<void> tasks_file);
void print_summary(const ScenarioConfig& cfg, const Simulation& sim, const Metrics& m, std::ostream& out);

}  // namespace nimbus
