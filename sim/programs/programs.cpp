#include "programs/programs.hpp"

namespace nimbus {

Workload build_workload(const ScenarioConfig& cfg) {
  WorkloadBuilder builder;
  for (std::uint32_t i = 0; i < cfg.workload.size(); ++i) {
    const WorkloadItem& item = cfg.workload[i];
    if (item.program == WorkloadItem::Program::Dag)
      generate_dag(item.dag, i, builder);
    else
      generate_bag_of_tasks(item.bag, i, cfg.seed, builder);
  }
  return builder.finish();
}

}  // namespace nimbus
