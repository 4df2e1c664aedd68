// A program lost to a failure of the platform runs again, as a whole, when faults.retry
// allows another try (faults.checkpoint implies it): every rank restarts, on the hosts the
// scheduler gives it then. With faults.checkpoint, the ranks checkpoint together at a
// barrier once `interval` has passed since the program started or last checkpointed — a
// barrier is a moment where every rank is at a known step, so the checkpoint is coordinated
// without a protocol of its own (Chandy-Lamport would be needed anywhere else). Each rank
// writes for `cost`; the checkpoint counts once every rank has written it. A restart then
// spends `restart` on each rank and resumes every rank after that barrier. Programs of work
// items (master-worker) restart from the beginning of nothing: they are not restarted.
#include "platform/sg_compat.hpp"
#include "runtime/runtime.hpp"

namespace nimbus {
namespace sg4 = simgrid::s4u;

// The back-off before the program runs again, if it may.
std::optional<double> Runtime::restart_delay(JobId j, Outcome outcome) const {
  const Job& job = w_.jobs[j];
  if (job.task_count != job.ranks) return std::nullopt;  // has work items
  return retry_.delay_before(tasks_[job.first_task].tries + 1, outcome);
}

void Runtime::restart_program(JobId j, double delay) {
  const Job& job = w_.jobs[j];
  for (TaskId t = job.first_task; t < job.first_task + job.ranks; ++t) {
    ++tasks_[t].tries;
    tasks_[t].status = Status::Ready;
    tasks_[t].ready_s = sg4::Engine::get_clock() + delay;
  }
  if (delay <= 0) {
    resubmit_program(j);
    return;
  }
  sg::add_actor("retry", controller_host_, [this, j, delay] {
    guarded([this, j, delay] {
      sg4::this_actor::sleep_for(delay);
      resubmit_program(j);
      dispatch();
    });
  });
}

// Back to where a program waits for its cores, as when it was submitted.
void Runtime::resubmit_program(JobId j) {
  const Job& job = w_.jobs[j];
  if (!job.rank_hosts.empty()) {
    pinned_waiting_.push_back(j);
    return;
  }
  job_policy_.rigid->submit({j, job.submit_s, static_cast<int>(job.ranks), job.walltime_s, job.priority});
  ++rigid_waiting_;
}

// Rank r has passed its program's k-th barrier of this run.
void Runtime::checkpoint_at_barrier(ProgramRun& p, std::uint32_t r) {
  const Job& job = w_.jobs[p.job];
  if (job.task_count != job.ranks) return;
  RankState& rank = p.ranks[r];
  const std::uint32_t k = rank.barriers++;
  const double now = sg4::Engine::get_clock();
  const CheckpointSpec& cp = cfg_.faults.checkpoint;
  if (p.checkpoint_after.size() <= k) {  // the first rank out of the barrier decides for all
    const bool due = now - p.last_checkpoint_s >= cp.interval_s;
    p.checkpoint_after.push_back(due);
    p.written.push_back(0);
    if (due) p.last_checkpoint_s = now;
  }
  if (!p.checkpoint_after[k]) return;
  p.saving[r] = rank.step + 1;
  p.saving_compute_s[r] = attempts_[rank.ticket].compute_s;
  if (cp.cost_s > 0) {
    sg4::this_actor::sleep_for(cp.cost_s);
    if (!attempts_.is_open(rank.ticket)) return;
    attempts_[rank.ticket].add_sleep(cp.cost_s);
    trace(p, r, RankSlice::Kind::Sleep, now, now + cp.cost_s);
  }
  result_.checkpoint_core_s += cp.cost_s;
  if (++p.written[k] < job.ranks) return;
  program_checkpoints_[p.job] = p.saving;  // complete: it counts
  for (std::uint32_t q = 0; q < job.ranks; ++q) p.ranks[q].saved_compute_s = p.saving_compute_s[q];
}

}  // namespace nimbus
