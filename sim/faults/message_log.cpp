#include "faults/message_log.hpp"

#include "runtime/records.hpp"

#include <string>

namespace nimbus {

const MessageLog::Entry* MessageLog::find(std::int32_t from, std::int32_t to, std::uint32_t k) const {
  const auto it = pairs_.find(key(from, to));
  if (it == pairs_.end() || k < it->second.first || k - it->second.first >= it->second.entries.size()) return nullptr;
  return &it->second.entries[k - it->second.first];
}

// SimGrid's start time of a communication is when both sides met.
bool MessageLog::matched(const Entry& e) { return e.comm && e.comm->get_start_time() >= 0; }

void MessageLog::settle(Entry& e) {
  if (e.state != State::Posted || !e.comm) return;
  const auto state = e.comm->get_state();
  if (state == simgrid::s4u::Activity::State::FINISHED)
    e.state = State::Delivered;
  else if (state == simgrid::s4u::Activity::State::FAILED || state == simgrid::s4u::Activity::State::CANCELED)
    e.state = State::Lost;
  if (e.state != State::Posted) e.comm = nullptr;
}

bool MessageLog::must_send(std::int32_t from, std::int32_t to, std::uint32_t k) {
  if (const auto it = pairs_.find(key(from, to)); it != pairs_.end() && k < it->second.first)
    return false;  // the receiver's checkpoint holds it
  Entry* e = find(from, to, k);
  if (e == nullptr) return true;
  settle(*e);
  // Matched by the receiver: it arrived, or the receiver reads it from the log.
  return e->state != State::Delivered && !e->claimed && !(e->state == State::Posted && matched(*e));
}

void MessageLog::posted(std::int32_t from, std::int32_t to, std::uint32_t k, double bytes, simgrid::s4u::CommPtr comm) {
  Pair& pair = pairs_[key(from, to)];
  if (k < pair.first) throw InvariantError("a message sent again after its receiver checkpointed it");
  const std::uint32_t index = k - pair.first;
  if (index > pair.entries.size()) throw InvariantError("message " + std::to_string(k) + " sent before the ones before it");
  if (index == pair.entries.size()) {
    pair.entries.emplace_back();
    pair.entries.back().bytes = bytes;
    ++messages_;
    bytes_ += bytes;
    ++held_;
  }
  Entry& e = pair.entries[index];
  e.state = State::Posted;
  e.comm = std::move(comm);
}

void MessageLog::delivered(std::int32_t from, std::int32_t to, std::uint32_t k) {
  if (Entry* e = find(from, to, k)) {
    e->state = State::Delivered;
    e->comm = nullptr;
  }
}

void MessageLog::lost(std::int32_t from, std::int32_t to, std::uint32_t k) {
  if (Entry* e = find(from, to, k); e != nullptr && e->state != State::Delivered) {
    e->state = State::Lost;
    e->comm = nullptr;
  }
}

MessageLog::Source MessageLog::source(std::int32_t from, std::int32_t to, std::uint32_t k, bool sender_up) {
  Entry* e = find(from, to, k);
  if (e == nullptr) return Source::Mailbox;  // not sent yet
  settle(*e);
  // Still in the mailbox: the sender's send, unmatched. Matched by an attempt of the
  // receiver that failed before waiting for it: gone from the mailbox, arrived or not.
  if (e->state == State::Posted && !matched(*e)) return Source::Mailbox;
  return sender_up ? Source::Log : Source::WaitForSender;
}

void MessageLog::claim(std::int32_t from, std::int32_t to, std::uint32_t k, bool claimed) {
  if (Entry* e = find(from, to, k)) e->claimed = claimed;
}

double MessageLog::bytes(std::int32_t from, std::int32_t to, std::uint32_t k) const {
  const Entry* e = find(from, to, k);
  if (e == nullptr) throw InvariantError("message " + std::to_string(k) + " read from a log that does not hold it");
  return e->bytes;
}

void MessageLog::forget_before(std::int32_t from, std::int32_t to, std::uint32_t k) {
  const auto it = pairs_.find(key(from, to));
  if (it == pairs_.end()) return;
  Pair& pair = it->second;
  while (pair.first < k && !pair.entries.empty()) {
    pair.entries.pop_front();
    ++pair.first;
    --held_;
  }
}

}  // namespace nimbus
