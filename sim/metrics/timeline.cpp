#include "metrics/timeline.hpp"

#include "util/output_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <queue>

namespace nimbus {

namespace {

using nlohmann::json;

// Writes the events one by one: a run of a million tasks never holds them all as JSON.
class EventStream {
public:
  explicit EventStream(const std::string& path) : out_(path) { out_.write("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n"); }
  void add(const json& event) {
    out_.write((first_ ? "" : ",\n") + event.dump());
    first_ = false;
  }
  void close() {
    out_.write("\n]}\n");
    out_.close();
  }

private:
  OutputFile out_;  // complete once closed, never half there
  bool first_ = true;
};

// Attempts that ran somewhere, by host then start: lanes are given greedily, each attempt to
// the lane that freed first (interval partitioning: as few lanes as tasks at once).
void add_hosts(EventStream& events, const Simulation& sim) {
  const Workload& w = sim.workload;
  std::vector<const Attempt*> ran;
  for (const Attempt& a : sim.result.attempts)
    if (a.host != kNoHost && a.started() && a.end_s > a.start_s) ran.push_back(&a);
  std::stable_sort(ran.begin(), ran.end(), [](const Attempt* a, const Attempt* b) {
    return a->host != b->host ? a->host < b->host : a->start_s < b->start_s;
  });
  for (std::size_t h = 0; h < sim.host_names.size(); ++h)
    events.add({{"name", "process_name"}, {"ph", "M"}, {"pid", h}, {"args", {{"name", sim.host_names[h]}}}});
  using Lane = std::pair<double, int>;  // (free from, lane)
  std::priority_queue<Lane, std::vector<Lane>, std::greater<>> lanes;
  HostIndex current = kNoHost;
  int lane_count = 0;
  for (const Attempt* a : ran) {
    if (a->host != current) {
      current = a->host;
      lanes = {};
      lane_count = 0;
    }
    int lane = lane_count;
    if (!lanes.empty() && lanes.top().first <= a->start_s) {
      lane = lanes.top().second;
      lanes.pop();
    } else {
      ++lane_count;
    }
    lanes.push({a->end_s, lane});
    const Task& task = w.tasks[a->task];
    events.add({{"name", w.jobs[task.job].id + "/" + w.task_name(a->task)},
                {"cat", outcome_name(a->outcome)},
                {"ph", "X"},
                {"ts", a->start_s * 1e6},
                {"dur", (a->end_s - a->start_s) * 1e6},
                {"pid", a->host},
                {"tid", lane},
                {"args", {{"cores", task.cores}, {"bytes_in", a->bytes_in}, {"ready", a->ready_s}}}});
  }
}

// Programs: a track per program, drawn first, a lane per rank ("rank 3 @ h-1"), the rank's
// compute, sleep, comm and wait as slices, and each message as a flow arrow from its sender
// (when the transfer starts) to its receiver (when it arrives): Perfetto then shows who
// waited for whom.
void add_programs(EventStream& events, const Simulation& sim) {
  const RunResult& r = sim.result;
  if (r.ranks.empty()) return;
  std::map<JobId, std::size_t> pid;  // programs in job order, after the hosts' pids
  for (const RankRow& row : r.ranks) pid.emplace(row.job, 0);
  std::size_t next = sim.host_names.size();
  for (auto& [job, p] : pid) {
    p = next++;
    events.add({{"name", "process_name"}, {"ph", "M"}, {"pid", p}, {"args", {{"name", sim.workload.jobs[job].id + " (program)"}}}});
    events.add({{"name", "process_sort_index"}, {"ph", "M"}, {"pid", p}, {"args", {{"sort_index", -1}}}});
  }
  for (const RankRow& row : r.ranks)
    events.add({{"name", "thread_name"},
                {"ph", "M"},
                {"pid", pid[row.job]},
                {"tid", row.rank},
                {"args", {{"name", "rank " + std::to_string(row.rank) + " @ " + sim.host_names[row.host]}}}});
  static const char* const kKinds[] = {"compute", "sleep", "comm", "wait"};
  for (const RankSlice& s : r.rank_slices)
    events.add({{"name", kKinds[static_cast<int>(s.kind)]},
                {"cat", kKinds[static_cast<int>(s.kind)]},
                {"ph", "X"},
                {"ts", s.start_s * 1e6},
                {"dur", (s.end_s - s.start_s) * 1e6},
                {"pid", pid[s.job]},
                {"tid", s.rank}});
  for (std::size_t i = 0; i < r.messages.size(); ++i) {
    const MessageRow& m = r.messages[i];
    events.add({{"name", "message"}, {"cat", "message"}, {"ph", "s"}, {"id", i}, {"ts", m.start_s * 1e6},
                {"pid", pid[m.job]}, {"tid", m.from}, {"args", {{"bytes", m.bytes}}}});
    events.add({{"name", "message"}, {"cat", "message"}, {"ph", "f"}, {"bp", "e"}, {"id", i},
                {"ts", m.end_s * 1e6}, {"pid", pid[m.job]}, {"tid", m.to}});
  }
}

}  // namespace

void write_timeline(const std::string& path, const Simulation& sim) {
  EventStream events(path);
  add_hosts(events, sim);
  add_programs(events, sim);
  events.close();
}

}  // namespace nimbus
