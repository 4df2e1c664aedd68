// easy-backfill: EASY backfilling (Lifka 1995; Mu'alem and Feitelson 2001). Rigid jobs start
// in submit order while they fit. The first that does not fit gets a reservation: the
// earliest time (the "shadow time") at which, by the running jobs' estimates, enough cores
// will be free. A later job may jump ahead if it fits now and does not delay that
// reservation: it ends (by its estimate) before the shadow time, or uses only cores the
// head job will not need then. Elastic tasks go in submit order.
// Cost per event: O(running log running + queue).
#include "scheduling/policies.hpp"
#include "scheduling/job_queues.hpp"

namespace nimbus {
namespace {

class EasyBackfill final : public RigidScheduler {
public:
  void submit(const RigidJob& job) override { rigid_.insert(job); }

  std::vector<std::uint32_t> start_now(double now, int free_cores, const std::vector<RunningJob>& running) override {
    std::vector<std::uint32_t> started = rigid_.start_in_order(free_cores);
    auto& queue = rigid_.jobs();
    if (queue.empty()) return started;

    // The head's reservation: walk the running jobs by expected end until enough cores.
    std::vector<RunningJob> by_end = running;
    std::sort(by_end.begin(), by_end.end(), [](const RunningJob& a, const RunningJob& b) {
      return a.expected_end_s != b.expected_end_s ? a.expected_end_s < b.expected_end_s : a.job < b.job;
    });
    const int needed = queue.front().cores;
    int available = free_cores;
    double shadow = now;
    for (const auto& r : by_end) {
      if (available >= needed) break;
      available += r.cores;
      shadow = std::max(now, r.expected_end_s);
    }
    int extra = available - needed;  // cores the head will not use at the shadow time

    const auto backfilled = rigid_.take_if(1, [&](const RigidJob& job) {
      const bool ends_in_time = now + job.walltime_s <= shadow;
      if (job.cores > free_cores || (!ends_in_time && job.cores > extra)) return false;
      free_cores -= job.cores;
      if (!ends_in_time) extra -= job.cores;
      return true;
    });
    started.insert(started.end(), backfilled.begin(), backfilled.end());
    return started;
  }

private:
  RigidQueue rigid_{rigid_by_submit};
};

}  // namespace

JobPolicy make_easy_backfill(const PolicyContext&) {
  return {std::make_unique<SubmitOrderTasks>(), std::make_unique<EasyBackfill>()};
}

}  // namespace nimbus
