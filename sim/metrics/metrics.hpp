// From task attempts to what users read: one row per job, statistics, utilization.
#pragma once

#include "config/scenario_config.hpp"
#include "runtime/simulate.hpp"

#include <string>
#include <vector>

namespace nimbus {

struct Stats {
  double mean = 0, p50 = 0, p95 = 0, p99 = 0, max = 0;
  std::size_t count = 0;
};
// Nearest-rank percentiles; zeros for an empty sample.
Stats stats_of(std::vector<double> values);

struct JobRow {
  JobId job = 0;
  double start_s = 0, end_s = 0;  // first task start, last task end
  double wait_s = 0, response_s = 0, slowdown = 0, bounded_slowdown = 0;
  bool succeeded = true;
};

struct Metrics {
  std::vector<JobRow> jobs;
  std::size_t jobs_completed = 0, jobs_failed = 0;
  std::size_t tasks_completed = 0, tasks_failed = 0;
  Stats wait, response, slowdown, bounded_slowdown;  // over completed jobs
  double utilization = 0;                            // busy core-seconds / (cores x makespan)
  std::vector<double> host_utilization;
};

Metrics compute_metrics(const Simulation& sim, double bounded_slowdown_tau_s);

}  // namespace nimbus
