// faults.speculation on the runtime (the rule: faults/speculation.hpp). Each attempt of a task
// that runs as one copy is watched from its start: if it still runs at slow_at(), it becomes
// a candidate. The controller backs candidates up, longest estimated time left first, while
// fewer tasks than the cap have a backup; a backup is a copy (replicas.cpp) that the
// placement policy places away from the original, and the first to finish wins.
#include "runtime/runtime.hpp"

#include <simgrid/s4u/Exec.hpp>

#include <algorithm>
#include <cmath>

namespace nimbus {
namespace sg4 = simgrid::s4u;

void Runtime::watch(Ticket t, double duration_s) {
  const double at = speculation_.slow_at(sg4::Engine::get_clock(), duration_s);
  slow_checks_.push({at, t});
  // The controller sleeps until its next instant: wake it if this one comes sooner. Not
  // here (a simcall, and the caller is changing state) but at the next safe point.
  if (at < controller_wakes_at_) speculation_wake_ = true;
}

void Runtime::wake_controller_if_due() {
  if (std::exchange(speculation_wake_, false)) wake_controller_->release();
}

double Runtime::next_slow_check() const {
  return slow_checks_.empty() ? std::numeric_limits<double>::infinity() : slow_checks_.top().at;
}

// How far an attempt's computation is, in [0, 1]: before it computes 0, after it 1.
double Runtime::progress(Ticket t) {
  const LiveAttempt& a = attempts_.at(t);
  if (a.computing_since < 0) return a.compute_s > 0 ? 1 : 0;
  const auto* exec = static_cast<const sg4::Exec*>(a.activities.back().get());
  return 1 - exec->get_remaining_ratio();
}

void Runtime::speculate() {
  const double now = sg4::Engine::get_clock();
  while (!slow_checks_.empty() && slow_checks_.top().at <= now) {
    if (attempts_.is_open(slow_checks_.top().attempt)) candidates_.push_back(slow_checks_.top().attempt);
    slow_checks_.pop();
  }
  const auto over = [this](const Ticket& t) {
    return !attempts_.is_open(t) || copies_.count(attempts_.at(t).record.task) > 0;
  };
  candidates_.erase(std::remove_if(candidates_.begin(), candidates_.end(), over), candidates_.end());
  if (candidates_.empty() || copies_.size() >= speculation_.cap(attempts_.open_count())) return;
  // LATE: back up the task that would end last. Reading progress is a simcall each: the
  // attempts are checked again after.
  std::vector<std::pair<double, Ticket>> ranked;
  for (const Ticket t : candidates_) {
    const double started = attempts_.at(t).record.start_s;
    ranked.emplace_back(SpeculationRule::time_left(progress(t), now - started), t);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  bool launched = false;
  for (const auto& [left, t] : ranked) {
    if (over(t)) continue;
    if (copies_.size() >= speculation_.cap(attempts_.open_count())) break;
    const TaskId task = attempts_.at(t).record.task;
    copies_[task] = CopySet{{}, {t}, 1, t, {}};
    ++result_.backups;
    job_policy_.tasks->push(ready_task(task));
    launched = true;
  }
  candidates_.erase(std::remove_if(candidates_.begin(), candidates_.end(), over), candidates_.end());
  if (launched) dispatch();
}

}  // namespace nimbus
