// The process's one SimGrid engine (SimGrid allows one per process, never reset).
#pragma once

#include <simgrid/forward.h>

#include <memory>
#include <string>
#include <vector>

namespace nimbus {

// SimGrid's own log stays at "critical" unless verbosity >= 2 (-vv).
// `logs`: --log settings (checked by the scenario's parser), applied after nimbus's own, so
// that a user's root.thres wins.
std::unique_ptr<simgrid::s4u::Engine> make_engine(int verbosity, const std::vector<std::string>& logs = {});

}  // namespace nimbus
