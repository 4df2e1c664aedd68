// The runtime's event log: what happened to each task attempt and each host. The metrics
// and output files read this and nothing else of the runtime.
//
// Times are seconds of simulated time:
//   ready  the task could run: its job was submitted and every input was produced
//   start  its inputs had arrived at its host and it began to compute (none if it never
//          began: a task lost while queued)
//   end    it ended: for a success, when its output had arrived where it goes (the submit
//          host for a task without consumers); for a failure, when it was lost
#pragma once

#include "util/host_index.hpp"
#include "workload/workload.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace nimbus {

enum class Outcome : std::uint8_t {
  Succeeded,
  HostFailed,        // the host went off while the task was queued or running there
  InputLost,         // a producer's host (or a link) failed while sending this task its input
  NetworkFailed,     // a link (or the destination) failed while it sent its output
  DependencyFailed,  // a task it needs failed
  NoHost,            // no host able to run it was ever up
  WalltimeExceeded,  // a rigid job killed at its requested time, as batch systems do
  Cancelled,         // ended by the runtime: another copy won, or another rank of its program failed
  DataLost,          // no copy of its input block was on a host that was up
};
const char* outcome_name(Outcome outcome);

// Where a task's inputs came from, seen from the host that ran it.
enum class InputLocality : std::uint8_t { None, DataLocal, RackLocal, Remote };

// A row of the event log: 40 bytes, a million of them at a million tasks. What an attempt
// moved over the network is apart (Transfers), in a row of its own only for the attempts
// that moved anything: a bag's tasks, most often, move nothing.
struct Attempt {
  static constexpr double kNotStarted = -1;
  static constexpr std::uint32_t kNoTransfers = UINT32_MAX;
  TaskId task = 0;
  HostIndex host = kNoHost;   // a rigid job's first host
  std::uint16_t attempt = 1;  // 1 for the first attempt of a task
  Outcome outcome = Outcome::Succeeded;
  InputLocality locality = InputLocality::None;
  std::uint32_t transfers = kNoTransfers;  // into RunResult::transfers
  double ready_s = 0;
  double start_s = kNotStarted;
  double end_s = 0;
  bool started() const { return start_s >= 0; }
};
static_assert(sizeof(Attempt) == 40, "an attempt's row: 3 ids, 2 bytes of outcome, an index, 3 doubles");

// What an attempt moved over the network.
struct Transfers {
  // When it began to bring its inputs (kNotStarted: it never did, or at its start);
  // start_s - fetch_s is the time they took. For the timeline: what it shows before start,
  // and where DAG arrows land.
  double fetch_s = Attempt::kNotStarted;
  double bytes_in = 0;   // received over the network before starting
  double bytes_out = 0;  // sent after computing: its output, its written copies, a rank's messages
  double transfer_s = 0; // spent waiting for those transfers (inputs before start, output before end)
  bool any() const { return fetch_s >= 0 || bytes_in > 0 || bytes_out > 0 || transfer_s > 0; }
};

struct HostUsage {
  double busy_core_s = 0;  // core-seconds of computation (rigid jobs: their cores on this host)
  double down_s = 0;       // time spent off within [0, makespan]
  std::uint64_t tasks = 0; // task attempts that succeeded here
  std::uint32_t failures = 0;  // times it went off within [0, makespan]
  double energy_j = -1;    // consumed within [0, makespan]; -1: no energy model
};

// A rank of a program, once it ended. Its time [start, end] is split three ways, so that
// compute + comm + wait = end - start:
//   compute  computing, or sleeping (the rank's own work)
//   comm     blocked on a message already on its way: from the moment the message's
//            sender and receiver have both posted it (SimGrid starts the transfer) until it
//            arrives
//   wait     blocked for another rank: on a send or receive whose other side has not
//            posted yet, at a barrier, or for a lock another rank holds
// A host off from start to end (end is the makespan if it was still off then).
struct DownPeriod {
  HostIndex host = kNoHost;
  double start_s = 0, end_s = 0;
};

struct RankRow {
  JobId job = 0;
  std::uint32_t rank = 0;
  HostIndex host = kNoHost;
  double start_s = 0, end_s = 0;
  double compute_s = 0, comm_s = 0, wait_s = 0;
  double bytes_sent = 0;
  std::uint64_t messages_sent = 0;
  Outcome outcome = Outcome::Succeeded;
};

