// conservative-backfill: every waiting rigid job holds a reservation (Mu'alem and Feitelson
// 2001). At each event the queue is planned again in submit order on a profile of free
// cores built from the running jobs' estimates: each job takes the earliest slot where it
// fits for its whole estimate, without moving anyone planned before it; jobs whose slot is
// now start. A job can only move earlier, never later. Elastic tasks go in submit order.
// Cost per event: O(queue x (running + queue)).
#include "scheduling/policies.hpp"
#include "scheduling/job_queues.hpp"

#include <cmath>
#include <map>

namespace nimbus {
namespace {

// Free cores as a step function of time: at each key, the change from then on.
class Profile {
public:
  Profile(double now, int free_cores) { delta_[now] = free_cores; }
  void release(double at, int cores) { delta_[at] += cores; }
  void reserve(double from, double to, int cores) {
    // A job of no duration still holds its cores for an instant: it starts with the others.
    delta_[from] -= cores;
    delta_[std::max(to, std::nextafter(from, INFINITY))] += cores;
  }
  // The earliest step at which `cores` stay free for `duration`.
  double earliest(int cores, double duration) const {
    int level = 0;
    for (auto start = delta_.begin(); start != delta_.end(); ++start) {
      level += start->second;
      if (level < cores) continue;
      int ahead = level;
      bool fits = true;
      for (auto it = std::next(start); it != delta_.end() && it->first < start->first + duration; ++it) {
        ahead += it->second;
        if (ahead < cores) {
          fits = false;
          break;
        }
      }
      if (fits) return start->first;
    }
    return delta_.rbegin()->first;  // unreachable: after the last step every core is free
  }

private:
  std::map<double, int> delta_;
};

class ConservativeBackfill final : public RigidScheduler {
public:
  void submit(const RigidJob& job) override { rigid_.insert(job); }

  std::vector<std::uint32_t> start_now(double now, int free_cores, const std::vector<RunningJob>& running) override {
    Profile profile(now, free_cores);
    // A running job frees its cores at its expected end; one past its estimate (not killed)
    // is taken to end just after now, never now: its cores are not free yet.
    for (const auto& r : running)
      profile.release(std::max(std::nextafter(now, INFINITY), r.expected_end_s), r.cores);
    return rigid_.take_if(0, [&](const RigidJob& job) {
      const double start = profile.earliest(job.cores, job.walltime_s);
      profile.reserve(start, start + job.walltime_s, job.cores);
      return start <= now;
    });
  }

private:
  RigidQueue rigid_{rigid_by_submit};
};

}  // namespace

JobPolicy make_conservative_backfill(const PolicyContext&) {
  return {std::make_unique<SubmitOrderTasks>(), std::make_unique<ConservativeBackfill>()};
}

}  // namespace nimbus
