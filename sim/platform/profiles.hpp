// Failure and background-load specs as SimGrid profiles.
//
// Explicit traces become fixed event lists. Random failures (MTBF/MTTR) and periodic load
// are generated lazily, a period at a time, as SimGrid consumes them: no horizon to choose,
// and memory grows only with the events the simulation actually reaches.
#pragma once

#include "config/platform_config.hpp"

#include <simgrid/forward.h>

#include <cstdint>
#include <string>

namespace nimbus {

// State over time (1 on, 0 off) of a host, a failure domain ("rack/r1": every host of the
// rack shares it) or a link ("link/<name>"). Random draws come from the stream
// "platform/failures/<name>" of `seed`.
// `shift_s` delays every event (the hosts of a rack: see platform/builder.cpp).
simgrid::kernel::profile::Profile* make_state_profile(const std::string& name, const FailureSpec& spec,
                                                      std::uint64_t seed, double shift_s = 0);

// Fraction of the host's speed available over time.
simgrid::kernel::profile::Profile* make_speed_profile(const std::string& host, const LoadSpec& spec);

}  // namespace nimbus
