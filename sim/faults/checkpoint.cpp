#include "faults/checkpoint.hpp"

#include <algorithm>
#include <cmath>

namespace nimbus {

double young_interval(double cost_s, double mtbf_s) { return std::sqrt(2 * cost_s * mtbf_s); }

double daly_interval(double cost_s, double mtbf_s) {
  if (cost_s >= 2 * mtbf_s) return mtbf_s;
  const double x = cost_s / (2 * mtbf_s);
  return std::sqrt(2 * cost_s * mtbf_s) * (1 + std::sqrt(x) / 3 + x / 9) - cost_s;
}

double daly_expected_time(double work_s, double interval_s, double cost_s, double restart_s, double mtbf_s) {
  const double m = mtbf_s;
  return m * std::exp(restart_s / m) * std::expm1((interval_s + cost_s) / m) * work_s / interval_s;
}

std::optional<double> planning_mtbf(const PlatformConfig& platform) {
  std::optional<double> shortest;
  auto consider = [&](const std::optional<FailureSpec>& f) {
    if (!f || !f->up_time) return;
    const double m = f->up_time->expected_value();
    shortest = shortest ? std::min(*shortest, m) : m;
  };
  for (const HostGroup& g : platform.groups) consider(g.failures);
  for (const FailureRule& r : platform.failure_rules) consider(r.spec);
  return shortest;
}

}  // namespace nimbus
