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

// What SimGrid says of a --log setting it would abort on (a release build of SimGrid forbids
// the levels debug and trace), tried in a child process; empty if it takes it.
std::string simgrid_log_refusal(const std::string& setting);

}  // namespace nimbus
