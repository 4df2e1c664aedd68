// Where timeline.json's things go, worked out before anything is written: the programs'
// processes and their ranks' threads, each host's lanes (task slots) and the attempts on
// them, and how many arrows along DAG edges are drawn and left out (the file's head says).
#include "metrics/timeline_writer.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

namespace nimbus::timeline {

// A process per program and its ranks' threads, as timeline_writer.hpp numbers them.
void Writer::number_programs() {
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
void Writer::draw_attempts() {
  for (const Attempt& a : r_.attempts) {
    const Drawn d{&a, &r_.moved(a), 0};
    if (a.host != kNoHost && (a.started() || d.moved->fetch_s >= 0) && begin_ns(d) < ns(a.end_s)) drawn_.push_back(d);
  }
  std::stable_sort(drawn_.begin(), drawn_.end(), [](const Drawn& x, const Drawn& y) {
    return x.a->host != y.a->host ? x.a->host < y.a->host : begin_ns(x) < begin_ns(y);
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
    if (!free.empty() && free.top().first <= begin_ns(d)) {
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
void Writer::index_successes() {
  if (w_.preds.empty()) return;
  success_.assign(w_.tasks.size(), kNone);
  for (std::size_t i = 0; i < drawn_.size(); ++i)
    if (drawn_[i].a->outcome == Outcome::Succeeded) success_[drawn_[i].a->task] = static_cast<std::uint32_t>(i);
}

void Writer::count_arrows() {
  index_successes();
  if (success_.empty()) return;
  long long possible = 0, capped = 0;
  for (const Drawn& d : drawn_) {
    long long n = 0;
    for (const Edge& e : w_.preds_of(d.a->task)) n += success_[e.task] != kNone;
    possible += n;
    capped += std::min(n, kArrowsPerAttempt);
  }
  arrows_drawn_ = std::min(capped, kArrowsInFile);
  arrows_left_out_ = possible - arrows_drawn_;
}

}  // namespace nimbus::timeline
