// The indexed heap behind placement's indices: against std::set on random inserts, re-keys
// and erasures, its top is always the smallest (key, id).
#include "util/indexed_heap.hpp"

#include <doctest/doctest.h>

#include <random>
#include <set>
#include <utility>
#include <vector>

using namespace nimbus;

TEST_CASE("indexed heap: the top is the smallest (key, id) after any sequence of changes") {
  constexpr int kIds = 200;
  std::mt19937 rng(7);
  IndexedHeap heap;
  heap.reserve_ids(kIds);
  std::set<std::pair<double, int>> reference;
  std::vector<double> key(kIds, -1);  // -1: absent
  for (int step = 0; step < 20000; ++step) {
    const int id = static_cast<int>(rng() % kIds);
    if (rng() % 4 == 0) {
      heap.erase(id);
      if (key[id] >= 0) reference.erase({key[id], id});
      key[id] = -1;
    } else {
      const double k = static_cast<double>(rng() % 50);  // few keys: many ties, broken by id
      heap.set(id, k);
      if (key[id] >= 0) reference.erase({key[id], id});
      reference.insert({k, id});
      key[id] = k;
    }
    REQUIRE(heap.empty() == reference.empty());
    if (reference.empty()) continue;
    REQUIRE(heap.top() == reference.begin()->second);
    REQUIRE(heap.top_key() == reference.begin()->first);
    REQUIRE(heap.contains(id) == (key[id] >= 0));
  }
}
