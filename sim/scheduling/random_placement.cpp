// random: a host drawn uniformly (stream "scheduling/random" of the scenario seed) among
// those up with enough cores. O(1) expected per task while most hosts qualify.
#include "scheduling/policies.hpp"

#include "util/rng.hpp"

namespace nimbus {
namespace {

class RandomPlacement final : public PlacementPolicy {
public:
  explicit RandomPlacement(std::uint64_t seed) : rng_(seed, "scheduling/random") {}

  HostIndex place(const TaskRequest& task, const ClusterView& view) override {
    auto fits = [&](HostIndex h) { return view.host(h).up && view.host(h).cores >= task.cores; };
    // A few draws find a host unless most are unsuitable; then count them and draw among them.
    for (int attempt = 0; attempt < 16; ++attempt) {
      const auto h = static_cast<HostIndex>(rng_.below(view.size()));
      if (fits(h)) return h;
    }
    std::vector<HostIndex> candidates;
    for (HostIndex h = 0; h < static_cast<HostIndex>(view.size()); ++h)
      if (fits(h)) candidates.push_back(h);
    return candidates.empty() ? kNoHost : candidates[rng_.below(candidates.size())];
  }

private:
  Rng rng_;
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_random(const PolicyContext& ctx) {
  return std::make_unique<RandomPlacement>(ctx.seed);
}

}  // namespace nimbus
