// The runtime: SimGrid actors that execute a workload on the platform.
//
// Its parts, each with one job:
//   ClusterState  (cluster_state.hpp)  the one owner of cores, and the view policies read
//   AttemptTable  (attempt_table.hpp)  what runs where: every live attempt and its activities
//   executors     (executor.cpp)       actors that run a task's steps on a host: fetch,
//                                      compute, deliver, sleep
//   gangs         (rigid_job.cpp)      rigid jobs: one execution per host, started together
//   programs      (program_job.cpp)    jobs of ranks started together, one actor per rank
//                 (rank_ops.cpp)       their steps on each other: messages, barriers, locks
//   this class                         the bookkeeping between them: which tasks are ready,
//                                      the job and placement policies, host queues, events
//                                      (host_events.cpp)
//
// A controller actor on a host that cannot fail submits jobs at their times and handles
// events: SimGrid's host on/off callbacks run inside its kernel, where nothing may block, so
// they only post an event that the controller handles. A host has actors only while it has
// work: an executor is started when a task can start there and runs the host's queue until
// nothing more fits, then ends.
//
// Scheduling decisions are made at once by the actor that delivers the event (a task's end,
// a submission): SimGrid runs one actor at a time, so this is the in-memory hand-off of a
// real controller without the cost of waking one. What keeps it sound: every change to this
// class's state is complete before the next simcall (starting an actor, waiting), because
// other actors run at each simcall. With scheduling.control_latency > 0, each hand-off to a
// host costs that much simulated time.
#pragma once

#include "config/scenario_config.hpp"
#include "faults/replication.hpp"
#include "faults/retry.hpp"
#include "faults/speculation.hpp"
#include "runtime/attempt_table.hpp"
#include "runtime/cluster_state.hpp"
#include "runtime/host_queues.hpp"
#include "runtime/program_run.hpp"
#include "runtime/records.hpp"
#include "util/prefault.hpp"
#include "util/rng.hpp"
#include "scheduling/policy.hpp"

#include <simgrid/s4u.hpp>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

namespace nimbus {

class Runtime : private ReadyTasks {
public:
  Runtime(const ScenarioConfig& cfg, const Workload& workload, std::vector<simgrid::s4u::Host*> hosts,
          simgrid::s4u::Host* controller_host, bool energy);
  ~Runtime() { attempts_.unfollow(); }  // before the log goes, nothing may read it
  // Tells `f` as the attempt log's rows become final (see LogFollower), until finish().
  void follow(LogFollower* f) { attempts_.follow(f); }
  // Starts the controller; then run the engine, then call finish().
  void start();
  RunResult finish();
  void set_quiet(bool quiet) { quiet_ = quiet; }  // no progress lines on stderr

private:
  enum class Status : std::uint8_t { Waiting, Ready, Placed, Done, Failed };
  // A quarter of a cache line, aligned to it: read and written at each of a task's starts
  // and ends. What only some tasks need is beside it, and only when some task needs it:
  // DagState for tasks with edges, live_ for rigid jobs' and programs' tasks.
  struct alignas(16) TaskInfo {
    double ready_s = 0;
    std::uint32_t attempts = 0;
    std::uint16_t tries = 1;  // the retry rule's count: a round of copies is one try
    Status status = Status::Waiting;
  };
  static_assert(sizeof(TaskInfo) == 16 && kMaxAttempts <= UINT16_MAX, "TaskInfo holds a task's tries in 16 bits");
  struct DagState {
    std::uint32_t pending_preds = 0;  // producers not done yet
    HostIndex output_host = kNoHost;  // where its output is, once done
  };
  // What the runtime keeps per host besides its queue (queues_); what every task start and
  // end reads comes first, in the first cache line.
  struct alignas(64) HostWork {
    std::vector<Ticket> running;
    int returning = 0;          // executors between two tasks, about to take the next
    // One executor of a host may wait for the host's next task instead of ending: starting
    // an actor per task costs several times a hand-off (SIMGRID-NOTES). At most one per
    // host, never one per idle core.
    bool parked = false;
    Ticket handed;              // what kick() gave the parked executor
    simgrid::s4u::SemaphorePtr wake_parked;
  };
  struct Event {
    HostIndex host;
    bool up;
  };

