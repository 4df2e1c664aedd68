#include "util/fifo.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <deque>

using namespace nimbus;

namespace {
struct Entry {
  std::uint32_t id;
  double value;
};
}  // namespace

TEST_CASE("a Fifo gives back what a std::deque does, across its blocks") {
  // 2 MiB blocks of 16-byte entries: 131,072 a block. Fill three blocks' worth, drain most,
  // refill (reusing the spare block), drain all, and compare with a deque at every step.
  Fifo<Entry> fifo;
  std::deque<Entry> deque;
  std::uint32_t next = 0;
  auto push = [&](std::uint32_t n) {
    for (std::uint32_t k = 0; k < n; ++k, ++next) {
      fifo.push_back({next, next * 0.5});
      deque.push_back({next, next * 0.5});
      REQUIRE(fifo.back().id == deque.back().id);
    }
  };
  auto pop = [&](std::uint32_t n) {
    for (std::uint32_t k = 0; k < n; ++k) {
      REQUIRE(!fifo.empty());
      REQUIRE(fifo.front().id == deque.front().id);
      REQUIRE(fifo.front().value == deque.front().value);
      fifo.pop_front();
      deque.pop_front();
      REQUIRE(fifo.size() == deque.size());
    }
  };
  push(400'000);
  pop(300'000);
  push(250'000);
  pop(350'000);
  CHECK(fifo.empty());
  // Emptied at a block's middle, it starts over and keeps order.
  push(3);
  pop(1);
  push(2);
  pop(4);
  CHECK(fifo.empty());
}
