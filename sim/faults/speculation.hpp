// faults.speculation: LATE's speculative execution (Zaharia et al., "Improving MapReduce
// Performance in Heterogeneous Environments", OSDI 2008). A task still running `slow` times
// its estimate is slow; slow tasks get a backup copy on another host, the ones with the
// longest estimated time left first, with at most `cap` x the running attempts backed up at
// once. Pure: the runtime (runtime/speculation.cpp) reads the clock and the progress.
#pragma once

#include "config/scenario_config.hpp"

#include <cstddef>

namespace nimbus {

class SpeculationRule {
public:
  explicit SpeculationRule(const SpeculationSpec& spec) : spec_(spec) {}
  bool enabled() const { return spec_.enabled; }
  // When an attempt started at `start_s` and estimated to take `estimate_s` is slow if it
  // still runs: its progress rate is then below its estimate's by the factor `slow`.
  double slow_at(double start_s, double estimate_s) const { return start_s + spec_.slow * estimate_s; }
  // How many tasks may have a backup at once while `running` attempts run: at least one.
  std::size_t cap(std::size_t running) const;
  // LATE's estimate of an attempt's time left, from its progress in [0, 1] after `elapsed_s`:
  // (1 - progress) / rate with rate = progress / elapsed; infinite without progress.
  static double time_left(double progress, double elapsed_s);

private:
  SpeculationSpec spec_;
};

}  // namespace nimbus
