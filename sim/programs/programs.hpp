// Program models: each turns one workload item of a scenario into jobs of tasks.
// One file per model; build_workload() runs them all, in the scenario's order.
#pragma once

#include "config/scenario_config.hpp"
#include "workload/workload.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace nimbus {

// A job of workload item `item`, owned as the scenario says.
inline Job make_job(std::string id, const JobOwner& owner, double submit_s, std::uint32_t item) {
  Job job;
  job.id = std::move(id);
  job.user = owner.user;
  job.queue = owner.queue;
  job.priority = owner.priority;
  job.submit_s = submit_s;
  job.workload_item = item;
  return job;
}

// Random draws come from the streams "workload/<item>/..." of `seed`.
void generate_bag_of_tasks(const BagOfTasksSpec& spec, std::uint32_t item, std::uint64_t seed, WorkloadBuilder& out);
void generate_dag(const DagSpec& spec, std::uint32_t item, WorkloadBuilder& out);
void generate_trace(const TraceSpec& spec, std::uint32_t item, WorkloadBuilder& out);     // SWF
void generate_workflow(const TraceSpec& spec, std::uint32_t item, WorkloadBuilder& out);  // WfCommons JSON
void generate_mapreduce(const MapReduceSpec& spec, std::uint32_t item, WorkloadBuilder& out);
// Programs of ranks (one job each; see rank_body.hpp).
void generate_replay(const WorkloadItem& w, std::uint32_t item, WorkloadBuilder& out);
void generate_bsp(const WorkloadItem& w, std::uint32_t item, std::uint64_t seed, WorkloadBuilder& out);
void generate_master_worker(const WorkloadItem& w, std::uint32_t item, std::uint64_t seed, WorkloadBuilder& out);
void generate_graph(const WorkloadItem& w, std::uint32_t item, std::uint64_t seed, WorkloadBuilder& out);
void generate_shared_memory(const WorkloadItem& w, std::uint32_t item, std::uint64_t seed, WorkloadBuilder& out);

Workload build_workload(const ScenarioConfig& cfg);

// Reads what build_workload() would read from files (logs, workflow instances, action
// files, edge lists), for `validate`: their errors come out before any run. Throws ConfigError.
void read_workload_files(const ScenarioConfig& cfg);

}  // namespace nimbus
