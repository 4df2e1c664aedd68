// WfCommons workflow instances (JSON): the WorkflowHub schema 1.4 (workflow.tasks[] with
// runtimes and files) and the WfFormat 1.5 layout (workflow.specification and
// workflow.execution). Tasks come out in an order where parents precede children.
#pragma once

#include <string>
#include <vector>

namespace nimbus {

struct WfTask {
  std::string name;
  double runtime_s = 0;
  int cores = 1;
  std::vector<std::size_t> parents;  // indices into WfWorkflow::tasks, all earlier
  std::vector<double> parent_bytes;  // bytes of the parent's output files this task reads
  double external_input_bytes = 0;   // input files no task produces
  double final_output_bytes = 0;     // output files no task reads
};

struct WfWorkflow {
  std::string name;
  std::vector<WfTask> tasks;
  std::size_t edges = 0;
  double recorded_makespan_s = 0;  // makespanInSeconds, 0 if absent
};

// Throws ConfigError naming the file (with line:col for malformed JSON) and what is wrong.
WfWorkflow read_wfcommons(const std::string& path);

}  // namespace nimbus
