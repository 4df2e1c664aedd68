// Every host's queue of placed tasks, first come first served, in one pool of entries linked
// host by host.
//
// Why one pool: a policy that places every task as it arrives (earliest-finish) puts a
// million tasks submitted together into a thousand queues at once. In a vector per host
// each queue grew by copying itself, its new memory scattered over the heap; a third of
// that placement's time went to those copies and the page faults behind them. Here an
// entry placed is the pool's next one, written where the last one was: memory reserved
// ahead and mapped on another thread (Runtime), filled in order. An entry taken or erased
// goes to a free list, and the next entry placed reuses it, so tasks arriving over a long
// run keep the pool as small as the queues are.
#pragma once

#include "util/host_index.hpp"
#include "workload/workload.hpp"

#include <cstdint>
#include <vector>

namespace nimbus {

// A task waiting in a host's queue. Its cores are its record's (Workload::tasks).
class Queued {
public:
  Queued(TaskId task, double duration_s, double predicted_end_s)
      : task(task), duration_s(duration_s), predicted_end_s(predicted_end_s) {}
  TaskId task;
private:
  friend class HostQueues;
  std::uint32_t next_ = 0;  // in its host's queue, or in the free list; in task's padding
public:
  double duration_s;       // predicted time it will hold its cores
  double predicted_end_s;
};
static_assert(sizeof(Queued) == 24, "a queue entry: a task, a link, two times");

class HostQueues {
public:
  explicit HostQueues(std::size_t hosts) : queues_(hosts) {}
  // Room for `entries` in the pool, reserved without being touched; the pool's memory, for
  // mapping ahead of the first entries (Prefault).
  void reserve(std::size_t entries);
  const void* pool_data() const { return pool_.data(); }

  bool empty(HostIndex h) const { return queue(h).size == 0; }
  std::uint32_t size(HostIndex h) const { return queue(h).size; }
  const Queued& front(HostIndex h) const { return pool_[queue(h).head]; }  // REQUIRES: !empty(h)
  void push_back(HostIndex h, const Queued& entry);
  void pop_front(HostIndex h);  // REQUIRES: !empty(h)
  // Removes the first entry of task t; false if h's queue has none. O(size).
  bool erase_first(HostIndex h, TaskId t);
  // f(entry) for each entry of h's queue, in order; f may change its times.
  template <class F>
  void for_each(HostIndex h, F f) {
    Queue& q = queue(h);
    for (std::uint32_t e = q.head, k = 0; k < q.size; e = pool_[e].next_, ++k) f(pool_[e]);
  }
  // Empties h's queue; its entries, in order.
  std::vector<Queued> take(HostIndex h);

private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  struct Queue {
    std::uint32_t head = kNone, tail = kNone, size = 0;
  };
  Queue& queue(HostIndex h) { return queues_[static_cast<std::size_t>(h)]; }
  const Queue& queue(HostIndex h) const { return queues_[static_cast<std::size_t>(h)]; }
  void release(std::uint32_t e);

  std::vector<Queued> pool_;
  std::vector<Queue> queues_;
  std::uint32_t free_ = kNone;  // the last entry freed; each links to the one freed before
};

}  // namespace nimbus
