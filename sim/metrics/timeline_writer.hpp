// What the parts of timeline.json's writer share: the attempts as drawn, and the Writer,
// declared once, its members defined in timeline.cpp (the file's order, its head, names and
// slices), timeline_layout.cpp (which process, thread and lane each thing goes on, and which
// arrows are drawn) and timeline_counters.cpp (counters and instants over time).
#pragma once

#include "metrics/chrome_trace.hpp"
#include "metrics/timeline.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace nimbus::timeline {

using chrome_trace::Ns;
using chrome_trace::ns;
using chrome_trace::Object;
using chrome_trace::TraceFile;

// An attempt drawn on a host: [begin, end] with begin its fetch (or its start when it
// fetched nothing). Two slices at most: "(inputs)" over [fetch, start], the attempt over
// [start, end].
struct Drawn {
  const Attempt* a;
  const Transfers* moved;
  std::uint32_t tid;  // its lane's thread id (during lane assignment: the lane)
};

inline Ns begin_ns(const Drawn& d) { return ns(d.moved->fetch_s >= 0 ? d.moved->fetch_s : d.a->start_s); }
inline Ns start_ns(const Attempt& a) { return a.started() ? ns(a.start_s) : ns(a.end_s); }  // inputs end here
inline bool has_inputs_slice(const Drawn& d) { return d.moved->fetch_s >= 0 && begin_ns(d) < start_ns(*d.a); }
inline bool has_attempt_slice(const Attempt& a) { return a.started() && ns(a.start_s) < ns(a.end_s); }

// The cores an attempt holds, as tasks.csv says: a rigid job's all, else its task's.
inline int task_cores(const Workload& w, const Attempt& a) {
  const Task& task = w.tasks[a.task];
  const Job& job = w.jobs[task.job];
  return job.rigid_cores > 0 ? job.rigid_cores : task.cores;
}

// For the busy count: the same, but none for a program's work item (the rank carrying it
// out holds the core).
inline int held_cores(const Workload& w, const Attempt& a) {
  const Task& task = w.tasks[a.task];
  const Job& job = w.jobs[task.job];
  return job.ranks > 0 && a.task - job.first_task >= job.ranks ? 0 : task_cores(w, a);
}

class Writer {
public:
  Writer(const std::string& path, const Simulation& sim) : out_(path), sim_(sim), w_(sim.workload), r_(sim.result) {}

  void write();

private:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  // ---- Numbering. Processes: 1 the cluster, 2.. the hosts, then the programs (Perfetto
  // treats pid 0 as the kernel's). Threads: unique in the file (Perfetto names a thread by
  // its tid alone): the ranks of the programs first (the first program's rank r is tid r),
  // then the cluster's, then each host's lanes.
  int host_pid(HostIndex h) const { return 2 + h; }
  static constexpr int kClusterPid = 1;

  // Where things go (timeline_layout.cpp).
  void number_programs();
  void draw_attempts();
  void index_successes();
  void count_arrows();

  // The file's head, names and slices (timeline.cpp).
  void header();
  void name_process(int pid, const std::string& name, int sort_index);
  void name_thread(int pid, std::uint32_t tid, const std::string& name, std::uint32_t sort_index);
  void metadata();
  std::string task_label(const Attempt& a) const;
  template <class Args = std::nullptr_t>
  void slice(const std::string& name, const char* cat, const char* color, Ns from, Ns to, int pid, std::uint32_t tid,
             Args&& args = nullptr);
  void host_slices();
  void flow(const char* name, std::uint64_t id, Ns from, int from_pid, std::uint32_t from_tid, Ns to, int to_pid,
            std::uint32_t to_tid, double bytes);
  void program_slices();

  // Over time (timeline_counters.cpp).
  template <class F>
  long long arrows_into(const Attempt& a, F&& each) const;
  void counter(const char* name, const char* series, Ns t, double value, int pid, std::uint32_t tid);
  void time_sweep();
  void power();
  void host_states();
  template <class Args>
  void instant(const char* name, Ns t, HostIndex h, Args&& args);

  struct Program {
    int pid = 0;
    int sort_index = 0;
    std::uint32_t first_tid = 0;
    std::set<std::uint32_t> named;
  };

  TraceFile out_;
  const Simulation& sim_;
  const Workload& w_;
  const RunResult& r_;
  std::map<JobId, Program> programs_;  // in job order
  std::uint32_t cluster_tid_ = 0;
  std::vector<Drawn> drawn_;
  std::vector<std::uint32_t> lanes_;           // per host: lanes used
  std::vector<std::uint32_t> first_lane_tid_;  // per host
  std::vector<std::uint32_t> success_;         // per task (DAGs only): its success in drawn_
  long long arrows_drawn_ = 0, arrows_left_out_ = 0;
};

}  // namespace nimbus::timeline
