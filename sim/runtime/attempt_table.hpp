// The attempt table: every task attempt running, with its host(s), the SimGrid activities it
// is running and its predicted end. (A task waiting in a host's queue has no attempt yet:
// it costs the queue's entry, not a row here.) The only place that knows what runs
// where, so that a copy can be cancelled, a checkpoint can read progress, and a retry is a
// new attempt. Slots are reused once an attempt ends; a Ticket (slot + serial) tells an
// executor whether the attempt it holds is still the one in its slot.
#pragma once

#include "runtime/cluster_state.hpp"
#include "runtime/log_follower.hpp"
#include "runtime/records.hpp"

#include <simgrid/s4u/Activity.hpp>

#include <cstdint>
#include <vector>

namespace nimbus {

struct Ticket {
  std::uint32_t slot = 0;
  std::uint32_t serial = 0;
};

// Aligned to cache lines: an attempt's slot is read and written at its start and end, a
// thousand other attempts' events apart, so each line it spans is a cache miss. What every
// attempt reads fills the first two; the third holds what only gangs, ranks, checkpoints
// and sleep steps use, and is not read unless one of them wrote it (`rare_`).
struct alignas(64) LiveAttempt {
  Attempt record;               // the row of the event log being filled in
  Transfers moved;              // and what it moved over the network
  std::uint32_t serial = 0;     // 0: the slot is free
private:
  bool rare_ = false;           // `rare` holds something: cleared when the slot is freed
public:
  double predicted_end_s = 0;
  double compute_s = 0;         // seconds spent computing so far (computations complete)
  double computing_since = -1;  // when the computation running now began; -1: none runs
  std::vector<simgrid::s4u::ActivityPtr> activities;  // running now (cancelled if it is lost)

  // A gang's cores (a rigid job's, a rank's); empty for a task on one host.
  const std::vector<Chunk>& chunks() const { return rare_ ? rare.chunks : kNoChunks; }
  double saved_s() const { return rare_ ? rare.saved_s : 0; }  // of compute_s, kept by checkpoints
  double sleep_s() const { return rare_ ? rare.sleep_s : 0; }  // in sleep steps so far
  void set_chunks(std::vector<Chunk> chunks) { rare_some().chunks = std::move(chunks); }
  void add_saved(double s) { rare_some().saved_s += s; }
  void add_sleep(double s) { rare_some().sleep_s += s; }

private:
  friend class AttemptTable;
  struct Rare {
    std::vector<Chunk> chunks;
    double saved_s = 0;
    double sleep_s = 0;
  };
  Rare& rare_some() {
    rare_ = true;
    return rare;
  }
  inline static const std::vector<Chunk> kNoChunks;
  alignas(64) Rare rare;  // the third line
};
static_assert(sizeof(LiveAttempt) == 192, "an attempt's slot: two lines every attempt reads, one only some do");

class AttemptTable {
public:
  Ticket open(TaskId task, std::uint32_t number, HostIndex host, double ready_s) {
    // Tries are at most kMaxAttempts, of at most 16 copies each: far below.
    if (number > UINT16_MAX) throw InvariantError("task " + std::to_string(task) + " past 65,535 attempts");
    std::uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    } else {
      slot = free_.back();
      free_.pop_back();
    }
    LiveAttempt& a = slots_[slot];  // fields reset one by one: the vectors keep their memory
    a.record = Attempt{};
    a.moved = Transfers{};
    a.record.task = task;
    a.record.attempt = static_cast<std::uint16_t>(number);
    a.record.host = host;
    a.record.ready_s = ready_s;
    a.serial = ++serial_;
    a.predicted_end_s = a.compute_s = 0;
    a.computing_since = -1;
    ++open_;
    return {slot, a.serial};
  }
  bool is_open(Ticket t) const { return t.slot < slots_.size() && slots_[t.slot].serial == t.serial; }
  LiveAttempt& operator[](Ticket t) { return slots_[t.slot]; }
  const LiveAttempt& at(Ticket t) const { return slots_[t.slot]; }
  // Ends the attempt: its row goes to the log; the slot is free for another.
  const Attempt& close(Ticket t, Outcome outcome, double end_s, RunResult& log) {
    LiveAttempt& a = slots_[t.slot];
    a.record.outcome = outcome;
    a.record.end_s = end_s;
    if (follower_ != nullptr && (log.attempts.size() == log.attempts.capacity() ||
                                 log.transfers.size() == log.transfers.capacity()))
      unfollow();  // the log may move
    log.log(a.record, a.moved);
    if (follower_ != nullptr && log.attempts.size() % LogFollower::kRows == 0)
      follower_->rows_final(log.attempts.data(), log.attempts.size(), log.transfers.data());
    a.serial = 0;
    a.activities.clear();
    if (a.rare_) {
      a.rare.chunks.clear();
      a.rare.saved_s = a.rare.sleep_s = 0;
      a.rare_ = false;
    }
    free_.push_back(t.slot);
    --open_;
    return log.attempts.back();
  }
  std::size_t open_count() const { return open_; }
  // Tells `f` as the log's rows become final, until unfollow(). REQUIRES: the log's attempts
  // and transfers were reserved (a follower stops before either moves).
  void follow(LogFollower* f) { follower_ = f; }
  void unfollow() {
    if (follower_ != nullptr) follower_->pause();
    follower_ = nullptr;
  }

private:
  std::vector<LiveAttempt> slots_;
  std::vector<std::uint32_t> free_;
  LogFollower* follower_ = nullptr;
  std::uint32_t serial_ = 0;
  std::size_t open_ = 0;
};

}  // namespace nimbus
