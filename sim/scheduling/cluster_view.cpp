#include "scheduling/cluster_view.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace nimbus {

ClusterView::ClusterView(std::vector<HostState> hosts) : hosts_(std::move(hosts)), last_start_(hosts_.size(), 0) {
  core_begin_.reserve(hosts_.size() + 1);
  core_begin_.push_back(0);
  for (const auto& s : hosts_) core_begin_.push_back(core_begin_.back() + static_cast<std::size_t>(s.cores));
  cores_free_at_.assign(core_begin_.back(), 0);
  for (std::size_t h = 0; h < hosts_.size(); ++h) {
    const int rack = hosts_[h].rack;
    if (rack < 0) continue;
    if (racks_.size() <= static_cast<std::size_t>(rack)) racks_.resize(static_cast<std::size_t>(rack) + 1);
    racks_[static_cast<std::size_t>(rack)].push_back(static_cast<HostIndex>(h));
  }
}

void ClusterView::set_now(double now) {
  now_ = now;
  if (!by_speed_) return;
  // Hosts whose predicted start has come are all equally free now: they rank by index.
  for (auto& c : speed_classes_)
    while (!c.by_ready_at.empty() && c.by_ready_at.top_key() <= now_) {
      const int slot = c.by_ready_at.top();
      c.by_ready_at.erase(slot);
      c.free_now.set(slot, slot);
    }
}

double ClusterView::ready_at(HostIndex h) const {
  const auto i = static_cast<std::size_t>(h);
  return std::max(last_start_[i], cores_free_at_[core_begin_[i]]);  // the heap's top: the first free core
}

double ClusterView::earliest_start(HostIndex h, int cores) const {
  const auto i = static_cast<std::size_t>(h);
  double at = ready_at(h);
  if (cores > 1) {
    // The cores-th smallest free time: O(cores) for multi-core tasks only.
    std::vector<double> free_at(cores_free_at_.begin() + static_cast<std::ptrdiff_t>(core_begin_[i]),
                                cores_free_at_.begin() + static_cast<std::ptrdiff_t>(core_begin_[i + 1]));
    if (static_cast<std::size_t>(cores) > free_at.size()) return now_;  // cannot run here; callers check cores
    std::nth_element(free_at.begin(), free_at.begin() + cores - 1, free_at.end());
    at = std::max(last_start_[i], free_at[static_cast<std::size_t>(cores - 1)]);
  }
  return std::max(now_, at);
}

double ClusterView::commit(HostIndex h, int cores, double duration_s) {
  const auto i = static_cast<std::size_t>(h);
  const double start = earliest_start(h, cores);
  double* heap = core_heap(h);
  const std::size_t n = core_begin_[i + 1] - core_begin_[i];
  const auto later = std::greater<double>();
  for (int k = 0; k < cores && static_cast<std::size_t>(k) < n; ++k) {  // the cores that free first
    std::pop_heap(heap, heap + n, later);
    heap[n - 1] = start + duration_s;
    std::push_heap(heap, heap + n, later);
  }
  last_start_[i] = start;
  hosts_[i].ready_at_s = ready_at(h);
  return start;
}

void ClusterView::occupy(HostIndex h, int cores, double until_s) {
  const auto i = static_cast<std::size_t>(h);
  double* heap = core_heap(h);
  const std::size_t n = core_begin_[i + 1] - core_begin_[i];
  const auto later = std::greater<double>();
  for (int k = 0; k < cores && static_cast<std::size_t>(k) < n; ++k) {
    std::pop_heap(heap, heap + n, later);
    heap[n - 1] = std::max(heap[n - 1], until_s);
    std::push_heap(heap, heap + n, later);
  }
  hosts_[i].ready_at_s = ready_at(h);
}

void ClusterView::reset_cores(HostIndex h) {
  const auto i = static_cast<std::size_t>(h);
  std::fill(cores_free_at_.begin() + static_cast<std::ptrdiff_t>(core_begin_[i]),
            cores_free_at_.begin() + static_cast<std::ptrdiff_t>(core_begin_[i + 1]), now_);
  last_start_[i] = now_;
  hosts_[i].ready_at_s = now_;
}

void ClusterView::update(HostIndex h) {
  update_counts(h);
  if (by_speed_) update_speed(static_cast<std::size_t>(h));
}

