// The side-by-side a student reads: one row per point, the main metrics, one unit per
// column ("wait mean (h)"), mean ± the 95% half-width when a point has replications.
#pragma once

#include "sweep/plan.hpp"
#include "sweep/summary.hpp"

#include <ostream>
#include <vector>

namespace nimbus {

void print_point_table(std::ostream& out, const Plan& plan, const std::vector<PointSummary>& points);

}  // namespace nimbus
