// Graph programs in the outputs: summary.json's metrics.graph (one entry per graph program,
// by job id; docs/programs.md lists its keys) and a line each in the printed summary.
#pragma once

#include "runtime/simulate.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace nimbus {

// An object, empty when the run has no graph program.
nlohmann::json graph_json(const Simulation& sim);
void print_graph_summary(const Simulation& sim, std::ostream& out);

}  // namespace nimbus