// For the timeline only (recorded when it is written): what a rank did over an interval, and
// a message from one rank to another, from the start of its transfer to its arrival.
struct RankSlice {
  enum class Kind : std::uint8_t { Compute, Sleep, Comm, Wait };
  JobId job = 0;
  std::uint32_t rank = 0;
  Kind kind = Kind::Compute;
  double start_s = 0, end_s = 0;
};
struct MessageRow {
  JobId job = 0;
  std::uint32_t from = 0, to = 0;
  double start_s = 0, end_s = 0;
  double bytes = 0;
};

// What `a` moved, from its log's transfers.
inline const Transfers& moved_by(const Attempt& a, const Transfers* transfers) {
  static const Transfers kNothing;
  return a.transfers == Attempt::kNoTransfers ? kNothing : transfers[a.transfers];
}

struct RunResult {
  // An attempt's row ends the log, with what it moved if it moved anything. Its inputs'
  // time, when they took none (fetched at its start), is no time: not kept.
  void log(Attempt row, Transfers moved) {
    if (moved.fetch_s == row.start_s) moved.fetch_s = Attempt::kNotStarted;
    if (moved.any()) {
      row.transfers = static_cast<std::uint32_t>(transfers.size());
      transfers.push_back(moved);
    }
    attempts.push_back(row);
  }
  const Transfers& moved(const Attempt& a) const { return moved_by(a, transfers.data()); }

  std::vector<Attempt> attempts;  // in the order they ended
  std::vector<Transfers> transfers;  // of the attempts that moved anything
  std::vector<RankRow> ranks;     // of programs, in the order they ended
  std::vector<RankSlice> rank_slices;  // with the timeline only
  std::vector<MessageRow> messages;    // with the timeline only, in the order they arrived
  std::vector<HostUsage> hosts;
  std::vector<DownPeriod> down_periods;  // within [0, makespan], by start time
  // When the last task ended (succeeded or failed); 0 if nothing ran. Utilization, down
  // time and energy cover [0, makespan].
  double makespan_s = 0;
  double bytes_moved = 0;
  // Fault tolerance (docs/faults.md), in core-seconds: computation in all attempts (complete
  // or cut short by a failure), the part of it lost (not kept by a checkpoint), and the time
  // spent writing checkpoints and restarting from them.
  double compute_core_s = 0;
  double wasted_core_s = 0;
  double checkpoint_core_s = 0;
  double restart_core_s = 0;
  // Tries of tasks (retry's count: the copies of a task, and a backup, are one try): the
  // tasks tried more than once and the most tries of one. Speculation: backups launched, and
  // the ones that finished first.
  std::uint64_t retried_tasks = 0;
  std::uint32_t most_tries = 0;
  std::uint64_t backups = 0;
  std::uint64_t backups_won = 0;
  // Replicated input blocks: times a block a task still needed was left without a copy on a
  // host that is up; copies made again (storage.rereplicate), and their bytes.
  std::uint64_t blocks_lost = 0;
  std::uint64_t rereplicated = 0;
  double bytes_rereplicated = 0;
  // Message logging: messages (and bytes) kept in their senders' logs, and read again from
  // them by ranks replaying their steps.
  std::uint64_t messages_logged = 0;
  double bytes_logged = 0;
  std::uint64_t messages_replayed = 0;
  double bytes_replayed = 0;
  // Down periods that ended (a host repaired) within the run: their count and total length.
  std::uint64_t repairs = 0;
  double repair_s = 0;
  std::uint64_t events = 0;  // activity completions: computations, transfers, submissions
  double wall_s = 0;         // of the host machine: not an output (outputs are deterministic)
};

// Raised when a program cannot go on: its ranks deadlock (the scenario's fault, exit 2).
struct ProgramError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Raised when the runtime catches itself breaking a rule it guarantees (a bug, exit 1).
struct InvariantError : std::logic_error {
  using std::logic_error::logic_error;
};

// A transfer's bytes as SimGrid counts them, in 64 bits. Every amount is bounded where it is
// parsed (a size at 1e18 B, and what is made of sizes), so accepted input never fails this.
inline std::uint64_t payload_bytes(double bytes) {
  if (!(bytes >= 0 && bytes <= 1e19)) throw InvariantError("a transfer of " + std::to_string(bytes) + " bytes");
  return static_cast<std::uint64_t>(bytes);
}

}  // namespace nimbus
