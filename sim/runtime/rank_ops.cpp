// The steps of a rank that involve other ranks, on SimGrid's own primitives: a message is a
// mailbox communication (a send completes when the receiver has it), a barrier is SimGrid's
// barrier, a lock SimGrid's mutex. Each blocked interval is split into wait (the other side
// had not posted yet: the communication's start is when both had) and comm (the transfer).
#include "runtime/runtime.hpp"

#include <algorithm>

namespace nimbus {
namespace sg4 = simgrid::s4u;

namespace {

// Nimbus moves no data: every message carries this pointer, or a small number (a rank, a
// work item) in place of a pointer, never null (SimGrid refuses to send null).
int payload = 0;
void* encode(std::int32_t value) { return reinterpret_cast<void*>(static_cast<std::intptr_t>(value) + 2); }
std::int32_t decode(void* p) { return static_cast<std::int32_t>(reinterpret_cast<std::intptr_t>(p) - 2); }

}  // namespace

// The time blocked in `requests` (posted by rank r, waited for since `from`, all arrived):
// wait until the last of them could start (both sides had posted it), comm after.
void Runtime::account_wait(ProgramRun& p, std::uint32_t r, double from, const std::vector<PendingRequest>& requests) {
  RankState& rank = p.ranks[r];
  const double now = sg4::Engine::get_clock();
  double started = from;
  std::size_t transfers = 0;
  for (const auto& q : requests)
    if (q.comm) {
      started = std::max(started, q.comm->get_start_time());
      ++transfers;
    }
  started = std::min(started, now);
  rank.wait_s += started - from;
  rank.comm_s += now - started;
  trace(p, r, RankSlice::Kind::Wait, from, started);
  trace(p, r, RankSlice::Kind::Comm, started, now);
  result_.events += transfers;
  auto& acts = attempts_[rank.ticket].activities;
  if (transfers == acts.size()) {  // a waitall: every activity of the rank is done
    acts.clear();
  } else {
    for (const auto& q : requests)
      if (const auto it = std::find(acts.begin(), acts.end(), sg4::ActivityPtr(q.comm)); q.comm && it != acts.end()) acts.erase(it);
  }
  if (cfg_.timeline)
    for (const auto& q : requests)
      if (q.bytes >= 0 && q.comm)
        result_.messages.push_back({p.job, r, static_cast<std::uint32_t>(q.peer), q.comm->get_start_time(),
                                    q.comm->get_finish_time(), q.bytes});
}

Outcome Runtime::rank_step(ProgramRun& p, std::uint32_t r, const Step& step) {
  if (p.logged) return logged_step(p, r, step);
  RankState& rank = p.ranks[r];  // ranks never move; attempt slots may (re-read after simcalls)
  const auto self = static_cast<std::int32_t>(r);
  auto post_send_to = [&](std::int32_t mailbox_from, std::int32_t to, double bytes, void* data) {
    rank.bytes_sent += bytes;
    ++rank.messages_sent;
    sg4::CommPtr comm = p.mailbox(mailbox_from, to)->put_async(data, payload_bytes(bytes));
    attempts_[rank.ticket].activities.push_back(comm);
    return PendingRequest{comm, to, bytes};
  };
  auto post_recv_from = [&](std::int32_t from) {
    sg4::CommPtr comm = p.mailbox(from, self)->get_async(&rank.sink);
    attempts_[rank.ticket].activities.push_back(comm);
    return PendingRequest{comm, from};
  };
  auto post_send = [&] {
    if (step.item >= 0) item_ready(p, step.item);  // the master starts sending it
    return post_send_to(self, step.peer, step.amount, &payload);
  };
  auto post_recv = [&] { return post_recv_from(step.peer); };
  // Waits for the communications; true if they all arrived.
  auto wait_for = [&](const std::vector<PendingRequest>& requests) {
    const double from = sg4::Engine::get_clock();
    try {
      for (const auto& q : requests) q.comm->wait();
    } catch (const simgrid::NetworkFailureException&) {
      return false;  // the other side's host, or a link between them, failed
    } catch (const simgrid::CancelException&) {
      return false;
    }
    if (!attempts_.is_open(rank.ticket)) return false;
    account_wait(p, r, from, requests);
    return true;
  };
  auto ok = [](bool done) { return done ? Outcome::Succeeded : Outcome::Cancelled; };

  switch (step.kind) {
    case Step::Kind::Send: return ok(wait_for({post_send()}));
    case Step::Kind::Recv: return ok(wait_for({post_recv()}));
    case Step::Kind::Isend: rank.pending.push_back(post_send()); return Outcome::Succeeded;
    case Step::Kind::Irecv: rank.pending.push_back(post_recv()); return Outcome::Succeeded;
    case Step::Kind::Wait: {
      // The request on that peer posted last (any peer: the last one), as SMPI's replay.
      auto it = std::find_if(rank.pending.rbegin(), rank.pending.rend(),
                             [&](const PendingRequest& q) { return step.peer < 0 || q.peer == step.peer; });
      if (it == rank.pending.rend()) return Outcome::Succeeded;  // nothing to wait for: MPI_Wait on a null request
      const PendingRequest request = *it;
      rank.pending.erase(std::next(it).base());
      return ok(wait_for({request}));
    }
    case Step::Kind::WaitAll: {
      const std::vector<PendingRequest> requests = std::move(rank.pending);
      rank.pending.clear();
      return ok(wait_for(requests));
    }
    case Step::Kind::Barrier: {
      const double from = sg4::Engine::get_clock();
      p.barrier->wait();
      rank.wait_s += sg4::Engine::get_clock() - from;
      trace(p, r, RankSlice::Kind::Wait, from, sg4::Engine::get_clock());
      if (cfg_.faults.checkpoint.enabled && attempts_.is_open(rank.ticket)) checkpoint_at_barrier(p, r);
      return ok(attempts_.is_open(rank.ticket));
    }
    case Step::Kind::Lock: {
      const double from = sg4::Engine::get_clock();
      p.lock(rank.host, step.peer).lock();
      rank.wait_s += sg4::Engine::get_clock() - from;
      trace(p, r, RankSlice::Kind::Wait, from, sg4::Engine::get_clock());
      rank.held.push_back(step.peer);
      return ok(attempts_.is_open(rank.ticket));
    }
    case Step::Kind::Unlock: {
      const auto held = std::find(rank.held.begin(), rank.held.end(), step.peer);
      if (held == rank.held.end())
        throw InvariantError("a rank of program " + w_.jobs[p.job].id + " released a lock it does not hold");
      rank.held.erase(held);
      p.lock(rank.host, step.peer).unlock();
      return Outcome::Succeeded;
    }
    case Step::Kind::EndItem: item_end(p, step.item); return Outcome::Succeeded;
    case Step::Kind::RecvAny:
      if (!wait_for({post_recv_from(-1)})) return Outcome::Cancelled;
      rank.last_source = decode(rank.sink);
      return Outcome::Succeeded;
    case Step::Kind::Reply:
      if (rank.last_source < 0) throw InvariantError("a reply with no request received");
      if (step.item >= 0) item_ready(p, step.item);
      return ok(wait_for({post_send_to(self, rank.last_source, step.amount, encode(step.item + 1))}));
    case Step::Kind::Work: {
      // Ask rank `peer` for work; each request after the first carries the last result.
      std::int32_t last = -1;
      for (;;) {
        if (!wait_for({post_send_to(-1, step.peer, last >= 0 ? step.amount : 0, encode(self))})) return Outcome::Cancelled;
        if (last >= 0) item_end(p, last);  // its result has arrived
        if (!wait_for({post_recv_from(step.peer)})) return Outcome::Cancelled;
        const std::int32_t item = decode(rank.sink) - 1;
        if (item < 0) return Outcome::Succeeded;  // no more work
        item_start(p, item, rank.host);
        const double began = sg4::Engine::get_clock();
        if (compute(rank.ticket, w_.tasks[item_task(p, item)].flops, 1) != Outcome::Succeeded) return Outcome::Cancelled;
        trace(p, r, RankSlice::Kind::Compute, began, sg4::Engine::get_clock());
        last = item;
      }
    }
    default: throw InvariantError("not a step between ranks");
  }
}

}  // namespace nimbus
