// The short summary `nimbus run` prints: one line per thing a scenario is about, every
// duration in the makespan's unit.
#include "metrics/outputs.hpp"

#include "config/units.hpp"
#include "metrics/graph_metrics.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>
#include <vector>

namespace nimbus {

void print_summary(const ScenarioConfig& cfg, const Simulation& sim, const Metrics& m, std::ostream& out) {
  // One unit for every duration, the makespan's: the lines of a run, and two runs of the
  // same scenario, compare at a glance (not "2.133 min" beside "4.649 h").
  const double unit_of = sim.result.makespan_s;
  const auto duration = [unit_of](double s) { return format_quantity(s, Dimension::Duration, unit_of); };
  const auto count = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  out << cfg.name << ": " << count(sim.workload.tasks.size(), "task", "tasks") << " in "
      << count(sim.workload.jobs.size(), "job", "jobs") << " on " << cfg.platform.name << " ("
      << count(sim.host_names.size(), "host", "hosts") << "), " << cfg.scheduling.jobs << " + "
      << cfg.scheduling.placement << ", seed " << cfg.seed << "\n";
  out << "  makespan      " << duration(sim.result.makespan_s) << "\n";
  out << "  tasks         " << m.tasks_completed << " completed, " << m.tasks_failed << " failed\n";
  char line[160];
  if (m.jobs_completed == 0) {
    out << "  job wait      none (no job completed)\n";
  } else {
    out << "  job wait      mean " << duration(m.wait.mean) << ", p95 " << duration(m.wait.p95) << ", max "
        << duration(m.wait.max) << "\n";
    out << "  job response  mean " << duration(m.response.mean) << ", p95 " << duration(m.response.p95) << "\n";
    std::snprintf(line, sizeof line, "  slowdown      mean %.3g, bounded (tau %s) mean %.3g\n", m.slowdown.mean,
                  format_quantity(cfg.bounded_slowdown_tau_s, Dimension::Duration).c_str(), m.bounded_slowdown.mean);
    out << line;
  }
  if (m.by_user.size() > 1) {
    // Each user's wait, the longest first: with many users, those a policy serves worst.
    std::vector<std::pair<std::string, const GroupMetrics*>> users;
    for (const auto& [name, g] : m.by_user) users.emplace_back(name, &g);
    std::stable_sort(users.begin(), users.end(), [](const auto& a, const auto& b) {
      return a.second->wait.mean > b.second->wait.mean;
    });
    constexpr std::size_t kShown = 8;
    for (std::size_t i = 0; i < std::min(users.size(), kShown); ++i) {
      const GroupMetrics& g = *users[i].second;
      out << "  user " << users[i].first << ": " << count(g.jobs, "job", "jobs");
      if (g.completed > 0)
        out << ", wait mean " << duration(g.wait.mean) << ", p95 " << duration(g.wait.p95) << "\n";
      else
        out << ", none completed\n";
    }
    if (users.size() > kShown) out << "  ... and " << count(users.size() - kShown, "more user", "more users") << "\n";
    std::snprintf(line, sizeof line, "  fairness      Jain's index over %zu users' bounded slowdowns %.3f\n", m.by_user.size(),
                  m.jain_fairness);
    out << line;
  }
  std::snprintf(line, sizeof line, "  utilization   %.1f%%\n", 100 * m.utilization);
  out << line;
  if (!sim.result.ranks.empty()) {
    double compute = 0, comm = 0, wait = 0, messages = 0;
    for (const RankRow& r : sim.result.ranks) {
      compute += r.compute_s;
      comm += r.comm_s;
      wait += r.wait_s;
      messages += static_cast<double>(r.messages_sent);
    }
    const double all = std::max(compute + comm + wait, 1e-300);
    // A rank's attempts are rows of ranks.csv; the ranks themselves are counted once.
    std::set<std::pair<JobId, std::uint32_t>> ranks;
    for (const RankRow& r : sim.result.ranks) ranks.emplace(r.job, r.rank);
    std::string attempts;
    if (sim.result.ranks.size() > ranks.size()) attempts = " (" + std::to_string(sim.result.ranks.size()) + " attempts)";
    std::snprintf(line, sizeof line, "  ranks         %zu%s: computing %.1f%%, communicating %.1f%%, waiting %.1f%%; %.0f messages\n",
                  ranks.size(), attempts.c_str(), 100 * compute / all, 100 * comm / all, 100 * wait / all, messages);
    out << line;
  }
  print_graph_summary(sim, out);
  const FaultMetrics& f = m.faults;
  if (f.host_failures > 0 || f.lost_attempts > 0) {
    out << "  failures      " << count(f.host_failures, "host failure", "host failures");
    if (f.repairs > 0) out << " (repaired in " << duration(f.mttr_s) << " on average)";
    std::snprintf(line, sizeof line, ", hosts up %.1f%% of the time; ", 100 * f.availability);
    out << line << count(f.lost_attempts, "attempt lost", "attempts lost") << ", "
        << count(f.retried_tasks, "task retried", "tasks retried") << "\n";
  }
  if (f.blocks_lost > 0 || f.rereplicated > 0)
    out << "  data          " << count(f.blocks_lost, "input block lost", "input blocks lost") << " (no copy up when needed), "
        << count(f.rereplicated, "copy", "copies") << " made again (" << format_quantity(f.bytes_rereplicated, Dimension::Size) << ")\n";
  if (f.messages_logged > 0)
    out << "  logging       " << count(f.messages_logged, "message", "messages") << " logged ("
        << format_quantity(f.bytes_logged, Dimension::Size) << "), " << count(f.messages_replayed, "message", "messages")
        << " replayed from the logs (" << format_quantity(f.bytes_replayed, Dimension::Size) << ")\n";
  if (f.backups > 0)
    out << "  speculation   " << count(f.backups, "backup copy", "backup copies") << " of slow tasks, "
        << f.backups_won << " finished first\n";
  if (f.cancelled > 0)
    out << "  cancelled     " << count(f.cancelled, "attempt", "attempts")
        << " (copies beaten by another copy of their task, or ranks of a failed program)\n";
  if (f.host_failures > 0 || f.lost_attempts > 0 || f.cancelled > 0) {
    const double spent = std::max(f.compute_core_s + f.checkpoint_core_s + f.restart_core_s, 1e-300);
    std::snprintf(line, sizeof line,
                  "  goodput       %.1f%%: %.1f%% of computing time lost, %.1f%% checkpointing, %.1f%% restarting\n",
                  100 * f.goodput, 100 * f.wasted_core_s / spent, 100 * f.checkpoint_core_s / spent,
                  100 * f.restart_core_s / spent);
    out << line;
  }
  for (const MapReduceMetrics& mr : m.mapreduce) {
    out << "  mapreduce     " << count(mr.maps, "map", "maps") << " (" << mr.data_local << " data-local), "
        << count(mr.reducers, "reducer", "reducers") << "; shuffle " << format_quantity(mr.shuffle_bytes, Dimension::Size)
        << " (" << format_quantity(mr.shuffle_cross_rack, Dimension::Size) << " across racks)";
    if (mr.shuffle_s >= 0) out << " in " << duration(mr.shuffle_s);
    std::snprintf(line, sizeof line, ", reducer skew %.3g\n", mr.reducer_skew);
    out << line;
  }
  const Locality& l = m.locality;
  if (l.data_local + l.rack_local + l.remote > 0)
    out << "  locality      " << count(l.data_local + l.rack_local + l.remote, "task", "tasks") << " read input: "
        << l.data_local << " data-local, " << l.rack_local << " rack-local, " << l.remote << " remote\n";
  if (sim.result.bytes_moved > 0)
    out << "  network       " << format_quantity(sim.result.bytes_moved, Dimension::Size) << " moved\n";
  if (sim.energy) {
    double energy = 0;
    for (const auto& u : sim.result.hosts) energy += u.energy_j;
    std::snprintf(line, sizeof line, "  energy        %.4g kWh\n", energy / 3.6e6);
    out << line;
  }
  std::snprintf(line, sizeof line, "%.2f s", sim.result.wall_s);
  out << "  results in " << cfg.output_dir << "/ (simulated in " << line << ")\n";
}

}  // namespace nimbus
