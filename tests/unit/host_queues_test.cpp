// The host queues' pool: against a std::deque per host on random pushes, pops, erasures and
// takes, every queue holds the same entries in the same order, and entries freed are
// reused before the pool grows.
#include "runtime/host_queues.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <deque>
#include <random>
#include <vector>

using namespace nimbus;

namespace {

std::vector<TaskId> tasks_of(HostQueues& queues, HostIndex h) {
  std::vector<TaskId> out;
  queues.for_each(h, [&](const Queued& q) { out.push_back(q.task); });
  return out;
}

}  // namespace

TEST_CASE("host queues: each host's queue is first come, first served, whatever the others do") {
  constexpr int kHosts = 7;
  std::mt19937 rng(11);
  HostQueues queues(kHosts);
  std::vector<std::deque<TaskId>> reference(kHosts);
  TaskId next_task = 0;
  for (int step = 0; step < 30000; ++step) {
    const auto h = static_cast<HostIndex>(rng() % kHosts);
    auto& ref = reference[static_cast<std::size_t>(h)];
    const unsigned op = rng() % 10;
    if (op < 5) {
      queues.push_back(h, Queued(next_task, 1.0, static_cast<double>(next_task)));
      ref.push_back(next_task++);
    } else if (op < 8) {
      if (ref.empty()) continue;
      CHECK(queues.front(h).task == ref.front());
      CHECK(queues.front(h).predicted_end_s == static_cast<double>(ref.front()));
      queues.pop_front(h);
      ref.pop_front();
    } else if (op == 8) {
      // A copy cancelled: any entry, the tail's and the head's included.
      if (ref.empty()) {
        CHECK_FALSE(queues.erase_first(h, 0));
        continue;
      }
      const auto k = static_cast<std::ptrdiff_t>(rng() % ref.size());
      CHECK(queues.erase_first(h, ref[static_cast<std::size_t>(k)]));
      ref.erase(ref.begin() + k);
    } else if (rng() % 20 == 0) {  // the host fails, now and then
      const std::vector<Queued> taken = queues.take(h);
      REQUIRE(taken.size() == ref.size());
      for (std::size_t i = 0; i < taken.size(); ++i) CHECK(taken[i].task == ref[i]);
      ref.clear();
    }
    REQUIRE(queues.size(h) == ref.size());
    CHECK(queues.empty(h) == ref.empty());
    if (step % 1000 == 0)
      for (HostIndex g = 0; g < kHosts; ++g) {
        const auto& r = reference[static_cast<std::size_t>(g)];
        CHECK(tasks_of(queues, g) == std::vector<TaskId>(r.begin(), r.end()));
      }
  }
}

TEST_CASE("host queues: a replan changes the predictions in place, in queue order") {
  HostQueues queues(2);
  for (TaskId t = 0; t < 5; ++t) queues.push_back(t % 2, Queued(t, 2.0, 0));
  double at = 10;
  queues.for_each(0, [&](Queued& q) { q.predicted_end_s = at += q.duration_s; });
  std::vector<double> ends;
  while (!queues.empty(0)) {
    ends.push_back(queues.front(0).predicted_end_s);
    queues.pop_front(0);
  }
  CHECK(ends == std::vector<double>{12, 14, 16});
  CHECK(queues.size(1) == 2);
}

TEST_CASE("host queues: entries taken are reused, so a queue that stays short keeps the pool small") {
  HostQueues queues(3);
  // A long run of arrivals, each queue holding at most two tasks: the pool stays at six
  // entries, its first address unchanged (it never grew past them).
  for (TaskId t = 0; t < 6; ++t) queues.push_back(t % 3, Queued(t, 1, 1));
  const void* pool = queues.pool_data();
  for (TaskId t = 6; t < 100000; ++t) {
    const auto h = static_cast<HostIndex>(t % 3);
    queues.pop_front(h);
    queues.push_back(h, Queued(t, 1, 1));
  }
  CHECK(queues.pool_data() == pool);
  CHECK(queues.front(0).task == 99996);  // host 0 holds the last two multiples of 3: 99996, 99999
  CHECK(queues.size(0) == 2);
}
