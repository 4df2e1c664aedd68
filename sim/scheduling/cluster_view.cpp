#include "scheduling/cluster_view.hpp"

#include <algorithm>
#include <map>

namespace nimbus {

ClusterView::ClusterView(std::vector<HostState> hosts, Indices indices)
    : hosts_(std::move(hosts)),
      indices_(indices),
      speed_class_of_(hosts_.size()),
      load_class_of_(hosts_.size()),
      speed_slot_(hosts_.size()),
      load_slot_(hosts_.size()) {
  std::map<std::pair<double, int>, std::size_t> speed_index;
  std::map<int, std::size_t> load_index;
  for (std::size_t h = 0; h < hosts_.size(); ++h) {
    const auto speed_key = std::make_pair(hosts_[h].speed_flops, hosts_[h].cores);
    auto [s, new_speed] = speed_index.emplace(speed_key, speed_classes_.size());
    if (new_speed) speed_classes_.push_back({speed_key.first, speed_key.second, {}, {}});
    speed_class_of_[h] = s->second;
    auto& sc = speed_classes_[s->second];
    speed_slot_[h] = static_cast<int>(sc.members.size());
    sc.members.push_back(static_cast<HostIndex>(h));
    auto [l, new_load] = load_index.emplace(hosts_[h].cores, load_classes_.size());
    if (new_load) load_classes_.push_back({hosts_[h].cores, {}, {}});
    load_class_of_[h] = l->second;
    auto& lc = load_classes_[l->second];
    load_slot_[h] = static_cast<int>(lc.members.size());
    lc.members.push_back(static_cast<HostIndex>(h));
  }
  for (std::size_t h = 0; h < hosts_.size(); ++h) {
    const int rack = hosts_[h].rack;
    if (rack < 0) continue;
    if (racks_.size() <= static_cast<std::size_t>(rack)) racks_.resize(static_cast<std::size_t>(rack) + 1);
    racks_[static_cast<std::size_t>(rack)].push_back(static_cast<HostIndex>(h));
  }
  while (slots_leaves_ < hosts_.size()) slots_leaves_ *= 2;
  slots_tree_.assign(2 * slots_leaves_, -1);
  for (auto& c : speed_classes_) c.by_outstanding.reserve_ids(c.members.size());
  for (auto& c : load_classes_) c.by_load.reserve_ids(c.members.size());
  for (std::size_t h = 0; h < hosts_.size(); ++h) update(static_cast<HostIndex>(h));
}

void ClusterView::update(HostIndex h) {
  const auto i = static_cast<std::size_t>(h);
  const HostState& s = hosts_[i];
  if (indices_.by_load) {
    auto& heap = load_classes_[load_class_of_[i]].by_load;
    if (s.up)
      heap.set(load_slot_[i], load(s));
    else
      heap.erase(load_slot_[i]);
  }
  if (indices_.by_slots) {
    std::size_t node = slots_leaves_ + i;
    slots_tree_[node] = s.up ? s.free_cores - s.queued_cores : -1;
    for (node /= 2; node >= 1; node /= 2) slots_tree_[node] = std::max(slots_tree_[2 * node], slots_tree_[2 * node + 1]);
  }
  if (indices_.by_outstanding) {
    auto& heap = speed_classes_[speed_class_of_[i]].by_outstanding;
    if (s.up)
      heap.set(speed_slot_[i], s.outstanding_flops);
    else
      heap.erase(speed_slot_[i]);
  }
}

HostIndex ClusterView::least_loaded(int cores) const {
  HostIndex best = kNoHost;
  double best_load = 0;
  for (const auto& c : load_classes_) {
    if (c.cores < cores || c.by_load.empty()) continue;
    const double l = c.by_load.top_key();
    const HostIndex h = c.members[static_cast<std::size_t>(c.by_load.top())];
    if (best == kNoHost || l < best_load || (l == best_load && h < best)) {
      best = h;
      best_load = l;
    }
  }
  return best;
}

HostIndex ClusterView::first_with_slots(int cores) const {
  if (slots_tree_.empty() || slots_tree_[1] < cores) return kNoHost;
  std::size_t node = 1;
  while (node < slots_leaves_) node = slots_tree_[2 * node] >= cores ? 2 * node : 2 * node + 1;
  return static_cast<HostIndex>(node - slots_leaves_);
}

double ClusterView::transfer_estimate(HostIndex from, HostIndex to, double bytes) const {
  if (from == to || bytes <= 0) return 0;
  const HostState& a = host(from);
  const HostState& b = host(to);
  const double bandwidth = std::min(a.nic_Bps, b.nic_Bps);
  return a.nic_latency_s + b.nic_latency_s + (bandwidth > 0 ? bytes / bandwidth : 0);
}

}  // namespace nimbus
