#include "metrics/timeline.hpp"

#include "util/output_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <queue>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

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

namespace {

// ---- Times: whole nanoseconds, written as microseconds with at most three decimals, so
// that Perfetto (which reads ts and dur to the nanosecond) sees a slice end exactly where
// the next one on its lane begins: never a 1 ns overlap that would nest them.
using Ns = std::int64_t;
Ns ns(double seconds) { return std::llround(seconds * 1e9); }

void append_us(std::string& out, Ns t) {
  if (t < 0) {
    out += '-';
    t = -t;
  }
  char text[24];
  out.append(text, std::to_chars(text, text + sizeof text, t / 1000).ptr);
  if (int frac = static_cast<int>(t % 1000); frac != 0) {
    char digits[4] = {static_cast<char>('0' + frac / 100), static_cast<char>('0' + frac / 10 % 10),
                      static_cast<char>('0' + frac % 10), 0};
    int n = 3;
    while (digits[n - 1] == '0') --n;
    out += '.';
    out.append(digits, static_cast<std::size_t>(n));
  }
}

void append_number(std::string& out, double v) {
  char text[32];
  const bool whole = v == std::floor(v) && std::abs(v) < 9e15;
  const auto end = whole ? std::to_chars(text, text + sizeof text, static_cast<long long>(v)).ptr
                         : std::to_chars(text, text + sizeof text, v).ptr;
  out.append(text, end);
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// One JSON object written straight into the file's buffer.
class Object {
public:
  explicit Object(std::string& out) : out_(out) { out_ += '{'; }
  Object& str(const char* key, std::string_view v) {
    name(key);
    append_string(out_, v);
    return *this;
  }
  Object& num(const char* key, double v) {
    name(key);
    append_number(out_, v);
    return *this;
  }
  Object& time(const char* key, Ns t) {
    name(key);
    append_us(out_, t);
    return *this;
  }
  std::string& object(const char* key) {  // a nested object follows: Object(returned)
    name(key);
    return out_;
  }
  void close() { out_ += '}'; }

private:
  void name(const char* key) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += key;
    out_ += "\":";
  }
  std::string& out_;
  bool first_ = true;
};

// The file, written a megabyte at a time: a run of a million tasks never holds its events.
class TraceFile {
public:
  explicit TraceFile(const std::string& path) : file_(path) { buffer_.reserve(kFlushBytes + 4096); }
  std::string& raw() { return buffer_; }
  std::string& event() {
    buffer_ += first_ ? "\n" : ",\n";
    first_ = false;
    return buffer_;
  }
  void done() {
    if (buffer_.size() >= kFlushBytes) flush();
  }
  void close() {
    buffer_ += "\n]}\n";
    flush();
    file_.close();
  }

private:
  static constexpr std::size_t kFlushBytes = 1 << 20;
  void flush() {
    file_.write(buffer_);
    buffer_.clear();
  }
  OutputFile file_;  // complete once closed, never half there
  std::string buffer_;
  bool first_ = true;
};

// An attempt drawn on a host: [begin, end] with begin its fetch (or its start when it
// fetched nothing). Two slices at most: "(inputs)" over [fetch, start], the attempt over
// [start, end].
struct Drawn {
  const Attempt* a;
  std::uint32_t tid;  // its lane's thread id (during lane assignment: the lane)
};

Ns begin_ns(const Attempt& a) { return ns(a.fetch_s >= 0 ? a.fetch_s : a.start_s); }
Ns start_ns(const Attempt& a) { return a.started() ? ns(a.start_s) : ns(a.end_s); }  // inputs end here
bool has_inputs_slice(const Attempt& a) { return a.fetch_s >= 0 && begin_ns(a) < start_ns(a); }
bool has_attempt_slice(const Attempt& a) { return a.started() && ns(a.start_s) < ns(a.end_s); }

// The cores an attempt holds, as tasks.csv says: a rigid job's all, else its task's.
int task_cores(const Workload& w, const Attempt& a) {
  const Task& task = w.tasks[a.task];
  const Job& job = w.jobs[task.job];
  return job.rigid_cores > 0 ? job.rigid_cores : task.cores;
}

// For the busy count: the same, but none for a program's work item (the rank carrying it
// out holds the core).
int held_cores(const Workload& w, const Attempt& a) {
  const Task& task = w.tasks[a.task];
  const Job& job = w.jobs[task.job];
  return job.ranks > 0 && task.index >= job.ranks ? 0 : task_cores(w, a);
}

class Timeline {
public:
  Timeline(const std::string& path, const Simulation& sim) : out_(path), sim_(sim), w_(sim.workload), r_(sim.result) {}

