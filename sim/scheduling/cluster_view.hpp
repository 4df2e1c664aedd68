// What placement policies see of the datacenter: a read-only view of every host, kept up to
// date by the runtime, with indices that answer "least loaded" and "least outstanding work
// per speed class" in O(log n). Pure C++: unit tests build one by hand, without SimGrid.
#pragma once

#include "util/indexed_heap.hpp"

#include <cstdint>
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
  int rack = -1;            // -1: the platform has no racks
  bool up = true;
  int free_cores = 1;
  std::size_t queued = 0;   // assigned, not started
  int queued_cores = 0;     // cores those queued tasks will need
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
  // A replicated input: `replica_bytes` from whichever of these hosts is nearest.
  const HostIndex* replicas = nullptr;
  std::size_t replica_count = 0;
  double replica_bytes = 0;
  double ready_s = 0;  // when the task became ready
};

class ClusterView {
public:
  // The indices a placement policy reads; the others are not maintained (each costs
  // O(log n) per task start and end).
  struct Indices {
    bool by_load = false;         // least_loaded()
    bool by_outstanding = false;  // speed_classes()
    bool by_slots = false;        // first_with_slots()
  };
  ClusterView(std::vector<HostState> hosts, Indices indices);

  std::size_t size() const { return hosts_.size(); }
  const HostState& host(HostIndex h) const { return hosts_[static_cast<std::size_t>(h)]; }
  double now() const { return now_; }

  // Load is (running + queued) tasks per core. Returns the least loaded host that is up and
  // has at least `cores` cores, lowest index first among equals; kNoHost if none.
  // O(number of distinct core counts).
  HostIndex least_loaded(int cores) const;

  // Hosts with the same speed and core count form a class. For each class, the host that is
  // up with the least outstanding work (lowest index among equals) is its top: the only
  // candidates for earliest-finish, in O(classes).
  struct SpeedClass {
    double speed_flops;
    int cores;
    std::vector<HostIndex> members;  // in host order; heap ids are positions in here
    IndexedHeap by_outstanding;      // up hosts only
    bool empty() const { return by_outstanding.empty(); }
    HostIndex best() const { return members[static_cast<std::size_t>(by_outstanding.top())]; }
  };
  const std::vector<SpeedClass>& speed_classes() const { return speed_classes_; }

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

  // The runtime's side: change a host, then call update() so the indices follow.
  void set_now(double now) { now_ = now; }
  HostState& mutable_host(HostIndex h) { return hosts_[static_cast<std::size_t>(h)]; }
  void update(HostIndex h);

private:
  static double load(const HostState& s) {
    return static_cast<double>(s.running + s.queued) / static_cast<double>(s.cores);
  }
  std::vector<HostState> hosts_;
  Indices indices_;
  double now_ = 0;
  struct LoadClass {
    int cores;
    std::vector<HostIndex> members;
    IndexedHeap by_load;  // up hosts only
  };
  // Each host's class, and its position among the class's members.
  std::vector<std::size_t> speed_class_of_, load_class_of_;
  std::vector<int> speed_slot_, load_slot_;
  std::vector<SpeedClass> speed_classes_;
  std::vector<LoadClass> load_classes_;
  // A max segment tree over hosts of (free - queued) cores, down hosts as -1.
  std::vector<std::vector<HostIndex>> racks_;
  std::vector<int> slots_tree_;
  std::size_t slots_leaves_ = 1;
};

}  // namespace nimbus
