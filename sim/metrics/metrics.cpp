#include "metrics/metrics.hpp"

#include "faults/retry.hpp"

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

double jain_index(const std::vector<double>& values) {
  double sum = 0, squares = 0;
  for (double v : values) {
    sum += v;
    squares += v * v;
  }
  return squares > 0 ? sum * sum / (static_cast<double>(values.size()) * squares) : 1;
}

namespace {

// Edges stay inside jobs and are stored by task, so a job has some iff its tasks' ranges do.
bool has_edges(const Workload& w, const Job& job) {
  return job.task_count > 0 && !w.succ_offsets.empty() &&
         w.succ_offsets[job.first_task] < w.succ_offsets[job.first_task + job.task_count];
}

// The longest chain of computation in a job, in flops: its critical path's work.
// REQUIRES: producers come before their consumers in the job (program models emit them so).
double critical_path_flops(const Workload& w, const Job& job) {
  std::vector<double> longest(job.task_count, 0);
  double best = 0;
  // Tasks of a job are stored in an order where producers come first (DAG items list them so).
  for (TaskId t = job.first_task; t < job.first_task + job.task_count; ++t) {
    double before = 0;
    for (const Edge& e : w.preds_of(t)) before = std::max(before, longest[e.task - job.first_task]);
    longest[t - job.first_task] = before + w.tasks[t].flops;
    best = std::max(best, longest[t - job.first_task]);
  }
  return best;
}

void group_stats(std::map<std::string, GroupMetrics>& groups, std::map<std::string, std::vector<double>[3]>& samples) {
  for (auto& [name, s] : samples) {
    groups[name].wait = stats_of(s[0]);
    groups[name].response = stats_of(s[1]);
    groups[name].bounded_slowdown = stats_of(s[2]);
  }
}

}  // namespace

