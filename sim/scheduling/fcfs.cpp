// fcfs: first come, first served. Ready tasks go to placement in the order their jobs were
// submitted (ties: job number, then task number). Rigid jobs start in submit order as soon
// as enough cores are free; one that does not fit holds back all behind it (no backfilling).
#include "scheduling/job_queues.hpp"
#include "scheduling/policies.hpp"

namespace nimbus {

JobPolicy make_fcfs(const PolicyContext&) {
  return {std::make_unique<SubmitOrderTasks>(), std::make_unique<ListScheduler>(rigid_by_submit)};
}

}  // namespace nimbus
