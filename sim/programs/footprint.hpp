// How much memory a run will take, estimated before anything is built, and the limit it
// must fit in: a scenario that would die of bad_alloc (or of "Failed to allocate stack")
// after minutes is refused by `validate` and `run` at once, with the estimate.
//
// The estimate counts what grows with the input: tasks and jobs (workload, runtime records,
// output rows), dependency edges, program steps, hosts, and an actor per core that can be
// busy at once (its stack). Per-item costs were measured on nimbus runs (docs/scenarios.md,
// "Memory"). Logs and action files count once read: their size bounds them.
#pragma once

#include "config/scenario_config.hpp"

#include <string>

namespace nimbus {

struct Footprint {
  double tasks = 0, jobs = 0, edges = 0, steps = 0, ranks = 0;
  double hosts = 0, cores = 0;
  double bytes() const;
};

// The workload side, from the scenario alone (no file is read).
Footprint workload_footprint(const ScenarioConfig& cfg);

// The limit: NIMBUS_MEMORY_LIMIT ("64GiB", any size) if set, else 16 GiB or 3/4 of the
// machine's memory if less. A malformed value is a ConfigError naming the variable.
double memory_limit_bytes();

// Throws ConfigError at the scenario's `workload:` when the estimate passes the limit.
void check_footprint(const ScenarioConfig& cfg, long long hosts, long long cores);

}  // namespace nimbus
