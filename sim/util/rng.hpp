// Deterministic random streams.
//
// Every consumer of randomness draws from its own named stream, derived from the run's seed
// and the stream's name ("platform/speed/old", "faults/host-17"). Adding a consumer never
// shifts the draws of the others, and results do not depend on the standard library's
// distribution implementations (those differ between libstdc++ and libc++).
#pragma once

#include <cstdint>
#include <string_view>

namespace nimbus {

class Rng {
public:
  // REQUIRES: the same (seed, name) always yields the same sequence.
  Rng(std::uint64_t seed, std::string_view name);

  std::uint64_t next_u64();
  double uniform01();                                 // in [0, 1)
  double uniform(double low, double high);            // in [low, high)
  double normal(double mean, double stddev);          // Box-Muller, one draw per call
  double exponential(double mean);                    // REQUIRES: mean > 0
  double weibull(double shape, double scale);         // REQUIRES: shape > 0, scale > 0
  std::uint64_t below(std::uint64_t n);               // uniform in [0, n); REQUIRES: n > 0

private:
  std::uint64_t state_[4];
};

}  // namespace nimbus
