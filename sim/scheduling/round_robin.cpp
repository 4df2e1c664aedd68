// round-robin: hosts in turn, skipping hosts that are down or have too few cores. Ignores
// speed and load, which is why it suffers on heterogeneous clouds. O(1) per task while most
// hosts are up.
#include "scheduling/policies.hpp"

namespace nimbus {
namespace {

class RoundRobin final : public PlacementPolicy {
public:
  HostIndex place(const TaskRequest& task, const ClusterView& view) override {
    const auto n = static_cast<HostIndex>(view.size());
    for (HostIndex tried = 0; tried < n; ++tried) {
      const HostIndex h = next_;
      next_ = (next_ + 1) % n;
      if (view.host(h).up && view.host(h).cores >= task.cores) return h;
    }
    return kNoHost;
  }

private:
  HostIndex next_ = 0;
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_round_robin(const PolicyContext&) { return std::make_unique<RoundRobin>(); }

}  // namespace nimbus