  void write() {
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

private:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  // ---- Numbering. Processes: 1 the cluster, 2.. the hosts, then the programs (Perfetto
  // treats pid 0 as the kernel's). Threads: unique in the file (Perfetto names a thread by
  // its tid alone): the ranks of the programs first (the first program's rank r is tid r),
  // then the cluster's, then each host's lanes.
  int host_pid(HostIndex h) const { return 2 + h; }
  static constexpr int kClusterPid = 1;

  void number_programs() {
    for (const RankRow& row : r_.ranks) programs_.emplace(row.job, Program{});
    for (const RankSlice& s : r_.rank_slices) programs_.emplace(s.job, Program{});
    for (const MessageRow& m : r_.messages) programs_.emplace(m.job, Program{});
    std::uint32_t ranks = 0;
    int k = 0;
    for (auto& [job, p] : programs_) {
      p.pid = 2 + static_cast<int>(sim_.host_names.size()) + k;
      p.sort_index = k++;
      p.first_tid = ranks;
      ranks += w_.jobs[job].ranks;
    }
    cluster_tid_ = std::max<std::uint32_t>(ranks, 1);  // tid 0 only for a rank 0
  }

  // ---- Attempts on hosts, lanes given greedily by host then begin: each attempt to the
  // lane that freed first (interval partitioning: as few lanes as attempts at once).
  void draw_attempts() {
    for (const Attempt& a : r_.attempts)
      if (a.host != kNoHost && (a.started() || a.fetch_s >= 0) && begin_ns(a) < ns(a.end_s)) drawn_.push_back({&a, 0});
    std::stable_sort(drawn_.begin(), drawn_.end(), [](const Drawn& x, const Drawn& y) {
      return x.a->host != y.a->host ? x.a->host < y.a->host : begin_ns(*x.a) < begin_ns(*y.a);
    });
    lanes_.assign(sim_.host_names.size(), 0);
    using Lane = std::pair<Ns, std::uint32_t>;  // (free from, lane)
    std::priority_queue<Lane, std::vector<Lane>, std::greater<>> free;
    HostIndex current = kNoHost;
    for (Drawn& d : drawn_) {
      if (d.a->host != current) {
        current = d.a->host;
        free = {};
      }
      std::uint32_t& count = lanes_[static_cast<std::size_t>(current)];
      std::uint32_t lane = count;
      if (!free.empty() && free.top().first <= begin_ns(*d.a)) {
        lane = free.top().second;
        free.pop();
      } else {
        ++count;
      }
      free.push({ns(d.a->end_s), lane});
      d.tid = lane;
    }
    // Each host gets at least one thread id: its failure and repair instants carry it.
    first_lane_tid_.resize(lanes_.size());
    std::uint32_t next = cluster_tid_ + 1;
    for (std::size_t h = 0; h < lanes_.size(); ++h) {
      first_lane_tid_[h] = next;
      next += std::max<std::uint32_t>(1, lanes_[h]);
    }
    for (Drawn& d : drawn_) d.tid += first_lane_tid_[static_cast<std::size_t>(d.a->host)];
  }

  // For each task, its successful attempt among drawn_ (by index), when there are edges.
  void index_successes() {
    if (w_.preds.empty()) return;
    success_.assign(w_.tasks.size(), kNone);
    for (std::size_t i = 0; i < drawn_.size(); ++i)
      if (drawn_[i].a->outcome == Outcome::Succeeded) success_[drawn_[i].a->task] = static_cast<std::uint32_t>(i);
  }

  // Arrows into one attempt: its task's edges whose producer's success is drawn, the first
  // kArrowsPerAttempt of them.
  template <class F>
  long long arrows_into(const Attempt& a, F&& each) const {
    const Task& task = w_.tasks[a.task];
    long long n = 0;
    for (auto e = task.preds_begin; e < task.preds_end && n < kArrowsPerAttempt; ++e) {
      const std::uint32_t producer = success_[w_.preds[e].task];
      if (producer == kNone) continue;
      each(drawn_[producer], w_.preds[e].bytes);
      ++n;
    }
    return n;
  }

  void count_arrows() {
    index_successes();
    if (success_.empty()) return;
    long long possible = 0, capped = 0;
    for (const Drawn& d : drawn_) {
      const Task& task = w_.tasks[d.a->task];
      long long n = 0;
      for (auto e = task.preds_begin; e < task.preds_end; ++e) n += success_[w_.preds[e].task] != kNone;
      possible += n;
      capped += std::min(n, kArrowsPerAttempt);
    }
    arrows_drawn_ = std::min(capped, kArrowsInFile);
    arrows_left_out_ = possible - arrows_drawn_;
  }

  // ---- The file's head: its units and what it left out, before the events.
  void header() {
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

  void name_process(int pid, const std::string& name, int sort_index) {
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

  void name_thread(int pid, std::uint32_t tid, const std::string& name, std::uint32_t sort_index) {
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
  void metadata() {
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

  std::string task_label(const Attempt& a) const {
    return w_.jobs[w_.tasks[a.task].job].id + "/" + w_.task_name(a.task);
  }

  // A slice; `args` fills its args, if given.
  template <class Args = std::nullptr_t>
  void slice(const std::string& name, const char* cat, const char* color, Ns from, Ns to, int pid, std::uint32_t tid,
             Args&& args = nullptr) {
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

  void host_slices() {
    for (const Drawn& d : drawn_) {
      const Attempt& a = *d.a;
      const std::string label = task_label(a);
      const int pid = host_pid(a.host);
      if (has_inputs_slice(a)) {
        // An attempt that never computed (lost while its inputs arrived, or of no work) is
        // this slice alone, in its outcome's color.
        const bool alone = !has_attempt_slice(a);
        slice(label + " (inputs)", alone ? outcome_name(a.outcome) : "inputs",
              alone ? outcome_color(a.outcome) : "thread_state_iowait", begin_ns(a), start_ns(a), pid, d.tid,
              [&a](Object& args) { args.num("bytes_in", a.bytes_in).num("attempt", a.attempt); });
      }
      if (has_attempt_slice(a))
        slice(label, outcome_name(a.outcome), outcome_color(a.outcome), ns(a.start_s), ns(a.end_s), pid, d.tid,
              [&](Object& args) {
                args.num("cores", task_cores(w_, a))
                    .num("bytes_in", a.bytes_in)
                    .num("ready_s", a.ready_s)
                    .num("attempt", a.attempt);
              });
    }
  }

  void flow(const char* name, std::uint64_t id, Ns from, int from_pid, std::uint32_t from_tid, Ns to, int to_pid,
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
  void program_slices() {
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

  // ---- In time order, one sweep: the cores busy (each attempt's cores from its begin to
  // its end: a heap of ends, never a grid of times) and the arrows along DAG edges.
  void counter(const char* name, const char* series, Ns t, double value, int pid, std::uint32_t tid) {
    Object e(out_.event());
    e.str("name", name).str("ph", "C").time("ts", t).num("pid", pid).num("tid", tid);
    Object(e.object("args")).num(series, value).close();
    e.close();
    out_.done();
  }

  void time_sweep() {
    std::stable_sort(drawn_.begin(), drawn_.end(),
                     [](const Drawn& x, const Drawn& y) { return begin_ns(*x.a) < begin_ns(*y.a); });
    index_successes();  // drawn_ moved
    std::uint64_t next_id = r_.messages.size();
    long long arrows = 0;
    using End = std::pair<Ns, int>;  // (end, cores)
    std::priority_queue<End, std::vector<End>, std::greater<>> running;
    long long busy = 0, shown = -1;
    std::size_t i = 0;
    while (i < drawn_.size() || !running.empty()) {
      const Ns t = i < drawn_.size() && (running.empty() || begin_ns(*drawn_[i].a) < running.top().first)
                       ? begin_ns(*drawn_[i].a)
                       : running.top().first;
      while (!running.empty() && running.top().first <= t) {
        busy -= running.top().second;
        running.pop();
      }
      for (; i < drawn_.size() && begin_ns(*drawn_[i].a) <= t; ++i) {
        const Drawn& d = drawn_[i];
        const int cores = held_cores(w_, *d.a);
        busy += cores;
        running.push({ns(d.a->end_s), cores});
        if (success_.empty() || arrows >= kArrowsInFile) continue;
        // Each producer's arrow leaves its last slice 1 ns before its end (Perfetto binds an
        // arrow to the slice open at its time: at the end itself, the next slice on the lane
        // may have begun) and lands on this attempt's first slice as it begins.
        arrows_into(*d.a, [&](const Drawn& producer, double bytes) {
          if (arrows >= kArrowsInFile) return;
          const Attempt& p = *producer.a;
          const Ns last_begin = has_attempt_slice(p) ? ns(p.start_s) : begin_ns(p);
          const Ns from = std::max(last_begin, ns(p.end_s) - 1);
          flow("dependency", next_id++, from, host_pid(p.host), producer.tid, begin_ns(*d.a), host_pid(d.a->host), d.tid,
               bytes);
          ++arrows;
        });
      }
      if (shown < 0 && t > 0) {  // from 0, not from the first attempt
        counter("cores", "busy", 0, 0, kClusterPid, cluster_tid_);
        shown = 0;
      }
      if (busy != shown) {
        counter("cores", "busy", t, static_cast<double>(busy), kClusterPid, cluster_tid_);
        shown = busy;
      }
    }
    if (shown < 0) counter("cores", "busy", 0, 0, kClusterPid, cluster_tid_);
  }

  // ---- Power drawn by the whole platform over time (when it has power figures): each host
  // idle (or off while it is off), plus what each attempt's cores add while it computes.
  void power() {
    if (sim_.host_power.empty()) return;
    std::vector<std::pair<Ns, double>> changes;  // (time, watts added): O(attempts + down periods)
    double watts = 0;
    for (const auto& p : sim_.host_power) watts += p.idle_w;
    const Ns end = ns(r_.makespan_s);
    for (const DownPeriod& d : r_.down_periods) {
      const auto& p = sim_.host_power[static_cast<std::size_t>(d.host)];
      changes.push_back({ns(d.start_s), p.off_w - p.idle_w});
      if (ns(d.end_s) < end) changes.push_back({ns(d.end_s), p.idle_w - p.off_w});
    }
    const auto computing = [&](HostIndex host, int cores, double from, double to) {
      if (to <= from || cores <= 0) return;
      const auto h = static_cast<std::size_t>(host);
      const double added = (sim_.host_power[h].busy_w - sim_.host_power[h].idle_w) / sim_.host_cores[h] *
                           std::min(cores, sim_.host_cores[h]);
      changes.push_back({ns(from), added});
      changes.push_back({ns(to), -added});
    };
    for (const Drawn& d : drawn_) {
      const Attempt& a = *d.a;
      const Task& task = w_.tasks[a.task];
      if (!a.started() || w_.jobs[task.job].ranks > 0) continue;  // ranks: their compute slices below
      // Computing from its start until its output leaves: transfer_s less the inputs' wait.
      const double inputs = a.fetch_s >= 0 ? a.start_s - a.fetch_s : 0;
      computing(a.host, held_cores(w_, a), a.start_s, a.end_s - std::max(0.0, a.transfer_s - inputs));
    }
    std::map<std::pair<JobId, std::uint32_t>, HostIndex> rank_host;  // the rank's current attempt
    for (const RankRow& r : r_.ranks) rank_host[{r.job, r.rank}] = r.host;
    for (const RankSlice& s : r_.rank_slices)
      if (s.kind == RankSlice::Kind::Compute) computing(rank_host[{s.job, s.rank}], 1, s.start_s, s.end_s);
    std::stable_sort(changes.begin(), changes.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    counter("power", "watts", 0, watts, kClusterPid, cluster_tid_);
    Ns last = 0;
    for (std::size_t i = 0; i < changes.size();) {
      const Ns t = changes[i].first;
      for (; i < changes.size() && changes[i].first == t; ++i) watts += changes[i].second;
      counter("power", "watts", t, std::max(0.0, watts), kClusterPid, cluster_tid_);
      last = t;
    }
    // To the makespan, the end of the interval energy_j covers (outputs may still be leaving).
    if (last < end) counter("power", "watts", end, std::max(0.0, watts), kClusterPid, cluster_tid_);
  }

  // ---- Hosts up over time, and an instant on a host's track when it fails and when it is
  // repaired (a host still off when the run ends has no repair).
  void host_states() {
    const Ns end = ns(r_.makespan_s);
    std::vector<std::pair<Ns, int>> changes;  // (time, +1 up / -1 down): O(down periods)
    for (const DownPeriod& p : r_.down_periods) {
      changes.push_back({ns(p.start_s), -1});
      if (ns(p.end_s) < end) changes.push_back({ns(p.end_s), +1});
    }
    std::stable_sort(changes.begin(), changes.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    long long up = static_cast<long long>(sim_.host_names.size()), shown = -1;
    std::size_t i = 0;
    Ns t = 0;
    do {
      for (; i < changes.size() && changes[i].first <= t; ++i) up += changes[i].second;
      if (up != shown) counter("hosts", "up", t, static_cast<double>(up), kClusterPid, cluster_tid_);
      shown = up;
      if (i < changes.size()) t = changes[i].first;
    } while (i < changes.size());
    for (const DownPeriod& p : r_.down_periods) {
      const auto h = static_cast<std::size_t>(p.host);
      instant("failure", ns(p.start_s), p.host, [&](Object& args) {
        args.str("host", sim_.host_names[h]).num("down_s", p.end_s - p.start_s);
      });
      if (ns(p.end_s) < end)
        instant("repair", ns(p.end_s), p.host, [&](Object& args) {
          args.str("host", sim_.host_names[h]).num("down_s", p.end_s - p.start_s);
        });
    }
  }

  template <class Args>
  void instant(const char* name, Ns t, HostIndex h, Args&& args) {
    Object e(out_.event());
    e.str("name", name).str("cat", "host").str("ph", "i").str("s", "p").time("ts", t);
    e.num("pid", host_pid(h)).num("tid", first_lane_tid_[static_cast<std::size_t>(h)]);
    e.str("cname", name[0] == 'f' ? "terrible" : "good");
    Object a(e.object("args"));
    args(a);
    a.close();
    e.close();
    out_.done();
  }

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

}  // namespace

void write_timeline(const std::string& path, const Simulation& sim) { Timeline(path, sim).write(); }

}  // namespace nimbus
