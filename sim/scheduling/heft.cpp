// heft: Heterogeneous Earliest Finish Time (Topcuoglu, Hariri and Wu, 2002), online. Each
// task's upward rank is its mean computation time plus the longest chain of mean
// communication and computation to the end of its job:
//   rank(t) = flops_t / (cores_t x mean speed) + max over successors s of
//             (bytes_ts / mean bandwidth + rank(s))
// Tasks ready at the same moment are placed by decreasing rank, each on its earliest-finish
// host. Static HEFT plans the whole DAG before it runs and may insert tasks into idle gaps;
// this online form decides as tasks become ready. Ranks: O(tasks + edges) once; per task
// O(speed classes + inputs).
#include "scheduling/batch_order.hpp"
#include "scheduling/earliest_finish.hpp"
#include "scheduling/policies.hpp"

namespace nimbus {
namespace {

class Heft final : public PlacementPolicy {
public:
  HostIndex place(const TaskRequest& task, const ClusterView& view) override { return earliest_finish_host(task, view); }
  void place_ready(ReadyTasks& ready, const ClusterView& view) override {
    place_in_order(ready, view, *this, [this](const TaskRequest& task) { return -rank_[task.task]; });
  }

  void prepare(const Workload& w, const ClusterView& view) override {
    double speed = 0, bandwidth = 0;
    for (std::size_t h = 0; h < view.size(); ++h) {
      speed += view.host(static_cast<HostIndex>(h)).speed_flops;
      bandwidth += view.host(static_cast<HostIndex>(h)).nic_Bps;
    }
    speed /= static_cast<double>(view.size());
    bandwidth /= static_cast<double>(view.size());
    rank_.assign(w.tasks.size(), 0);
    // Edges go from lower to higher task ids (WorkloadBuilder checks it): one backward pass.
    for (TaskId t = static_cast<TaskId>(w.tasks.size()); t-- > 0;) {
      const Task& task = w.tasks[t];
      double tail = 0;
      for (const Edge& e : w.succs_of(t))
        tail = std::max(tail, (bandwidth > 0 ? e.bytes / bandwidth : 0) + rank_[e.task]);
      rank_[t] = task.flops / (task.cores * speed) + tail;
    }
  }

private:
  std::vector<double> rank_;
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_heft(const PolicyContext&) { return std::make_unique<Heft>(); }

}  // namespace nimbus
