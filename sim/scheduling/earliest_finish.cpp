// earliest-finish: the host where the task would finish first, counting the host's speed,
// the work already assigned there, and the time to bring its inputs.
//
// Every host runs its queue first come, first served, and the view predicts when each of
// its cores will be free from the sizes and speeds of what was assigned (the progress of
// running tasks included). So
//   finish = max(now, when the task's cores are free there) + input transfer + flops / (speed x cores)
// With known sizes and no data this is least-work-left dispatching, which starts every task
// exactly when one central first-come-first-served queue would (Harchol-Balter, Performance
// Modeling and Design of Computer Systems, ch. 24). Only the top of each speed class (the
// host free first, lowest index among equals) can win among hosts that hold none of the
// inputs: O(classes + inputs) per decision, O(log n) per index update, not O(hosts).
// For tasks of several cores the class top is ranked by its first free core: a heuristic.
#include "scheduling/earliest_finish.hpp"
#include "scheduling/policies.hpp"

#include <limits>

namespace nimbus {

double input_time_estimate(const TaskRequest& task, HostIndex h, const ClusterView& view) {
  double transfer = 0;
  for (std::size_t i = 0; i < task.input_count; ++i)
    transfer = std::max(transfer, view.transfer_estimate(task.inputs[i].host, h, task.inputs[i].bytes));
  if (task.replica_count > 0) {
    double nearest = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < task.replica_count; ++i)
      nearest = std::min(nearest, view.transfer_estimate(task.replicas[i], h, task.replica_bytes));
    transfer = std::max(transfer, nearest);
  }
  return transfer;
}

double run_time_estimate(const TaskRequest& task, HostIndex h, const ClusterView& view) {
  const HostState& s = view.host(h);
  return input_time_estimate(task, h, view) + task.flops / (s.speed_flops * task.cores);
}

HostIndex earliest_finish_host(const TaskRequest& task, const ClusterView& view) {
  HostIndex best = kNoHost;
  double best_finish = std::numeric_limits<double>::infinity();
  auto consider = [&](HostIndex h) {
    const HostState& s = view.host(h);
    if (!s.up || s.cores < task.cores) return;
    const double finish = view.earliest_start(h, task.cores) + run_time_estimate(task, h, view);
    if (finish < best_finish || (finish == best_finish && h < best)) {
      best_finish = finish;
      best = h;
    }
  };
  for (const auto& c : view.speed_classes())
    if (!c.empty() && c.cores >= task.cores) consider(c.best());
  for (std::size_t i = 0; i < task.input_count; ++i)
    if (task.inputs[i].host != kNoHost) consider(task.inputs[i].host);
  for (std::size_t i = 0; i < task.replica_count; ++i) consider(task.replicas[i]);
  return best;
}

namespace {

class EarliestFinish final : public PlacementPolicy {
public:
  HostIndex place(const TaskRequest& task, const ClusterView& view) override { return earliest_finish_host(task, view); }
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_earliest_finish(const PolicyContext&) {
  return std::make_unique<EarliestFinish>();
}

}  // namespace nimbus
