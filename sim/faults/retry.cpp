#include "faults/retry.hpp"

#include <cmath>

namespace nimbus {

bool lost_to_failure(Outcome outcome) {
  return outcome == Outcome::HostFailed || outcome == Outcome::InputLost || outcome == Outcome::NetworkFailed ||
         outcome == Outcome::DataLost;
}

std::optional<double> RetryRule::delay_before(std::uint32_t next, Outcome lost) const {
  if (next < 2 || next > attempts_ || !lost_to_failure(lost)) return std::nullopt;
  return backoff_s_ * std::pow(factor_, static_cast<double>(next - 2));
}

}  // namespace nimbus
