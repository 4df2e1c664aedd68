// The program models a workload item may name (`program:`), each with a one-line
// description: what the scenario parser accepts and what `nimbus list` shows. Each is built
// by its file in sim/programs/.
#pragma once

#include <string>
#include <vector>

namespace nimbus {

struct ProgramModel {
  const char* name;
  const char* description;
};

inline const std::vector<ProgramModel>& program_models() {
  static const std::vector<ProgramModel> models{
      {"bag-of-tasks", "independent tasks (sizes drawn or fixed), each on the cores of one host"},
      {"dag", "groups of tasks, each after the groups it names; outputs move along the edges"},
      {"replay", "ranks replaying an action file (MPI-like sends, receives, collectives): SPMD or MPMD"},
      {"bsp", "bulk-synchronous supersteps: compute, exchange by a pattern, barrier (or async)"},
      {"shared-memory", "threads of one host taking a lock around their critical sections"},
      {"master-worker", "a master handing work items to workers, round-robin or on demand"},
      {"mapreduce", "maps over replicated input blocks, a shuffle of every map's output to the reducers, reduces"},
      {"graph", "a vertex program (pagerank, sssp, connected components) on a real or generated graph, "
                "partitioned over workers; pregel supersteps or async"},
  };
  return models;
}

inline std::vector<std::string> program_model_names() {
  std::vector<std::string> names;
  for (const ProgramModel& m : program_models()) names.emplace_back(m.name);
  return names;
}

}  // namespace nimbus
