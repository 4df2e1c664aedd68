// The process's one SimGrid engine (SimGrid allows one per process, never reset).
#pragma once

#include <simgrid/forward.h>

#include <memory>

namespace nimbus {

// SimGrid's own log stays at "critical" unless verbosity >= 2 (-vv).
std::unique_ptr<simgrid::s4u::Engine> make_engine(int verbosity);

}  // namespace nimbus
