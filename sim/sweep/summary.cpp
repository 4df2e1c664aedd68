#include "sweep/summary.hpp"

#include "sweep/flatten.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace nimbus {

std::vector<const RunRecord*> runs_in_plan(const Plan& plan, const std::vector<RunRecord>& records) {
  std::unordered_map<std::string, const RunRecord*> by_key;
  for (const RunRecord& r : records) by_key.emplace(r.key, &r);
  std::vector<const RunRecord*> out;
  for (const PlannedRun& run : plan.runs)
    if (const auto it = by_key.find(run.key); it != by_key.end()) out.push_back(it->second);
  return out;
}

std::vector<std::string> metric_names(const std::vector<const RunRecord*>& runs) {
  std::set<std::string> names;
  for (const RunRecord* r : runs)
    for (const auto& m : r->metrics) names.insert(m.name);
  std::vector<std::string> out(names.begin(), names.end());
  std::sort(out.begin(), out.end(), metric_name_less);
  return out;
}

std::vector<PointSummary> summarize(const Plan& plan, const std::vector<const RunRecord*>& runs) {
  std::vector<PointSummary> points(plan.points);
  std::vector<std::map<std::string, std::vector<double>>> samples(plan.points);
  for (const Variant& v : plan.variants)
    points[v.point].axis_values.assign(v.values.begin(), v.values.begin() + static_cast<long>(plan.axis_columns));
  // The point of a run is the point of its variant; runs are found by key.
  std::unordered_map<std::string, std::size_t> point_of;
  for (const PlannedRun& run : plan.runs) point_of.emplace(run.key, plan.variants[run.variant].point);
  for (const RunRecord* r : runs) {
    const std::size_t p = point_of.at(r->key);
    ++points[p].runs;
    if (r->status != "ok") {
      ++points[p].failed;
      continue;
    }
    for (const auto& m : r->metrics)
      if (m.value) samples[p][m.name].push_back(*m.value);
  }
  for (std::size_t p = 0; p < plan.points; ++p)
    for (const auto& [name, values] : samples[p]) points[p].metrics[name] = mean_ci95(values);
  return points;
}

}  // namespace nimbus
