// The scheduling interfaces. All are pure: no SimGrid, so tests drive them by hand.
//
// A job policy orders the ready tasks of submitted jobs (which goes to placement next) and
// decides when rigid jobs start. A placement policy picks the host for one task, from a
// read-only ClusterView.
#pragma once

#include "config/sharing.hpp"
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

// Orders the ready tasks of elastic jobs (bags of tasks, DAGs): which goes to placement next.
class TaskQueue {
public:
  virtual ~TaskQueue() = default;
  virtual void push(const ReadyTask& task) = 0;
  // The next task to place now (its number: the runtime knows the rest), if any. Policies
  // that share the cluster between users or queues (fair, capacity) hand one out only while
  // the view shows a free core, so that their order decides who gets the next core; the
  // others hand out every task at once (to wait in host queues).
  virtual bool pop(const ClusterView& view, std::uint32_t& task) = 0;
  // A task handed out earlier ended (whatever its outcome).
  virtual void finished(const ReadyTask&) {}
};

// Decides when waiting rigid jobs start: submit() queues one; start_now() removes from the
// queue and returns the jobs to start now, given the cores free now and the rigid jobs
// running.
class RigidScheduler {
public:
  virtual ~RigidScheduler() = default;
  virtual void submit(const RigidJob& job) = 0;
  virtual std::vector<std::uint32_t> start_now(double now, int free_cores, const std::vector<RunningJob>& running) = 0;
};

// A job policy is both halves: how it orders elastic tasks and when it starts rigid jobs.
// Its file makes the two; most policies share one half with others (job_queues.hpp).
struct JobPolicy {
  std::unique_ptr<TaskQueue> tasks;
  std::unique_ptr<RigidScheduler> rigid;
};

// What the runtime offers a placement policy: the tasks ready to place now, in the job
// policy's order, and where to put its decisions.
class ReadyTasks {
public:
  virtual ~ReadyTasks() = default;
  // The next task in the job policy's order; false when none is left to place now.
  virtual bool next(std::uint32_t& task) = 0;
  // What placement knows of a task; valid until the next call.
  virtual const TaskRequest& request(std::uint32_t task) = 0;
  // The task goes to host h; kNoHost leaves it waiting until something changes (a host
  // comes back, a task ends), when it is offered again.
  virtual void assign(std::uint32_t task, HostIndex h) = 0;
};

class PlacementPolicy {
public:
  virtual ~PlacementPolicy() = default;
  // The host that should run the task, or kNoHost to leave it waiting.
  virtual HostIndex place(const TaskRequest& task, const ClusterView& view) = 0;

  // Places the tasks ready now, one at a time in the job policy's order. Policies that order
  // a batch themselves (min-min, max-min, heft) override it.
  virtual void place_ready(ReadyTasks& ready, const ClusterView& view) {
    std::uint32_t task = 0;
    while (ready.next(task)) ready.assign(task, place(ready.request(task), view));
  }

  // The hosts of a program's `ranks` ranks, one core each, rank by rank. REQUIRES: at least
  // that many cores free on hosts that are up. By default, first fit in host order: a host
  // is filled before the next, so ranks that talk stay close (pack).
  virtual std::vector<HostIndex> place_ranks(int ranks, const ClusterView& view) {
    std::vector<HostIndex> out;
    for (HostIndex h = 0; h < static_cast<HostIndex>(view.size()) && static_cast<int>(out.size()) < ranks; ++h) {
      const HostState& s = view.host(h);
      if (!s.up) continue;
      for (int c = 0; c < s.free_cores && static_cast<int>(out.size()) < ranks; ++c) out.push_back(h);
    }
    return out;
  }

  // Called once before the run with the whole workload (heft ranks its tasks here).
  virtual void prepare(const Workload&, const ClusterView&) {}
};

struct PolicyContext {
  std::uint64_t seed = 0;  // for policies that draw: stream "scheduling/<policy name>"
  long long total_cores = 0;
  double locality_wait_s = 3;  // delay: how long a task waits for a data-local slot
  FairSpec fair;
  CapacitySpec capacity;
};

}  // namespace nimbus
