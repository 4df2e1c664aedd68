// Jobs made of tasks: what every program model and trace reader produces, and what the
// runtime executes. Flat arrays indexed by integers: a task costs 32 bytes, and the
// runtime never looks anything up by name.
#pragma once

#include "util/huge_pages.hpp"
#include "util/prefault.hpp"
#include "workload/graph_summary.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace nimbus {

using TaskId = std::uint32_t;
using JobId = std::uint32_t;

// A dependency: the producer's output (bytes) travels to the consumer's host before the
// consumer starts. A barrier is a task of zero flops, so P -> barrier -> P costs 2P edges.
struct Edge {
  TaskId task = 0;     // the other end
  double bytes = 0;
};

// One step of a task's body; the executor runs a task's steps in order on its host. The
// ranks of a program (a job with `ranks`) have bodies of operations on their peers.
struct Step {
  enum class Kind : std::uint8_t {
    Fetch,    // bring every input (producers' outputs, external input) to the host
    Compute,  // `amount` flops, spread over the task's cores
    Deliver,  // send the output to the submit host (tasks without consumers)
    Sleep,    // `amount` seconds, holding the cores
    // Ranks only. `peer` is a rank of the same job; sends complete when received (SimGrid).
    Send,     // `amount` bytes to `peer`
    Recv,     // from `peer` (the size is the sender's)
    Isend,    // start a send and go on; a later Wait or WaitAll completes it
    Irecv,
    Wait,     // the request on `peer` posted last (peer < 0: the last request posted)
    WaitAll,  // every request pending
    Barrier,  // every rank of the job
    Lock,     // the lock numbered `peer` among those of the job's ranks on this host
    Unlock,
    // Work items (master-worker): the job's tasks after its ranks, carried out by ranks. A
    // send naming an item makes it ready; a computation naming it starts it; EndItem ends it.
    EndItem,
    RecvAny,  // a message from any rank (the first to arrive); remembers who sent it
    Reply,    // `amount` bytes to the rank RecvAny heard last; `item` < 0: "no more work"
    Work,     // a worker on demand: ask rank `peer` for an item, compute it, ask again
              // (the request carries the last result, `amount` bytes), until told to stop
    // Tasks. Writes `amount` bytes as `peer` copies, HDFS-style: the first on this host, the
    // second in another rack, the third in the second's rack; a pipeline host to host.
    Write,
  };
  Kind kind = Kind::Compute;
  std::int32_t peer = -1;
  double amount = 0;
  std::int32_t item = -1;  // a work item of the job, counted from its first one
};

// Half a cache line, aligned to it: a task's record is read at each of its starts and ends,
// a million of them in no order a prefetcher follows, and a record over two lines costs two
// waits on memory. What only some tasks have (edges, a body of steps, copies of its input,
// a name) is in the Workload beside, by task, and costs nothing where no task has it.
struct alignas(32) Task {
  JobId job = 0;
  int cores = 1;            // on one host
  double flops = 0;
  double input_bytes = 0;   // external input: from the submit host, or from the nearest
                            // of Workload::input_replicas(t) copies spread over the hosts
  double output_bytes = 0;  // written back to the submit host when it has no consumers
};
static_assert(sizeof(Task) == 32, "a task's record is half a cache line");

// A run of contiguous items (a task's edges, its steps): C++17 has no std::span.
template <class T>
class Span {
public:
  Span() = default;
  Span(const T* begin, const T* end) : begin_(begin), end_(end) {}
  const T* begin() const { return begin_; }
  const T* end() const { return end_; }
  std::size_t size() const { return static_cast<std::size_t>(end_ - begin_); }
  bool empty() const { return begin_ == end_; }
  const T& operator[](std::size_t i) const { return begin_[i]; }

private:
  const T* begin_ = nullptr;
  const T* end_ = nullptr;
};

struct Job {
  std::string id;  // the workload's own id (an SWF job number, "bag-0/17", ...)
  std::string user = "default";
  std::string queue = "default";
  int priority = 0;
  double submit_s = 0;
  TaskId first_task = 0;
  std::uint32_t task_count = 0;
  std::uint32_t workload_item = 0;  // which scenario workload entry made it
  // A rigid job (batch systems, SWF traces) needs `rigid_cores` cores at once, possibly on
  // several hosts, for its one task; `walltime_s` is the user's estimate (0: none).
  // Elastic jobs (0) run their tasks wherever and whenever placement decides.
  int rigid_cores = 0;
  double walltime_s = 0;
  // A program (message passing, BSP, ...): its tasks are `ranks` ranks that start together,
  // one core each, and talk through their steps. rank_hosts: rank i's host by name, or empty
  // for the placement policy to map them.
  std::uint32_t ranks = 0;
  std::vector<std::string> rank_hosts;
  // A MapReduce job: its first `maps` tasks are maps, the rest reducers (0: not one).
  std::uint32_t maps = 0;
};

