// timeline.json's writer (timeline_writer.hpp): the file's order, its head, the names of its
// processes and threads, and its slices (attempts on hosts, ranks' work, messages).
#include "metrics/timeline.hpp"

#include "metrics/timeline_writer.hpp"

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

namespace nimbus {

const char* outcome_color(Outcome outcome) {
  switch (outcome) {
    case Outcome::Succeeded: return "good";                // green
    case Outcome::HostFailed:                             // killed: its work is lost
    case Outcome::WalltimeExceeded: return "terrible";     // red
    case Outcome::InputLost:                              // a transfer or its data was lost
    case Outcome::NetworkFailed:
    case Outcome::DataLost: return "bad";                  // amber
    case Outcome::Cancelled: return "grey";                // ended by the runtime
    case Outcome::DependencyFailed:                       // never ran: never drawn
    case Outcome::NoHost: return "black";
  }
  return "black";
}

namespace timeline {

void Writer::write() {
  number_programs();
  draw_attempts();
  count_arrows();
  header();
  metadata();
  host_slices();
  program_slices();
  time_sweep();
  host_states();
  power();
  out_.close();
}

// ---- The file's head: its units and what it left out, before the events.
void Writer::header() {
  std::string& b = out_.raw();
  b += "{\"displayTimeUnit\":\"ms\",\"otherData\":";
  Object other(b);
  other.str("time_unit", "ts and dur: microseconds of simulated time (1 s simulated = 1000000), exact to the ns; "
                         "args ending in _s: seconds");
  other.str("generator", "nimbus");
  other.num("makespan_s", r_.makespan_s);
  {
    Object colors(other.object("colors"));
    colors.str("good", "succeeded");
    colors.str("terrible", "host failed or walltime exceeded");
    colors.str("bad", "input lost, network failed or data lost");
    colors.str("grey", "cancelled");
    colors.str("thread_state_iowait", "inputs arriving (hosts), comm (ranks)");
    colors.str("thread_state_running", "compute (ranks)");
    colors.str("thread_state_runnable", "sleep (ranks)");
    colors.str("thread_state_uninterruptible", "wait (ranks)");
    colors.close();
  }
  {
    Object arrows(other.object("dependency_arrows"));
    arrows.num("drawn", static_cast<double>(arrows_drawn_));
    arrows.num("left_out", static_cast<double>(arrows_left_out_));
    arrows.num("limit_per_attempt", static_cast<double>(kArrowsPerAttempt));
    arrows.num("limit_in_file", static_cast<double>(kArrowsInFile));
    arrows.close();
  }
  other.str("power", sim_.host_power.empty()
                         ? "not drawn: the platform has no power figures"
                         : "watts of every host by SimGrid's linear model, idle + (busy - idle) x its cores "
                           "computing / its cores (a task from its start until its output leaves, a rank in "
                           "its compute slices; a rigid job's cores at its first host's figures), off-watts "
                           "while off");
  other.close();
  b += ",\"traceEvents\":[";
}

void Writer::name_process(int pid, const std::string& name, int sort_index) {
  Object e(out_.event());
  e.str("name", "process_name").str("ph", "M").num("pid", pid);
  Object(e.object("args")).str("name", name).close();
  e.close();
  Object s(out_.event());
  s.str("name", "process_sort_index").str("ph", "M").num("pid", pid);
  Object(s.object("args")).num("sort_index", sort_index).close();
  s.close();
  out_.done();
}

void Writer::name_thread(int pid, std::uint32_t tid, const std::string& name, std::uint32_t sort_index) {
  Object e(out_.event());
  e.str("name", "thread_name").str("ph", "M").num("pid", pid).num("tid", tid);
  Object(e.object("args")).str("name", name).close();
  e.close();
  Object s(out_.event());
  s.str("name", "thread_sort_index").str("ph", "M").num("pid", pid).num("tid", tid);
  Object(s.object("args")).num("sort_index", sort_index).close();
  s.close();
  out_.done();
}

// Programs first, then the cluster's counters, then the hosts in platform order.
void Writer::metadata() {
  const int programs = static_cast<int>(programs_.size());
  for (const auto& [job, p] : programs_) name_process(p.pid, w_.jobs[job].id + " (program)", p.sort_index);
  for (const RankRow& row : r_.ranks) {
    Program& p = programs_.at(row.job);
    if (!p.named.insert(row.rank).second) continue;  // a rank restarted: one name
    name_thread(p.pid, p.first_tid + row.rank,
                "rank " + std::to_string(row.rank) + " @ " + sim_.host_names[static_cast<std::size_t>(row.host)], row.rank);
  }
  name_process(kClusterPid, "cluster (all hosts)", programs);
  for (std::size_t h = 0; h < sim_.host_names.size(); ++h) {
    const int cores = sim_.host_cores[h];
    std::string name = sim_.host_names[h] + " (" + std::to_string(cores) + (cores == 1 ? " core" : " cores") +
                       (static_cast<int>(h) == sim_.submit_index ? ", submit host)" : ")");
    name_process(host_pid(static_cast<HostIndex>(h)), name, programs + 1 + static_cast<int>(h));
    for (std::uint32_t lane = 0; lane < lanes_[h]; ++lane)
      name_thread(host_pid(static_cast<HostIndex>(h)), first_lane_tid_[h] + lane, "task slot " + std::to_string(lane), lane);
  }
}

std::string Writer::task_label(const Attempt& a) const {
  return w_.jobs[w_.tasks[a.task].job].id + "/" + w_.task_name(a.task);
}

// A slice; `args` fills its args, if given.
template <class Args>
void Writer::slice(const std::string& name, const char* cat, const char* color, Ns from, Ns to, int pid,
                   std::uint32_t tid, Args&& args) {
  Object e(out_.event());
  e.str("name", name).str("cat", cat).str("ph", "X").time("ts", from).time("dur", to - from).num("pid", pid).num("tid", tid);
  e.str("cname", color);
  if constexpr (!std::is_same_v<std::decay_t<Args>, std::nullptr_t>) {
    Object a(e.object("args"));
    args(a);
    a.close();
  }
  e.close();
  out_.done();
}

void Writer::host_slices() {
  for (const Drawn& d : drawn_) {
    const Attempt& a = *d.a;
    const std::string label = task_label(a);
    const int pid = host_pid(a.host);
    if (has_inputs_slice(d)) {
      // An attempt that never computed (lost while its inputs arrived, or of no work) is
      // this slice alone, in its outcome's color.
      const bool alone = !has_attempt_slice(a);
      slice(label + " (inputs)", alone ? outcome_name(a.outcome) : "inputs",
            alone ? outcome_color(a.outcome) : "thread_state_iowait", begin_ns(d), start_ns(a), pid, d.tid,
            [&](Object& args) { args.num("bytes_in", d.moved->bytes_in).num("attempt", a.attempt); });
    }
    if (has_attempt_slice(a))
      slice(label, outcome_name(a.outcome), outcome_color(a.outcome), ns(a.start_s), ns(a.end_s), pid, d.tid,
            [&](Object& args) {
              args.num("cores", task_cores(w_, a))
                  .num("bytes_in", d.moved->bytes_in)
                  .num("ready_s", a.ready_s)
                  .num("attempt", a.attempt);
            });
  }
}

void Writer::flow(const char* name, std::uint64_t id, Ns from, int from_pid, std::uint32_t from_tid, Ns to, int to_pid,
                  std::uint32_t to_tid, double bytes) {
  Object s(out_.event());
  s.str("name", name).str("cat", name).str("ph", "s").num("id", static_cast<double>(id)).time("ts", from);
  s.num("pid", from_pid).num("tid", from_tid);
  Object(s.object("args")).num("bytes", bytes).close();
  s.close();
  Object f(out_.event());
  f.str("name", name).str("cat", name).str("ph", "f").str("bp", "e").num("id", static_cast<double>(id)).time("ts", to);
  f.num("pid", to_pid).num("tid", to_tid);
  f.close();
  out_.done();
}

// Programs: a lane per rank ("rank 3 @ h-1"), the rank's compute, sleep, comm and wait as
// slices, and each message as an arrow from its sender (when the transfer starts) to its
// receiver (when it arrives): who waited for whom.
void Writer::program_slices() {
  static const char* const kKinds[] = {"compute", "sleep", "comm", "wait"};
  static const char* const kColors[] = {"thread_state_running", "thread_state_runnable", "thread_state_iowait",
                                        "thread_state_uninterruptible"};
  for (const RankSlice& s : r_.rank_slices) {
    const Program& p = programs_.at(s.job);
    const int k = static_cast<int>(s.kind);
    slice(kKinds[k], kKinds[k], kColors[k], ns(s.start_s), ns(s.end_s), p.pid, p.first_tid + s.rank);
  }
  for (std::size_t i = 0; i < r_.messages.size(); ++i) {
    const MessageRow& m = r_.messages[i];
    const Program& p = programs_.at(m.job);
    flow("message", i, ns(m.start_s), p.pid, p.first_tid + m.from, ns(m.end_s), p.pid, p.first_tid + m.to, m.bytes);
  }
}

}  // namespace timeline

void write_timeline(const std::string& path, const Simulation& sim) { timeline::Writer(path, sim).write(); }

}  // namespace nimbus
