// Rigid jobs: batch jobs that need N cores at once.
//
// The job policy chooses which waiting jobs start (it sees the free cores and the running
// jobs' estimated ends). A started job takes its cores from the cluster state, first fit in
// host order, possibly across hosts, and a gang actor on the controller's host runs one
// execution per host, all started together; the job ends when all do, or is killed at its
// requested time.
#include "runtime/runtime.hpp"

#include "platform/sg_compat.hpp"
#include "util/log.hpp"

#include <algorithm>

namespace nimbus {
namespace sg4 = simgrid::s4u;

void Runtime::start_rigid_jobs() {
  const double now = sg4::Engine::get_clock();
  // Take the cores of every chosen job before creating any actor: creating one is a
  // simcall, and other actors may run (and start or end jobs) before it returns.
  std::vector<Ticket> gangs;
  std::vector<JobId> programs;
  for (const JobId j : job_policy_.rigid->start_now(now, cluster_.free_cores(), running_rigid_)) {
    --rigid_waiting_;
    const Job& job = w_.jobs[j];
    if (job.ranks > 0) {
      programs.push_back(j);
      continue;
    }
    const TaskId t = job.first_task;
    TaskInfo& info = tasks_[t];
    info.status = Status::Placed;
    const Ticket a = attempts_.open(t, ++info.attempts, kNoHost, info.ready_s);
    live_[t] = a;
    LiveAttempt& live = attempts_[a];
    live.set_chunks(cluster_.take_gang(job.rigid_cores));
    live.record.host = live.chunks().front().host;
    live.record.start_s = now;
    if (log_decision())
      logger("scheduling")->debug("t={:.6g}: {} started job {} on {} cores of {} host{} (waited {:.6g} s)", now,
                                  cfg_.scheduling.jobs, job.id, job.rigid_cores, live.chunks().size(),
                                  live.chunks().size() == 1 ? "" : "s", now - job.submit_s);
    running_rigid_.push_back({j, job.rigid_cores, now + job.walltime_s});
    gangs.push_back(a);
  }
  // A program's ranks take their cores as the placement policy maps them.
  for (const JobId j : programs) start_program(j, placement_->place_ranks(static_cast<int>(w_.jobs[j].ranks), cluster_.view()));
  for (const Ticket a : gangs)
    sg::add_actor("gang", controller_host_, [this, a] { guarded([this, a] { run_gang(a); }); });
}

void Runtime::run_gang(Ticket ticket) {
  if (!attempts_.is_open(ticket)) return;  // a host of it failed before it began
  const TaskId t = attempts_[ticket].record.task;
  const Task& task = w_.tasks[t];
  const Job& job = w_.jobs[task.job];
  const double start = sg4::Engine::get_clock();
  std::vector<sg4::ExecPtr> execs;
  for (const Chunk& c : attempts_[ticket].chunks()) {
    if (task.flops <= 0) break;
    sg4::ExecPtr exec = sg4::Exec::init();
    exec->set_flops_amount(task.flops / task.cores);  // each core's share
    exec->set_host(sg_hosts_[static_cast<std::size_t>(c.host)]);
    exec->set_thread_count(c.cores);
    exec->start();
    execs.push_back(exec);
    attempts_[ticket].activities.push_back(exec);
  }
  attempts_[ticket].computing_since = start;
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
    outcome = Outcome::HostFailed;
  } catch (const simgrid::CancelException&) {
    outcome = Outcome::HostFailed;  // the runtime cancelled it: one of its hosts failed
  }
  if (!attempts_.is_open(ticket)) return;  // the runtime ended it already (a host failed)
  ++result_.events;
  attempts_[ticket].compute_s = sg4::Engine::get_clock() - start;
  attempts_[ticket].computing_since = -1;
  end_attempt(ticket, outcome, true);
}

}  // namespace nimbus
