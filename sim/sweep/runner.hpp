// Runs a sweep's runs, each in a child process of its own (SimGrid allows one engine per
// process), a few at a time.
//
// A run is a fork of this process, which has parsed every variant but never started an
// engine, and calls run_scenario(): no exec, no second parse (see docs/sweeps.md for the
// measured cost of both). Runs are forked by a launcher (sweep/launcher.hpp), itself
// forked once from this process. Results come back as the run's summary.json, read by
// this process, which alone writes the store.
#pragma once

#include "sweep/plan.hpp"
#include "sweep/points.hpp"
#include "sweep/store.hpp"

#include <functional>
#include <string>
#include <vector>

namespace nimbus {

struct RunnerOptions {
  int jobs = 1;                 // children at once
  int verbosity = 0;
  bool progress = true;         // the progress line on stderr
  std::string scratch_dir;      // runs write here, a folder per slot, deleted after reading
  std::string keep_dir;         // --keep-runs: each run's outputs stay in keep_dir/<run>/
};

// Runs plan.runs[i] for each i in `todo`, in that order, and hands each finished run's
// record to `done`, in this process, as it ends. A run that fails (bad input, invariant,
// crash) gives a record with status "failed" and its error. Returns false if interrupted
// (SIGINT, SIGTERM, SIGHUP): the runs then in progress are stopped and not recorded.
bool run_all(const Plan& plan, const std::vector<ParsedVariant>& variants, const std::vector<std::size_t>& todo,
             const RunnerOptions& options, const std::function<void(RunRecord&&)>& done);

// A readable, unique folder name for a run: "easy-backfill_2_seed3_1f2e3d4c".
std::string run_dir_name(const Variant& variant, const PlannedRun& run);

}  // namespace nimbus
