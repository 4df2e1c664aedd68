// capacity: queues with guaranteed capacity, in the manner of Hadoop's Capacity Scheduler.
// Each queue is promised a share of the cores and may grow past it, up to its ceiling, when
// others leave cores idle. The next free core goes to the queue with waiting tasks that is
// furthest below its guarantee (cores in use over guaranteed cores, ties by name) and under
// its ceiling; a queue at its ceiling waits even if cores are idle. Inside a queue, tasks
// go in submit order. Holds tasks until cores are free. O(queues) per task handed out.
#include "scheduling/policies.hpp"
#include "scheduling/job_queues.hpp"

#include <deque>
#include <limits>

namespace nimbus {
namespace {

class CapacityTasks final : public TaskQueue {
public:
  CapacityTasks(CapacitySpec spec, long long total_cores)
      : spec_(std::move(spec)), total_(static_cast<double>(total_cores)) {}

  void push(const ReadyTask& task) override {
    auto& q = queues_[*task.queue].waiting;
    q.insert(std::upper_bound(q.begin(), q.end(), task, task_by_submit), task);
  }
  bool pop(const ClusterView& view, std::uint32_t& task) override {
    const std::string* name = next_queue();
    if (name == nullptr || view.first_with_slots(1) == kNoHost) return false;
    Queue& q = queues_.at(*name);
    const ReadyTask next = q.waiting.front();
    q.waiting.pop_front();
    q.cores_in_use += next.cores;
    task = next.task;
    return true;
  }
  void finished(const ReadyTask& task) override { queues_[*task.queue].cores_in_use -= task.cores; }

private:
  struct Queue {
    std::deque<ReadyTask> waiting;
    double cores_in_use = 0;
  };
  CapacitySpec::Queue limits(const std::string& name) const {
    const auto it = spec_.queues.find(name);
    return it == spec_.queues.end() ? CapacitySpec::Queue{} : it->second;
  }
  // The name of the queue that gets the next core; null if every waiting queue is at its
  // ceiling.
  const std::string* next_queue() const {
    const std::string* best = nullptr;
    double best_ratio = 0;
    for (const auto& [name, q] : queues_) {
      if (q.waiting.empty()) continue;
      const CapacitySpec::Queue l = limits(name);
      if (q.cores_in_use + q.waiting.front().cores > l.max * total_ + 1e-9) continue;
      const double guaranteed = l.share * total_;
      const double ratio = guaranteed > 0 ? q.cores_in_use / guaranteed : std::numeric_limits<double>::infinity();
      if (best == nullptr || ratio < best_ratio) {
        best = &name;
        best_ratio = ratio;
      }
    }
    return best;
  }

  CapacitySpec spec_;
  double total_;
  std::map<std::string, Queue> queues_;
};

}  // namespace

// Tasks are shared; rigid jobs are not: they go in submit order.
JobPolicy make_capacity(const PolicyContext& ctx) {
  return {std::make_unique<CapacityTasks>(ctx.capacity, ctx.total_cores), std::make_unique<ListScheduler>(rigid_by_submit)};
}

}  // namespace nimbus
