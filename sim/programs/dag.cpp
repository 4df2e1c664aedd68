// dag: one job of named tasks with dependencies, as listed in the scenario. A dependency
// carries the producer's output to the consumer's host.
#include "programs/programs.hpp"

#include <map>

namespace nimbus {

void generate_dag(const DagSpec& spec, std::uint32_t item, WorkloadBuilder& out) {
  out.add_job(make_job("dag" + std::to_string(item), spec.owner, spec.submit_s, item));
  std::map<std::string, std::vector<std::pair<TaskId, double>>> made;  // name -> (task, output bytes)
  for (const auto& t : spec.tasks) {
    for (long long i = 0; i < t.count; ++i) {
      Task task;
      task.flops = t.flops;
      task.cores = t.cores;
      task.input_bytes = t.input_bytes;
      task.output_bytes = t.output_bytes;
      const TaskId id = out.add_task(task, t.count == 1 ? t.name : t.name + "-" + std::to_string(i));
      for (const auto& dep : t.after)
        for (const auto& [producer, bytes] : made[dep]) out.add_edge(producer, id, bytes);
      made[t.name].emplace_back(id, t.output_bytes);
    }
  }
}

}  // namespace nimbus