  // runtime.cpp: the controller, the end.
  // Runs an actor's body; an InvariantError inside stops the whole simulation (all actors
  // killed) and finish() rethrows it, instead of aborting the process from an actor.
  void guarded(const std::function<void()>& body);
  void stop_on(const InvariantError& e);
  void run_controller();
  void controller_main();
  void report_progress();
  void map_log_pages();
  // -vv: whether to log one more scheduling decision. At most kDecisionsPerSecond lines a
  // wall-clock second, the rest counted and said, so that a million tasks do not flood.
  bool log_decision();
  static constexpr int kDecisionsPerSecond = 50;

  // host_events.cpp: hosts going off and on, posted by SimGrid's callbacks.
  void handle_events();
  double next_platform_change(double now);
  void host_down(HostIndex h);
  void host_up(HostIndex h);

  // dispatch.cpp: tasks through the policies to host queues.
  void submit(JobId job);
  void make_ready(TaskId t);
  ReadyTask ready_task(TaskId t) const;
  void dispatch();
  bool next(std::uint32_t& task) override;
  const TaskRequest& request(std::uint32_t task) override;
  void assign(std::uint32_t task, HostIndex h) override;
  void kick(HostIndex h);
  bool take_next(HostIndex h, Ticket& out);
  void end_attempt(Ticket t, Outcome outcome, bool then_dispatch);
  void lose_queued(TaskId t, HostIndex h);
  void task_done(TaskId t, HostIndex h);
  void task_failed(TaskId t);
  void task_lost(TaskId t, Outcome outcome);
  void requeue(TaskId t);
  void task_closed();
  void replan(HostIndex h);
  void place_input_replicas();
  // blocks.cpp: replicated input blocks, available while a copy's host is up.
  HostIndex nearest_replica(TaskId t, HostIndex h) const;  // kNoHost: no copy is up
  void blocks_down(HostIndex h);
  void copy_block(TaskId t, HostIndex lost);

  // executor.cpp: actors running tasks' steps.
  void executor_main(HostIndex h, Ticket first);
  bool wait_for_work(HostIndex h, Ticket& out);
  void release_parked_executors();
  // `program` and `rank` for a program's rank, whose steps include messages.
  Outcome run_steps(HostIndex h, Ticket t, ProgramRun* program = nullptr, std::uint32_t rank = 0);
  void mark_started(Ticket t);  // its start, at its first step past bringing inputs
  Outcome fetch_inputs(HostIndex h, Ticket t, TaskId task);
  Outcome compute_step(HostIndex h, Ticket t, TaskId task, const Step& step, ProgramRun* program, std::uint32_t rank);
  Outcome deliver_output(HostIndex h, Ticket t, TaskId task);
  Outcome write_copies(HostIndex h, Ticket t, const Step& step);
  // What an executor reads once its computation is over: a thousand other tasks' events
  // later, every line of it is a cache miss. Fetched all at once when the computation ends,
  // the misses overlap instead of coming one after the other.
  void fetch_lines_after(TaskId t, HostIndex h, Ticket ticket);
  // `then`: the task and host whose lines to fetch when it is over (kNoHost: none).
  Outcome compute(Ticket t, double flops, int cores, TaskId task = 0, HostIndex then = kNoHost);
  Outcome await_transfers(Ticket t, const std::vector<simgrid::s4u::CommPtr>& transfers, Outcome lost);
  // checkpointing.cpp: the task's computation in checkpointed segments (faults.checkpoint).
  Outcome compute_checkpointed(Ticket t, HostIndex h);

  // replicas.cpp: faults.replication: a task runs as K copies at once, on distinct hosts
  // (racks); the first to succeed wins and the others are cancelled.
  // A task with a CopySet is a replicated task, or one running with a speculative backup.
  struct CopySet {
    std::vector<HostIndex> queued;  // copies waiting in those hosts' queues
    std::vector<Ticket> running;
    std::uint32_t unplaced = 0;     // copies still with the job policy (or parked)
    Ticket backup_of;               // speculation: the attempt the backup copies (else serial 0)
    std::vector<Ticket> done_now;   // copies that succeeded at this instant, winner not chosen yet
  };
  HostIndex copy_host(TaskId t, HostIndex h) const;

