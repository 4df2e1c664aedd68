// fcfs: first come, first served. Ready tasks go to placement in the order their jobs were
// submitted (ties: job number, then task number). A heap: O(log n) per task.
#include "scheduling/policies.hpp"

#include <queue>
#include <tuple>

namespace nimbus {
namespace {

class Fcfs final : public JobPolicy {
public:
  void push(const ReadyTask& task) override { heap_.push(task); }
  bool empty() const override { return heap_.empty(); }
  ReadyTask pop() override {
    ReadyTask top = heap_.top();
    heap_.pop();
    return top;
  }

private:
  struct Later {
    bool operator()(const ReadyTask& a, const ReadyTask& b) const {
      return std::tie(a.submit_s, a.job, a.task) > std::tie(b.submit_s, b.job, b.task);
    }
  };
  std::priority_queue<ReadyTask, std::vector<ReadyTask>, Later> heap_;
};

}  // namespace

std::unique_ptr<JobPolicy> make_fcfs(const PolicyContext&) { return std::make_unique<Fcfs>(); }

}  // namespace nimbus
