// The readers of workload items whose program is ranks started together: replay, bsp,
// shared-memory, master-worker (parse_rank_programs.cpp); parse_workload() calls them. Also
// the bounds and the path rule they share with the readers in parse_workload.cpp.
#pragma once

#include "config/distribution.hpp"
#include "config/scenario_config.hpp"
#include "config/yaml_node.hpp"

#include <string>
#include <vector>

namespace nimbus {

// Guards against typos such as "tasks: 1e12" that would exhaust memory before anything runs.
inline constexpr long long kMaxTasks = 50'000'000;

// Task sizes may be drawn from any kind of distribution.
inline const std::vector<Distribution::Kind> kAnyKind{Distribution::Kind::Fixed, Distribution::Kind::Uniform,
                                                      Distribution::Kind::Normal, Distribution::Kind::Choice,
                                                      Distribution::Kind::Exponential, Distribution::Kind::Weibull};

// A path in a scenario is relative to the scenario file's folder.
inline std::string resolve(const std::string& name, const std::string& scenario_file) {
  const auto slash = scenario_file.find_last_of('/');
  return name.empty() || name.front() == '/' || slash == std::string::npos ? name : scenario_file.substr(0, slash + 1) + name;
}

// Every key of the item, its owner's (user, queue, priority) too.
WorkloadItem parse_replay(const Node& item);
WorkloadItem parse_bsp(const Node& item);
WorkloadItem parse_shared_memory(const Node& item);
WorkloadItem parse_master_worker(const Node& item);

}  // namespace nimbus
