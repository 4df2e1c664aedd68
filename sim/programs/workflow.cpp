// WfCommons workflows: a recorded execution replayed as one DAG job. A task's work is its
// recorded runtime at the trace's core speed; files a task reads from its parents travel as
// dependencies; files no task produces come from the submit host; files no task reads go
// back to it.
#include "programs/programs.hpp"

#include "workload/wfcommons.hpp"

namespace nimbus {

void generate_workflow(const TraceSpec& spec, std::uint32_t item, WorkloadBuilder& out) {
  const WfWorkflow wf = read_wfcommons(spec.path);
  Job job;
  job.id = "wf" + std::to_string(item);
  job.workload_item = item;
  out.add_job(std::move(job));
  std::vector<TaskId> ids;
  ids.reserve(wf.tasks.size());
  for (const WfTask& t : wf.tasks) {
    Task task;
    task.cores = t.cores;
    task.flops = t.runtime_s * spec.runtime_scale * spec.core_speed * t.cores;
    task.input_bytes = t.external_input_bytes;
    task.output_bytes = t.final_output_bytes;
    ids.push_back(out.add_task(task, t.name));
    for (std::size_t k = 0; k < t.parents.size(); ++k) out.add_edge(ids[t.parents[k]], ids.back(), t.parent_bytes[k]);
  }
}

}  // namespace nimbus