void ClusterView::update_counts(HostIndex h) {
  const auto i = static_cast<std::size_t>(h);
  const HostState& s = hosts_[i];
  if (by_load_) {
    auto& heap = load_classes_[load_class_of_[i]].by_load;
    if (s.up)
      heap.set(load_slot_[i], load(s));
    else
      heap.erase(load_slot_[i]);
  }
  if (by_slots_) {
    std::size_t node = slots_leaves_ + i;
    slots_tree_[node] = s.up ? s.free_cores - s.queued_cores : -1;
    for (node /= 2; node >= 1; node /= 2) slots_tree_[node] = std::max(slots_tree_[2 * node], slots_tree_[2 * node + 1]);
  }
}

void ClusterView::update_speed(std::size_t h) const {
  auto& c = speed_classes_[speed_class_of_[h]];
  const int slot = speed_slot_[h];
  const HostState& s = hosts_[h];
  if (!s.up) {
    c.free_now.erase(slot);
    c.by_ready_at.erase(slot);
  } else if (s.ready_at_s <= now_) {
    c.by_ready_at.erase(slot);
    if (!c.free_now.contains(slot)) c.free_now.set(slot, slot);
  } else {
    c.free_now.erase(slot);
    c.by_ready_at.set(slot, s.ready_at_s);  // re-keys in place when it is there already
  }
}

void ClusterView::build_load_index() const {
  std::map<int, std::size_t> index;
  load_class_of_.resize(hosts_.size());
  load_slot_.resize(hosts_.size());
  for (std::size_t h = 0; h < hosts_.size(); ++h) {
    auto [l, added] = index.emplace(hosts_[h].cores, load_classes_.size());
    if (added) load_classes_.push_back({hosts_[h].cores, {}, {}});
    load_class_of_[h] = l->second;
    auto& lc = load_classes_[l->second];
    load_slot_[h] = static_cast<int>(lc.members.size());
    lc.members.push_back(static_cast<HostIndex>(h));
  }
  for (auto& c : load_classes_) c.by_load.reserve_ids(c.members.size());
  by_load_ = true;
  for (std::size_t h = 0; h < hosts_.size(); ++h)
    if (hosts_[h].up) load_classes_[load_class_of_[h]].by_load.set(load_slot_[h], load(hosts_[h]));
}

void ClusterView::build_slot_index() const {
  while (slots_leaves_ < hosts_.size()) slots_leaves_ *= 2;
  slots_tree_.assign(2 * slots_leaves_, -1);
  for (std::size_t h = 0; h < hosts_.size(); ++h)
    slots_tree_[slots_leaves_ + h] = hosts_[h].up ? hosts_[h].free_cores - hosts_[h].queued_cores : -1;
  for (std::size_t node = slots_leaves_ - 1; node >= 1; --node)
    slots_tree_[node] = std::max(slots_tree_[2 * node], slots_tree_[2 * node + 1]);
  by_slots_ = true;
}

void ClusterView::build_speed_index() const {
  std::map<std::pair<double, int>, std::size_t> index;
  speed_class_of_.resize(hosts_.size());
  speed_slot_.resize(hosts_.size());
  for (std::size_t h = 0; h < hosts_.size(); ++h) {
    const auto key = std::make_pair(hosts_[h].speed_flops, hosts_[h].cores);
    auto [s, added] = index.emplace(key, speed_classes_.size());
    if (added) speed_classes_.push_back({key.first, key.second, {}, {}, {}});
    speed_class_of_[h] = s->second;
    auto& sc = speed_classes_[s->second];
    speed_slot_[h] = static_cast<int>(sc.members.size());
    sc.members.push_back(static_cast<HostIndex>(h));
  }
  for (auto& c : speed_classes_) {
    c.free_now.reserve_ids(c.members.size());
    c.by_ready_at.reserve_ids(c.members.size());
  }
  by_speed_ = true;
  for (std::size_t h = 0; h < hosts_.size(); ++h) update_speed(h);
}

const std::vector<ClusterView::SpeedClass>& ClusterView::speed_classes() const {
  if (!by_speed_) build_speed_index();
  return speed_classes_;
}

HostIndex ClusterView::least_loaded(int cores) const {
  if (!by_load_) build_load_index();
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
  if (!by_slots_) build_slot_index();
  if (hosts_.empty() || slots_tree_[1] < cores) return kNoHost;
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