  // speculation.cpp: faults.speculation, LATE's backup copies of slow tasks.
  // An attempt started, predicted to take duration_s: check it when it would count as slow.
  void watch(Ticket t, double duration_s);
  void speculate();      // the controller: backs up the slow attempts the cap allows
  double next_slow_check() const;
  double progress(Ticket t);
  void wake_controller_if_due();
  struct SlowCheck {
    double at;
    Ticket attempt;
    bool operator>(const SlowCheck& o) const { return at > o.at || (at == o.at && attempt.serial > o.attempt.serial); }
  };
  bool copies_left(TaskId t) const;
  void settle_copies(Ticket t);
  void copy_ended(Ticket t, TaskId task, HostIndex h, Outcome outcome);
  void cancel_copies(TaskId t);

  // rigid_job.cpp
  void start_rigid_jobs();
  void run_gang(Ticket t);

  // program_job.cpp
  void start_programs_pinned();
  void start_program(JobId j, const std::vector<HostIndex>& hosts);
  void run_rank(const std::shared_ptr<ProgramRun>& p, std::uint32_t rank);
  void end_rank(ProgramRun& p, std::uint32_t rank, Outcome outcome);
  bool close_rank(ProgramRun& p, std::uint32_t rank, Outcome outcome);
  void record_rank(ProgramRun& p, std::uint32_t rank, Outcome outcome);  // its rows; frees its core
  void cancel_orphans();
  // program_restart.cpp: a program lost to a failure runs again, from its last coordinated
  // checkpoint (taken at barriers) when faults.checkpoint is set, else from its start.
  std::optional<double> restart_delay(JobId j, Outcome outcome) const;
  void restart_program(JobId j, double delay);
  void resubmit_program(JobId j);
  void checkpoint_at_barrier(ProgramRun& p, std::uint32_t rank);
  void fail_programs_on(HostIndex h);
  std::string describe_deadlock() const;
  // Work items (master-worker's tasks), counted from the job's first item.
  TaskId item_task(const ProgramRun& p, std::int32_t item) const;
  void item_ready(const ProgramRun& p, std::int32_t item);
  void item_start(const ProgramRun& p, std::int32_t item, HostIndex h);
  void item_end(const ProgramRun& p, std::int32_t item);
  void cancel_items(const ProgramRun& p);

  // rank_ops.cpp: one step of a rank that involves other ranks; Succeeded, or how it failed
  // (a peer was lost, or the runtime cancelled it: Cancelled).
  Outcome rank_step(ProgramRun& p, std::uint32_t rank, const Step& step);
  void account_wait(ProgramRun& p, std::uint32_t rank, double from, const std::vector<PendingRequest>& requests);
  // message_logging.cpp: faults.message_logging, a lost rank restarts alone
  // (faults/message_log.hpp).
  bool can_log(const Job& job) const;
  bool rank_up(const ProgramRun& p, std::int32_t rank) const;
  void wake(ProgramRun& p, std::vector<std::uint32_t>& ranks);
  void block(RankState& rank);
  void logs_up(HostIndex h);
  void watch_platform();
  static simgrid::s4u::Mailbox* message_box(const ProgramRun& p, std::int32_t from, std::int32_t to, std::uint32_t k);
  Outcome logged_step(ProgramRun& p, std::uint32_t rank, const Step& step);
  PendingRequest logged_send(ProgramRun& p, std::uint32_t rank, std::int32_t to, double bytes);
  PendingRequest logged_recv(ProgramRun& p, std::uint32_t rank, std::int32_t from);
  void post_logged_recv(ProgramRun& p, std::uint32_t rank, PendingRequest& request, bool read_log);
  Outcome logged_wait(ProgramRun& p, std::uint32_t rank, std::vector<PendingRequest> requests);
  Outcome logged_barrier(ProgramRun& p, std::uint32_t rank);
  void checkpoint_rank(ProgramRun& p, std::uint32_t rank);
  bool restart_rank_alone(ProgramRun& p, std::uint32_t rank, Outcome outcome);
  void start_ranks_waiting();
  // For the timeline (only when it is written): rank r of p did `kind` over [from, to].
  void trace(const ProgramRun& p, std::uint32_t r, RankSlice::Kind kind, double from, double to) {
    if (cfg_.timeline && to > from) result_.rank_slices.push_back({p.job, r, kind, from, to});
  }

