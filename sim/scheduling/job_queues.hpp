// Halves shared by the job policies: task queues in a fixed order, the queue of waiting
// rigid jobs in a policy's order, and list scheduling without backfilling.
#pragma once

#include "scheduling/policy.hpp"

#include <algorithm>
#include <deque>
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

// Elastic tasks in a fixed order. O(log n) per task.
class OrderedTasks final : public TaskQueue {
public:
  explicit OrderedTasks(TaskLess less) : heap_(Later{less}) {}
  void push(const ReadyTask& task) override { heap_.push(task); }
  bool pop(const ClusterView&, std::uint32_t& task) override {
    if (heap_.empty()) return false;
    task = heap_.top().task;
    heap_.pop();
    return true;
  }
  const ReadyTask* top() const { return heap_.empty() ? nullptr : &heap_.top(); }

private:
  struct Later {
    TaskLess less;
    bool operator()(const ReadyTask& a, const ReadyTask& b) const { return less(b, a); }
  };
  std::priority_queue<ReadyTask, std::vector<ReadyTask>, Later> heap_;
};

// Elastic tasks in submit order (ties: job number, then task number). Tasks mostly become
// ready in that order already (jobs arrive in submit order, a job's tasks in task order), so
// they queue in a FIFO in O(1); only a task that would break the FIFO's order goes to a heap
// (O(log n)), and pop() takes the smaller of the two heads. The FIFO holds runs: a job's
// tasks that become ready together, numbered one after another, are one entry, so a bag of a
// million tasks is not a million entries before it is placed.
class SubmitOrderTasks final : public TaskQueue {
public:
  void push(const ReadyTask& task) override {
    if (!fifo_.empty()) {
      Run& last = fifo_.back();
      const ReadyTask tail = last.at(last.count - 1);
      if (task.job == tail.job && task.task == tail.task + 1) {
        ++last.count;  // the same job: the same submit time, so the order holds
        return;
      }
      if (task_by_submit(task, tail)) {
        late_.push(task);
        return;
      }
    }
    fifo_.push_back({task, 1});
  }
  bool pop(const ClusterView& view, std::uint32_t& task) override {
    const ReadyTask* late = late_.top();
    if (fifo_.empty() || (late != nullptr && task_by_submit(*late, fifo_.front().at(0)))) return late_.pop(view, task);
    Run& run = fifo_.front();
    task = run.first.task;
    if (--run.count == 0)
      fifo_.pop_front();
    else
      ++run.first.task;  // what ordering reads (submit time, job, task) is the run's next task's
    return true;
  }

private:
  struct Run {
    ReadyTask first;  // its submit time, job and task number order the run; its size is the first task's
    std::uint32_t count;
    ReadyTask at(std::uint32_t k) const {
      ReadyTask t = first;
      t.task += k;
      return t;
    }
  };
  std::deque<Run> fifo_;                // in order
  OrderedTasks late_{task_by_submit};  // out of order
};

// Rigid jobs by a fixed order, with list scheduling (no backfilling). O(queue) per submission.
class ListScheduler final : public RigidScheduler {
public:
  explicit ListScheduler(RigidLess less) : queue_(less) {}
  void submit(const RigidJob& job) override { queue_.insert(job); }
  std::vector<std::uint32_t> start_now(double, int free_cores, const std::vector<RunningJob>&) override {
    return queue_.start_in_order(free_cores);
  }

private:
  RigidQueue queue_;
};

}  // namespace nimbus
