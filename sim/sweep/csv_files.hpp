// results.csv (one row per run) and summary.csv (one row per point). Each is written whole
// to a temporary file and renamed into place: a reader never sees half a file.
#pragma once

#include "sweep/plan.hpp"
#include "sweep/summary.hpp"

#include <string>
#include <vector>

namespace nimbus {

// Columns: each factor by its key path, seed, every metric by its path, then status, error,
// wall_s, scenario_hash, version, run_dir. Numbers in the shortest text that reads back as
// the same double; absent values empty.
void write_results_csv(const std::string& path, const Plan& plan, const std::vector<const RunRecord*>& runs,
                       const std::vector<std::string>& metrics);

// Columns: each axis by its key path, runs, failed, then <metric>_mean, <metric>_ci95 (the
// half-width of Student's t 95% interval over the point's replications; empty below two)
// and <metric>_n for every metric.
void write_summary_csv(const std::string& path, const Plan& plan, const std::vector<PointSummary>& points,
                       const std::vector<std::string>& metrics);

}  // namespace nimbus
