// sjf and ljf: shortest (longest) job first. Rigid jobs by their estimated work (requested
// time x cores), elastic tasks by their flops; ties in submit order. List scheduling, no
// backfilling: a classic of batch scheduling that favours short jobs at the risk of
// starving long ones. O(log n) per task, O(queue) per rigid submission.
#include "scheduling/policies.hpp"
#include "scheduling/job_queues.hpp"

namespace nimbus {
namespace {

double work(const RigidJob& j) { return j.walltime_s * j.cores; }

bool shorter(const RigidJob& a, const RigidJob& b) {
  return work(a) != work(b) ? work(a) < work(b) : rigid_by_submit(a, b);
}
bool longer(const RigidJob& a, const RigidJob& b) {
  return work(a) != work(b) ? work(a) > work(b) : rigid_by_submit(a, b);
}
bool smaller_task(const ReadyTask& a, const ReadyTask& b) {
  return a.flops != b.flops ? a.flops < b.flops : task_by_submit(a, b);
}
bool larger_task(const ReadyTask& a, const ReadyTask& b) {
  return a.flops != b.flops ? a.flops > b.flops : task_by_submit(a, b);
}

}  // namespace

JobPolicy make_sjf(const PolicyContext&) {
  return {std::make_unique<OrderedTasks>(smaller_task), std::make_unique<ListScheduler>(shorter)};
}
JobPolicy make_ljf(const PolicyContext&) {
  return {std::make_unique<OrderedTasks>(larger_task), std::make_unique<ListScheduler>(longer)};
}

}  // namespace nimbus
