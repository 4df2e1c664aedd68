// The reader of a `program: graph` workload item (parse_graph.cpp); parse_workload() calls it.
#pragma once

#include "config/scenario_config.hpp"
#include "config/yaml_node.hpp"

namespace nimbus {

// Every key but the owner's (user, queue, priority), which the caller reads.
WorkloadItem parse_graph(const Node& item, const JobOwner& owner);

}  // namespace nimbus
