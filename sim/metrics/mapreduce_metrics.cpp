#include "metrics/mapreduce_metrics.hpp"

#include <algorithm>

namespace nimbus {

std::vector<MapReduceMetrics> mapreduce_metrics(const Simulation& sim) {
  const Workload& w = sim.workload;
  std::vector<MapReduceMetrics> out;
  std::vector<const Attempt*> succeeded;  // per task, its successful attempt
  for (JobId j = 0; j < w.jobs.size(); ++j) {
    const Job& job = w.jobs[j];
    if (job.maps == 0) continue;
    if (succeeded.empty()) {
      succeeded.assign(w.tasks.size(), nullptr);
      for (const Attempt& a : sim.result.attempts)
        if (a.outcome == Outcome::Succeeded) succeeded[a.task] = &a;
    }
    MapReduceMetrics m;
    m.job = j;
    m.maps = job.maps;
    m.reducers = job.task_count - job.maps;
    const TaskId first_reducer = job.first_task + job.maps;
    double last_map_end = 0;
    bool all_maps = true;
    for (TaskId t = job.first_task; t < first_reducer; ++t) {
      const Attempt* a = succeeded[t];
      if (a == nullptr) {
        all_maps = false;
        continue;
      }
      last_map_end = std::max(last_map_end, a->end_s);
      if (a->locality == InputLocality::DataLocal) ++m.data_local;
      if (a->locality == InputLocality::RackLocal) ++m.rack_local;
      if (a->locality == InputLocality::Remote) ++m.remote;
    }
    double last_reducer_start = 0, largest = 0;
    bool all_reducers = true;
    for (TaskId r = first_reducer; r < job.first_task + job.task_count; ++r) {
      double input = 0;
      for (const Edge& e : w.preds_of(r)) input += e.bytes;
      m.shuffle_bytes += input;
      largest = std::max(largest, input);
      const Attempt* a = succeeded[r];
      if (a == nullptr) {
        all_reducers = false;
        continue;
      }
      last_reducer_start = std::max(last_reducer_start, a->start_s);
      const auto here = static_cast<std::size_t>(a->host);
      for (const Edge& e : w.preds_of(r)) {
        const Attempt* map = succeeded[e.task];
        const auto there = static_cast<std::size_t>(map->host);
        double& link = there == here                                     ? m.shuffle_local
                       : sim.host_racks[there] == sim.host_racks[here] ? m.shuffle_in_rack
                                                                       : m.shuffle_cross_rack;
        link += e.bytes;
      }
    }
    if (all_maps && all_reducers) m.shuffle_s = last_reducer_start - last_map_end;
    if (m.shuffle_bytes > 0) m.reducer_skew = largest * m.reducers / m.shuffle_bytes;
    out.push_back(m);
  }
  return out;
}

}  // namespace nimbus
