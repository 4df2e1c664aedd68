// Programs: jobs of P ranks that start together, one core each, and talk to each other.
//
// A program whose ranks name their hosts starts as soon as those hosts have the cores free
// (programs of this kind in submit order, a later one may pass one that does not fit yet);
// the others wait in the job policy's rigid queue like a rigid job of P cores, and the
// placement policy maps their ranks (place_ranks: pack by default, spread). Each rank is an
// actor on its host running its steps. A rank that fails (its host goes off) fails the
// program: the other ranks are cancelled, as an MPI job dies with one of its processes.
#include "runtime/runtime.hpp"

#include "platform/sg_compat.hpp"

#include <algorithm>
#include <cmath>

namespace nimbus {
namespace sg4 = simgrid::s4u;

void Runtime::start_programs_pinned() {
  for (auto it = pinned_waiting_.begin(); it != pinned_waiting_.end();) {
    const std::vector<HostIndex>& hosts = pinned_hosts_.at(*it);
    std::map<HostIndex, int> needed;
    for (const HostIndex h : hosts) ++needed[h];
    const bool fits = std::all_of(needed.begin(), needed.end(), [&](const auto& n) {
      const HostState& s = cluster_.view().host(n.first);
      return s.up && engine_on_[static_cast<std::size_t>(n.first)] && s.free_cores >= n.second;
    });
    if (!fits) {
      ++it;
      continue;
    }
    const JobId j = *it;
    it = pinned_waiting_.erase(it);
    start_program(j, hosts);
  }
}

void Runtime::start_program(JobId j, const std::vector<HostIndex>& hosts) {
  const Job& job = w_.jobs[j];
  if (hosts.size() != job.ranks)
    throw InvariantError("program " + job.id + " of " + std::to_string(job.ranks) + " ranks was given " +
                         std::to_string(hosts.size()) + " cores");
  const double now = sg4::Engine::get_clock();
  auto p = std::make_shared<ProgramRun>();
  p->job = j;
  p->running = job.ranks;
  p->barrier = sg4::Barrier::create(job.ranks);
  p->ranks.resize(job.ranks);
  const std::vector<Chunk> chunks = cluster_.take_on(hosts);
  for (std::uint32_t r = 0; r < job.ranks; ++r) {
    const TaskId t = job.first_task + r;
    TaskInfo& info = tasks_[t];
    info.status = Status::Placed;
    const Ticket a = attempts_.open(t, ++info.attempts, hosts[r], info.ready_s);
    live_[t] = a;
    attempts_[a].record.start_s = now;
    attempts_[a].set_chunks({chunks[r]});
    p->ranks[r].ticket = a;
    p->ranks[r].host = hosts[r];
  }
  if (const auto saved = program_checkpoints_.find(j); saved != program_checkpoints_.end())
    for (std::uint32_t r = 0; r < job.ranks; ++r) p->ranks[r].resume = saved->second[r];
  p->last_checkpoint_s = now;
  p->saving.assign(job.ranks, 0);
  p->saving_compute_s.assign(job.ranks, 0);
  p->logged = can_log(job);
  for (RankState& rank : p->ranks) rank.checkpoint_s = now;
  running_rigid_.push_back({j, static_cast<int>(job.ranks), job.walltime_s > 0 ? now + job.walltime_s : INFINITY});
  programs_[j] = p;
  // Every rank's state is set before the first actor starts (a simcall: others run then).
  for (std::uint32_t r = 0; r < job.ranks; ++r) {
    if (!attempts_.is_open(p->ranks[r].ticket)) continue;  // the program failed meanwhile
    const auto h = static_cast<std::size_t>(hosts[r]);
    if (!engine_on_[h]) {  // went off a moment ago; its event is not handled yet
      end_rank(*p, r, Outcome::HostFailed);
      continue;
    }
    p->ranks[r].actor = sg::add_actor("rank", sg_hosts_[h], [this, p, r] { guarded([this, p, r] { run_rank(p, r); }); });
  }
}

void Runtime::run_rank(const std::shared_ptr<ProgramRun>& p, std::uint32_t r) {
  const Ticket ticket = p->ranks[r].ticket;
  if (!attempts_.is_open(ticket)) return;
  // A program resuming from a checkpoint first restarts each rank (reads its checkpoint).
  const double restart = cfg_.faults.checkpoint.restart_s;
  if (p->ranks[r].resume > 0 && restart > 0) {
    const double from = sg4::Engine::get_clock();
    sg4::this_actor::sleep_for(restart);
    if (!attempts_.is_open(ticket)) return;
    attempts_[ticket].add_sleep(restart);
    result_.restart_core_s += restart;
    trace(*p, r, RankSlice::Kind::Sleep, from, from + restart);
  }
  const Outcome outcome = run_steps(p->ranks[r].host, ticket, p.get(), r);
  if (!attempts_.is_open(ticket)) return;  // ended by the runtime meanwhile
  if (outcome == Outcome::Succeeded && !p->ranks[r].held.empty())
    throw InvariantError("a rank of program " + w_.jobs[p->job].id + " ended holding a lock");
  end_rank(*p, r, outcome);
}

// Ends rank r; if it failed, the rest of its program is cancelled; when no rank is left,
// its cores are the scheduler's again.
void Runtime::end_rank(ProgramRun& p, std::uint32_t r, Outcome outcome) {
  if (restart_rank_alone(p, r, outcome)) return;
  // Whether the program runs again is known before its first rank is closed: a rank closed
  // for good is a task failed, one of a program that restarts is not.
  const bool fails_now = outcome != Outcome::Succeeded && !p.failing;
  if (fails_now) {
    p.failing = true;
    const std::optional<double> delay = restart_delay(p.job, outcome);
    p.restarting = delay.has_value();
    p.restart_delay = delay.value_or(0);
  }
  // Whether this call closed the last rank, known when it did: closing may make a simcall,
  // during which another rank may end too.
  bool last = close_rank(p, r, outcome);
  if (fails_now) {
    std::vector<sg4::ActorPtr> cancelled;
    for (std::uint32_t k = 0; k < p.ranks.size(); ++k) {
      if (!attempts_.is_open(p.ranks[k].ticket)) continue;
      last = close_rank(p, k, Outcome::Cancelled) || last;
      if (p.ranks[k].actor && p.ranks[k].actor != sg4::Actor::self()) cancelled.push_back(p.ranks[k].actor);
    }
    // Their attempts are closed before any is killed: killing is a simcall, during which
    // other ranks may run and must find their attempt over.
    for (auto& actor : cancelled) actor->kill();
    cancel_orphans();
  }
  if (!last) return;
  // The rank actors hold the program, and it their handles: let go, or neither is freed.
  for (RankState& rank : p.ranks) rank.actor = nullptr;
  cancel_items(p);
  const JobId j = p.job;
  running_rigid_.erase(std::find_if(running_rigid_.begin(), running_rigid_.end(),
                                    [j](const RunningJob& x) { return x.job == j; }));
  const bool restart = p.restarting;
  const double delay = p.restart_delay;
  result_.messages_logged += p.log.messages_logged();
  result_.bytes_logged += p.log.bytes_logged();
  programs_.erase(j);  // the rank actors still hold it while they unwind
  if (restart) restart_program(j, delay);
  dispatch();
}

// Closes rank r's attempt; true if it was the program's last rank running.
bool Runtime::close_rank(ProgramRun& p, std::uint32_t r, Outcome outcome) {
  record_rank(p, r, outcome);
  const bool last = --p.running == 0;
  const TaskId t = w_.jobs[p.job].first_task + r;
  p.ranks[r].done = outcome == Outcome::Succeeded;
  if (outcome == Outcome::Succeeded)
    task_done(t, p.ranks[r].host);
  else if (!p.restarting)
    task_failed(t);
  return last;
}

// Rank r's attempt ends: its rows, its core freed, its computation counted (lost, for an
// attempt that failed, but for what a checkpoint kept).
void Runtime::record_rank(ProgramRun& p, std::uint32_t r, Outcome outcome) {
  const double now = sg4::Engine::get_clock();
  RankState& rank = p.ranks[r];
  LiveAttempt& live = attempts_[rank.ticket];
  const auto h = static_cast<std::size_t>(rank.host);
  if (cluster_.view().host(rank.host).up) cluster_.finish(rank.host, 1);  // a host gone off has no cores held
  const double computed = live.compute_s + (live.computing_since >= 0 ? now - live.computing_since : 0);
  result_.compute_core_s += computed;
  if (outcome == Outcome::Succeeded) {
    result_.hosts[h].busy_core_s += live.compute_s;
  } else {
    result_.wasted_core_s += computed - rank.saved_compute_s;
    result_.hosts[h].busy_core_s += rank.saved_compute_s;
  }
  result_.ranks.push_back({p.job, r, rank.host, live.record.start_s, now, live.compute_s + live.sleep_s(), rank.comm_s,
                           rank.wait_s, rank.bytes_sent, rank.messages_sent, outcome});
  live.moved.bytes_out = rank.bytes_sent;
  result_.bytes_moved += rank.bytes_sent;
  for (auto& a : live.activities) orphans_.push_back(std::move(a));
  attempts_.close(rank.ticket, outcome, now, result_);
}

// The communications that ranks whose attempts ended had posted and not waited for: a
// killed actor's requests stay in the mailboxes, which keep their names when the program
// runs again, and would match the sends meant for the next run; one on its way ends with its
// rank. One over is left alone: it arrived, or SimGrid failed it (SimGrid's own state of a
// communication no one waited for stays "started"). Simcalls: called once the state is whole.
void Runtime::cancel_orphans() {
  const std::vector<sg4::ActivityPtr> orphans = std::move(orphans_);
  orphans_.clear();
  for (const auto& a : orphans)  // in a mailbox (not matched: no start), or on its way
    if (dynamic_cast<sg4::Comm*>(a.get()) != nullptr && a->get_state() == sg4::Activity::State::STARTED &&
        (a->get_start_time() < 0 || a->get_remaining() > 0))
      a->cancel();
}

// Host h went off: its ranks are lost (SimGrid killed their actors), and their programs with
// them.
void Runtime::fail_programs_on(HostIndex h) {
  std::vector<std::shared_ptr<ProgramRun>> hit;
  for (const auto& [j, p] : programs_)
    for (const RankState& rank : p->ranks)
      if (rank.host == h && attempts_.is_open(rank.ticket)) {
        hit.push_back(p);
        break;
      }
  for (const auto& p : hit)
    for (std::uint32_t r = 0; r < p->ranks.size(); ++r)
      if (p->ranks[r].host == h && attempts_.is_open(p->ranks[r].ticket)) {
        p->ranks[r].actor = nullptr;  // dead already
        end_rank(*p, r, Outcome::HostFailed);
      }
}

TaskId Runtime::item_task(const ProgramRun& p, std::int32_t item) const {
  const Job& job = w_.jobs[p.job];
  const TaskId t = job.first_task + job.ranks + static_cast<TaskId>(item);
  if (item < 0 || t >= job.first_task + job.task_count)
    throw InvariantError("program " + job.id + " names work item " + std::to_string(item) + ", which it does not have");
  return t;
}

void Runtime::item_ready(const ProgramRun& p, std::int32_t item) {
  TaskInfo& info = tasks_[item_task(p, item)];
  if (info.status != Status::Waiting) return;
  info.status = Status::Ready;
  info.ready_s = sg4::Engine::get_clock();
}

void Runtime::item_start(const ProgramRun& p, std::int32_t item, HostIndex h) {
  const TaskId t = item_task(p, item);
  TaskInfo& info = tasks_[t];
  if (info.status == Status::Waiting) item_ready(p, item);
  info.status = Status::Placed;
  live_[t] = attempts_.open(t, ++info.attempts, h, info.ready_s);
  attempts_[live_[t]].record.start_s = sg4::Engine::get_clock();
}

void Runtime::item_end(const ProgramRun& p, std::int32_t item) {
  const TaskId t = item_task(p, item);
  TaskInfo& info = tasks_[t];
  if (info.status != Status::Placed || !attempts_.is_open(live_[t]))
    throw InvariantError("work item " + std::to_string(item) + " of program " + w_.jobs[p.job].id + " ended before it started");
  task_done(t, attempts_.close(live_[t], Outcome::Succeeded, sg4::Engine::get_clock(), result_).host);
}

// When a program ends, its items that did not succeed end with it: cancelled.
void Runtime::cancel_items(const ProgramRun& p) {
  const Job& job = w_.jobs[p.job];
  const double now = sg4::Engine::get_clock();
  for (TaskId t = job.first_task + job.ranks; t < job.first_task + job.task_count; ++t) {
    TaskInfo& info = tasks_[t];
    if (info.status == Status::Done || info.status == Status::Failed) continue;
    Ticket a = live_[t];
    if (info.status != Status::Placed || !attempts_.is_open(a))
      a = attempts_.open(t, ++info.attempts, kNoHost, info.status == Status::Waiting ? now : info.ready_s);
    attempts_.close(a, Outcome::Cancelled, now, result_);
    task_failed(t);
  }
}

// Which ranks wait for what, when SimGrid finds that nothing can move any more.
std::string Runtime::describe_deadlock() const {
  std::string out;
  for (const auto& [j, p] : programs_) {
    const Job& job = w_.jobs[j];
    std::string blocked;
    int shown = 0, count = 0;
    for (std::uint32_t r = 0; r < p->ranks.size(); ++r) {
      if (!attempts_.is_open(p->ranks[r].ticket)) continue;
      ++count;
      if (shown++ >= 8) continue;
      const Step& s = w_.steps_of(job.first_task + r)[p->ranks[r].step];
      static const char* const kNames[] = {"fetch", "compute", "deliver", "sleep",   "send",     "recv",
                                           "isend", "irecv",   "wait",    "waitall", "barrier",  "lock",
                                           "unlock", "end",    "recv from any", "reply", "work"};
      blocked += (blocked.empty() ? "" : ", ") + std::string("rank ") + std::to_string(r) + " in " +
                 kNames[static_cast<int>(s.kind)];
      if (s.kind == Step::Kind::Send || s.kind == Step::Kind::Recv) blocked += " " + std::to_string(s.peer);
      blocked += " (step " + std::to_string(p->ranks[r].step + 1) + ")";
    }
    if (count > 8) blocked += ", and " + std::to_string(count - 8) + " more";
    if (!blocked.empty()) out += (out.empty() ? "" : "; ") + job.id + ": " + blocked;
  }
  return out;
}

}  // namespace nimbus
