#include "workload/graph_partition.hpp"

#include <algorithm>
#include <numeric>
#include <set>

namespace nimbus {

Partition hash_partition(const Graph& g, std::uint32_t workers) {
  Partition p;
  p.workers = workers;
  p.owner.resize(g.vertices());
  for (VertexId v = 0; v < g.vertices(); ++v) p.owner[v] = static_cast<std::uint32_t>(g.ids[v] % workers);
  return p;
}

Partition range_partition(const Graph& g, std::uint32_t workers) {
  Partition p;
  p.workers = workers;
  const std::uint64_t n = g.vertices();
  p.owner.resize(n);
  for (VertexId v = 0; v < n; ++v) p.owner[v] = static_cast<std::uint32_t>(v * std::uint64_t{workers} / n);
  return p;
}

Partition greedy_vertex_cut(const Graph& g, std::uint32_t workers, Rng& order) {
  const VertexId n = g.vertices();
  Partition p;
  p.workers = workers;
  p.vertex_cut = true;
  p.edge_worker.assign(g.edges.size(), 0);
  std::vector<std::uint32_t> left(n, 0);  // edges of each vertex not placed yet
  for (const auto& [u, v] : g.edges) {
    ++left[u];
    ++left[v];
  }
  std::vector<std::uint32_t> sequence(g.edges.size());
  std::iota(sequence.begin(), sequence.end(), 0u);
  for (std::size_t k = sequence.size(); k > 1; --k) std::swap(sequence[k - 1], sequence[order.below(k)]);

  std::vector<std::vector<std::uint32_t>> held(n);  // A(v), ascending
  std::vector<std::uint64_t> load(workers, 0);
  std::set<std::pair<std::uint64_t, std::uint32_t>> by_load;  // (edges, worker): the least loaded first
  for (std::uint32_t w = 0; w < workers; ++w) by_load.emplace(0, w);
  const auto least_loaded = [&load](const std::vector<std::uint32_t>& among) {
    std::uint32_t best = among.front();
    for (const std::uint32_t w : among)
      if (load[w] < load[best]) best = w;  // ascending: ties keep the lowest number
    return best;
  };
  std::vector<std::uint32_t> both;
  for (const std::uint32_t e : sequence) {
    const auto [u, v] = g.edges[e];
    const auto& au = held[u];
    const auto& av = held[v];
    both.clear();
    std::set_intersection(au.begin(), au.end(), av.begin(), av.end(), std::back_inserter(both));
    std::uint32_t w;
    if (!both.empty())
      w = least_loaded(both);
    else if (!au.empty() && !av.empty())
      w = least_loaded(left[u] >= left[v] ? au : av);
    else if (!au.empty() || !av.empty())
      w = least_loaded(au.empty() ? av : au);
    else
      w = by_load.begin()->second;
    p.edge_worker[e] = w;
    by_load.erase({load[w], w});
    by_load.emplace(++load[w], w);
    for (const VertexId x : {u, v}) {
      auto& ax = held[x];
      const auto at = std::lower_bound(ax.begin(), ax.end(), w);
      if (at == ax.end() || *at != w) ax.insert(at, w);
      --left[x];
    }
  }
  p.owner.resize(n);
  p.replica_begin.assign(static_cast<std::size_t>(n) + 1, 0);
  for (VertexId v = 0; v < n; ++v) {
    if (held[v].empty()) held[v].push_back(static_cast<std::uint32_t>(g.ids[v] % workers));
    p.owner[v] = held[v][g.ids[v] % held[v].size()];
    p.replica_begin[v + 1] = p.replica_begin[v] + static_cast<std::uint32_t>(held[v].size());
    p.replicas.insert(p.replicas.end(), held[v].begin(), held[v].end());
    std::vector<std::uint32_t>().swap(held[v]);
  }
  return p;
}

long long edge_cut(const Graph& g, const Partition& p) {
  long long cut = 0;
  for (const auto& [u, v] : g.edges) cut += p.owner[u] != p.owner[v];
  return cut;
}

double replication_factor(const Partition& p) {
  return p.owner.empty() ? 1.0 : static_cast<double>(p.replicas.size()) / static_cast<double>(p.owner.size());
}

}  // namespace nimbus
