// The one owner of cores. Every core taken or freed, for a task on one host or for a gang
// spread over several (a rigid job, or P ranks that must start together), goes through
// here, which keeps the ClusterView that placement policies read in step and checks that
// no host ever holds more or fewer cores than it has. Pure C++: unit-tested without SimGrid.
#pragma once

#include "scheduling/cluster_view.hpp"

#include <vector>

namespace nimbus {

// Cores taken on one host for a gang.
struct Chunk {
  HostIndex host = kNoHost;
  int cores = 0;
};

class ClusterState {
public:
  explicit ClusterState(std::vector<HostState> hosts);

  const ClusterView& view() const { return view_; }
  void set_now(double now) { view_.set_now(now); }
  int free_cores() const { return free_total_; }  // on hosts that are up
  int max_host_cores() const { return max_host_cores_; }
  long long total_cores() const { return total_cores_; }

  // A task of `cores` cores joins host h's queue, expected to hold them `duration_s`;
  // returns its predicted end.
  double enqueue(HostIndex h, int cores, double duration_s);
  // The task at the head of h's queue takes its cores.
  void start(HostIndex h, int cores);
  // A running task gives its cores back.
  void finish(HostIndex h, int cores);

  // Gangs: `cores` cores first fit over the hosts that are up, in host order. REQUIRES:
  // free_cores() >= cores. O(hosts) per gang: fine for batch workloads.
  std::vector<Chunk> take_gang(int cores);
  // A core on each host of `hosts` (a host may repeat: one core per entry), each its own
  // chunk, freed by finish(host, 1). REQUIRES: they are free.
  std::vector<Chunk> take_on(const std::vector<HostIndex>& hosts);
  void release_gang(const std::vector<Chunk>& chunks);

  // A host goes off: everything it held or queued is gone (the runtime fails it). A host
  // comes back: every core free.
  void host_down(HostIndex h);
  void host_up(HostIndex h);

  // Predictions drifted from what ran (a transfer took longer, a load slowed a task): the
  // runtime re-plans the host from what it knows. Cores busy until `until_s`, then the queue.
  void replan_begin(HostIndex h);
  void replan_running(HostIndex h, int cores, double until_s) { view_.occupy(h, cores, until_s); }
  // Returns the queued task's new predicted end.
  double replan_queued(HostIndex h, int cores, double duration_s) { return view_.commit(h, cores, duration_s) + duration_s; }
  void replan_end(HostIndex h) { view_.update(h); }

private:
  HostState& host(HostIndex h) { return view_.mutable_host(h); }
  void check(HostIndex h) const;

  ClusterView view_;
  int free_total_ = 0;
  int max_host_cores_ = 0;
  long long total_cores_ = 0;
};

}  // namespace nimbus
