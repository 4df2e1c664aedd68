// What placement policies see of the datacenter: a read-only view of every host, kept up to
// date by the runtime's cluster state (its one writer), with indices that answer "least
// loaded", "first host with free cores" and "earliest start per speed class" in O(log n).
// Pure C++: unit tests build one by hand, without SimGrid.
//
// Each index is built the first time a policy asks for it and maintained from then on, so
// a policy that never asks costs nothing and needs no flag.
#pragma once

#include "util/host_index.hpp"
#include "util/indexed_heap.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace nimbus {

struct HostState {
  double speed_flops = 0;  // per core
  int cores = 1;
  double nic_Bps = 0;       // bandwidth of the host's link, for transfer estimates
  double nic_latency_s = 0;
  int rack = -1;            // -1: the platform has no racks
  bool up = true;
  int free_cores = 1;       // not held by a running task
  std::size_t queued = 0;   // assigned, not started
  int queued_cores = 0;     // cores those queued tasks will need
  std::size_t running = 0;
  // Predicted: when a one-core task assigned now could start here, after everything already
  // assigned (each core's work known from sizes and speeds). At or before now: at once.
  double ready_at_s = 0;
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
  // A replicated input: `replica_bytes` from whichever of these hosts is nearest.
  const HostIndex* replicas = nullptr;
  std::size_t replica_count = 0;
  double replica_bytes = 0;
  double ready_s = 0;  // when the task became ready
};

class ClusterView {
public:
  explicit ClusterView(std::vector<HostState> hosts);

  std::size_t size() const { return hosts_.size(); }
  const HostState& host(HostIndex h) const { return hosts_[static_cast<std::size_t>(h)]; }
  double now() const { return now_; }

  // Load is (running + queued) tasks per core. Returns the least loaded host that is up and
  // has at least `cores` cores, lowest index first among equals; kNoHost if none.
  // O(number of distinct core counts).
  HostIndex least_loaded(int cores) const;

  // Hosts with the same speed and core count form a class. Its top is the host that is up
  // where a one-core task would start first (lowest index among equals, hosts free now all
  // being equal): the only candidate of the class for earliest-finish, in O(classes).
  struct SpeedClass {
    double speed_flops;
    int cores;
    std::vector<HostIndex> members;  // in host order; heap ids are positions in here
    IndexedHeap free_now;            // up hosts ready at or before now, by position
    IndexedHeap by_ready_at;         // up hosts ready after now, by ready_at_s
    bool empty() const { return free_now.empty() && by_ready_at.empty(); }
    HostIndex best() const {
      return members[static_cast<std::size_t>(free_now.empty() ? by_ready_at.top() : free_now.top())];
    }
  };
  const std::vector<SpeedClass>& speed_classes() const;

  // When a task of `cores` cores assigned now could start on host h: after the host's
  // earlier tasks (its queue is first come, first served) and once that many cores are free.
  double earliest_start(HostIndex h, int cores) const;

  // The lowest-index host that is up and has `cores` cores neither busy nor promised to its
  // queue; kNoHost if none. O(log n).
  HostIndex first_with_slots(int cores) const;
  bool has_slots(HostIndex h, int cores) const {
    const HostState& s = host(h);
    return s.up && s.free_cores - s.queued_cores >= cores;
  }
  // The hosts of a rack, in host order.
  const std::vector<HostIndex>& rack_members(int rack) const { return racks_[static_cast<std::size_t>(rack)]; }

  // Seconds to move `bytes` from one host to another, estimated from their links.
  double transfer_estimate(HostIndex from, HostIndex to, double bytes) const;

  // The writer's side (the runtime's ClusterState, or a test): change a host, then call
  // update() so the indices follow. Time only moves forward.
  void set_now(double now);
  HostState& mutable_host(HostIndex h) { return hosts_[static_cast<std::size_t>(h)]; }
  void update(HostIndex h);
  // The same, when only the counts changed (free cores, queued, running), not the predictions.
  void update_counts(HostIndex h);
  // Core predictions: each core's predicted free time, kept as a min-heap per host.
  // commit(): a task of `cores` cores and `duration_s` joins the host's queue; returns its
  // predicted start. occupy(): `cores` cores are busy until `until_s` (a running task).
  // reset_cores(): every core free from now on (a host that came back, or a replan).
  double commit(HostIndex h, int cores, double duration_s);
  void occupy(HostIndex h, int cores, double until_s);
  void reset_cores(HostIndex h);

private:
  static double load(const HostState& s) {
    return static_cast<double>(s.running + s.queued) / static_cast<double>(s.cores);
  }
  double* core_heap(HostIndex h) { return cores_free_at_.data() + core_begin_[static_cast<std::size_t>(h)]; }
  double ready_at(HostIndex h) const;
  void build_load_index() const;
  void build_slot_index() const;
  void build_speed_index() const;
  void update_speed(std::size_t h) const;

  std::vector<HostState> hosts_;
  double now_ = 0;
  std::vector<double> cores_free_at_;    // per host a min-heap of its cores' free times
  std::vector<std::size_t> core_begin_;  // per host, into cores_free_at_ (size + 1)
  std::vector<double> last_start_;       // per host: predicted start of its last assigned task
  std::vector<std::vector<HostIndex>> racks_;

  // Indices, built on first use (hence mutable: asking is const for policies).
  struct LoadClass {
    int cores;
    std::vector<HostIndex> members;
    IndexedHeap by_load;  // up hosts only
  };
  mutable bool by_load_ = false, by_slots_ = false, by_speed_ = false;
  mutable std::vector<std::size_t> speed_class_of_, load_class_of_;
  mutable std::vector<int> speed_slot_, load_slot_;
  mutable std::vector<SpeedClass> speed_classes_;
  mutable std::vector<LoadClass> load_classes_;
  // A max segment tree over hosts of (free - queued) cores, down hosts as -1.
  mutable std::vector<int> slots_tree_;
  mutable std::size_t slots_leaves_ = 1;
};

}  // namespace nimbus
