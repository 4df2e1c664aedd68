// The runtime: SimGrid actors that execute a workload on the platform.
//
// A controller actor on a host that never fails submits jobs at their times. Each host has
// one worker actor per core; a worker takes the next task from its host's queue when the
// task's cores are free, fetches its inputs over the simulated network, computes, and
// reports. Scheduling decisions (job policy, then placement policy) are made at once by the
// actor that delivers the event, whichever it is: SimGrid runs one actor at a time, so this
// is the in-memory hand-off of a real controller without the cost of waking one. The one
// rule that keeps it sound: between two simcalls (creating an actor, releasing a semaphore,
// waiting) an actor's changes must leave the controller's state consistent, because other
// actors run at each simcall. With
// scheduling.control_latency > 0, each hand-off costs that much simulated time.
#pragma once

#include "config/scenario_config.hpp"
#include "runtime/records.hpp"
#include "scheduling/policy.hpp"

#include <simgrid/s4u.hpp>

#include <deque>
#include <functional>
#include <string>
#include <memory>
#include <vector>

namespace nimbus {

class Controller {
public:
  Controller(const ScenarioConfig& cfg, const Workload& workload, std::vector<simgrid::s4u::Host*> hosts,
             simgrid::s4u::Host* submit_host);
  // Creates the actors; then run the engine, then call finish().
  void start();
  RunResult finish();
  void set_quiet(bool quiet) { quiet_ = quiet; }  // no progress lines on stderr

private:
  enum class State : std::uint8_t { Waiting, Ready, Queued, Running, Done, Failed };
  struct TaskState {
    std::uint32_t pending_preds = 0;
    HostIndex host = kNoHost;
    State state = State::Waiting;
    double ready_s = 0;
    double start_s = 0;  // when it got its cores (Running)
  };
  struct HostRuntime {
    std::deque<TaskId> queue;
    std::vector<TaskId> running;
    std::vector<simgrid::s4u::SemaphorePtr> wake;  // one per worker
    std::vector<int> idle;                         // workers waiting on their semaphore
  };

  // Runs an actor's body; an InvariantError inside stops the whole simulation (all actors
  // killed) and is rethrown by finish(), instead of aborting the process from an actor.
  void guarded(const std::function<void()>& body);
  void place_input_replicas();
  void controller_main();
  void worker_main(HostIndex h, int worker);
  TaskId take_task(HostIndex h, int worker);
  void run_task(TaskId t, HostIndex h);
  void release_cores(TaskId t, HostIndex h);
  HostIndex nearest_replica(TaskId t, HostIndex h) const;

  // Rigid jobs (rigid_job.cpp): started by the job policy, run as a gang on cores taken
  // from as many hosts as needed, all at once.
  using Chunk = std::pair<HostIndex, int>;  // host, cores
  void start_rigid_jobs();
  std::vector<Chunk> take_cores(JobId job);
  void run_gang(TaskId t, std::vector<Chunk> chunks);
  void release_gang(TaskId t, const std::vector<Chunk>& chunks);

  void submit(JobId job);
  void make_ready(TaskId t);
  ReadyTask ready_task(TaskId t) const;
  void dispatch();
  TaskRequest request_for(TaskId t);  // valid until the next call
  void place(const ReadyTask& r);
  void assign(TaskId t, HostIndex h);
  void wake_worker(HostIndex h);
  void complete(TaskId t, HostIndex h, const Attempt& attempt);
  void fail(TaskId t, HostIndex h, Outcome why, double start_s);
  void on_host_state(HostIndex h, bool up);
  void task_closed();
  void report_progress();

  const ScenarioConfig& cfg_;
  const Workload& w_;
  std::vector<simgrid::s4u::Host*> sg_hosts_;
  simgrid::s4u::Host* submit_host_;
  HostIndex submit_index_ = kNoHost;
  std::unique_ptr<JobPolicy> job_policy_;
  std::unique_ptr<PlacementPolicy> placement_;
  ClusterView view_;
  std::vector<HostRuntime> hosts_;
  std::vector<TaskState> tasks_;
  std::vector<ReadyTask> parked_;       // placement found no host; retried when a host comes up
  std::vector<InputSource> inputs_;     // scratch for TaskRequest, reused
  std::vector<std::uint32_t> replica_begin_;  // per task, into replica_hosts_ (empty: no replicas)
  std::vector<HostIndex> replica_hosts_;
  simgrid::s4u::SemaphorePtr all_done_;
  std::size_t open_tasks_ = 0;
  int max_cores_ = 0;           // of one host
  long long total_cores_ = 0;   // of the platform
  int free_total_ = 0;          // free cores on hosts that are up
  std::size_t rigid_waiting_ = 0;
  std::vector<RunningJob> running_rigid_;
  std::vector<double> down_since_;  // per host: when it went off, or -1 while up
  RunResult result_;
  double wall_start_ = 0, last_progress_ = 0;
  bool quiet_ = false;
  std::string invariant_error_;
};

}  // namespace nimbus
