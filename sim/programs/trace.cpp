// trace: a Standard Workload Format log replayed as rigid jobs. Each SWF job asks for its
// processors as cores, at once (possibly across hosts), for its run time; its requested
// time is the estimate batch policies plan with.
#include "programs/programs.hpp"

#include "workload/swf.hpp"

namespace nimbus {

void generate_trace(const TraceSpec& spec, std::uint32_t item, WorkloadBuilder& out) {
  SwfOptions options;
  options.first = spec.first;
  options.window_from_s = spec.window_from_s;
  options.window_to_s = spec.window_to_s;
  const SwfTrace trace = read_swf(spec.path, options);
  TraceCounts& counts = out.trace_counts();
  counts.lines += trace.lines;
  counts.skipped_unknown += trace.skipped_unknown;
  counts.zero_runtime += trace.zero_runtime;
  counts.outside_window += trace.outside_window;
  for (const SwfJob& swf : trace.jobs) {
    Job job;
    job.id = std::to_string(swf.id);
    job.user = swf.user >= 0 ? "u" + std::to_string(swf.user) : "default";
    job.queue = swf.queue >= 0 ? "q" + std::to_string(swf.queue) : "default";
    job.submit_s = swf.submit_s / spec.load;
    job.workload_item = item;
    job.rigid_cores = swf.procs;
    job.walltime_s = swf.requested_s * spec.runtime_scale;
    out.add_job(std::move(job));
    Task task;
    task.cores = swf.procs;
    task.flops = swf.runtime_s * spec.runtime_scale * spec.core_speed * swf.procs;
    out.add_task(task);
  }
}

}  // namespace nimbus
