// The run directory: summary.json, jobs.csv, tasks.csv, hosts.csv; and the short summary
// printed on stdout. Times are seconds of simulated time.
#pragma once

#include "config/scenario_config.hpp"
#include "metrics/metrics.hpp"
#include "metrics/tasks_csv.hpp"

#include <memory>
#include <ostream>
#include <string>

namespace nimbus {

// Empties the run's files from the output folder (creating it), then starts tasks.csv, a row
// per attempt: the largest file, and one that needs only the simulation, so another thread
// (the machine's second core) starts on it while the metrics are computed.
std::unique_ptr<TasksCsv> begin_outputs(const ScenarioConfig& cfg, const Simulation& sim);
// The other files, after begin_outputs(), and the rest of tasks.csv; summary.json last.
void write_outputs(const ScenarioConfig& cfg, const Simulation& sim, const Metrics& m, const std::string& version,
                   const std::string& command_line, TasksCsv& tasks_file);
void print_summary(const ScenarioConfig& cfg, const Simulation& sim, const Metrics& m, std::ostream& out);

}  // namespace nimbus
