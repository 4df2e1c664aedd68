#include "platform/profiles.hpp"

#include "util/rng.hpp"

#include <simgrid/kernel/ProfileBuilder.hpp>

#include <cstdio>
#include <memory>
#include <utility>

namespace nimbus {
namespace {

using simgrid::kernel::profile::DatedValue;
using simgrid::kernel::profile::ProfileBuilder;

// An explicit trace: "date value" lines at absolute dates, not repeated.
simgrid::kernel::profile::Profile* from_trace(const std::string& name, const std::vector<DatedValue>& events) {
  std::string text;
  char line[64];
  for (const auto& e : events) {
    std::snprintf(line, sizeof line, "%.17g %.17g\n", e.date_, e.value_);
    text += line;
  }
  return ProfileBuilder::from_string(name, text, -1);
}

}  // namespace

simgrid::kernel::profile::Profile* make_state_profile(const std::string& subject, const FailureSpec& spec,
                                                      std::uint64_t seed, double shift_s) {
  const std::string name = "nimbus/failures/" + subject + (shift_s > 0 ? "+" + std::to_string(shift_s) : "");
  if (!spec.trace.empty()) {
    std::vector<DatedValue> events;
    for (const auto& e : spec.trace) events.emplace_back(e.time_s + shift_s, e.up ? 1.0 : 0.0);
    return from_trace(name, events);
  }
  // Alternating renewal process: up for a draw of MTBF, down for a draw of MTTR, and again.
  // Dates given to the callback's vector are delays since the previous event.
  auto rng = std::make_shared<Rng>(seed, "platform/failures/" + subject);
  const Distribution up = *spec.up_time;
  const Distribution down = *spec.down_time;
  auto shift = std::make_shared<double>(shift_s);  // delays the first event only: the rest follow
  return ProfileBuilder::from_callback(
      name,
      [rng, up, down, shift](std::vector<DatedValue>& out) {
        out.emplace_back(up.sample(*rng) + std::exchange(*shift, 0.0), 0.0);
        out.emplace_back(down.sample(*rng), 1.0);
      },
      -1);
}

simgrid::kernel::profile::Profile* make_speed_profile(const std::string& host, const LoadSpec& spec) {
  const std::string name = "nimbus/load/" + host;
  if (!spec.periodic()) {
    std::vector<DatedValue> events;
    for (const auto& p : spec.trace) events.emplace_back(p.time_s, p.available);
    return from_trace(name, events);
  }
  // SimGrid's callback profiles take each event's date as the delay since the previous one.
  // Each period starts loaded: `available` for length_s, then full speed until the next.
  auto first = std::make_shared<bool>(true);
  const double period = spec.period_s, length = spec.length_s, available = spec.available;
  return ProfileBuilder::from_callback(
      name,
      [first, period, length, available](std::vector<DatedValue>& out) {
        out.emplace_back(*first ? 0.0 : period - length, available);
        out.emplace_back(length, 1.0);
        *first = false;
      },
      -1);
}

}  // namespace nimbus
