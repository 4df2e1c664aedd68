// priority: the job with the highest priority first (the workload's `priority`), then in
// submit order. List scheduling, no backfilling. O(log n) per task, O(queue) per rigid job.
#include "scheduling/policies.hpp"
#include "scheduling/job_queues.hpp"

namespace nimbus {
namespace {

bool higher(const RigidJob& a, const RigidJob& b) {
  return a.priority != b.priority ? a.priority > b.priority : rigid_by_submit(a, b);
}
bool higher_task(const ReadyTask& a, const ReadyTask& b) {
  return a.priority != b.priority ? a.priority > b.priority : task_by_submit(a, b);
}

}  // namespace

JobPolicy make_priority(const PolicyContext&) {
  return {std::make_unique<OrderedTasks>(higher_task), std::make_unique<ListScheduler>(higher)};
}

}  // namespace nimbus
