// Something that reads the attempt log while the run goes on, on a thread of its own:
// tasks.csv, formatted on the machine's other core while the simulation runs on this one,
// instead of after it. Told from the simulation's thread, in blocks of kRows rows.
#pragma once

#include "runtime/records.hpp"

#include <cstddef>

namespace nimbus {

class LogFollower {
public:
  static constexpr std::size_t kRows = 8192;
  virtual ~LogFollower() = default;
  // The log's first `count` rows are final (a multiple of kRows); they and the transfers
  // they name stay where they are, unchanged, until pause().
  virtual void rows_final(const Attempt* rows, std::size_t count, const Transfers* transfers) = 0;
  // The log is about to move (it grows past what was reserved) or the run is over: returns
  // once nothing reads it any more.
  virtual void pause() = 0;
};

}  // namespace nimbus
