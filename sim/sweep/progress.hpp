// The sweep's progress line on stderr: runs done of total, rate, time left.
#pragma once

#include "util/stopwatch.hpp"

#include <cstddef>

namespace nimbus {

class Progress {
public:
  // On a terminal the line is redrawn in place a few times a second; otherwise (a log file,
  // a SLURM output file) a new line every 10 s.
  Progress(std::size_t total, bool enabled);
  void update(std::size_t done);
  void finish(std::size_t done);

private:
  void print(std::size_t done, bool final);

  std::size_t total_;
  bool enabled_;
  bool terminal_;
  Stopwatch since_start_;
  double elapsed_s_ = 0;
  double printed_at_s_ = 0;
};

}  // namespace nimbus
