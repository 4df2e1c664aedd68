#include "runtime/host_queues.hpp"

#include "util/huge_pages.hpp"

namespace nimbus {

void HostQueues::reserve(std::size_t entries) { reserve_huge(pool_, entries); }

void HostQueues::push_back(HostIndex h, const Queued& entry) {
  std::uint32_t e = free_;
  if (e != kNone) {
    free_ = pool_[e].next_;
    pool_[e] = entry;
  } else {
    e = static_cast<std::uint32_t>(pool_.size());
    pool_.push_back(entry);
  }
  pool_[e].next_ = kNone;
  Queue& q = queue(h);
  if (q.size == 0)
    q.head = e;
  else
    pool_[q.tail].next_ = e;
  q.tail = e;
  ++q.size;
}

void HostQueues::pop_front(HostIndex h) {
  Queue& q = queue(h);
  const std::uint32_t e = q.head;
  q.head = pool_[e].next_;
  if (--q.size == 0)
    q.head = q.tail = kNone;
  else
    __builtin_prefetch(&pool_[q.head]);  // read when the task taken now ends (Runtime::fetch_lines_after)
  release(e);
}

bool HostQueues::erase_first(HostIndex h, TaskId t) {
  Queue& q = queue(h);
  std::uint32_t before = kNone;
  for (std::uint32_t e = q.head, k = 0; k < q.size; before = e, e = pool_[e].next_, ++k) {
    if (pool_[e].task != t) continue;
    const std::uint32_t after = pool_[e].next_;
    if (before == kNone)
      q.head = after;
    else
      pool_[before].next_ = after;
    if (q.tail == e) q.tail = before;
    if (--q.size == 0) q.head = q.tail = kNone;
    release(e);
    return true;
  }
  return false;
}

std::vector<Queued> HostQueues::take(HostIndex h) {
  std::vector<Queued> entries;
  entries.reserve(size(h));
  while (!empty(h)) {
    entries.push_back(front(h));
    pop_front(h);
  }
  return entries;
}

void HostQueues::release(std::uint32_t e) {
  pool_[e].next_ = free_;
  free_ = e;
}

}  // namespace nimbus
