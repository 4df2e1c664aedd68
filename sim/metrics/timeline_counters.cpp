// timeline.json's counters and instants over time: the cores busy (and, in the same sweep,
// the arrows along DAG edges), the power drawn, the hosts up, and an instant at each failure
// and repair. Each is one pass in time order over O(attempts + down periods) changes, never a
// grid of times.
#include "metrics/timeline_writer.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <utility>

namespace nimbus::timeline {

// Arrows into one attempt: its task's edges whose producer's success is drawn, the first
// kArrowsPerAttempt of them.
template <class F>
long long Writer::arrows_into(const Attempt& a, F&& each) const {
  long long n = 0;
  for (const Edge& e : w_.preds_of(a.task)) {
    if (n >= kArrowsPerAttempt) break;
    const std::uint32_t producer = success_[e.task];
    if (producer == kNone) continue;
    each(drawn_[producer], e.bytes);
    ++n;
  }
  return n;
}

// ---- In time order, one sweep: the cores busy (each attempt's cores from its begin to
// its end: a heap of ends, never a grid of times) and the arrows along DAG edges.
void Writer::counter(const char* name, const char* series, Ns t, double value, int pid, std::uint32_t tid) {
  Object e(out_.event());
  e.str("name", name).str("ph", "C").time("ts", t).num("pid", pid).num("tid", tid);
  Object(e.object("args")).num(series, value).close();
  e.close();
  out_.done();
}

void Writer::time_sweep() {
  std::stable_sort(drawn_.begin(), drawn_.end(),
                   [](const Drawn& x, const Drawn& y) { return begin_ns(x) < begin_ns(y); });
  index_successes();  // drawn_ moved
  std::uint64_t next_id = r_.messages.size();
  long long arrows = 0;
  using End = std::pair<Ns, int>;  // (end, cores)
  std::priority_queue<End, std::vector<End>, std::greater<>> running;
  long long busy = 0, shown = -1;
  std::size_t i = 0;
  while (i < drawn_.size() || !running.empty()) {
    const Ns t = i < drawn_.size() && (running.empty() || begin_ns(drawn_[i]) < running.top().first)
                     ? begin_ns(drawn_[i])
                     : running.top().first;
    while (!running.empty() && running.top().first <= t) {
      busy -= running.top().second;
      running.pop();
    }
    for (; i < drawn_.size() && begin_ns(drawn_[i]) <= t; ++i) {
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
        const Ns last_begin = has_attempt_slice(p) ? ns(p.start_s) : begin_ns(producer);
        const Ns from = std::max(last_begin, ns(p.end_s) - 1);
        flow("dependency", next_id++, from, host_pid(p.host), producer.tid, begin_ns(d), host_pid(d.a->host), d.tid,
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
void Writer::power() {
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
    const double inputs = d.moved->fetch_s >= 0 ? a.start_s - d.moved->fetch_s : 0;
    computing(a.host, held_cores(w_, a), a.start_s, a.end_s - std::max(0.0, d.moved->transfer_s - inputs));
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

template <class Args>
void Writer::instant(const char* name, Ns t, HostIndex h, Args&& args) {
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

// ---- Hosts up over time, and an instant on a host's track when it fails and when it is
// repaired (a host still off when the run ends has no repair).
void Writer::host_states() {
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

}  // namespace nimbus::timeline