// What trace readers skipped or noticed, for the run's summary.
struct TraceCounts {
  long long lines = 0;
  long long skipped_unknown = 0;  // runtime or processors unknown: not replayable
  long long zero_runtime = 0;
  long long outside_window = 0;
};

struct Workload {
  std::vector<Job> jobs;                 // in submit order (stable for equal times)
  std::vector<Task> tasks;               // a job's tasks are contiguous
  std::vector<Edge> preds, succs;        // adjacency: task t's are [t's offset, t+1's offset)
  std::vector<std::uint32_t> pred_offsets, succ_offsets;  // empty, or one per task and one more
  struct StepRange {
    std::uint32_t begin = 0, end = 0;
  };
  std::vector<Step> steps;               // bodies of the tasks that have one
  std::vector<StepRange> step_ranges;    // empty, or one per task (empty range: no body)
  std::vector<std::uint8_t> input_copies;  // empty, or one per task: its input's copies
  std::vector<std::string> task_names;   // empty, or one per task (named DAG tasks)
  TraceCounts trace;
  std::vector<GraphSummary> graphs;      // one per graph program, in workload order
  int widest_task = 0;                   // the most cores a task of an elastic job needs

  Span<Edge> preds_of(TaskId t) const { return edges(preds, pred_offsets, t); }
  Span<Edge> succs_of(TaskId t) const { return edges(succs, succ_offsets, t); }
  // Empty: the one-shot body (fetch inputs, compute flops, deliver the output).
  Span<Step> steps_of(TaskId t) const {
    if (step_ranges.empty()) return {};
    const StepRange& r = step_ranges[t];
    return {steps.data() + r.begin, steps.data() + r.end};
  }
  // 0: its input is on the submit host; R: R copies spread over the hosts.
  int input_replicas(TaskId t) const { return input_copies.empty() ? 0 : input_copies[t]; }
  std::uint32_t index_of(TaskId t) const { return t - jobs[tasks[t].job].first_task; }  // within its job
  std::string task_name(TaskId t) const {
    return task_names.empty() || task_names[t].empty() ? std::to_string(index_of(t)) : task_names[t];
  }

private:
  static Span<Edge> edges(const std::vector<Edge>& all, const std::vector<std::uint32_t>& offsets, TaskId t) {
    if (offsets.empty()) return {};
    return {all.data() + offsets[t], all.data() + offsets[t + 1]};
  }
};

// Builds a Workload job by job, then links edges into the adjacency arrays.
class WorkloadBuilder {
public:
  JobId add_job(Job job);
  // Room for `tasks` more tasks (a large bag is built without regrowing).
  void reserve_tasks(std::size_t tasks) {
    task_pages_.join();  // before the array may move
    reserve_huge(w_.tasks, w_.tasks.size() + tasks);
    task_pages_.start(w_.tasks.data() + w_.tasks.size(), tasks * sizeof(Task));
  }
  void reserve_steps(std::size_t steps) { w_.steps.reserve(w_.steps.size() + steps); }
  // REQUIRES: add_job was called; the task joins the last job. `input_replicas`: copies of
  // its external input spread over the hosts (0: on the submit host).
  TaskId add_task(const Task& task, std::string name = "", std::uint8_t input_replicas = 0);
  // REQUIRES: `task` was the last task added. Gives it a body of its own.
  void set_steps(TaskId task, const std::vector<Step>& steps);
  // REQUIRES: from < to (producers are added before their consumers).
  void add_edge(TaskId from, TaskId to, double bytes);
  // Sorts jobs by submit time (stable) and fills the adjacency ranges.
  Workload finish();
  TraceCounts& trace_counts() { return w_.trace; }
  void add_graph_summary(GraphSummary summary) { w_.graphs.push_back(std::move(summary)); }

private:
  Workload reorder_jobs();
  void link_edges(Workload& out) const;

  Workload w_;
  struct RawEdge {
    TaskId from, to;
    double bytes;
  };
  std::vector<RawEdge> edges_;
  bool named_ = false;
  Prefault task_pages_;  // maps the reserved tasks' pages while they are written
};

}  // namespace nimbus
