// fcfs: first come, first served. Ready tasks go to placement in the order their jobs were
// submitted (ties: job number, then task number). Rigid jobs start in submit order as soon
// as enough cores are free; one that does not fit holds back all behind it (no backfilling).
//
// Tasks mostly become ready in that order already (jobs arrive in submit order, a job's
// tasks in task order), so they queue in a FIFO in O(1); only a task that would break the
// FIFO's order goes to a heap (O(log n)), and pop() takes the smaller of the two heads.
#include "scheduling/policies.hpp"
#include "scheduling/rigid_queue.hpp"

#include <deque>

namespace nimbus {
namespace {

class Fcfs final : public OrderedJobPolicy {
public:
  Fcfs() : OrderedJobPolicy(task_by_submit, rigid_by_submit) {}

  void push(const ReadyTask& task) override {
    if (fifo_.empty() || !task_by_submit(task, fifo_.back()))
      fifo_.push_back(task);
    else
      tasks_.push(task);  // out of order: the base class's heap
  }
  bool pop(const ClusterView& view, ReadyTask& next) override {
    if (!fifo_.empty() && (tasks_.empty() || task_by_submit(fifo_.front(), tasks_.top()))) {
      next = fifo_.front();
      fifo_.pop_front();
      return true;
    }
    return OrderedJobPolicy::pop(view, next);
  }

private:
  std::deque<ReadyTask> fifo_;  // in order
};

}  // namespace

std::unique_ptr<JobPolicy> make_fcfs(const PolicyContext&) { return std::make_unique<Fcfs>(); }

}  // namespace nimbus
