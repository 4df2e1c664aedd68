#include "workload/graph_traffic.hpp"

#include <algorithm>

namespace nimbus {

GraphTraffic::GraphTraffic(const Adjacency& adj, const Partition& partition, GraphCosts costs)
    : adj_(adj), p_(partition), costs_(costs), by_owner_(partition.workers),
      stamp_(adj.begin.size() - 1, 0), to_(partition.workers, 0.0) {}

std::vector<Phase> GraphTraffic::superstep(const std::vector<VertexId>& computing, const std::vector<VertexId>& sending) {
  group_by_owner(sending);
  std::vector<Phase> phases;
  if (p_.vertex_cut) {
    phases.push_back(sync_phase(computing));
    phases.push_back(scatter_phase(sending));
  } else {
    phases.push_back(edge_cut_phase(computing));
  }
  return phases;
}

void GraphTraffic::group_by_owner(const std::vector<VertexId>& sending) {
  for (auto& list : by_owner_) list.clear();
  for (const VertexId v : sending) by_owner_[p_.owner[v]].push_back(v);
}

void GraphTraffic::add(std::uint32_t to, double messages) {
  if (to_[to] == 0) touched_.push_back(to);
  to_[to] += messages;
}

void GraphTraffic::flush(std::uint32_t from, Phase& phase) {
  std::sort(touched_.begin(), touched_.end());
  for (const std::uint32_t to : touched_) {
    phase.exchanges.push_back({from, to, to_[to]});
    to_[to] = 0;
  }
  touched_.clear();
}

Phase GraphTraffic::edge_cut_phase(const std::vector<VertexId>& computing) {
  Phase phase;
  phase.flops.assign(p_.workers, 0.0);
  for (const VertexId v : computing) phase.flops[p_.owner[v]] += costs_.flops_per_vertex;
  for (std::uint32_t w = 0; w < p_.workers; ++w) {
    if (by_owner_[w].empty()) continue;
    ++token_;  // one per (superstep, worker): a combiner merges what one worker sends one vertex
    for (const VertexId v : by_owner_[w]) {
      phase.flops[w] += costs_.flops_per_edge * adj_.degree(v);
      for (std::uint32_t i = adj_.begin[v]; i < adj_.begin[v + 1]; ++i) {
        const VertexId t = adj_.target[i];
        const std::uint32_t to = p_.owner[t];
        if (to == w) continue;
        if (costs_.combine) {
          if (stamp_[t] == token_) continue;
          stamp_[t] = token_;
        }
        add(to, 1);
      }
    }
    flush(w, phase);
  }
  return phase;
}

Phase GraphTraffic::sync_phase(const std::vector<VertexId>& computing) {
  Phase phase;
  phase.flops.assign(p_.workers, 0.0);
  for (const VertexId v : computing) phase.flops[p_.owner[v]] += costs_.flops_per_vertex;
  for (std::uint32_t w = 0; w < p_.workers; ++w) {
    for (const VertexId v : by_owner_[w])
      for (std::uint32_t i = p_.replica_begin[v]; i < p_.replica_begin[v + 1]; ++i)
        if (p_.replicas[i] != w) add(p_.replicas[i], 1);
    flush(w, phase);
  }
  return phase;
}

Phase GraphTraffic::scatter_phase(const std::vector<VertexId>& sending) {
  Phase phase;
  phase.flops.assign(p_.workers, 0.0);
  partials_.clear();
  for (const VertexId v : sending)
    for (std::uint32_t i = adj_.begin[v]; i < adj_.begin[v + 1]; ++i) {
      const std::uint32_t at = p_.edge_worker[adj_.edge[i]];
      const VertexId t = adj_.target[i];
      phase.flops[at] += costs_.flops_per_edge;
      if (p_.owner[t] != at) partials_.push_back((std::uint64_t{at} << 32) | t);
    }
  // One partial sum per (worker, target vertex), to the target's master.
  std::sort(partials_.begin(), partials_.end());
  partials_.erase(std::unique(partials_.begin(), partials_.end()), partials_.end());
  for (std::size_t k = 0; k < partials_.size();) {
    const auto from = static_cast<std::uint32_t>(partials_[k] >> 32);
    for (; k < partials_.size() && (partials_[k] >> 32) == from; ++k)
      add(p_.owner[static_cast<VertexId>(partials_[k] & 0xffffffffu)], 1);
    flush(from, phase);
  }
  return phase;
}

}  // namespace nimbus
