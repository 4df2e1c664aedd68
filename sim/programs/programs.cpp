#include "programs/programs.hpp"

#include "config/config_error.hpp"

namespace nimbus {
namespace {

void generate_item(const ScenarioConfig& cfg, std::uint32_t i, WorkloadBuilder& builder) {
  const WorkloadItem& item = cfg.workload[i];
  switch (item.program) {
    case WorkloadItem::Program::Dag: generate_dag(item.dag, i, builder); break;
    case WorkloadItem::Program::Trace:
      // An error inside the log names the scenario's key as well as the log's line.
      try {
        if (item.trace.is_workflow())
          generate_workflow(item.trace, i, builder);
        else
          generate_trace(item.trace, i, builder);
      } catch (const ConfigError& e) {
        throw ConfigError(item.trace.where, item.trace.key, e.what());
      }
      break;
    case WorkloadItem::Program::BagOfTasks: generate_bag_of_tasks(item.bag, i, cfg.seed, builder); break;
    case WorkloadItem::Program::Replay: generate_replay(item, i, builder); break;
    case WorkloadItem::Program::Bsp: generate_bsp(item, i, cfg.seed, builder); break;
    case WorkloadItem::Program::SharedMemory: generate_shared_memory(item, i, cfg.seed, builder); break;
    case WorkloadItem::Program::MasterWorker: generate_master_worker(item, i, cfg.seed, builder); break;
    case WorkloadItem::Program::MapReduce: generate_mapreduce(item.mapreduce, i, builder); break;
    case WorkloadItem::Program::Graph: generate_graph(item, i, cfg.seed, builder); break;
  }
}

}  // namespace

Workload build_workload(const ScenarioConfig& cfg) {
  WorkloadBuilder builder;
  for (std::uint32_t i = 0; i < cfg.workload.size(); ++i) generate_item(cfg, i, builder);
  return builder.finish();
}

void read_workload_files(const ScenarioConfig& cfg) {
  for (std::uint32_t i = 0; i < cfg.workload.size(); ++i) {
    const auto program = cfg.workload[i].program;
    if (program != WorkloadItem::Program::Trace && program != WorkloadItem::Program::Replay &&
        program != WorkloadItem::Program::Graph)  // reads its edge list and runs its algorithm
      continue;
    WorkloadBuilder scratch;  // one item at a time: only what the files hold is checked
    generate_item(cfg, i, scratch);
  }
}

}  // namespace nimbus
