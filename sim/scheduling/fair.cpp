// fair: fair sharing between pools, in the manner of Hadoop's Fair Scheduler (without
// preemption, its default). Pools are users (or queues); the next free core goes to the
// pool with waiting tasks whose cores in use, divided by its weight, are fewest (ties by
// pool name); inside a pool, tasks go in submit order. A pool alone gets the whole cluster;
// two busy pools of equal weight get half each. Holds tasks until cores are free.
// O(pools) per task handed out.
#include "scheduling/policies.hpp"
#include "scheduling/job_queues.hpp"

#include <deque>

namespace nimbus {
namespace {

class FairTasks final : public TaskQueue {
public:
  explicit FairTasks(FairSpec spec) : spec_(std::move(spec)) {}

  void push(const ReadyTask& task) override {
    Pool& pool = pools_[key(task)];
    auto& q = pool.waiting;
    q.insert(std::upper_bound(q.begin(), q.end(), task, task_by_submit), task);
    ++waiting_;
  }
  bool pop(const ClusterView& view, std::uint32_t& task) override {
    if (waiting_ == 0 || view.first_with_slots(1) == kNoHost) return false;
    Pool* best = nullptr;
    double best_usage = 0;
    for (auto& [name, pool] : pools_) {
      if (pool.waiting.empty()) continue;
      const double usage = pool.cores_in_use / weight(name);
      if (best == nullptr || usage < best_usage) {
        best = &pool;
        best_usage = usage;
      }
    }
    const ReadyTask next = best->waiting.front();
    best->waiting.pop_front();
    best->cores_in_use += next.cores;
    task = next.task;
    --waiting_;
    return true;
  }
  void finished(const ReadyTask& task) override { pools_[key(task)].cores_in_use -= task.cores; }

private:
  struct Pool {
    std::deque<ReadyTask> waiting;
    double cores_in_use = 0;
  };
  const std::string& key(const ReadyTask& t) const { return spec_.by_queue ? *t.queue : *t.user; }
  double weight(const std::string& pool) const {
    const auto it = spec_.weights.find(pool);
    return it == spec_.weights.end() ? 1.0 : it->second;
  }

  FairSpec spec_;
  std::map<std::string, Pool> pools_;  // ordered: ties go to the first name
  std::size_t waiting_ = 0;
};

}  // namespace

// Tasks are shared; rigid jobs are not: they go in submit order.
JobPolicy make_fair(const PolicyContext& ctx) {
  return {std::make_unique<FairTasks>(ctx.fair), std::make_unique<ListScheduler>(rigid_by_submit)};
}

}  // namespace nimbus
