// pack: fill a host before the next. The lowest-numbered host with the task's cores free
// (not promised to its queue) takes it; when every host is full, the least loaded queues
// it. Consolidation: idle hosts stay idle (and could be powered down), at the cost of
// interference among the packed tasks. O(log n).
#include "scheduling/policies.hpp"

namespace nimbus {
namespace {

class Pack final : public PlacementPolicy {
public:
  HostIndex place(const TaskRequest& task, const ClusterView& view) override {
    const HostIndex h = view.first_with_slots(task.cores);
    return h != kNoHost ? h : view.least_loaded(task.cores);
  }
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_pack(const PolicyContext&) { return std::make_unique<Pack>(); }

}  // namespace nimbus
