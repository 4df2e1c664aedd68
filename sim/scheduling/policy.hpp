// The two scheduling interfaces. Both are pure: no SimGrid, so tests drive them by hand.
//
// A job policy orders the ready tasks of submitted jobs: which goes to placement next.
// A placement policy picks the host for one task, from a read-only ClusterView.
#pragma once

#include "scheduling/cluster_view.hpp"
#include "workload/workload.hpp"

#include <cstdint>
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
};

struct PolicyContext {
  std::uint64_t seed = 0;  // for policies that draw: stream "scheduling/<policy name>"
};

}  // namespace nimbus
