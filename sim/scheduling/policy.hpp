// The two scheduling interfaces. Both are pure: no SimGrid, so tests drive them by hand.
//
// A job policy orders the ready tasks of submitted jobs: which goes to placement next.
// A placement policy picks the host for one task, from a read-only ClusterView.
#pragma once

#include "scheduling/cluster_view.hpp"
#include "workload/workload.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace nimbus {

struct ReadyTask {
  std::uint32_t task = 0;
  std::uint32_t job = 0;
  double submit_s = 0;  // the job's
  int priority = 0;     // the job's
  double flops = 0;     // the task's
  int cores = 1;        // the task's
  const std::string* user = nullptr;   // the job's; points into the workload
  const std::string* queue = nullptr;
};

// A rigid job waiting for `cores` cores at once; `walltime_s` is its user's estimate.
struct RigidJob {
  std::uint32_t job = 0;
  double submit_s = 0;
  int cores = 0;
  double walltime_s = 0;
  int priority = 0;
};

// A rigid job running since `start_s`, expected (by its estimate) to end at `expected_end_s`.
struct RunningJob {
  std::uint32_t job = 0;
  int cores = 0;
  double expected_end_s = 0;
};

class JobPolicy {
public:
  virtual ~JobPolicy() = default;
  // Elastic jobs: their ready tasks, in the order they go to placement.
  virtual void push(const ReadyTask& task) = 0;
  virtual bool empty() const = 0;
  // REQUIRES: !empty().
  virtual ReadyTask pop() = 0;

  // Policies that share the cluster between users or queues (fair, capacity) hold ready
  // tasks until cores are free, so that their order decides who gets the next core, and
  // hear when a task they handed out ends. `empty()` may then be true while tasks wait for
  // a pool's limit.
  virtual bool holds_tasks() const { return false; }
  virtual void finished(const ReadyTask&) {}

  // Rigid jobs: queued by submit_rigid(); start_now() removes from the queue and returns the
  // jobs to start now, given the cores free now and the rigid jobs running.
  virtual void submit_rigid(const RigidJob& job) = 0;
  virtual std::vector<std::uint32_t> start_now(double now, int free_cores, const std::vector<RunningJob>& running) = 0;
};

class PlacementPolicy {
public:
  virtual ~PlacementPolicy() = default;
  // The host that should run the task, or kNoHost to leave it waiting until something
  // changes (a host comes back, a task ends).
  virtual HostIndex place(const TaskRequest& task, const ClusterView& view) = 0;
  // The ClusterView indices place() reads.
  virtual ClusterView::Indices indices() const { return {}; }

  // Policies that order each batch of tasks ready at the same moment (min-min, max-min,
  // heft) say so and give each task a key: lower keys are placed first, equal keys keep the
  // job policy's order.
  virtual bool orders_batches() const { return false; }
  virtual double batch_key(const TaskRequest&) const { return 0; }

  // Called once before the run with the whole workload (heft ranks its tasks here).
  virtual void prepare(const Workload&, const ClusterView&) {}

  // Policies that leave tasks waiting on purpose (delay) have them offered again at every
  // task end, not only when a host comes back.
  virtual bool may_wait() const { return false; }
};

// fair: pools (by user or by queue) with weights; a pool not listed weighs 1.
struct FairSpec {
  bool by_queue = false;
  std::map<std::string, double> weights;
};

// capacity: queues with a guaranteed share of the cores and a ceiling (fractions of all
// cores); a queue not listed has no guarantee and no ceiling.
struct CapacitySpec {
  struct Queue {
    double share = 0;
    double max = 1;
  };
  std::map<std::string, Queue> queues;
};

struct PolicyContext {
  std::uint64_t seed = 0;  // for policies that draw: stream "scheduling/<policy name>"
  long long total_cores = 0;
  double locality_wait_s = 3;  // delay: how long a task waits for a data-local slot
  FairSpec fair;
  CapacitySpec capacity;
};

}  // namespace nimbus
