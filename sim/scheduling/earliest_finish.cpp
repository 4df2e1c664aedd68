// earliest-finish: the host where the task would finish first, counting the host's speed,
// the work already queued there, and the time to bring its inputs.
//
// A host's queued work drains at speed x cores (a fluid estimate, exact for one-core hosts);
// then its inputs move (the runtime fetches them when the task leaves the queue); then it
// runs at speed x its cores:
//   finish = now + outstanding / (speed x cores) + input transfer + flops / (speed x task cores)
// Only the least-loaded host of each speed class can win among hosts that hold none of the
// inputs, so the cost is O(classes + inputs) per decision and O(log n) per index update,
// not O(hosts).
#include "scheduling/earliest_finish.hpp"
#include "scheduling/policies.hpp"

#include <limits>

namespace nimbus {

HostIndex earliest_finish_host(const TaskRequest& task, const ClusterView& view) {
  HostIndex best = kNoHost;
  double best_finish = std::numeric_limits<double>::infinity();
  auto consider = [&](HostIndex h) {
    const HostState& s = view.host(h);
    if (!s.up || s.cores < task.cores) return;
    // Queued work drains over all cores; the task itself runs on task.cores of them.
    const double wait = s.outstanding_flops / (s.speed_flops * s.cores);
    const double run = task.flops / (s.speed_flops * task.cores);
    double transfer = 0;
    for (std::size_t i = 0; i < task.input_count; ++i)
      transfer = std::max(transfer, view.transfer_estimate(task.inputs[i].host, h, task.inputs[i].bytes));
    if (task.replica_count > 0) {
      double nearest = std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < task.replica_count; ++i)
        nearest = std::min(nearest, view.transfer_estimate(task.replicas[i], h, task.replica_bytes));
      transfer = std::max(transfer, nearest);
    }
    const double finish = view.now() + wait + transfer + run;
    if (finish < best_finish || (finish == best_finish && h < best)) {
      best_finish = finish;
      best = h;
    }
  };
  for (const auto& c : view.speed_classes())
    if (!c.empty()) consider(c.best());
  for (std::size_t i = 0; i < task.input_count; ++i)
    if (task.inputs[i].host != kNoHost) consider(task.inputs[i].host);
  for (std::size_t i = 0; i < task.replica_count; ++i) consider(task.replicas[i]);
  return best;
}

namespace {

class EarliestFinish final : public PlacementPolicy {
public:
  HostIndex place(const TaskRequest& task, const ClusterView& view) override { return earliest_finish_host(task, view); }
  ClusterView::Indices indices() const override { return {false, true, false}; }
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_earliest_finish(const PolicyContext&) {
  return std::make_unique<EarliestFinish>();
}

}  // namespace nimbus
