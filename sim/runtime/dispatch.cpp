// Tasks through the policies to host queues, and what follows a task attempt's end.
#include "runtime/runtime.hpp"

#include "platform/sg_compat.hpp"
#include "scheduling/earliest_finish.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <cmath>

namespace nimbus {
namespace sg4 = simgrid::s4u;

void Runtime::submit(JobId j) {
  const Job& job = w_.jobs[j];
  if (job.ranks > 0) {
    if (tasks_[job.first_task].status != Status::Waiting) return;  // failed already: too large
    for (TaskId t = job.first_task; t < job.first_task + job.ranks; ++t) {  // its work items wait to be sent
      tasks_[t].status = Status::Ready;
      tasks_[t].ready_s = sg4::Engine::get_clock();
    }
    if (!job.rank_hosts.empty()) {
      pinned_waiting_.push_back(j);
    } else {
      job_policy_.rigid->submit({j, job.submit_s, static_cast<int>(job.ranks), job.walltime_s, job.priority});
      ++rigid_waiting_;
    }
    return;
  }
  if (job.rigid_cores > 0) {
    const TaskId t = job.first_task;
    if (tasks_[t].status != Status::Waiting) return;  // failed already: too large for the platform
    tasks_[t].status = Status::Ready;
    tasks_[t].ready_s = sg4::Engine::get_clock();
    job_policy_.rigid->submit({j, job.submit_s, job.rigid_cores, job.walltime_s, job.priority});
    ++rigid_waiting_;
    return;
  }
  for (TaskId t = job.first_task; t < job.first_task + job.task_count; ++t)
    if (tasks_[t].status == Status::Waiting && (dag_.empty() || dag_[t].pending_preds == 0)) make_ready(t);
}

void Runtime::make_ready(TaskId t) {
  tasks_[t].status = Status::Ready;
  tasks_[t].ready_s = sg4::Engine::get_clock();
  const std::uint32_t k = copies_of(w_, t, cfg_.faults.copies);
  if (k > 1) copies_[t] = CopySet{{}, {}, k, {}, {}};
  for (std::uint32_t c = 0; c < k; ++c) job_policy_.tasks->push(ready_task(t));
}

ReadyTask Runtime::ready_task(TaskId t) const {
  const Task& task = w_.tasks[t];
  const Job& job = w_.jobs[task.job];
  return {t, task.job, job.submit_s, job.priority, task.flops, task.cores, &job.user, &job.queue};
}

void Runtime::dispatch() {
  cluster_.set_now(sg4::Engine::get_clock());
  request_fresh_ = false;
  if (!ranks_waiting_.empty()) start_ranks_waiting();  // first: their programs wait for them
  if (!pinned_waiting_.empty()) start_programs_pinned();
  if (rigid_waiting_ > 0) start_rigid_jobs();
  placement_->place_ready(*this, cluster_.view());
  wake_controller_if_due();
}

bool Runtime::next(std::uint32_t& task) { return job_policy_.tasks->pop(cluster_.view(), task); }

const TaskRequest& Runtime::request(std::uint32_t t) {
  const Task& task = w_.tasks[t];
  inputs_.clear();
  for (const Edge& e : w_.preds_of(t)) inputs_.push_back({dag_[e.task].output_host, e.bytes});
  request_ = TaskRequest{t, task.flops, task.cores, nullptr, 0};
  if (w_.input_replicas(t) > 0) {
    request_.replicas = &replica_hosts_[replica_begin_[t]];
    request_.replica_count = replica_begin_[t + 1] - replica_begin_[t];
    request_.replica_bytes = task.input_bytes;
  } else if (task.input_bytes > 0) {
    inputs_.push_back({controller_index_, task.input_bytes});
  }
  request_.inputs = inputs_.data();
  request_.input_count = inputs_.size();
  request_.ready_s = tasks_[t].ready_s;
  request_fresh_ = true;
  return request_;
}

void Runtime::assign(std::uint32_t t, HostIndex h) {
  if (tasks_[t].status == Status::Done) {  // a copy, and another won: its row is written
    job_policy_.tasks->finished(ready_task(t));
    return;
  }
  const bool copy = copies_.count(t) > 0;
  if (copy && h != kNoHost) h = copy_host(t, h);
  // A host may have gone off a moment ago, its event not handled yet: wait for it.
  if (h == kNoHost || !engine_on_[static_cast<std::size_t>(h)]) {
    parked_.push_back(ready_task(t));
    return;
  }
  if (copy) {
    CopySet& set = copies_.at(t);
    --set.unplaced;
    set.queued.push_back(h);
  }
  const Task& task = w_.tasks[t];
  tasks_[t].status = Status::Placed;
  // How long it will hold its cores: the hand-off, its inputs, its run, its output. The
  // request placement just read is this task's, most often: not built again.
  const ClusterView& view = cluster_.view();
  const TaskRequest& placed = request_fresh_ && request_.task == t ? request_ : request(t);
  request_fresh_ = false;
  double duration = cfg_.scheduling.control_latency_s + run_time_estimate(placed, h, view);
  if (w_.succs_of(t).empty()) duration += view.transfer_estimate(h, controller_index_, task.output_bytes);
  const double end = cluster_.enqueue(h, task.cores, duration);
  if (log_decision())
    logger("scheduling")->debug("t={:.6g}: {} placed task {}/{} on {} ({} queued there; predicted end t={:.6g})",
                                sg4::Engine::get_clock(), cfg_.scheduling.placement, w_.jobs[task.job].id,
                                w_.task_name(t), sg_hosts_[static_cast<std::size_t>(h)]->get_name(),
                                queues_.size(h), end);
  queues_.push_back(h, Queued(t, duration, end));
  kick(h);
}

// Starts an executor for each task at the head of h's queue that fits its free cores, unless
// an executor of h is about to take the next itself.
void Runtime::kick(HostIndex h) {
  HostWork& work = hosts_[static_cast<std::size_t>(h)];
  if (work.returning > 0) return;
  Ticket t;
  while (take_next(h, t)) {
    if (work.parked) {
      work.parked = false;
      work.handed = t;
      work.wake_parked->release();
      continue;
    }
    sg::add_actor("executor", sg_hosts_[static_cast<std::size_t>(h)], [this, h, t] {
      guarded([this, h, t] { executor_main(h, t); });
    });
  }
}

// The task at the head of h's queue starts, as a new attempt, if its cores are free. (Only
// called for hosts that are up: by their executors, or by kick() after assign() checked.)
bool Runtime::take_next(HostIndex h, Ticket& out) {
  // A host with no core free fits nothing: known without reading its queue, whose entries
  // are far apart in memory.
  const int free_cores = cluster_.view().host(h).free_cores;
  if (free_cores == 0 || queues_.empty(h)) return false;
  const Queued next = queues_.front(h);
  const int cores = w_.tasks[next.task].cores;
  if (cores > free_cores) return false;
  queues_.pop_front(h);
  cluster_.start(h, cores);
  TaskInfo& info = tasks_[next.task];
  out = attempts_.open(next.task, ++info.attempts, h, info.ready_s);
  LiveAttempt& live = attempts_[out];
  live.predicted_end_s = next.predicted_end_s;
  const auto set = copies_.find(next.task);
  if (set != copies_.end()) {
    set->second.queued.erase(std::find(set->second.queued.begin(), set->second.queued.end(), h));
    set->second.running.push_back(out);
  }
  hosts_[static_cast<std::size_t>(h)].running.push_back(out);
  if (speculation_.enabled() && set == copies_.end()) watch(out, next.duration_s);
  return true;
}

// A task waiting in a failed host's queue: its attempt never began.
void Runtime::lose_queued(TaskId t, HostIndex h) {
  TaskInfo& info = tasks_[t];
  const Ticket a = attempts_.open(t, ++info.attempts, h, info.ready_s);
  attempts_.close(a, Outcome::HostFailed, sg4::Engine::get_clock(), result_);
  job_policy_.tasks->finished(ready_task(t));
  if (const auto set = copies_.find(t); set != copies_.end()) {
    set->second.queued.erase(std::find(set->second.queued.begin(), set->second.queued.end(), h));
    if (copies_left(t)) return;  // another copy may still win
  }
  task_lost(t, Outcome::HostFailed);
}

// An attempt of task t ended without success: the task runs again if the retry rule allows
// (after its back-off), else it fails with its dependents.
void Runtime::task_lost(TaskId t, Outcome outcome) {
  copies_.erase(t);  // every copy is lost: a retry places new ones
  if (!candidates_.empty()) speculation_wake_ = true;  // the cap may have room again
  const std::optional<double> delay = retry_.delay_before(tasks_[t].tries + 1, outcome);
  if (!delay || w_.jobs[w_.tasks[t].job].ranks > 0) {  // a program's rank fails its program
    task_failed(t);
    return;
  }
  ++tasks_[t].tries;
  tasks_[t].status = Status::Waiting;
  if (*delay <= 0) {
    requeue(t);
    return;
  }
  // The back-off is a timer on the controller's host, which never fails.
  sg::add_actor("retry", controller_host_, [this, t, d = *delay] {
    guarded([this, t, d] {
      sg4::this_actor::sleep_for(d);
      requeue(t);
      dispatch();
    });
  });
}

// Task t is ready again for its next attempt: a task to the job policy's queue, a rigid job
// to its rigid queue.
void Runtime::requeue(TaskId t) {
  const Job& job = w_.jobs[w_.tasks[t].job];
  if (job.rigid_cores == 0) {
    make_ready(t);
    return;
  }
  tasks_[t].status = Status::Ready;
  tasks_[t].ready_s = sg4::Engine::get_clock();
  job_policy_.rigid->submit({w_.tasks[t].job, job.submit_s, job.rigid_cores, job.walltime_s, job.priority});
  ++rigid_waiting_;
}

void Runtime::end_attempt(Ticket t, Outcome outcome, bool then_dispatch) {
  const double now = sg4::Engine::get_clock();
  LiveAttempt& live = attempts_[t];
  const TaskId task = live.record.task;
  const int cores = w_.tasks[task].cores;
  const bool success = outcome == Outcome::Succeeded;
  HostIndex h = live.record.host;
  if (!live.chunks().empty()) {
    // A gang: its cores on every host it spans, its computation booked to each.
    if (!success)
      for (auto& activity : live.activities)
        if (activity->get_state() != sg4::Activity::State::FINISHED) activity->cancel();
    for (const Chunk& c : live.chunks())
      if (success) result_.hosts[static_cast<std::size_t>(c.host)].busy_core_s += live.compute_s * c.cores;
    cluster_.release_gang(live.chunks());
    const JobId j = w_.tasks[task].job;
    running_rigid_.erase(std::find_if(running_rigid_.begin(), running_rigid_.end(),
                                      [j](const RunningJob& r) { return r.job == j; }));
  } else if (h != kNoHost && cluster_.view().host(h).up) {
    HostWork& work = hosts_[static_cast<std::size_t>(h)];
    work.running.erase(std::find_if(work.running.begin(), work.running.end(),
                                    [t](const Ticket& r) { return r.slot == t.slot; }));
    cluster_.finish(h, cores);
    if (success) result_.hosts[static_cast<std::size_t>(h)].busy_core_s += live.compute_s * cores;
  }
  const bool drifted = live.chunks().empty() && h != kNoHost && cluster_.view().host(h).up &&
                       std::abs(now - live.predicted_end_s) > 1e-6 + 1e-9 * now;
  // Its computation, the part cut short by a failure included; lost unless a checkpoint kept it.
  const double computed = live.compute_s + (live.computing_since >= 0 ? now - live.computing_since : 0);
  result_.compute_core_s += computed * cores;
  if (!success) {
    result_.wasted_core_s += (computed - live.saved_s()) * cores;
    // What its checkpoints kept is work done: it counts as the host's busy time.
    if (live.chunks().empty() && h != kNoHost) result_.hosts[static_cast<std::size_t>(h)].busy_core_s += live.saved_s() * cores;
  }
  result_.bytes_moved += live.moved.bytes_in + live.moved.bytes_out;
  attempts_.close(t, outcome, now, result_);
  if (w_.jobs[w_.tasks[task].job].rigid_cores == 0) job_policy_.tasks->finished(ready_task(task));
  if (drifted) replan(h);
  if (tasks_[task].status == Status::Done) {
    // a copy cancelled: another won
  } else if (copies_.count(task) > 0) {
    copy_ended(t, task, h, outcome);
  } else if (success) {
    task_done(task, h);
  } else {
    task_lost(task, outcome);
  }
  // Tasks left waiting (delay scheduling, or no host fitted) are offered again: a core is free.
  for (const auto& r : std::exchange(parked_, {})) job_policy_.tasks->push(r);
  if (then_dispatch) dispatch();
}

// What ran on h took more or less time than predicted: predict its queue again.
void Runtime::replan(HostIndex h) {
  logger("runtime")->debug("t={}: host {} ran off its prediction; its queue is predicted again", sg4::Engine::get_clock(), h);
  cluster_.set_now(sg4::Engine::get_clock());
  cluster_.replan_begin(h);
  HostWork& work = hosts_[static_cast<std::size_t>(h)];
  for (const Ticket r : work.running) {
    LiveAttempt& a = attempts_[r];
    cluster_.replan_running(h, w_.tasks[a.record.task].cores, std::max(sg4::Engine::get_clock(), a.predicted_end_s));
  }
  queues_.for_each(h, [&](Queued& q) {
    q.predicted_end_s = cluster_.replan_queued(h, w_.tasks[q.task].cores, q.duration_s);
  });
  cluster_.replan_end(h);
}

void Runtime::task_done(TaskId t, HostIndex h) {
  tasks_[t].status = Status::Done;
  if (!dag_.empty()) dag_[t].output_host = h;
  if (h != kNoHost) result_.hosts[static_cast<std::size_t>(h)].tasks += 1;
  for (const Edge& e : w_.succs_of(t)) {
    const TaskId next = e.task;
    // Dependencies stay inside a job, so the job of `next` was submitted already.
    if (--dag_[next].pending_preds == 0 && tasks_[next].status == Status::Waiting) make_ready(next);
  }
  task_closed();
}

// A task that cannot succeed, and everything downstream of it (a worklist, not recursion:
// a chain may be millions of tasks long and actor stacks are small). The task's own row is
// written by whoever ended its attempt; its dependents get one each.
void Runtime::task_failed(TaskId first) {
  const double now = sg4::Engine::get_clock();
  std::vector<TaskId> todo{first};
  while (!todo.empty()) {
    const TaskId t = todo.back();
    todo.pop_back();
    TaskInfo& info = tasks_[t];
    if (info.status == Status::Done || info.status == Status::Failed) continue;
    if (t != first) {
      const Ticket a = attempts_.open(t, ++info.attempts, kNoHost, info.status == Status::Waiting ? now : info.ready_s);
      attempts_.close(a, Outcome::DependencyFailed, now, result_);
    }
    info.status = Status::Failed;
    task_closed();
    for (const Edge& e : w_.succs_of(t)) todo.push_back(e.task);
  }
}

void Runtime::task_closed() {
  if (--open_tasks_ == 0) wake_controller_->release();
  if ((open_tasks_ & 1023) == 0) report_progress();
}

}  // namespace nimbus
