// Generated graphs: a square grid, Erdos-Renyi's G(n, m), Barabasi-Albert's preferential
// attachment. Every draw comes from the caller's stream, so a graph is a function of its seed.
#include "workload/graph.hpp"

#include <algorithm>

namespace nimbus {
namespace {

// `count` distinct numbers drawn uniformly from [0, range), ascending. REQUIRES: count <= range.
// Draws with repetition until there are enough distinct values, then keeps a uniform subset
// of them (the distinct values of uniform draws are a uniform subset, whatever their number).
// Beyond half the range, it draws the numbers to leave out instead, so draws stay below
// 1.4 count on average.
std::vector<std::uint64_t> distinct_sample(std::uint64_t range, std::uint64_t count, Rng& rng) {
  const bool complement = count > range / 2;
  const std::uint64_t want = complement ? range - count : count;
  std::vector<std::uint64_t> drawn;
  while (drawn.size() < want) {
    const std::uint64_t more = (want - drawn.size()) + (want - drawn.size()) / 4 + 16;
    for (std::uint64_t k = 0; k < more; ++k) drawn.push_back(rng.below(range));
    std::sort(drawn.begin(), drawn.end());
    drawn.erase(std::unique(drawn.begin(), drawn.end()), drawn.end());
  }
  // A uniform `want` of them: the first `want` of a random permutation (Fisher-Yates).
  for (std::uint64_t k = 0; k < want; ++k) std::swap(drawn[k], drawn[k + rng.below(drawn.size() - k)]);
  drawn.resize(want);
  std::sort(drawn.begin(), drawn.end());
  if (!complement) return drawn;
  std::vector<std::uint64_t> kept;
  kept.reserve(count);
  std::size_t skip = 0;
  for (std::uint64_t x = 0; x < range; ++x) {
    if (skip < drawn.size() && drawn[skip] == x)
      ++skip;
    else
      kept.push_back(x);
  }
  return kept;
}

}  // namespace

Graph grid_graph(VertexId k, bool directed) {
  std::vector<std::pair<VertexId, VertexId>> edges;
  edges.reserve(2 * static_cast<std::size_t>(k) * k);
  for (VertexId r = 0; r < k; ++r)
    for (VertexId c = 0; c < k; ++c) {
      const VertexId v = r * k + c;
      if (c + 1 < k) edges.emplace_back(v, v + 1);
      if (r + 1 < k) edges.emplace_back(v, v + k);
    }
  return graph_on_vertices(k * k, edges, directed);
}

Graph erdos_renyi_graph(VertexId n, long long m, bool directed, Rng& rng) {
  const std::uint64_t pairs = static_cast<std::uint64_t>(n) * (n - (n > 0 ? 1 : 0)) / (directed ? 1 : 2);
  const std::vector<std::uint64_t> chosen = distinct_sample(pairs, static_cast<std::uint64_t>(m), rng);
  std::vector<std::pair<VertexId, VertexId>> edges;
  edges.reserve(chosen.size());
  if (directed) {
    // Pair i: from i / (n - 1) to the (i mod (n - 1))-th other vertex.
    for (const std::uint64_t i : chosen) {
      const auto u = static_cast<VertexId>(i / (n - 1));
      const auto j = static_cast<VertexId>(i % (n - 1));
      edges.emplace_back(u, j < u ? j : j + 1);
    }
  } else {
    // Pairs (u, v), u < v, numbered row by row: row u starts at `first` and holds n - 1 - u.
    VertexId u = 0;
    std::uint64_t first = 0;
    for (const std::uint64_t i : chosen) {
      while (i >= first + (n - 1 - u)) first += n - 1 - u++;
      edges.emplace_back(u, static_cast<VertexId>(u + 1 + (i - first)));
    }
  }
  return graph_on_vertices(n, edges, directed);
}

Graph power_law_graph(VertexId n, long long m, bool directed, Rng& rng) {
  std::vector<std::pair<VertexId, VertexId>> edges;
  edges.reserve(static_cast<std::size_t>(m));
  std::vector<VertexId> ends;  // both ends of every edge so far: vertex v appears degree(v) times
  ends.reserve(2 * static_cast<std::size_t>(m));
  std::vector<VertexId> picked_by(n, 0);  // the last vertex that picked it (0: none, as 0 picks none)
  std::vector<VertexId> picks;
  long long placed = 0;
  for (VertexId v = 1; v < n; ++v) {
    // Edges spread evenly: vertex v brings the total to m v / (n - 1), or links to every
    // earlier vertex if that is fewer (the first ones), the rest following later.
    const auto due = static_cast<long long>(static_cast<unsigned long long>(m) * v / (n - 1));
    const auto k = static_cast<VertexId>(std::min<long long>(v, due - placed));
    picks.clear();
    if (k == v) {
      for (VertexId u = 0; u < v; ++u) picks.push_back(u);
    } else {
      // Every earlier vertex has an edge already (each vertex from 1 on links at least once).
      while (picks.size() < k) {
        const VertexId u = ends[rng.below(ends.size())];
        if (picked_by[u] == v) continue;
        picked_by[u] = v;
        picks.push_back(u);
      }
    }
    for (const VertexId u : picks) {
      edges.emplace_back(v, u);
      ends.push_back(v);
      ends.push_back(u);
    }
    placed += k;
  }
  return graph_on_vertices(n, edges, directed);
}

}  // namespace nimbus
