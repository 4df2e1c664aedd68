// locality and delay: run tasks where their input data is.
//
// locality: a host holding the task's input (a replica, or a producer's output) with the
// task's cores free; else a free host in the same rack as one of them; else any free host;
// else the least loaded host queues it. The rule of Hadoop's and Spark's schedulers.
// A producer's host counts as holding the input only if it holds at least a fifth of the
// task's bytes from producers (Spark's REDUCER_PREF_LOCS_FRACTION): a reducer fed by 32
// maps prefers none of their hosts, and goes to the least loaded host, as Hadoop spreads
// reducers one per node heartbeat, rather than 8 to the first host with 8 free cores.
//
// delay: delay scheduling (Zaharia et al., EuroSys 2010). When no data-local slot is free,
// the task waits (others may go first) up to `locality_wait` for one, then accepts a
// rack-local slot, and after twice that any slot. A short wait buys much locality when
// tasks are short and data is replicated. Waiting tasks are tried again at each task end.
//
// Cost per decision: O(data hosts + hosts in their racks + log n).
#include "scheduling/policies.hpp"

#include <algorithm>

namespace nimbus {
namespace {

class Locality final : public PlacementPolicy {
public:
  explicit Locality(double wait_s) : wait_s_(wait_s) {}

  HostIndex place(const TaskRequest& task, const ClusterView& view) override {
    data_hosts_.clear();
    for (std::size_t i = 0; i < task.replica_count; ++i) data_hosts_.push_back(task.replicas[i]);
    double from_producers = 0;
    by_host_.clear();
    for (std::size_t i = 0; i < task.input_count; ++i)
      if (task.inputs[i].host != kNoHost && task.inputs[i].bytes > 0) {
        from_producers += task.inputs[i].bytes;
        by_host_.emplace_back(task.inputs[i].host, task.inputs[i].bytes);
      }
    std::sort(by_host_.begin(), by_host_.end());
    for (std::size_t i = 0; i < by_host_.size();) {
      double bytes = 0;
      const HostIndex h = by_host_[i].first;
      for (; i < by_host_.size() && by_host_[i].first == h; ++i) bytes += by_host_[i].second;
      if (bytes >= kPreferredShare * from_producers) data_hosts_.push_back(h);
    }
    const double waited = view.now() - task.ready_s;

    HostIndex best = kNoHost;
    for (HostIndex h : data_hosts_)  // data-local: the lowest-numbered free data host
      if (view.has_slots(h, task.cores) && (best == kNoHost || h < best)) best = h;
    if (best != kNoHost) return best;
    if (data_hosts_.empty()) return by_host_.empty() ? anywhere(task, view) : view.least_loaded(task.cores);
    if (waited < wait_s_) return kNoHost;

    for (HostIndex d : data_hosts_) {  // rack-local
      const int rack = view.host(d).rack;
      if (rack < 0) continue;
      for (HostIndex h : view.rack_members(rack))
        if (view.has_slots(h, task.cores) && (best == kNoHost || h < best)) best = h;
    }
    if (best != kNoHost) return best;
    if (waited < 2 * wait_s_) return kNoHost;
    return anywhere(task, view);
  }


private:
  static HostIndex anywhere(const TaskRequest& task, const ClusterView& view) {
    const HostIndex h = view.first_with_slots(task.cores);
    return h != kNoHost ? h : view.least_loaded(task.cores);
  }
  static constexpr double kPreferredShare = 0.2;
  double wait_s_;
  std::vector<HostIndex> data_hosts_;                  // scratch, reused
  std::vector<std::pair<HostIndex, double>> by_host_;  // scratch: producers' bytes by host
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_locality(const PolicyContext&) { return std::make_unique<Locality>(0); }
std::unique_ptr<PlacementPolicy> make_delay(const PolicyContext& ctx) {
  return std::make_unique<Locality>(ctx.locality_wait_s);
}

}  // namespace nimbus
