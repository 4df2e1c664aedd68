// faults.retry: a task lost to a failure runs again, up to N attempts in all, each after a
// back-off that grows by a factor. Pure: decided from the attempt number and how it was lost.
#pragma once

#include "config/scenario_config.hpp"
#include "runtime/records.hpp"

#include <optional>

namespace nimbus {

// Whether an attempt that ended so may be tried again: lost to a failure of the platform
// (its host, a producer's host, a link), not to the workload (a failed dependency, a
// walltime) nor to the runtime (a cancelled copy).
bool lost_to_failure(Outcome outcome);

class RetryRule {
public:
  explicit RetryRule(const FaultSpec& spec) : attempts_(spec.retry), backoff_s_(spec.backoff_s), factor_(spec.backoff_factor) {}
  // The seconds to wait before attempt `next` (2, 3, ...) of a task whose last attempt ended
  // with `lost`; none if it may not run again.
  std::optional<double> delay_before(std::uint32_t next, Outcome lost) const;

private:
  std::uint32_t attempts_;
  double backoff_s_;
  double factor_;
};

}  // namespace nimbus
