// spread: the opposite of pack. A task goes to the host with the fewest running and queued
// tasks per core (as least-loaded); a program's ranks go one per host in turn over the hosts
// with free cores, round after round, so that they share as few hosts as possible (more
// network, less contention on each host). O(hosts) per program.
#include "scheduling/policies.hpp"

namespace nimbus {
namespace {

class Spread final : public PlacementPolicy {
public:
  HostIndex place(const TaskRequest& task, const ClusterView& view) override { return view.least_loaded(task.cores); }

  std::vector<HostIndex> place_ranks(int ranks, const ClusterView& view) override {
    std::vector<int> left(view.size());
    for (HostIndex h = 0; h < static_cast<HostIndex>(view.size()); ++h)
      left[static_cast<std::size_t>(h)] = view.host(h).up ? view.host(h).free_cores : 0;
    std::vector<HostIndex> out;
    for (bool any = true; any && static_cast<int>(out.size()) < ranks;) {
      any = false;
      for (HostIndex h = 0; h < static_cast<HostIndex>(view.size()) && static_cast<int>(out.size()) < ranks; ++h)
        if (left[static_cast<std::size_t>(h)] > 0) {
          --left[static_cast<std::size_t>(h)];
          out.push_back(h);
          any = true;
        }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_spread(const PolicyContext&) { return std::make_unique<Spread>(); }

}  // namespace nimbus
