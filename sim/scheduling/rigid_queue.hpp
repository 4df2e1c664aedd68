// Pieces shared by the job policies: the queue of waiting rigid jobs in a policy's order,
// list scheduling without backfilling, and ordered task queues.
#pragma once

#include "scheduling/policy.hpp"

#include <algorithm>
#include <queue>
#include <tuple>

namespace nimbus {

using RigidLess = bool (*)(const RigidJob&, const RigidJob&);
using TaskLess = bool (*)(const ReadyTask&, const ReadyTask&);

inline bool rigid_by_submit(const RigidJob& a, const RigidJob& b) {
  return std::tie(a.submit_s, a.job) < std::tie(b.submit_s, b.job);
}
inline bool task_by_submit(const ReadyTask& a, const ReadyTask& b) {
  return std::tie(a.submit_s, a.job, a.task) < std::tie(b.submit_s, b.job, b.task);
}

class RigidQueue {
public:
  explicit RigidQueue(RigidLess less) : less_(less) {}
  // Keeps the policy's order; equal keys keep their arrival order.
  void insert(const RigidJob& job) { jobs_.insert(std::upper_bound(jobs_.begin(), jobs_.end(), job, less_), job); }
  std::vector<RigidJob>& jobs() { return jobs_; }

  // List scheduling: start jobs from the front while they fit; the first that does not fit
  // waits, and so does everything behind it. O(started).
  std::vector<std::uint32_t> start_in_order(int& free_cores) {
    std::vector<std::uint32_t> started;
    std::size_t k = 0;
    while (k < jobs_.size() && jobs_[k].cores <= free_cores) {
      free_cores -= jobs_[k].cores;
      started.push_back(jobs_[k++].job);
    }
    jobs_.erase(jobs_.begin(), jobs_.begin() + static_cast<std::ptrdiff_t>(k));
    return started;
  }

  // Walks the queue in order from position `first`; the jobs `start` accepts leave it (the
  // others keep their order) and are returned in order. O(queue).
  template <typename Start>
  std::vector<std::uint32_t> take_if(std::size_t first, Start&& start) {
    std::vector<std::uint32_t> taken;
    auto kept = jobs_.begin() + static_cast<std::ptrdiff_t>(std::min(first, jobs_.size()));
    for (auto it = kept; it != jobs_.end(); ++it) {
      if (start(*it))
        taken.push_back(it->job);
      else
        *kept++ = *it;
    }
    jobs_.erase(kept, jobs_.end());
    return taken;
  }

private:
  RigidLess less_;
  std::vector<RigidJob> jobs_;
};

// A job policy defined by two orders, one for elastic tasks and one for rigid jobs, with
// list scheduling (no backfilling) for rigid jobs. O(log n) per task, O(queue) per rigid
// submission.
class OrderedJobPolicy : public JobPolicy {
public:
  OrderedJobPolicy(TaskLess task_less, RigidLess rigid_less) : tasks_(Later{task_less}), rigid_(rigid_less) {}
  void push(const ReadyTask& task) override { tasks_.push(task); }
  bool pop(const ClusterView&, ReadyTask& next) override {
    if (tasks_.empty()) return false;
    next = tasks_.top();
    tasks_.pop();
    return true;
  }
  void submit_rigid(const RigidJob& job) override { rigid_.insert(job); }
  std::vector<std::uint32_t> start_now(double, int free_cores, const std::vector<RunningJob>&) override {
    return rigid_.start_in_order(free_cores);
  }

protected:
  struct Later {
    TaskLess less;
    bool operator()(const ReadyTask& a, const ReadyTask& b) const { return less(b, a); }
  };
  std::priority_queue<ReadyTask, std::vector<ReadyTask>, Later> tasks_;
  RigidQueue rigid_;
};

}  // namespace nimbus
