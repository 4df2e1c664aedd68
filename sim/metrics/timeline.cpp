#include "metrics/timeline.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <queue>

namespace nimbus {

void write_timeline(const std::string& path, const Simulation& sim) {
  using nlohmann::json;
  const Workload& w = sim.workload;
  // Attempts that ran somewhere, by host then start: lanes are given greedily, each attempt
  // to the lane that freed first (interval partitioning: as few lanes as tasks at once).
  std::vector<const Attempt*> ran;
  for (const Attempt& a : sim.result.attempts)
    if (a.host != kNoHost && a.started() && a.end_s > a.start_s) ran.push_back(&a);
  std::stable_sort(ran.begin(), ran.end(), [](const Attempt* a, const Attempt* b) {
    return a->host != b->host ? a->host < b->host : a->start_s < b->start_s;
  });
  json events = json::array();
  for (std::size_t h = 0; h < sim.host_names.size(); ++h)
    events.push_back({{"name", "process_name"}, {"ph", "M"}, {"pid", h}, {"args", {{"name", sim.host_names[h]}}}});
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
    events.push_back({{"name", w.jobs[task.job].id + "/" + w.task_name(a->task)},
                      {"cat", outcome_name(a->outcome)},
                      {"ph", "X"},
                      {"ts", a->start_s * 1e6},
                      {"dur", (a->end_s - a->start_s) * 1e6},
                      {"pid", a->host},
                      {"tid", lane},
                      {"args", {{"cores", task.cores}, {"bytes_in", a->bytes_in}, {"ready", a->ready_s}}}});
  }
  std::ofstream(path) << json{{"traceEvents", events}, {"displayTimeUnit", "ms"}}.dump() << '\n';
}

}  // namespace nimbus
