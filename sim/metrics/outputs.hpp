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

// Before the run: creates the output folder and starts tasks.csv (under a temporary name
// until it is whole), the largest file, written during the run (see TasksCsv).
std::unique_ptr<TasksCsv> start_tasks_csv(const ScenarioConfig& cfg, const Simulation& sim);
// After the run: empties the run's files from the output folder.
void remove_old_outputs(const ScenarioConfig& cfg);
// The other files, after remove_old_outputs(), and the rest of tasks.csv; summary.json last.
void write_outputs(const ScenarioConfig& cfg, const Simulation& sim, const Metrics& m, const std::string& version,
                   const std::string& command_line, TasksCsv& tasks_file);
void print_summary(const ScenarioConfig& cfg, const Simulation& sim, const Metrics& m, std::ostream& out);

}  // namespace nimbus
