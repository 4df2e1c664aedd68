// The whole of one run as a library call: scenario -> simulation -> metrics -> output files.
// `nimbus run` calls it, and so can anything that runs scenarios (a sweep, a test).
#pragma once

#include "config/scenario_config.hpp"
#include "metrics/metrics.hpp"
#include "runtime/simulate.hpp"

#include <string>

namespace nimbus {

struct RunOptions {
  int verbosity = 0;
  bool quiet = false;          // no progress lines on stderr
  bool write_files = true;     // summary.json, jobs.csv, tasks.csv, hosts.csv (+ timeline)
  std::string command_line;    // for summary.json's provenance; empty in a sweep's runs
};

struct RunReport {
  Simulation sim;
  Metrics metrics;
};

// REQUIRES: called once per process (SimGrid allows one engine per process).
// Throws ConfigError for bad input, InvariantError for a runtime bug.
RunReport run_scenario(const ScenarioConfig& cfg, const RunOptions& options);

// "nimbus <version> (SimGrid <major.minor.patch>)"
std::string version_string();

}  // namespace nimbus
