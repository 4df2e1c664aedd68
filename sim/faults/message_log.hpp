// faults.message_logging: sender-based pessimistic message logging (Johnson and Zwaenepoel,
// 1987; MPICH-V). Every message a rank sends stays in its sender's log, so a rank that fails
// restarts alone from its own last checkpoint: the messages it had received are read again
// from their senders' logs, and the messages it sends again that their receivers already
// have are not sent. The other ranks go on, and wait only for what they need of it.
//
// Messages from one rank to another match in the order they were sent (MPI's
// non-overtaking rule), so "the k-th message from a to b" names one message whatever
// attempt of a sends it or of b receives it. This class keeps, per message, what became of
// it; the runtime moves the bytes. Pure but for the handle of the transfer in flight, which
// it only reads.
#pragma once

#include <simgrid/s4u/Comm.hpp>

#include <cstdint>
#include <deque>
#include <unordered_map>

namespace nimbus {

class MessageLog {
public:
  enum class State : std::uint8_t {
    Posted,     // sent: in the receiver's mailbox, or on its way (`comm`)
    Delivered,  // the receiver has it
    Lost,       // its transfer failed (the receiver, or a link, failed): read it from the log
  };
  // Where the receiver's k-th message from a sender comes from.
  enum class Source : std::uint8_t {
    Mailbox,        // the sender's send (posted, or still to come)
    Log,            // the sender's log: a replay, or a transfer that failed
    WaitForSender,  // the sender's log, once the sender is up again
  };

  // The sender's side. Whether its k-th send to `to` must be sent: not when it is replayed
  // and `to` has the message already, or is reading it from the log.
  bool must_send(std::int32_t from, std::int32_t to, std::uint32_t k);
  // It was sent, as `comm`; a first send is logged (the log's size grows by `bytes`).
  void posted(std::int32_t from, std::int32_t to, std::uint32_t k, double bytes, simgrid::s4u::CommPtr comm);
  void delivered(std::int32_t from, std::int32_t to, std::uint32_t k);
  void lost(std::int32_t from, std::int32_t to, std::uint32_t k);

  // The receiver's side: where its k-th message from `from` comes from, given whether the
  // sender is up.
  Source source(std::int32_t from, std::int32_t to, std::uint32_t k, bool sender_up);
  // The receiver reads it from the log (so the sender's replay does not send it again), or
  // that read failed.
  void claim(std::int32_t from, std::int32_t to, std::uint32_t k, bool claimed);
  double bytes(std::int32_t from, std::int32_t to, std::uint32_t k) const;
  // The receiver's checkpoint holds the first k messages from `from`: the log lets them go.
  void forget_before(std::int32_t from, std::int32_t to, std::uint32_t k);

  std::uint64_t messages_logged() const { return messages_; }
  double bytes_logged() const { return bytes_; }
  std::size_t held() const { return held_; }  // messages in the logs now

private:
  struct Entry {
    double bytes = 0;
    State state = State::Posted;
    bool claimed = false;
    simgrid::s4u::CommPtr comm;  // while posted
  };
  struct Pair {
    std::uint32_t first = 0;  // the number of the first message still held
    std::deque<Entry> entries;
  };
  static std::uint64_t key(std::int32_t from, std::int32_t to) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32 | static_cast<std::uint32_t>(to);
  }
  const Entry* find(std::int32_t from, std::int32_t to, std::uint32_t k) const;
  // A posted message whose sender saw its transfer end is delivered or lost.
  static void settle(Entry& e);
  static bool matched(const Entry& e);
  Entry* find(std::int32_t from, std::int32_t to, std::uint32_t k) {
    return const_cast<Entry*>(static_cast<const MessageLog*>(this)->find(from, to, k));
  }

  std::unordered_map<std::uint64_t, Pair> pairs_;
  std::uint64_t messages_ = 0;
  double bytes_ = 0;
  std::size_t held_ = 0;
};

}  // namespace nimbus
