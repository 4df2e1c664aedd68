// Every variant of a plan parsed and checked before anything runs: a bad value in any point
// stops the sweep with one located error, not after hours of runs.
#pragma once

#include "config/scenario_config.hpp"
#include "sweep/plan.hpp"
#include "sweep/sweep_file.hpp"

#include <string>
#include <vector>

namespace nimbus {

struct ParsedVariant {
  ScenarioConfig cfg;
  // The scenario as run (the file with the point's values applied) and its platform file's
  // bytes: a run recorded from other inputs is told apart from this one.
  std::string scenario_hash;
};

// The base scenario with the sweep's fixed settings (set:). Throws ConfigError.
ScenarioConfig parse_base_scenario(const SweepSpec& spec);

// Throws ConfigError located in the sweep file (or the scenario), naming the point.
std::vector<ParsedVariant> parse_variants(const SweepSpec& spec, const Plan& plan);

// Builds each distinct platform in a child process (SimGrid: one engine per process) and
// checks that every variant fits its platform (e.g. replicas need as many hosts).
// Throws ConfigError naming the point.
void check_platforms(const Plan& plan, const std::vector<ParsedVariant>& variants, int verbosity);

// "scheduling.jobs=fcfs, workload[0].load=2": the variant's factor values.
std::string describe_variant(const Plan& plan, const Variant& variant);

}  // namespace nimbus
