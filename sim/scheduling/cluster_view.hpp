// What placement policies see of the datacenter: a read-only view of every host, kept up to
// date by the runtime, with indices that answer "least loaded" and "least outstanding work
// per speed class" in O(log n). Pure C++: unit tests build one by hand, without SimGrid.
#pragma once

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

namespace nimbus {

using HostIndex = int;
inline constexpr HostIndex kNoHost = -1;

struct HostState {
  double speed_flops = 0;  // per core
  int cores = 1;
  double nic_Bps = 0;       // bandwidth of the host's link, for transfer estimates
  double nic_latency_s = 0;
  bool up = true;
  int free_cores = 1;
  std::size_t queued = 0;   // assigned, not started
  std::size_t running = 0;
  double outstanding_flops = 0;  // assigned and not finished
};

// Where a task's input comes from: a producer's host (or the submit host), and how much.
struct InputSource {
  HostIndex host = kNoHost;
  double bytes = 0;
};

struct TaskRequest {
  std::uint32_t task = 0;
  double flops = 0;
  int cores = 1;
  const InputSource* inputs = nullptr;  // valid during the place() call
  std::size_t input_count = 0;
};

class ClusterView {
public:
  explicit ClusterView(std::vector<HostState> hosts);

  std::size_t size() const { return hosts_.size(); }
  const HostState& host(HostIndex h) const { return hosts_[static_cast<std::size_t>(h)]; }
  double now() const { return now_; }

  // Load is (running + queued) tasks per core. Returns the least loaded host that is up and
  // has at least `cores` cores, lowest index first among equals; kNoHost if none.
  HostIndex least_loaded(int cores) const;

  // Hosts with the same speed and core count form a class. For each class, the host that is
  // up with the least outstanding work (lowest index among equals): candidates for
  // earliest-finish, in O(classes x log n).
  struct SpeedClass {
    double speed_flops;
    int cores;
    std::set<std::pair<double, HostIndex>> by_outstanding;  // up hosts only
  };
  const std::vector<SpeedClass>& speed_classes() const { return classes_; }

  // Seconds to move `bytes` from one host to another, estimated from their links.
  double transfer_estimate(HostIndex from, HostIndex to, double bytes) const;

  // The runtime's side: change a host, then call update() so the indices follow.
  void set_now(double now) { now_ = now; }
  HostState& mutable_host(HostIndex h) { return hosts_[static_cast<std::size_t>(h)]; }
  void update(HostIndex h);

private:
  double load(const HostState& s) const {
    return static_cast<double>(s.running + s.queued) / static_cast<double>(s.cores);
  }
  std::vector<HostState> hosts_;
  double now_ = 0;
  // Index entries as they were inserted, so update() can find and replace them.
  std::vector<double> indexed_load_, indexed_outstanding_;
  std::vector<bool> indexed_up_;
  std::vector<std::size_t> class_of_;
  std::set<std::pair<double, HostIndex>> by_load_;  // up hosts only
  std::vector<SpeedClass> classes_;
};

}  // namespace nimbus
