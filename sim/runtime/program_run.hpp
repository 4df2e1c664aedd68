// A program running: its ranks (one attempt and one actor each), and what they share: the
// mailboxes between ranks, the barrier, the locks of each host. Held by a shared pointer
// that every rank actor keeps, so a rank unwinding after its program ended still finds it.
#pragma once

#include "faults/message_log.hpp"
#include "runtime/attempt_table.hpp"

#include <simgrid/s4u.hpp>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace nimbus {

// A message posted by a rank: a send of `bytes` to rank `peer`, or (bytes < 0) a receive
// from `peer` (-1: any rank). With message logging, `k` numbers it among the messages
// between the two, and a request may have no transfer: a send its receiver has already, or
// a receive that waits for its sender to be up again.
struct PendingRequest {
  simgrid::s4u::CommPtr comm;
  std::int32_t peer = -1;
  double bytes = -1;
  std::uint32_t k = 0;
  bool from_log = false;  // a receive read from the sender's log
};

// With message logging, what a rank's own checkpoint holds: the step it resumes from, and
// how far it had gone with each peer and with the barriers.
struct RankCheckpoint {
  std::uint32_t step = 0;
  std::uint32_t barriers = 0;
  std::unordered_map<std::int32_t, std::uint32_t> sent, received;
};

struct RankState {
  Ticket ticket;
  HostIndex host = kNoHost;
  simgrid::s4u::ActorPtr actor;
  std::vector<PendingRequest> pending;  // isend/irecv not waited for yet, oldest first
  std::vector<std::int32_t> held;       // locks held now
  double comm_s = 0, wait_s = 0;        // see RankRow
  double bytes_sent = 0;
  std::uint64_t messages_sent = 0;
  std::uint32_t step = 0;  // the step running now, from the body's start (deadlock reports)
  std::int32_t last_source = -1;  // who sent what RecvAny received last
  std::uint32_t resume = 0;       // the step it starts from: after its program's last checkpoint
  std::uint32_t barriers = 0;     // barriers passed in this run
  void* sink = nullptr;    // where received payloads land (nimbus sends no data)
  // Message logging (runtime/message_logging.cpp): messages sent to and received from each
  // peer, the rank's last checkpoint, and when it began; the barriers it has arrived at in
  // any attempt; whether it waits for a core to restart.
  std::unordered_map<std::int32_t, std::uint32_t> sent, received;
  RankCheckpoint saved;
  double checkpoint_s = 0;
  double saved_compute_s = 0;  // of this attempt's computation, what a checkpoint holds
  std::uint32_t arrived = 0;
  bool restarting = false;
  // Where the rank blocks until a barrier is passed or a sender is up: a semaphore, not
  // SimGrid's suspend, which would also pause the rank's transfers on their way.
  simgrid::s4u::SemaphorePtr wake;
  bool done = false;  // succeeded: its log stays readable on its host
};

struct ProgramRun {
  JobId job = 0;
  std::vector<RankState> ranks;
  std::uint32_t running = 0;  // ranks not ended yet
  bool failing = false;       // a rank failed: the others are being cancelled
  bool restarting = false;    // ... and the program will run again (faults.retry, checkpoint)
  double restart_delay = 0;   // ... after this back-off
  simgrid::s4u::BarrierPtr barrier;
  // Coordinated checkpoints (runtime/program_restart.cpp), decided at barriers: whether the
  // k-th barrier of this run is followed by one, and how many ranks have written theirs.
  std::vector<bool> checkpoint_after;
  std::vector<std::uint32_t> written;
  std::vector<std::uint32_t> saving;  // per rank, the step it would resume from
  double last_checkpoint_s = 0;
  std::vector<double> saving_compute_s;  // per rank, its computation when it wrote its part

  // Message logging: on when faults.message_logging is set and the program has only
  // messages between named ranks and barriers (a receive from any rank, a work item or a
  // lock would need their order logged too). Then barriers are counted here rather than by
  // SimGrid's, so that a rank replaying its steps passes the ones it passed already.
  bool logged = false;
  MessageLog log;
  std::vector<std::uint32_t> barrier_arrivals;  // per barrier, the ranks arrived
  std::uint32_t barriers_done = 0;               // barriers every rank has passed
  std::vector<std::uint32_t> barrier_waiters;    // ranks waiting in a barrier
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> waiting_for;  // rank -> ranks waiting until it is up

  // Messages from rank `from` to rank `to` travel through their own mailbox, so they match
  // in the order they were sent (MPI's non-overtaking rule); `from` -1 is the mailbox of
  // messages to `to` from any rank. Creating a mailbox or a mutex
  // is a simcall, during which other ranks run: the map gets it only once it exists.
  simgrid::s4u::Mailbox* mailbox(std::int32_t from, std::int32_t to) {
    const std::uint64_t key = static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32 | static_cast<std::uint32_t>(to);
    if (const auto it = mailboxes_.find(key); it != mailboxes_.end()) return it->second;
    auto* created = simgrid::s4u::Mailbox::by_name("job" + std::to_string(job) + ":" + std::to_string(from) + ">" +
                                                   std::to_string(to));
    return mailboxes_.emplace(key, created).first->second;
  }
  simgrid::s4u::Mutex& lock(HostIndex h, std::int32_t id) {
    if (const auto it = locks_.find({h, id}); it != locks_.end()) return *it->second;
    auto created = simgrid::s4u::Mutex::create();
    return *locks_.emplace(std::make_pair(h, id), created).first->second;
  }

private:
  std::unordered_map<std::uint64_t, simgrid::s4u::Mailbox*> mailboxes_;
  std::map<std::pair<HostIndex, std::int32_t>, simgrid::s4u::MutexPtr> locks_;
};

}  // namespace nimbus
