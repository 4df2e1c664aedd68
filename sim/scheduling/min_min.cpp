// min-min and max-min (Ibarra and Kim 1977; compared in Braun et al. 2001): of the tasks not
// yet placed, the one whose earliest completion time is smallest (min-min) or largest
// (max-min) goes first, to the host giving that time. Here they order each batch of tasks
// ready at the same moment. A task's completion time grows with its size on every host, so
// the task with the smallest earliest completion is the smallest one: the batch is sorted
// by size (min-min ascending, max-min descending) and each task then goes to its
// earliest-finish host. O(n log n) per batch instead of O(n^2 x hosts). With input data the
// equivalence is approximate: transfers are not part of the order.
#include "scheduling/batch_order.hpp"
#include "scheduling/earliest_finish.hpp"
#include "scheduling/policies.hpp"

namespace nimbus {
namespace {

class MinMin final : public PlacementPolicy {
public:
  explicit MinMin(bool smallest_first) : sign_(smallest_first ? 1 : -1) {}
  HostIndex place(const TaskRequest& task, const ClusterView& view) override { return earliest_finish_host(task, view); }
  void place_ready(ReadyTasks& ready, const ClusterView& view) override {
    place_in_order(ready, view, *this, [this](const TaskRequest& task) { return sign_ * task.flops; });
  }

private:
  double sign_;
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_min_min(const PolicyContext&) { return std::make_unique<MinMin>(true); }
std::unique_ptr<PlacementPolicy> make_max_min(const PolicyContext&) { return std::make_unique<MinMin>(false); }

}  // namespace nimbus
