#include "metrics/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nimbus {

Stats stats_of(std::vector<double> values) {
  Stats s;
  s.count = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  const auto rank = [&values](double p) {
    const auto k = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    return values[std::max<std::size_t>(k, 1) - 1];
  };
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  s.p50 = rank(50);
  s.p95 = rank(95);
  s.p99 = rank(99);
  s.max = values.back();
  return s;
}

Metrics compute_metrics(const Simulation& sim, double tau_s) {
  const Workload& w = sim.workload;
  Metrics m;
  m.jobs.resize(w.jobs.size());
  std::vector<bool> started(w.jobs.size(), false);
  for (JobId j = 0; j < w.jobs.size(); ++j) m.jobs[j].job = j;
  for (const Attempt& a : sim.result.attempts) {
    JobRow& row = m.jobs[w.tasks[a.task].job];
    if (a.outcome == Outcome::Succeeded) {
      ++m.tasks_completed;
    } else {
      ++m.tasks_failed;
      row.succeeded = false;
    }
    row.start_s = started[row.job] ? std::min(row.start_s, a.start_s) : a.start_s;
    row.end_s = started[row.job] ? std::max(row.end_s, a.end_s) : a.end_s;
    started[row.job] = true;
  }
  std::vector<double> waits, responses, slowdowns, bounded;
  for (JobRow& row : m.jobs) {
    const double submit = w.jobs[row.job].submit_s;
    row.wait_s = row.start_s - submit;
    row.response_s = row.end_s - submit;
    const double run = row.end_s - row.start_s;
    row.slowdown = run > 0 ? row.response_s / run : 1;
    // Bounded slowdown (Feitelson): short jobs do not blow up the average.
    row.bounded_slowdown = std::max(1.0, row.response_s / std::max(run, tau_s));
    if (!row.succeeded) {
      ++m.jobs_failed;
      continue;
    }
    ++m.jobs_completed;
    waits.push_back(row.wait_s);
    responses.push_back(row.response_s);
    slowdowns.push_back(row.slowdown);
    bounded.push_back(row.bounded_slowdown);
  }
  m.wait = stats_of(waits);
  m.response = stats_of(responses);
  m.slowdown = stats_of(slowdowns);
  m.bounded_slowdown = stats_of(bounded);

  const double makespan = sim.result.makespan_s;
  double busy = 0, capacity = 0;
  for (std::size_t h = 0; h < sim.result.hosts.size(); ++h) {
    const double host_capacity = sim.host_cores[h] * makespan;
    busy += sim.result.hosts[h].busy_core_s;
    capacity += host_capacity;
    m.host_utilization.push_back(host_capacity > 0 ? sim.result.hosts[h].busy_core_s / host_capacity : 0);
  }
  m.utilization = capacity > 0 ? busy / capacity : 0;
  return m;
}

}  // namespace nimbus
