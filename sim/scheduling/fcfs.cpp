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
#include <queue>
#include <tuple>

namespace nimbus {
namespace {

bool before(const ReadyTask& a, const ReadyTask& b) { return task_by_submit(a, b); }

class Fcfs final : public JobPolicy {
public:
  void push(const ReadyTask& task) override {
    if (fifo_.empty() || !before(task, fifo_.back()))
      fifo_.push_back(task);
    else
      heap_.push(task);
  }
  bool empty() const override { return fifo_.empty() && heap_.empty(); }
  ReadyTask pop() override {
    if (heap_.empty() || (!fifo_.empty() && before(fifo_.front(), heap_.top()))) {
      const ReadyTask front = fifo_.front();
      fifo_.pop_front();
      return front;
    }
    const ReadyTask top = heap_.top();
    heap_.pop();
    return top;
  }
  void submit_rigid(const RigidJob& job) override { rigid_.insert(job); }
  std::vector<std::uint32_t> start_now(double, int free_cores, const std::vector<RunningJob>&) override {
    return rigid_.start_in_order(free_cores);
  }

private:
  struct Later {
    bool operator()(const ReadyTask& a, const ReadyTask& b) const { return before(b, a); }
  };
  std::deque<ReadyTask> fifo_;  // in order
  std::priority_queue<ReadyTask, std::vector<ReadyTask>, Later> heap_;
  RigidQueue rigid_{rigid_by_submit};
};

}  // namespace

std::unique_ptr<JobPolicy> make_fcfs(const PolicyContext&) { return std::make_unique<Fcfs>(); }

}  // namespace nimbus
