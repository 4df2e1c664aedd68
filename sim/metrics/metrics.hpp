// From task attempts to what users read: one row per job, statistics, utilization.
#pragma once

#include "config/scenario_config.hpp"
#include "metrics/mapreduce_metrics.hpp"
#include "runtime/simulate.hpp"

#include <map>
#include <string>
#include <vector>

namespace nimbus {

struct Stats {
  double mean = 0, p50 = 0, p95 = 0, p99 = 0, max = 0;
  std::size_t count = 0;
};
// Nearest-rank percentiles; an empty sample has count 0 and no other value (written null).
Stats stats_of(std::vector<double> values);

struct JobRow {
  static constexpr double kNotStarted = -1;
  JobId job = 0;
  double start_s = 0, end_s = 0;  // first task start (kNotStarted: none started), last task end
  double wait_s = 0, response_s = 0, slowdown = 0, bounded_slowdown = 0;
  double slr = 0;  // DAG jobs: response over the critical path on the fastest core; else 0
  bool succeeded = true;
};

// Per user or per queue.
struct GroupMetrics {
  std::size_t jobs = 0, completed = 0;
  Stats wait, response, bounded_slowdown;
  double core_seconds = 0;  // of succeeded tasks
};

// Where each task's input came from, for tasks that had any: its worst source.
struct Locality {
  std::size_t data_local = 0;  // every input on its own host
  std::size_t rack_local = 0;  // otherwise, every input in its own rack
  std::size_t remote = 0;
};

// What failures cost and what fault tolerance bought (docs/faults.md). Core-seconds.
struct FaultMetrics {
  std::size_t attempts = 0;       // rows of tasks.csv
  std::size_t lost_attempts = 0;  // ended by a failure of the platform (host, input, link)
  std::size_t cancelled = 0;      // ended by the runtime: copies that lost, ranks of a failed program
  std::size_t retried_tasks = 0;  // tasks tried more than once (a round of copies is one try)
  std::uint32_t most_attempts = 0;  // the most tries of one task
  std::uint64_t backups = 0;        // speculation: backup copies launched ...
  std::uint64_t backups_won = 0;    // ... and the ones that finished first
  std::uint64_t blocks_lost = 0;    // input blocks left with no copy up while needed
  std::uint64_t rereplicated = 0;   // copies of blocks made again (storage.rereplicate) ...
  double bytes_rereplicated = 0;    // ... and their bytes
  std::uint64_t messages_logged = 0;    // message logging: messages kept in senders' logs ...
  double bytes_logged = 0;              // ... and their bytes
  std::uint64_t messages_replayed = 0;  // ... read again from a log by a rank replaying its steps
  double bytes_replayed = 0;
  std::size_t host_failures = 0;  // times a host went off
  double availability = 1;        // mean over hosts of the share of [0, makespan] they were up
  std::size_t repairs = 0;        // down periods that ended within the run
  double mttr_s = 0;              // observed: their mean length (0 without repairs)
  double compute_core_s = 0, wasted_core_s = 0, checkpoint_core_s = 0, restart_core_s = 0;
  double goodput = 1;  // computation kept / (all computation + checkpoints + restarts)
};

struct Metrics {
  std::vector<JobRow> jobs;
  std::size_t jobs_completed = 0, jobs_failed = 0;
  std::size_t tasks_completed = 0, tasks_failed = 0;
  Stats wait, response, slowdown, bounded_slowdown;  // over completed jobs
  double utilization = 0;  // busy core-seconds / core-seconds available (hosts up) until the makespan
  std::vector<double> host_utilization;
  std::map<std::string, GroupMetrics> by_user, by_queue;
  double jain_fairness = 1;  // over users' mean bounded slowdowns: 1 is perfectly even
  Stats slr;                 // over completed DAG jobs
  Locality locality;
  FaultMetrics faults;
  std::vector<MapReduceMetrics> mapreduce;  // one per MapReduce job, in job order
};

// Jain's index (sum x)^2 / (n sum x^2); 1 for an empty or all-zero sample.
double jain_index(const std::vector<double>& values);

Metrics compute_metrics(const Simulation& sim, double bounded_slowdown_tau_s);

}  // namespace nimbus
