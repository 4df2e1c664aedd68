// Placing a batch of ready tasks in an order of the placement policy's own (min-min,
// max-min, heft): lower keys first, equal keys in the job policy's order.
#pragma once

#include "scheduling/policy.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace nimbus {

template <typename Key>
void place_in_order(ReadyTasks& ready, const ClusterView& view, PlacementPolicy& policy, Key&& key) {
  std::vector<std::pair<double, std::uint32_t>> batch;
  std::uint32_t task = 0;
  while (ready.next(task)) batch.emplace_back(key(ready.request(task)), task);
  std::stable_sort(batch.begin(), batch.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [k, t] : batch) ready.assign(t, policy.place(ready.request(t), view));
}

}  // namespace nimbus
