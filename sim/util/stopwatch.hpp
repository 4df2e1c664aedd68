// Wall-clock time of phases, for progress and -v logs (never in results that must be
// deterministic, except the fields named wall_*).
#pragma once

#include <chrono>

namespace nimbus {

class Stopwatch {
public:
  // Seconds since the last lap (or construction).
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return seconds;
  }

private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace nimbus
