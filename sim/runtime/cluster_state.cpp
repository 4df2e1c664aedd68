#include "runtime/cluster_state.hpp"

#include "runtime/records.hpp"

#include <algorithm>
#include <string>

namespace nimbus {

ClusterState::ClusterState(std::vector<HostState> hosts) : view_(std::move(hosts)) {
  for (HostIndex h = 0; h < static_cast<HostIndex>(view_.size()); ++h) {
    const HostState& s = view_.host(h);
    max_host_cores_ = std::max(max_host_cores_, s.cores);
    total_cores_ += s.cores;
    if (s.up) free_total_ += s.free_cores;
  }
}

void ClusterState::check(HostIndex h) const {
  const HostState& s = view_.host(h);
  if (s.free_cores < 0 || s.free_cores > s.cores || s.queued_cores < 0)
    throw InvariantError("host " + std::to_string(h) + " has " + std::to_string(s.free_cores) + " free cores of " +
                         std::to_string(s.cores));
}

double ClusterState::enqueue(HostIndex h, int cores, double duration_s) {
  HostState& s = host(h);
  s.queued += 1;
  s.queued_cores += cores;
  const double start = view_.commit(h, cores, duration_s);
  view_.update(h);
  return start + duration_s;
}

void ClusterState::start(HostIndex h, int cores) {
  HostState& s = host(h);
  s.queued -= 1;
  s.queued_cores -= cores;
  s.free_cores -= cores;
  s.running += 1;
  free_total_ -= cores;
  check(h);
  // Load (running + queued) and free slots (free - queued cores) are unchanged, and so are
  // the predictions: the indices need no update.
}

void ClusterState::finish(HostIndex h, int cores) {
  HostState& s = host(h);
  if (!s.up) return;  // host_down() took everything back already
  s.free_cores += cores;
  s.running -= 1;
  free_total_ += cores;
  check(h);
  view_.update_counts(h);  // the predictions already counted this end
}

std::vector<Chunk> ClusterState::take_gang(int cores) {
  std::vector<Chunk> chunks;
  int needed = cores;
  for (HostIndex h = 0; h < static_cast<HostIndex>(view_.size()) && needed > 0; ++h) {
    HostState& s = host(h);
    if (!s.up || s.free_cores <= 0) continue;
    const int take = std::min(needed, s.free_cores);
    chunks.push_back({h, take});
    needed -= take;
    s.free_cores -= take;
    s.running += 1;
    free_total_ -= take;
    view_.update(h);
  }
  if (needed > 0) throw InvariantError("a gang of " + std::to_string(cores) + " cores was started without enough free cores");
  return chunks;
}

std::vector<Chunk> ClusterState::take_on(const std::vector<HostIndex>& hosts) {
  std::vector<Chunk> chunks;
  for (const HostIndex h : hosts) {
    HostState& s = host(h);
    if (!s.up || s.free_cores < 1)
      throw InvariantError("a program's rank was given a core of host " + std::to_string(h) + ", which has none free");
    s.free_cores -= 1;
    s.running += 1;
    free_total_ -= 1;
    view_.update(h);
    chunks.push_back({h, 1});
  }
  return chunks;
}

void ClusterState::release_gang(const std::vector<Chunk>& chunks) {
  for (const Chunk& c : chunks) finish(c.host, c.cores);
}

void ClusterState::host_down(HostIndex h) {
  HostState& s = host(h);
  if (!s.up) return;
  free_total_ -= s.free_cores;
  s.up = false;
  s.free_cores = s.cores;
  s.queued = s.running = 0;
  s.queued_cores = 0;
  view_.update(h);
}

void ClusterState::host_up(HostIndex h) {
  HostState& s = host(h);
  if (s.up) return;
  s.up = true;
  free_total_ += s.free_cores;
  view_.reset_cores(h);
  view_.update(h);
}

void ClusterState::replan_begin(HostIndex h) { view_.reset_cores(h); }

}  // namespace nimbus
