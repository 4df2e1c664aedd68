#include "programs/programs.hpp"

namespace nimbus {

Workload build_workload(const ScenarioConfig& cfg) {
  WorkloadBuilder builder;
  for (std::uint32_t i = 0; i < cfg.workload.size(); ++i) {
    const WorkloadItem& item = cfg.workload[i];
    switch (item.program) {
      case WorkloadItem::Program::Dag: generate_dag(item.dag, i, builder); break;
      case WorkloadItem::Program::Trace:
        if (item.trace.is_workflow())
          generate_workflow(item.trace, i, builder);
        else
          generate_trace(item.trace, i, builder);
        break;
      case WorkloadItem::Program::BagOfTasks: generate_bag_of_tasks(item.bag, i, cfg.seed, builder); break;
      case WorkloadItem::Program::Replay: generate_replay(item, i, builder); break;
      case WorkloadItem::Program::Bsp: generate_bsp(item, i, cfg.seed, builder); break;
      case WorkloadItem::Program::SharedMemory: generate_shared_memory(item, i, cfg.seed, builder); break;
      case WorkloadItem::Program::MasterWorker: generate_master_worker(item, i, cfg.seed, builder); break;
    }
  }
  return builder.finish();
}

}  // namespace nimbus
