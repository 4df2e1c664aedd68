// faults.message_logging for programs (the log itself: faults/message_log.hpp). A rank lost
// to a failure restarts alone, on a host the placement policy gives it (its own again, for
// ranks that name their hosts), from its own last checkpoint: each rank checkpoints by
// itself, every `interval`, between two steps with no request pending. Replaying its steps,
// it reads the messages it had received from their senders' logs (a transfer from the
// sender's host), does not send again what its receivers have, and passes the barriers
// every rank has passed. The other ranks go on: a rank waits for it only on a message it
// has not sent yet, or at a barrier. What the model leaves out: a log is kept with its
// sender's checkpoints, so a sender's failure does not lose it (the time to rebuild it by
// the sender's replay is not counted); logging costs no time of its own.
#include "platform/sg_compat.hpp"
#include "runtime/runtime.hpp"

#include <algorithm>
#include <cmath>

namespace nimbus {
namespace sg4 = simgrid::s4u;

namespace {
int payload = 0;  // nimbus moves no data (rank_ops.cpp)
}  // namespace

bool Runtime::can_log(const Job& job) const {
  if (!cfg_.faults.message_logging || job.task_count != job.ranks) return false;
  for (TaskId t = job.first_task; t < job.first_task + job.ranks; ++t)
    for (const Step& step : w_.steps_of(t)) {
      switch (step.kind) {
        case Step::Kind::Compute: if (step.item >= 0) return false; break;
        case Step::Kind::Recv:
        case Step::Kind::Irecv: if (step.peer < 0) return false; break;
        case Step::Kind::Sleep:
        case Step::Kind::Send:
        case Step::Kind::Isend:
        case Step::Kind::Wait:
        case Step::Kind::WaitAll:
        case Step::Kind::Barrier: break;
        default: return false;
      }
    }
  return true;
}

bool Runtime::rank_up(const ProgramRun& p, std::int32_t r) const {
  const RankState& rank = p.ranks[static_cast<std::size_t>(r)];
  // SimGrid's own state of the host: from 3.36 a failing host's transfers fail before the
  // callback that tells the runtime has run.
  return !rank.restarting && (rank.done || attempts_.is_open(rank.ticket)) &&
         sg_hosts_[static_cast<std::size_t>(rank.host)]->is_on();
}

// Ranks wait for a host to come back: the controller, if asleep for good, wakes and then
// sleeps only until the platform's next change (SimGrid ends a run in which no actor can
// move, host events pending or not).
void Runtime::watch_platform() {
  if (!std::isfinite(controller_wakes_at_)) wake_controller_->release();
}

// Host h is up again: ranks waiting for the log of a rank there that has finished read it.
void Runtime::logs_up(HostIndex h) {
  for (const auto& [j, p] : programs_)
    if (p->logged)
      for (std::uint32_t r = 0; r < p->ranks.size(); ++r)
        if (p->ranks[r].done && p->ranks[r].host == h) wake(*p, p->waiting_for[r]);
}

// Wakes the ranks waiting on `list` (a barrier passed, a sender up again). A rank woken for
// nothing looks again and waits again.
void Runtime::wake(ProgramRun& p, std::vector<std::uint32_t>& list) {
  const std::vector<std::uint32_t> ranks = std::move(list);
  list.clear();
  for (const std::uint32_t r : ranks)
    if (p.ranks[r].wake && attempts_.is_open(p.ranks[r].ticket)) p.ranks[r].wake->release();  // a simcall
}

// Blocks rank's actor until wake() releases it.
void Runtime::block(RankState& rank) {
  if (!rank.wake) rank.wake = sg4::Semaphore::create(0);
  const sg4::SemaphorePtr wake = rank.wake;  // the rank may get another one meanwhile (a restart)
  wake->acquire();
}

Outcome Runtime::logged_step(ProgramRun& p, std::uint32_t r, const Step& step) {
  RankState& rank = p.ranks[r];
  switch (step.kind) {
    case Step::Kind::Send: return logged_wait(p, r, {logged_send(p, r, step.peer, step.amount)});
    case Step::Kind::Recv: return logged_wait(p, r, {logged_recv(p, r, step.peer)});
    case Step::Kind::Isend: rank.pending.push_back(logged_send(p, r, step.peer, step.amount)); return Outcome::Succeeded;
    case Step::Kind::Irecv: rank.pending.push_back(logged_recv(p, r, step.peer)); return Outcome::Succeeded;
    case Step::Kind::Wait: {
      auto it = std::find_if(rank.pending.rbegin(), rank.pending.rend(),
                             [&](const PendingRequest& q) { return step.peer < 0 || q.peer == step.peer; });
      if (it == rank.pending.rend()) return Outcome::Succeeded;
      const PendingRequest request = *it;
      rank.pending.erase(std::next(it).base());
      return logged_wait(p, r, {request});
    }
    case Step::Kind::WaitAll: {
      std::vector<PendingRequest> requests = std::move(rank.pending);
      rank.pending.clear();
      return logged_wait(p, r, std::move(requests));
    }
    case Step::Kind::Barrier: return logged_barrier(p, r);
    default: throw InvariantError("a step message logging does not replay");
  }
}

// With message logging each message has a mailbox of its own: a send and a receive meet
// only if they are the same message, whatever attempts of the two ranks post them, or
// posted before they failed.
sg4::Mailbox* Runtime::message_box(const ProgramRun& p, std::int32_t from, std::int32_t to, std::uint32_t k) {
  return sg4::Mailbox::by_name("job" + std::to_string(p.job) + ":" + std::to_string(from) + ">" + std::to_string(to) + "#" +
                               std::to_string(k));
}

// Rank r's next message to `to`: sent, unless it is replayed and `to` has it.
PendingRequest Runtime::logged_send(ProgramRun& p, std::uint32_t r, std::int32_t to, double bytes) {
  RankState& rank = p.ranks[r];
  const auto self = static_cast<std::int32_t>(r);
  PendingRequest q{nullptr, to, bytes, rank.sent[to]++};
  if (!p.log.must_send(self, to, q.k)) return q;
  rank.bytes_sent += bytes;
  ++rank.messages_sent;
  q.comm = message_box(p, self, to, q.k)->put_async(&payload, payload_bytes(bytes));
  p.log.posted(self, to, q.k, bytes, q.comm);
  attempts_[rank.ticket].activities.push_back(q.comm);
  return q;
}

// A receive is posted to the mailbox at once; one from a log is read when the rank waits
// for it (SimGrid 3.36 and later fail a host-to-host transfer left unwaited while its actor
// computes), as is one whose sender is down.
PendingRequest Runtime::logged_recv(ProgramRun& p, std::uint32_t r, std::int32_t from) {
  PendingRequest q{nullptr, from, -1, p.ranks[r].received[from]++};
  post_logged_recv(p, r, q, false);
  return q;
}

// Posts receive q where its message is: the mailbox, or (when `read_log`) the sender's log;
// neither while the sender is down and the message is only in its log (q.comm stays null).
void Runtime::post_logged_recv(ProgramRun& p, std::uint32_t r, PendingRequest& q, bool read_log) {
  RankState& rank = p.ranks[r];
  const auto self = static_cast<std::int32_t>(r);
  const bool up = rank_up(p, q.peer);
  switch (p.log.source(q.peer, self, q.k, up)) {
    case MessageLog::Source::Mailbox: q.comm = message_box(p, q.peer, self, q.k)->get_async(&rank.sink); break;
    case MessageLog::Source::Log: {
      if (!read_log) return;
      const double bytes = p.log.bytes(q.peer, self, q.k);
      p.log.claim(q.peer, self, q.k, true);
      q.from_log = true;
      ++result_.messages_replayed;
      result_.bytes_replayed += bytes;
      result_.bytes_moved += bytes;
      q.comm = sg4::Comm::sendto_async(sg_hosts_[static_cast<std::size_t>(p.ranks[static_cast<std::size_t>(q.peer)].host)],
                                       sg_hosts_[static_cast<std::size_t>(rank.host)], payload_bytes(bytes));
      break;
    }
    case MessageLog::Source::WaitForSender: return;
  }
  attempts_[rank.ticket].activities.push_back(q.comm);
}

// Waits for rank r's requests. A send whose transfer fails is in the log: done (its receiver
// reads it from there). A receive whose sender failed is posted again once it is up; one
// that fails while its sender is up lost a link: the rank fails (and restarts).
Outcome Runtime::logged_wait(ProgramRun& p, std::uint32_t r, std::vector<PendingRequest> requests) {
  RankState& rank = p.ranks[r];
  const auto self = static_cast<std::int32_t>(r);
  const double from = sg4::Engine::get_clock();
  for (PendingRequest& q : requests) {
    const bool send = q.bytes >= 0;
    for (;;) {
      if (!q.comm) {
        if (send) break;  // its receiver has it already
        post_logged_recv(p, r, q, true);
        if (!q.comm) {  // its sender is down: wait until it is up
          p.waiting_for[static_cast<std::uint32_t>(q.peer)].push_back(r);
          ++log_waits_;
          watch_platform();
          block(rank);
          --log_waits_;
          if (!attempts_.is_open(rank.ticket)) return Outcome::Cancelled;
          continue;
        }
      }
      try {
        q.comm->wait();
      } catch (const simgrid::NetworkFailureException&) {
      } catch (const simgrid::CancelException&) {
      }
      if (!attempts_.is_open(rank.ticket)) return Outcome::Cancelled;
      const auto state = q.comm->get_state();
      if (state == sg4::Activity::State::FINISHED) {
        if (send)
          p.log.delivered(self, q.peer, q.k);
        else
          p.log.delivered(q.peer, self, q.k);
        break;
      }
      if (send) {
        p.log.lost(self, q.peer, q.k);
        break;
      }
      if (q.from_log) p.log.claim(q.peer, self, q.k, false);
      if (rank_up(p, q.peer)) return Outcome::NetworkFailed;
      q.comm = nullptr;
      q.from_log = false;
    }
  }
  account_wait(p, r, from, requests);
  return Outcome::Succeeded;
}

// A barrier counted here: a rank replaying passes the barriers every rank has passed, and a
// rank that arrived before it failed is not counted twice.
Outcome Runtime::logged_barrier(ProgramRun& p, std::uint32_t r) {
  RankState& rank = p.ranks[r];
  const std::uint32_t k = rank.barriers++;
  const double from = sg4::Engine::get_clock();
  if (k >= p.barriers_done) {
    if (rank.arrived <= k) {
      rank.arrived = k + 1;
      if (p.barrier_arrivals.size() <= k) p.barrier_arrivals.resize(k + 1, 0);
      if (++p.barrier_arrivals[k] == p.ranks.size()) {
        p.barriers_done = k + 1;
        wake(p, p.barrier_waiters);
      }
    }
    while (p.barriers_done <= k) {
      p.barrier_waiters.push_back(r);
      block(rank);
      if (!attempts_.is_open(rank.ticket)) return Outcome::Cancelled;
    }
  }
  rank.wait_s += sg4::Engine::get_clock() - from;
  trace(p, r, RankSlice::Kind::Wait, from, sg4::Engine::get_clock());
  return Outcome::Succeeded;
}

// After each step of a logged rank: its own checkpoint, once `interval` has passed since the
// last one began and no request is pending. It holds the step to resume from and how far
// the rank had gone with each peer; the logs let go of the messages it holds.
void Runtime::checkpoint_rank(ProgramRun& p, std::uint32_t r) {
  RankState& rank = p.ranks[r];
  const CheckpointSpec& cp = cfg_.faults.checkpoint;
  const double now = sg4::Engine::get_clock();
  if (!cp.enabled || !rank.pending.empty() || now - rank.checkpoint_s < cp.interval_s) return;
  rank.checkpoint_s = now;
  if (cp.cost_s > 0) {
    sg4::this_actor::sleep_for(cp.cost_s);
    if (!attempts_.is_open(rank.ticket)) return;
    attempts_[rank.ticket].add_sleep(cp.cost_s);
    trace(p, r, RankSlice::Kind::Sleep, now, now + cp.cost_s);
  }
  result_.checkpoint_core_s += cp.cost_s;
  rank.saved = {rank.step + 1, rank.barriers, rank.sent, rank.received};
  rank.saved_compute_s = attempts_[rank.ticket].compute_s;
  for (const auto& [from, n] : rank.received) p.log.forget_before(from, static_cast<std::int32_t>(r), n);
}

// Rank r was lost: with message logging it restarts alone, when the retry rule allows; false
// otherwise (its program fails as a whole).
bool Runtime::restart_rank_alone(ProgramRun& p, std::uint32_t r, Outcome outcome) {
  if (!p.logged || p.failing || outcome == Outcome::Succeeded || outcome == Outcome::Cancelled) return false;
  const TaskId t = w_.jobs[p.job].first_task + r;
  const std::optional<double> delay = retry_.delay_before(tasks_[t].tries + 1, outcome);
  if (!delay) return false;
  RankState& rank = p.ranks[r];
  record_rank(p, r, outcome);
  ++tasks_[t].tries;
  tasks_[t].status = Status::Ready;
  tasks_[t].ready_s = sg4::Engine::get_clock() + *delay;
  rank.restarting = true;
  rank.actor = nullptr;
  cancel_orphans();
  const JobId j = p.job;
  sg::add_actor("restart", controller_host_, [this, j, r, delay] {
    guarded([this, j, r, delay] {
      if (*delay > 0) sg4::this_actor::sleep_for(*delay);
      ranks_waiting_.push_back({j, r});
      dispatch();
      if (!ranks_waiting_.empty()) watch_platform();
    });
  });
  return true;
}

// Ranks waiting to restart take a core: their own host's, for ranks that name their hosts,
// else where the placement policy maps one rank.
void Runtime::start_ranks_waiting() {
  const double now = sg4::Engine::get_clock();
  std::vector<std::pair<std::shared_ptr<ProgramRun>, std::uint32_t>> started;
  for (auto it = ranks_waiting_.begin(); it != ranks_waiting_.end();) {
    const auto [j, r] = *it;
    const auto found = programs_.find(j);
    if (found == programs_.end()) {  // its program failed meanwhile
      it = ranks_waiting_.erase(it);
      continue;
    }
    HostIndex h = kNoHost;
    if (const auto pinned = pinned_hosts_.find(j); pinned != pinned_hosts_.end()) {
      h = pinned->second[r];
      const HostState& s = cluster_.view().host(h);
      if (!s.up || s.free_cores < 1) {
        ++it;
        continue;
      }
    } else {
      if (cluster_.free_cores() < 1) break;
      h = placement_->place_ranks(1, cluster_.view()).front();
    }
    it = ranks_waiting_.erase(it);
    ProgramRun& p = *found->second;
    RankState& rank = p.ranks[r];
    const TaskId t = w_.jobs[j].first_task + r;
    TaskInfo& info = tasks_[t];
    info.status = Status::Placed;
    rank.ticket = attempts_.open(t, ++info.attempts, h, info.ready_s);
    live_[t] = rank.ticket;
    attempts_[rank.ticket].record.start_s = now;
    attempts_[rank.ticket].set_chunks(cluster_.take_on({h}));
    // A new attempt, from the rank's checkpoint; `arrived` and the checkpoint stay.
    rank.host = h;
    rank.restarting = false;
    rank.pending.clear();
    rank.comm_s = rank.wait_s = rank.bytes_sent = 0;
    rank.messages_sent = 0;
    rank.resume = rank.saved.step;
    rank.barriers = rank.saved.barriers;
    rank.sent = rank.saved.sent;
    rank.received = rank.saved.received;
    rank.checkpoint_s = now;
    rank.saved_compute_s = 0;
    rank.wake = nullptr;  // the lost attempt's wake-ups are not this one's
    started.emplace_back(found->second, r);
  }
  for (auto& [p, r] : started) {
    if (!attempts_.is_open(p->ranks[r].ticket)) continue;
    const auto h = static_cast<std::size_t>(p->ranks[r].host);
    if (!engine_on_[h]) {  // went off a moment ago; its event is not handled yet
      end_rank(*p, r, Outcome::HostFailed);
      continue;
    }
    auto program = p;
    const std::uint32_t rank = r;
    p->ranks[r].actor = sg::add_actor("rank", sg_hosts_[h], [this, program, rank] {
      guarded([this, program, rank] { run_rank(program, rank); });
    });
    wake(*p, p->waiting_for[r]);
  }
}

}  // namespace nimbus
