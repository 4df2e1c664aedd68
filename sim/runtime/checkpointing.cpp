// faults.checkpoint on the runtime: a task computes in segments of the checkpoint interval,
// each followed by writing a checkpoint (the task holds its cores and makes no progress).
// A checkpoint counts once written; the next attempt after a failure restarts (`restart`
// seconds, during which it can fail again) and resumes from the last one. Formulas and their
// tests: faults/checkpoint.hpp, docs/faults.md.
#include "runtime/runtime.hpp"

namespace nimbus {
namespace sg4 = simgrid::s4u;

Outcome Runtime::compute_checkpointed(Ticket ticket, HostIndex h) {
  const CheckpointSpec& cp = cfg_.faults.checkpoint;
  const TaskId t = attempts_[ticket].record.task;
  const Task& task = w_.tasks[t];
  // Sleeps `seconds` of overhead; false if the attempt was lost meanwhile.
  auto overhead = [&](double seconds, double& total) {
    if (seconds <= 0) return true;
    sg4::this_actor::sleep_for(seconds);
    if (!attempts_.is_open(ticket)) return false;
    total += seconds * task.cores;
    return true;
  };
  if (attempts_[ticket].record.attempt > 1 && !overhead(cp.restart_s, result_.restart_core_s)) return Outcome::HostFailed;
  // A segment is `interval` seconds of computation at the host's nominal speed.
  const double segment = cp.interval_s * cluster_.view().host(h).speed_flops * task.cores;
  for (;;) {
    const double left = task.flops - saved_flops_[t];
    if (left <= segment * (1 + 1e-9)) return compute(ticket, left, task.cores);  // the last: no checkpoint after it
    const double began_s = attempts_[ticket].compute_s;
    if (const Outcome o = compute(ticket, segment, task.cores); o != Outcome::Succeeded) return o;
    if (!overhead(cp.cost_s, result_.checkpoint_core_s)) return Outcome::HostFailed;
    saved_flops_[t] += segment;
    attempts_[ticket].add_saved(attempts_[ticket].compute_s - began_s);
  }
}

}  // namespace nimbus
