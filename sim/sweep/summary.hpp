// A sweep's runs in plan order, and their statistics per point.
#pragma once

#include "sweep/plan.hpp"
#include "sweep/stats.hpp"
#include "sweep/store.hpp"

#include <map>
#include <string>
#include <vector>

namespace nimbus {

// The recorded runs of the plan, in plan order; runs not recorded (yet) are left out, and
// so are records of runs the plan no longer has.
std::vector<const RunRecord*> runs_in_plan(const Plan& plan, const std::vector<RunRecord>& records);

// Every metric name the runs have, in summary.json's order (metric_name_less).
std::vector<std::string> metric_names(const std::vector<const RunRecord*>& runs);

struct PointSummary {
  std::vector<std::string> axis_values;   // one per axis column
  std::size_t runs = 0, failed = 0;
  std::map<std::string, MeanCi> metrics;  // over the point's succeeded runs; absent if none had it
};

// One per point of the plan, in plan order.
std::vector<PointSummary> summarize(const Plan& plan, const std::vector<const RunRecord*>& runs);

}  // namespace nimbus