  const ScenarioConfig& cfg_;
  const Workload& w_;
  std::vector<simgrid::s4u::Host*> sg_hosts_;
  simgrid::s4u::Host* controller_host_;
  HostIndex controller_index_ = kNoHost;
  bool energy_;
  JobPolicy job_policy_;
  RetryRule retry_;
  SpeculationRule speculation_;
  std::priority_queue<SlowCheck, std::vector<SlowCheck>, std::greater<>> slow_checks_;
  std::vector<Ticket> candidates_;   // slow attempts not backed up yet
  double controller_wakes_at_ = 0;   // the instant the controller sleeps until
  bool speculation_wake_ = false;    // a slow check comes sooner: wake the controller
  std::unique_ptr<PlacementPolicy> placement_;
  ClusterState cluster_;
  AttemptTable attempts_;
  std::vector<TaskInfo> tasks_;
  std::vector<DagState> dag_;      // per task if any task has edges, else empty
  std::vector<Ticket> live_;       // per task if any job is rigid or a program: its attempt while it runs
  std::vector<double> saved_flops_;  // faults.checkpoint: per task, what its last checkpoint holds
  std::vector<HostWork> hosts_;
  HostQueues queues_;              // each host's placed tasks, first come first served
  std::vector<ReadyTask> parked_;  // placement left them waiting; offered again at the next change
  TaskRequest request_;            // the last request built, and its inputs
  bool request_fresh_ = false;     // built since the last assign(): nothing it reads changed
  std::vector<InputSource> inputs_;
  std::vector<std::uint32_t> replica_begin_;  // per task, into replica_hosts_ (empty: no replicas)
  std::vector<HostIndex> replica_hosts_;
  Rng output_rng_;  // where tasks' written copies go (Step::Kind::Write)
  std::vector<std::vector<TaskId>> blocks_on_;  // per host, the tasks with a copy there (may be stale)
  std::vector<Event> events_;  // posted by SimGrid's callbacks, handled by the controller
  std::vector<double> platform_events_;  // times of the failure traces' events, sorted
  bool random_failures_ = false;         // some host, rack or link fails at random
  std::uint64_t idle_wakes_ = 0;         // controller wakes with nothing happening, in a row
  std::vector<char> engine_on_;    // each host's state in SimGrid now (its event may wait)
  simgrid::s4u::SemaphorePtr wake_controller_;
  std::size_t rigid_waiting_ = 0;
  std::vector<RunningJob> running_rigid_;
  std::map<JobId, std::shared_ptr<ProgramRun>> programs_;  // running
  std::map<JobId, std::vector<std::uint32_t>> program_checkpoints_;  // per rank, the step after the last one
  std::unordered_map<TaskId, CopySet> copies_;  // replicated tasks not decided yet
  std::deque<std::pair<JobId, std::uint32_t>> ranks_waiting_;  // logged ranks to restart
  std::size_t log_waits_ = 0;  // logged ranks waiting until a sender is up
  std::vector<simgrid::s4u::ActivityPtr> orphans_;             // see cancel_orphans()
  std::deque<JobId> pinned_waiting_;  // programs whose ranks name their hosts, in submit order
  std::map<JobId, std::vector<HostIndex>> pinned_hosts_;  // those hosts, rank by rank
  std::string deadlock_;              // set when SimGrid found every actor blocked
  std::size_t open_tasks_ = 0;
  std::vector<double> down_since_;  // per host: when it went off, or -1 while up
  RunResult result_;
  Prefault pages_;  // maps the pages of tasks_, then of the attempt log, on another thread
  bool log_pages_mapped_ = false;
  double wall_start_ = 0, last_progress_ = 0;
  bool decisions_on_ = false;  // -vv
  double decision_second_ = 0;
  int decisions_shown_ = 0;
  std::uint64_t decisions_skipped_ = 0;
  bool progress_in_place_ = false;  // stderr is a terminal: redraw one line
  bool progress_shown_ = false;
  bool quiet_ = false;
  std::string invariant_error_;
};

}  // namespace nimbus
