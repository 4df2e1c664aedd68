// faults.replication on the runtime. A replicated task is pushed to the job policy K times;
// the placement policy places each copy as it would any task, except that a copy never
// shares a host (or, with spread: rack, a rack) with another copy of its task: it moves to
// the next host in platform order that qualifies, one with a free core if there is one. The first copy to succeed wins; the others
// are cancelled at once (outcome `cancelled`), running or queued, and their cores freed. The
// task is lost only when every copy is.
#include "runtime/runtime.hpp"

#include <algorithm>

namespace nimbus {
namespace sg4 = simgrid::s4u;

HostIndex Runtime::copy_host(TaskId t, HostIndex h) const {
  const CopySet& set = copies_.at(t);
  const ClusterView& view = cluster_.view();
  const bool racks = cfg_.faults.copies_in_racks;
  auto taken = [&](HostIndex c) {
    auto clash = [&](HostIndex other) {
      return other == c || (racks && view.host(c).rack >= 0 && view.host(c).rack == view.host(other).rack);
    };
    if (std::any_of(set.queued.begin(), set.queued.end(), clash)) return true;
    return std::any_of(set.running.begin(), set.running.end(),
                       [&](const Ticket& r) { return attempts_.is_open(r) && clash(attempts_.at(r).record.host); });
  };
  const auto n = static_cast<HostIndex>(view.size());
  const int cores = w_.tasks[t].cores;
  // First a host that can start the copy now, then one where it waits in the queue.
  for (const bool now : {true, false}) {
    for (HostIndex k = 0; k < n; ++k) {
      const HostIndex c = (h + k) % n;
      const HostState& s = view.host(c);
      if (s.up && engine_on_[static_cast<std::size_t>(c)] && (now ? s.free_cores : s.cores) >= cores && !taken(c)) return c;
    }
  }
  return kNoHost;  // not enough hosts (racks) up for every copy: it waits
}

// Copy t succeeded. Copies of its task that end at this same instant are woken in an order
// SimGrid does not promise (it differs between releases): each waits for the others to end
// their steps too (a yield lets every actor woken at this instant run first), and the one
// with the lowest attempt number wins; the others wait for it to cancel them.
void Runtime::settle_copies(Ticket t) {
  const TaskId task = attempts_.at(t).record.task;
  const auto set = copies_.find(task);
  if (set == copies_.end()) return;
  set->second.done_now.push_back(t);
  sg4::this_actor::yield();
  while (attempts_.is_open(t)) {
    const auto it = copies_.find(task);
    if (it == copies_.end()) return;
    auto& done = it->second.done_now;
    done.erase(std::remove_if(done.begin(), done.end(), [this](const Ticket& c) { return !attempts_.is_open(c); }), done.end());
    const auto first = std::min_element(done.begin(), done.end(), [this](const Ticket& a, const Ticket& b) {
      return attempts_.at(a).record.attempt < attempts_.at(b).record.attempt;
    });
    if (first == done.end() || first->slot == t.slot) {
      done.clear();
      return;  // this copy wins: the caller ends it, which cancels the others
    }
    sg4::this_actor::yield();  // the winner ends this one
  }
}

// Copy t of `task` ended on host h: the first to succeed wins and cancels the others; the task
// is lost only when its last copy is.
void Runtime::copy_ended(Ticket t, TaskId task, HostIndex h, Outcome outcome) {
  CopySet& set = copies_.at(task);
  set.running.erase(std::find_if(set.running.begin(), set.running.end(), [t](const Ticket& r) { return r.slot == t.slot; }));
  if (outcome != Outcome::Succeeded) {
    if (!copies_left(task)) task_lost(task, outcome);
    return;
  }
  if (set.backup_of.serial != 0 && set.backup_of.serial != t.serial) ++result_.backups_won;
  // Done first: task_done() may make a simcall (other actors run), and a copy ending
  // meanwhile must find the task won.
  tasks_[task].status = Status::Done;
  cancel_copies(task);
  if (!candidates_.empty()) speculation_wake_ = true;  // the cap has room again
  task_done(task, h);
}

bool Runtime::copies_left(TaskId t) const {
  const CopySet& set = copies_.at(t);
  return set.unplaced > 0 || !set.queued.empty() || !set.running.empty();
}

void Runtime::cancel_copies(TaskId t) {
  const CopySet set = std::move(copies_.at(t));
  copies_.erase(t);
  const double now = sg4::Engine::get_clock();
  // Every copy's attempt is closed before any activity is cancelled: cancelling is a
  // simcall, during which other actors run and must find their attempt over.
  std::vector<sg4::ActivityPtr> running;
  for (const Ticket c : set.running) {
    if (!attempts_.is_open(c)) continue;
    for (const auto& activity : attempts_[c].activities)
      if (activity->get_state() != sg4::Activity::State::FINISHED) running.push_back(activity);
    end_attempt(c, Outcome::Cancelled, false);
  }
  TaskInfo& info = tasks_[t];
  for (const HostIndex h : set.queued) {
    if (!queues_.erase_first(h, t))
      throw InvariantError("a copy of task " + std::to_string(t) + " was not in the queue of host " + std::to_string(h));
    replan(h);
    attempts_.close(attempts_.open(t, ++info.attempts, h, info.ready_s), Outcome::Cancelled, now, result_);
    job_policy_.tasks->finished(ready_task(t));
  }
  // Copies the job policy still holds: dropped when it hands them out (assign()).
  for (std::uint32_t k = 0; k < set.unplaced; ++k)
    attempts_.close(attempts_.open(t, ++info.attempts, kNoHost, info.ready_s), Outcome::Cancelled, now, result_);
  // Their actors wake to find their attempt over.
  for (auto& activity : running) activity->cancel();
}

}  // namespace nimbus
