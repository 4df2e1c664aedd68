#include "runtime/storage.hpp"

#include <algorithm>

namespace nimbus {

std::vector<HostIndex> place_replicas(int copies, const ClusterView& view, Rng& rng, HostIndex writer) {
  std::vector<HostIndex> chosen;
  if (writer != kNoHost) chosen.push_back(writer);
  const auto taken = [&chosen](HostIndex h) { return std::find(chosen.begin(), chosen.end(), h) != chosen.end(); };
  // A host drawn uniformly among those `fits` accepts and not taken yet; kNoHost if none.
  // Rejection first (O(1) expected when most hosts qualify), a full count only if it fails.
  const auto draw = [&](auto fits) {
    for (int attempt = 0; attempt < 64; ++attempt) {
      const auto h = static_cast<HostIndex>(rng.below(view.size()));
      if (fits(h) && !taken(h) && (writer == kNoHost || view.host(h).up)) return h;
    }
    std::vector<HostIndex> candidates;
    for (HostIndex h = 0; h < static_cast<HostIndex>(view.size()); ++h)
      if (fits(h) && !taken(h) && (writer == kNoHost || view.host(h).up)) candidates.push_back(h);
    return candidates.empty() ? kNoHost : candidates[rng.below(candidates.size())];
  };
  const auto any = [](HostIndex) { return true; };
  for (int k = static_cast<int>(chosen.size()); k < copies; ++k) {
    HostIndex h = kNoHost;
    if (k == 1 && view.host(chosen[0]).rack >= 0)
      h = draw([&](HostIndex c) { return view.host(c).rack != view.host(chosen[0]).rack; });
    else if (k == 2 && view.host(chosen[1]).rack >= 0)
      h = draw([&](HostIndex c) { return view.host(c).rack == view.host(chosen[1]).rack; });
    if (h == kNoHost) h = draw(any);
    if (h == kNoHost) break;  // a writer's copies: fewer hosts up than copies
    chosen.push_back(h);
  }
  return chosen;
}

}  // namespace nimbus
