// least-loaded: the host with the fewest running and queued tasks per core (lowest index
// among equals). Balances counts, not work: it ignores speed and task size. O(log n).
#include "scheduling/policies.hpp"

namespace nimbus {
namespace {

class LeastLoaded final : public PlacementPolicy {
public:
  HostIndex place(const TaskRequest& task, const ClusterView& view) override { return view.least_loaded(task.cores); }
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_least_loaded(const PolicyContext&) { return std::make_unique<LeastLoaded>(); }

}  // namespace nimbus
