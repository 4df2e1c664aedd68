#include "metrics/outputs.hpp"

#include "metrics/graph_metrics.hpp"
#include "metrics/provenance.hpp"
#include "metrics/timeline.hpp"

#include "config/units.hpp"
#include "scheduling/registry.hpp"
#include "util/csv_writer.hpp"
#include "util/output_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

namespace nimbus {
namespace {

using nlohmann::json;

// An empty sample has no mean: null, never a zero that reads like a measurement.
json to_json(const Stats& s) {
  const auto value = [&s](double v) { return s.count == 0 ? json(nullptr) : json(v); };
  return json{{"mean", value(s.mean)}, {"p50", value(s.p50)}, {"p95", value(s.p95)},
              {"p99", value(s.p99)},   {"max", value(s.max)}, {"count", s.count}};
}

json to_json(const std::map<std::string, GroupMetrics>& groups) {
  json out = json::object();
  for (const auto& [name, g] : groups)
    out[name] = {{"jobs", g.jobs},
                 {"completed", g.completed},
                 {"wait", to_json(g.wait)},
                 {"response", to_json(g.response)},
                 {"bounded_slowdown", to_json(g.bounded_slowdown)},
                 {"core_seconds", g.core_seconds}};
  return out;
}

// The SimGrid configuration items the scenario and --cfg set, the last value of each.
json simgrid_settings(const ScenarioConfig& cfg) {
  json out = json::object();
  for (const auto& s : cfg.simgrid) out[s.name] = s.value;
  return out;
}

void write_jobs(const std::string& path, const Simulation& sim, const Metrics& m) {
  CsvWriter csv(path);
  csv.text("job").text("user").text("queue").text("cores").text("flops").text("walltime").text("submit").text("start")
      .text("end").text("wait").text("response").text("slowdown").text("bounded_slowdown").text("slr").text("tasks")
      .text("status").end_row();
  const Workload& w = sim.workload;
  for (const JobRow& row : m.jobs) {
    const Job& job = w.jobs[row.job];
    // A job's width: a rigid job's cores, a program's ranks, else its widest task.
    int cores = job.rigid_cores > 0 ? job.rigid_cores : static_cast<int>(job.ranks);
    double flops = 0;
    for (TaskId t = job.first_task; t < job.first_task + job.task_count; ++t) {
      flops += w.tasks[t].flops;
      if (job.rigid_cores == 0 && job.ranks == 0) cores = std::max(cores, w.tasks[t].cores);
    }
    csv.text(job.id).text(job.user).text(job.queue).number(cores).number(flops);
    if (job.walltime_s > 0)
      csv.number(job.walltime_s);
    else
      csv.text("");
    csv.number(job.submit_s);
    if (row.start_s == JobRow::kNotStarted)
      csv.text("").number(row.end_s).text("").number(row.response_s).text("").text("");
    else
      csv.number(row.start_s).number(row.end_s).number(row.wait_s).number(row.response_s).number(row.slowdown)
          .number(row.bounded_slowdown);
    if (row.slr > 0)
      csv.number(row.slr);
    else
      csv.text("");
    csv.number(job.task_count).text(row.succeeded ? "succeeded" : "failed").end_row();
  }
  csv.close();
}

// One row per rank of every program, by job then rank; compute + comm + wait = end - start.
void write_ranks(const std::string& path, const Simulation& sim) {
  std::vector<RankRow> rows = sim.result.ranks;
  std::sort(rows.begin(), rows.end(), [](const RankRow& a, const RankRow& b) {
    return a.job != b.job ? a.job < b.job : a.rank < b.rank;
  });
  CsvWriter csv(path);
  csv.text("job").text("rank").text("host").text("start").text("end").text("compute").text("comm").text("wait")
      .text("bytes_sent").text("messages_sent").text("outcome").end_row();
  for (const RankRow& r : rows)
    csv.text(sim.workload.jobs[r.job].id).number(r.rank).text(sim.host_names[static_cast<std::size_t>(r.host)])
        .number(r.start_s).number(r.end_s).number(r.compute_s).number(r.comm_s).number(r.wait_s).number(r.bytes_sent)
        .number(static_cast<double>(r.messages_sent)).text(outcome_name(r.outcome)).end_row();
  csv.close();
}

// Where the ranks' time went, per program and in total.
json programs_json(const Simulation& sim) {
  struct Totals {
    double compute = 0, comm = 0, wait = 0, bytes = 0, messages = 0, slowest_end = -1;
    std::uint32_t slowest = 0;
    json to_json() const {
      return {{"compute_s", compute}, {"comm_s", comm}, {"wait_s", wait}, {"bytes_sent", bytes},
              {"messages_sent", messages}, {"slowest_rank", slowest}, {"slowest_rank_end", slowest_end}};
    }
    void add(const RankRow& r) {
      compute += r.compute_s;
      comm += r.comm_s;
      wait += r.wait_s;
      bytes += r.bytes_sent;
      messages += static_cast<double>(r.messages_sent);
      if (r.end_s > slowest_end) {
        slowest_end = r.end_s;
        slowest = r.rank;
      }
    }
  };
  if (sim.result.ranks.empty()) return nullptr;
  Totals total;
  std::map<JobId, Totals> by_job;
  for (const RankRow& r : sim.result.ranks) {
    total.add(r);
    by_job[r.job].add(r);
  }
  json jobs = json::object();
  for (const auto& [j, t] : by_job) jobs[sim.workload.jobs[j].id] = t.to_json();
  json out = total.to_json();
  out.erase("slowest_rank");
  out.erase("slowest_rank_end");
  return {{"total", out}, {"by_job", jobs}};
}

// Each MapReduce job's maps, shuffle and reducers, by job id; empty without one (a sweep's
// columns do not change with the workload).
json mapreduce_json(const Simulation& sim, const Metrics& m) {
  json out = json::object();
  for (const MapReduceMetrics& mr : m.mapreduce)
    out[sim.workload.jobs[mr.job].id] = {
        {"maps", mr.maps},
        {"reducers", mr.reducers},
        {"data_local_maps", mr.data_local},
        {"rack_local_maps", mr.rack_local},
        {"remote_maps", mr.remote},
        {"shuffle_bytes", mr.shuffle_bytes},
        {"shuffle_bytes_local", mr.shuffle_local},
        {"shuffle_bytes_in_rack", mr.shuffle_in_rack},
        {"shuffle_bytes_cross_rack", mr.shuffle_cross_rack},
        {"shuffle_s", mr.shuffle_s < 0 ? json(nullptr) : json(mr.shuffle_s)},
        {"reducer_skew", mr.reducer_skew}};
  return out;
}

json faults_json(const FaultMetrics& f) {
  return {{"attempts", f.attempts},
          {"lost_attempts", f.lost_attempts},
          {"cancelled", f.cancelled},
          {"retried_tasks", f.retried_tasks},
          {"most_attempts", f.most_attempts},
          {"backups", f.backups},
          {"backups_won", f.backups_won},
          {"blocks_lost", f.blocks_lost},
          {"rereplicated", f.rereplicated},
          {"bytes_rereplicated", f.bytes_rereplicated},
          {"messages_logged", f.messages_logged},
          {"bytes_logged", f.bytes_logged},
          {"messages_replayed", f.messages_replayed},
          {"bytes_replayed", f.bytes_replayed},
          {"host_failures", f.host_failures},
          {"availability", f.availability},
          {"repairs", f.repairs},
          {"mttr_s", f.repairs > 0 ? json(f.mttr_s) : json(nullptr)},
          {"compute_core_s", f.compute_core_s},
          {"wasted_core_s", f.wasted_core_s},
          {"checkpoint_core_s", f.checkpoint_core_s},
          {"restart_core_s", f.restart_core_s},
          {"goodput", f.goodput}};
}

void write_hosts(const std::string& path, const Simulation& sim, const Metrics& m) {
  CsvWriter csv(path);
  csv.text("host").text("cores").text("busy_core_s").text("up_s").text("down_s").text("failures").text("utilization")
      .text("tasks").text("energy_j").end_row();
  for (std::size_t h = 0; h < sim.host_names.size(); ++h) {
    const HostUsage& u = sim.result.hosts[h];
    csv.text(sim.host_names[h]).number(sim.host_cores[h]).number(u.busy_core_s)
        .number(sim.result.makespan_s - u.down_s).number(u.down_s)
        .number(static_cast<double>(u.failures)).number(m.host_utilization[h])
        .number(static_cast<double>(u.tasks));
    if (sim.energy)
      csv.number(u.energy_j);
    else
      csv.text("");
    csv.end_row();
  }
  csv.close();
}

// One row per period a host was off, within [0, makespan]: the down periods of hosts.csv.
void write_downtime(const std::string& path, const Simulation& sim) {
  CsvWriter csv(path);
  csv.text("host").text("start").text("end").end_row();
  for (const DownPeriod& p : sim.result.down_periods)
    csv.text(sim.host_names[static_cast<std::size_t>(p.host)]).number(p.start_s).number(p.end_s).end_row();
  csv.close();
}

}  // namespace

std::unique_ptr<TasksCsv> start_tasks_csv(const ScenarioConfig& cfg, const Simulation& sim) {
  std::filesystem::create_directories(cfg.output_dir);
  return std::make_unique<TasksCsv>(cfg.output_dir + "/tasks.csv", sim);
}

void remove_old_outputs(const ScenarioConfig& cfg) {
  // A run owns these names in its folder, not the folder: an earlier run's files that this one
  // would not rewrite (its ranks.csv, its timeline) must not sit beside the new ones as if
  // they were theirs. summary.json goes first, so the folder never shows an old run as whole.
  for (const char* name : {"summary.json", "jobs.csv", "tasks.csv", "hosts.csv", "downtime.csv", "ranks.csv",
                           "timeline.json"}) {
    std::error_code ignored;  // absent is fine; a file that cannot be removed fails its rewrite
    std::filesystem::remove(cfg.output_dir + "/" + name, ignored);
  }
}

void write_outputs(const ScenarioConfig& cfg, const Simulation& sim, const Metrics& m, const std::string& version,
                   const std::string& command_line, TasksCsv& tasks_file) {
  const auto& r = sim.result;
  double energy = 0;
  for (const auto& u : r.hosts) energy += u.energy_j;
  const json metrics{
      {"makespan", r.makespan_s},
      {"jobs", {{"submitted", sim.workload.jobs.size()}, {"completed", m.jobs_completed}, {"failed", m.jobs_failed}}},
      {"tasks", {{"submitted", sim.workload.tasks.size()}, {"completed", m.tasks_completed}, {"failed", m.tasks_failed}}},
      {"wait", to_json(m.wait)},
      {"response", to_json(m.response)},
      {"slowdown", to_json(m.slowdown)},
      {"bounded_slowdown", to_json(m.bounded_slowdown)},
      {"bounded_slowdown_tau", cfg.bounded_slowdown_tau_s},
      {"utilization", m.utilization},
      {"throughput_jobs_per_s", r.makespan_s > 0 ? static_cast<double>(m.jobs_completed) / r.makespan_s : 0.0},
      {"bytes_moved", r.bytes_moved},
      {"energy_j", sim.energy ? json(energy) : json(nullptr)},
      {"events", r.events},
      {"jain_fairness_users", m.jain_fairness},
      {"schedule_length_ratio", to_json(m.slr)},
      {"locality", {{"data_local", m.locality.data_local}, {"rack_local", m.locality.rack_local},
                    {"remote", m.locality.remote}}},
      {"by_user", to_json(m.by_user)},
      {"by_queue", to_json(m.by_queue)},
      {"programs", programs_json(sim)},
      {"mapreduce", mapreduce_json(sim, m)},
      {"graph", graph_json(sim)},
      {"faults", faults_json(m.faults)},
  };
  const TraceCounts& trace = sim.workload.trace;
  const json summary{
      {"scenario", cfg.name},
      {"seed", cfg.seed},
      {"version", version},
      {"platform", {{"name", cfg.platform.name}, {"file", cfg.platform.file}, {"seed", cfg.platform.seed},
                    {"hosts", sim.host_names.size()}}},
      {"scheduling", {{"jobs", cfg.scheduling.jobs}, {"placement", cfg.scheduling.placement},
                      {"control_latency", cfg.scheduling.control_latency_s}}},
      {"controller_host", sim.submit_host},
      {"resolved_scenario", cfg.resolved_yaml},
      {"provenance", provenance_json(cfg, command_line)},
      {"simgrid_settings", simgrid_settings(cfg)},
      {"workload", {{"jobs", sim.workload.jobs.size()}, {"tasks", sim.workload.tasks.size()},
                    {"edges", sim.workload.succs.size()}}},
      {"metrics", metrics},
      {"trace", trace.lines == 0 ? json(nullptr)
                                 : json{{"job_lines", trace.lines},
                                        {"skipped_unknown_runtime_or_processors", trace.skipped_unknown},
                                        {"zero_runtime", trace.zero_runtime},
                                        {"outside_window", trace.outside_window}}},
  };
  // When files fail (a full disk), the error told is the first file's in this order: jobs,
  // tasks, hosts, ...; whichever thread failed first.
  write_jobs(cfg.output_dir + "/jobs.csv", sim, m);
  try {
    write_hosts(cfg.output_dir + "/hosts.csv", sim, m);
    write_downtime(cfg.output_dir + "/downtime.csv", sim);
    if (!sim.result.ranks.empty()) write_ranks(cfg.output_dir + "/ranks.csv", sim);
    if (cfg.timeline) write_timeline(cfg.output_dir + "/timeline.json", sim);
  } catch (...) {
    tasks_file.finish();
    throw;
  }
  tasks_file.finish();
  // Last: a summary.json newer than the run means every other file of it was written whole.
  OutputFile summary_file(cfg.output_dir + "/summary.json");
  summary_file.write(summary.dump(2) + "\n");
  summary_file.close();
}

}  // namespace nimbus
