#include "workload/workload.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace nimbus {

JobId WorkloadBuilder::add_job(Job job) {
  job.first_task = static_cast<TaskId>(w_.tasks.size());
  job.task_count = 0;
  w_.jobs.push_back(std::move(job));
  return static_cast<JobId>(w_.jobs.size() - 1);
}

TaskId WorkloadBuilder::add_task(const Task& record, std::string name, std::uint8_t input_replicas) {
  Task task = record;
  Job& job = w_.jobs.back();
  task.job = static_cast<JobId>(w_.jobs.size() - 1);
  ++job.task_count;
  if (!name.empty() && !named_) {
    named_ = true;
    w_.task_names.resize(w_.tasks.size());
  }
  if (named_) w_.task_names.push_back(std::move(name));
  // What only some tasks have is kept per task from the first task that has it.
  if (input_replicas > 0 || !w_.input_copies.empty()) {
    w_.input_copies.resize(w_.tasks.size(), 0);  // the tasks before the first with copies: none
    w_.input_copies.push_back(input_replicas);
  }
  if (!w_.step_ranges.empty()) w_.step_ranges.emplace_back();
  if (job.rigid_cores == 0 && job.ranks == 0) w_.widest_task = std::max(w_.widest_task, task.cores);
  w_.tasks.push_back(task);
  return static_cast<TaskId>(w_.tasks.size() - 1);
}

void WorkloadBuilder::set_steps(TaskId task, const std::vector<Step>& steps) {
  if (w_.step_ranges.empty()) w_.step_ranges.resize(w_.tasks.size());
  Workload::StepRange& r = w_.step_ranges[task];
  r.begin = static_cast<std::uint32_t>(w_.steps.size());
  w_.steps.insert(w_.steps.end(), steps.begin(), steps.end());
  r.end = static_cast<std::uint32_t>(w_.steps.size());
}

void WorkloadBuilder::add_edge(TaskId from, TaskId to, double bytes) {
  // Producers come first: critical paths and ranks are then one pass over the tasks.
  if (from >= to) throw std::logic_error("workload edge from task " + std::to_string(from) + " to an earlier task");
  edges_.push_back({from, to, bytes});
}

Workload WorkloadBuilder::finish() {
  task_pages_.join();
  const bool in_order = std::is_sorted(w_.jobs.begin(), w_.jobs.end(),
                                       [](const Job& a, const Job& b) { return a.submit_s < b.submit_s; });
  Workload out = in_order ? std::move(w_) : reorder_jobs();
  link_edges(out);
  w_ = Workload{};
  edges_.clear();
  return out;
}

// Jobs by submit time; ties keep creation order. Tasks move with their jobs, and edges are
// renumbered to follow them.
Workload WorkloadBuilder::reorder_jobs() {
  std::vector<JobId> order(w_.jobs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [this](JobId a, JobId b) { return w_.jobs[a].submit_s < w_.jobs[b].submit_s; });
  Workload out;
  out.trace = w_.trace;
  out.widest_task = w_.widest_task;
  out.graphs = std::move(w_.graphs);
  out.steps = std::move(w_.steps);  // tasks keep their step ranges, moved with them below
  out.jobs.reserve(w_.jobs.size());
  reserve_huge(out.tasks, w_.tasks.size());
  std::vector<TaskId> new_id(w_.tasks.size());
  for (JobId old_job : order) {
    Job job = w_.jobs[old_job];
    const TaskId first = job.first_task;
    job.first_task = static_cast<TaskId>(out.tasks.size());
    for (std::uint32_t i = 0; i < job.task_count; ++i) {
      Task t = w_.tasks[first + i];
      t.job = static_cast<JobId>(out.jobs.size());
      new_id[first + i] = static_cast<TaskId>(out.tasks.size());
      out.tasks.push_back(t);
      if (!w_.task_names.empty()) out.task_names.push_back(std::move(w_.task_names[first + i]));
      if (!w_.step_ranges.empty()) out.step_ranges.push_back(w_.step_ranges[first + i]);
      if (!w_.input_copies.empty()) out.input_copies.push_back(w_.input_copies[first + i]);
    }
    out.jobs.push_back(std::move(job));
  }
  for (auto& e : edges_) {
    e.from = new_id[e.from];
    e.to = new_id[e.to];
  }
  return out;
}

// Adjacency in CSR form: count, prefix-sum, fill.
void WorkloadBuilder::link_edges(Workload& out) const {
  if (edges_.empty()) return;  // no offsets: every task's edges are none
  out.pred_offsets.assign(out.tasks.size() + 1, 0);
  out.succ_offsets.assign(out.tasks.size() + 1, 0);
  for (const auto& e : edges_) {
    ++out.succ_offsets[e.from + 1];
    ++out.pred_offsets[e.to + 1];
  }
  std::partial_sum(out.pred_offsets.begin(), out.pred_offsets.end(), out.pred_offsets.begin());
  std::partial_sum(out.succ_offsets.begin(), out.succ_offsets.end(), out.succ_offsets.begin());
  out.preds.resize(edges_.size());
  out.succs.resize(edges_.size());
  std::vector<std::uint32_t> pred_next(out.pred_offsets.begin(), out.pred_offsets.end() - 1);
  std::vector<std::uint32_t> succ_next(out.succ_offsets.begin(), out.succ_offsets.end() - 1);
  for (const auto& e : edges_) {
    out.succs[succ_next[e.from]++] = {e.to, e.bytes};
    out.preds[pred_next[e.to]++] = {e.from, e.bytes};
  }
}

}  // namespace nimbus
