// timeline.json: every task attempt as a Chrome trace event, one track ("process") per
// host and one lane ("thread") per task running at once there. Opens in Perfetto
// (ui.perfetto.dev) or chrome://tracing; times in microseconds of simulated time.
#pragma once

#include "runtime/simulate.hpp"

#include <string>

namespace nimbus {

void write_timeline(const std::string& path, const Simulation& sim);

}  // namespace nimbus
