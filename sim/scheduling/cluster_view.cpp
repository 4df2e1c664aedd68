#include "scheduling/cluster_view.hpp"

#include <map>

namespace nimbus {

ClusterView::ClusterView(std::vector<HostState> hosts)
    : hosts_(std::move(hosts)),
      indexed_load_(hosts_.size()),
      indexed_outstanding_(hosts_.size()),
      indexed_up_(hosts_.size(), false),
      class_of_(hosts_.size()) {
  std::map<std::pair<double, int>, std::size_t> class_index;
  for (std::size_t h = 0; h < hosts_.size(); ++h) {
    const auto key = std::make_pair(hosts_[h].speed_flops, hosts_[h].cores);
    auto [it, fresh] = class_index.emplace(key, classes_.size());
    if (fresh) classes_.push_back({key.first, key.second, {}});
    class_of_[h] = it->second;
    update(static_cast<HostIndex>(h));
  }
}

void ClusterView::update(HostIndex h) {
  const auto i = static_cast<std::size_t>(h);
  auto& by_outstanding = classes_[class_of_[i]].by_outstanding;
  if (indexed_up_[i]) {
    by_load_.erase({indexed_load_[i], h});
    by_outstanding.erase({indexed_outstanding_[i], h});
  }
  const HostState& s = hosts_[i];
  indexed_up_[i] = s.up;
  if (!s.up) return;
  indexed_load_[i] = load(s);
  indexed_outstanding_[i] = s.outstanding_flops;
  by_load_.insert({indexed_load_[i], h});
  by_outstanding.insert({indexed_outstanding_[i], h});
}

HostIndex ClusterView::least_loaded(int cores) const {
  for (const auto& [load, h] : by_load_)
    if (host(h).cores >= cores) return h;
  return kNoHost;
}

double ClusterView::transfer_estimate(HostIndex from, HostIndex to, double bytes) const {
  if (from == to || bytes <= 0) return 0;
  const HostState& a = host(from);
  const HostState& b = host(to);
  const double bandwidth = std::min(a.nic_Bps, b.nic_Bps);
  return a.nic_latency_s + b.nic_latency_s + (bandwidth > 0 ? bytes / bandwidth : 0);
}

}  // namespace nimbus
