// The rigid side of the runtime: batch jobs that need N cores at once.
//
// The job policy chooses which waiting jobs start (it sees the free cores and the running
// jobs' estimated ends). A started job takes its cores first-fit in host order, possibly
// across hosts, and a gang actor on the controller's host runs one execution per host, all
// started together; the job ends when all do, or is killed at its requested time.
#include "runtime/controller.hpp"

#include "platform/sg_compat.hpp"

#include <algorithm>

namespace nimbus {
namespace sg4 = simgrid::s4u;

void Controller::start_rigid_jobs() {
  const double now = sg4::Engine::get_clock();
  // Take the cores of every chosen job before creating any actor: creating one is a
  // simcall, and other actors may run (and start or end jobs) before it returns.
  std::vector<std::pair<TaskId, std::vector<Chunk>>> gangs;
  for (const JobId j : job_policy_->start_now(now, free_total_, running_rigid_)) {
    --rigid_waiting_;
    gangs.emplace_back(w_.jobs[j].first_task, take_cores(j));
  }
  for (auto& [t, chunks] : gangs)
    sg::add_actor("gang", submit_host_,
                       [this, t = t, chunks = std::move(chunks)] { guarded([&] { run_gang(t, chunks); }); });
}

std::vector<Controller::Chunk> Controller::take_cores(JobId j) {
  const Job& job = w_.jobs[j];
  const TaskId t = job.first_task;
  // First fit over the hosts: O(hosts) per job start, fine for batch workloads.
  std::vector<Chunk> chunks;
  int needed = job.rigid_cores;
  for (HostIndex h = 0; h < static_cast<HostIndex>(sg_hosts_.size()) && needed > 0; ++h) {
    HostState& hs = view_.mutable_host(h);
    if (!hs.up || hs.free_cores == 0) continue;
    const int take = std::min(needed, hs.free_cores);
    chunks.emplace_back(h, take);
    needed -= take;
    hs.free_cores -= take;
    hs.running += 1;
    view_.update(h);
    hosts_[static_cast<std::size_t>(h)].running.push_back(t);
  }
  if (needed > 0) {
    int sum = 0;
    for (HostIndex h = 0; h < static_cast<HostIndex>(sg_hosts_.size()); ++h) sum += view_.host(h).free_cores;
    throw InvariantError("job " + job.id + " was started without enough free cores " + std::to_string(free_total_) + " vs " + std::to_string(sum) + " need " + std::to_string(job.rigid_cores));
  }
  free_total_ -= job.rigid_cores;
  const double now = sg4::Engine::get_clock();
  running_rigid_.push_back({j, job.rigid_cores, now + job.walltime_s});
  tasks_[t].state = State::Running;
  tasks_[t].start_s = now;
  tasks_[t].host = chunks.front().first;
  return chunks;
}

void Controller::release_gang(TaskId t, const std::vector<Chunk>& chunks) {
  for (const auto& [h, cores] : chunks) {
    HostState& hs = view_.mutable_host(h);
    auto& running = hosts_[static_cast<std::size_t>(h)].running;
    const auto it = std::find(running.begin(), running.end(), t);
    if (!hs.up || it == running.end()) continue;  // a failed host was reset already
    running.erase(it);
    hs.free_cores += cores;
    hs.running -= 1;
    free_total_ += cores;
    view_.update(h);
  }
  const JobId j = w_.tasks[t].job;
  running_rigid_.erase(std::find_if(running_rigid_.begin(), running_rigid_.end(),
                                    [j](const RunningJob& r) { return r.job == j; }));
}

void Controller::run_gang(TaskId t, std::vector<Chunk> chunks) {
  const Task& task = w_.tasks[t];
  const Job& job = w_.jobs[task.job];
  const double start = sg4::Engine::get_clock();
  std::vector<sg4::ExecPtr> execs;
  for (const auto& [h, cores] : chunks) {
    if (task.flops <= 0) break;
    sg4::ExecPtr exec = sg4::Exec::init();
    exec->set_flops_amount(task.flops / task.cores);  // each core's share
    exec->set_host(sg_hosts_[static_cast<std::size_t>(h)]);
    exec->set_thread_count(cores);
    exec->start();
    execs.push_back(exec);
  }
  const bool limited = cfg_.scheduling.kill_at_walltime && job.walltime_s > 0;
  // A job that ends exactly at its requested time is not late: SimGrid may fire the timeout
  // first at an equal date, so the deadline gets a hair of slack.
  const double deadline = start + job.walltime_s + std::max(1e-6, job.walltime_s * 1e-9);
  Outcome outcome = Outcome::Succeeded;
  try {
    for (auto& exec : execs) {
      if (limited)
        exec->wait_for(deadline - sg4::Engine::get_clock());
      else
        exec->wait();
    }
  } catch (const simgrid::TimeoutException&) {
    outcome = Outcome::WalltimeExceeded;
  } catch (const simgrid::HostFailureException&) {
    outcome = Outcome::HostFailed;  // on_host_state() failed the task already
  }
  if (outcome != Outcome::Succeeded)
    for (auto& exec : execs)
      if (exec->get_state() != sg4::Activity::State::FINISHED) exec->cancel();
  ++result_.events;
  release_gang(t, chunks);
  const HostIndex first = chunks.front().first;
  if (outcome == Outcome::Succeeded) {
    Attempt a;
    a.task = t;
    a.host = first;
    a.ready_s = tasks_[t].ready_s;
    a.start_s = start;
    a.end_s = sg4::Engine::get_clock();
    complete(t, first, a);
  } else if (outcome == Outcome::WalltimeExceeded) {
    fail(t, first, outcome, start);
    dispatch();
  } else {
    dispatch();
  }
  for (const auto& chunk : chunks) wake_worker(chunk.first);
}

}  // namespace nimbus