Metrics compute_metrics(const Simulation& sim, double tau_s) {
  const Workload& w = sim.workload;
  Metrics m;
  m.jobs.resize(w.jobs.size());
  std::vector<bool> started(w.jobs.size(), false);
  for (JobId j = 0; j < w.jobs.size(); ++j) m.jobs[j].job = j;
  // A task's outcome: succeeded if an attempt did (the copy that won), else its last
  // attempt's (earlier ones were lost and retried).
  std::vector<std::uint32_t> last(w.tasks.size(), 0);
  std::vector<Outcome> outcome(w.tasks.size(), Outcome::NoHost);
  // Core-seconds per job (per user and queue after: a map lookup per attempt costs more than
  // the rest of this function at a million attempts), and where inputs came from.
  std::vector<double> job_core_s(w.jobs.size(), 0);
  const std::vector<Attempt>& attempts = sim.result.attempts;
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    // Rows come in the order attempts ended, so their task records are read out of order:
    // fetched ahead, or each is a wait on memory.
    constexpr std::size_t kAhead = 16;
    if (i + kAhead < attempts.size()) __builtin_prefetch(&w.tasks[attempts[i + kAhead].task]);
    const Attempt& a = attempts[i];
    const Task& task = w.tasks[a.task];
    JobRow& row = m.jobs[task.job];
    if (a.attempt >= last[a.task]) {
      last[a.task] = a.attempt;
      if (outcome[a.task] != Outcome::Succeeded) outcome[a.task] = a.outcome;
    }
    if (a.outcome == Outcome::Succeeded) {
      outcome[a.task] = Outcome::Succeeded;
      job_core_s[task.job] += (a.end_s - a.start_s) * task.cores;  // held, start to end
      switch (a.locality) {
        case InputLocality::None: break;
        case InputLocality::DataLocal: ++m.locality.data_local; break;
        case InputLocality::RackLocal: ++m.locality.rack_local; break;
        case InputLocality::Remote: ++m.locality.remote; break;
      }
    }
    if (lost_to_failure(a.outcome)) ++m.faults.lost_attempts;
    if (a.outcome == Outcome::Cancelled) ++m.faults.cancelled;
    row.end_s = std::max(row.end_s, a.end_s);
    if (!a.started()) continue;
    row.start_s = started[row.job] ? std::min(row.start_s, a.start_s) : a.start_s;
    started[row.job] = true;
  }
  for (TaskId t = 0; t < w.tasks.size(); ++t) {
    if (outcome[t] == Outcome::Succeeded) {
      ++m.tasks_completed;
    } else {
      ++m.tasks_failed;
      m.jobs[w.tasks[t].job].succeeded = false;
    }
  }
  m.faults.attempts = sim.result.attempts.size();
  m.faults.retried_tasks = sim.result.retried_tasks;
  m.faults.most_attempts = sim.result.most_tries;
  m.faults.backups = sim.result.backups;
  m.faults.backups_won = sim.result.backups_won;
  m.faults.blocks_lost = sim.result.blocks_lost;
  m.faults.rereplicated = sim.result.rereplicated;
  m.faults.bytes_rereplicated = sim.result.bytes_rereplicated;
  m.faults.messages_logged = sim.result.messages_logged;
  m.faults.bytes_logged = sim.result.bytes_logged;
  m.faults.messages_replayed = sim.result.messages_replayed;
  m.faults.bytes_replayed = sim.result.bytes_replayed;
  std::vector<double> waits, responses, slowdowns, bounded, slrs;
  std::map<std::string, std::vector<double>[3]> user_samples, queue_samples;
  const double fastest = sim.host_speeds.empty() ? 0 : *std::max_element(sim.host_speeds.begin(), sim.host_speeds.end());
  for (JobRow& row : m.jobs) {
    const Job& job = w.jobs[row.job];
    m.by_user[job.user].jobs += 1;
    m.by_queue[job.queue].jobs += 1;
    const double submit = w.jobs[row.job].submit_s;
    row.wait_s = row.start_s - submit;
    row.response_s = row.end_s - submit;
    const double run = row.end_s - row.start_s;
    row.slowdown = run > 0 ? row.response_s / run : 1;
    // Bounded slowdown (Feitelson): short jobs do not blow up the average.
    row.bounded_slowdown = std::max(1.0, row.response_s / std::max(run, tau_s));
    if (!row.succeeded) {
      ++m.jobs_failed;
      if (!started[row.job]) row.start_s = JobRow::kNotStarted;
      continue;
    }
    ++m.jobs_completed;
    m.by_user[job.user].completed += 1;
    m.by_queue[job.queue].completed += 1;
    for (auto* samples : {&user_samples[job.user], &queue_samples[job.queue]}) {
      (*samples)[0].push_back(row.wait_s);
      (*samples)[1].push_back(row.response_s);
      (*samples)[2].push_back(row.bounded_slowdown);
    }
    if (has_edges(w, job) && fastest > 0) {
      const double path_s = critical_path_flops(w, job) / fastest;
      if (path_s > 0) {
        row.slr = row.response_s / path_s;
        slrs.push_back(row.slr);
      }
    }
    waits.push_back(row.wait_s);
    responses.push_back(row.response_s);
    slowdowns.push_back(row.slowdown);
    bounded.push_back(row.bounded_slowdown);
  }
  m.wait = stats_of(waits);
  m.response = stats_of(responses);
  m.slowdown = stats_of(slowdowns);
  m.bounded_slowdown = stats_of(bounded);
  m.slr = stats_of(slrs);
  group_stats(m.by_user, user_samples);
  group_stats(m.by_queue, queue_samples);
  std::vector<double> user_slowdowns;
  for (const auto& [user, g] : m.by_user)
    if (g.completed > 0) user_slowdowns.push_back(g.bounded_slowdown.mean);
  m.jain_fairness = jain_index(user_slowdowns);

  for (JobId j = 0; j < w.jobs.size(); ++j) {
    if (job_core_s[j] == 0) continue;
    m.by_user[w.jobs[j].user].core_seconds += job_core_s[j];
    m.by_queue[w.jobs[j].queue].core_seconds += job_core_s[j];
  }

  const double makespan = sim.result.makespan_s;
  double busy = 0, capacity = 0;
  for (std::size_t h = 0; h < sim.result.hosts.size(); ++h) {
    // A host that was down was not available: its down time is not idle capacity.
    const double host_capacity = sim.host_cores[h] * std::max(0.0, makespan - sim.result.hosts[h].down_s);
    busy += sim.result.hosts[h].busy_core_s;
    capacity += host_capacity;
    m.host_utilization.push_back(host_capacity > 0 ? sim.result.hosts[h].busy_core_s / host_capacity : 0);
  }
  m.utilization = capacity > 0 ? busy / capacity : 0;

  FaultMetrics& f = m.faults;
  double up_share = 0;
  for (const HostUsage& h : sim.result.hosts) {
    f.host_failures += h.failures;
    up_share += makespan > 0 ? 1 - h.down_s / makespan : 1;
  }
  if (!sim.result.hosts.empty()) f.availability = up_share / static_cast<double>(sim.result.hosts.size());
  f.repairs = sim.result.repairs;
  f.mttr_s = f.repairs > 0 ? sim.result.repair_s / static_cast<double>(f.repairs) : 0;
  f.compute_core_s = sim.result.compute_core_s;
  f.wasted_core_s = sim.result.wasted_core_s;
  f.checkpoint_core_s = sim.result.checkpoint_core_s;
  f.restart_core_s = sim.result.restart_core_s;
  const double spent = f.compute_core_s + f.checkpoint_core_s + f.restart_core_s;
  f.goodput = spent > 0 ? (f.compute_core_s - f.wasted_core_s) / spent : 1;
  m.mapreduce = mapreduce_metrics(sim);
  return m;
}

}  // namespace nimbus
