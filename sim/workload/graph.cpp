// Graphs: building them from edges (distinct, first met first), their adjacency, and the
// SNAP edge-list reader.
#include "workload/graph.hpp"

#include "config/config_error.hpp"
#include "config/graph_spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <numeric>

namespace nimbus {
namespace {

// Sets g.edges to the distinct edges of `raw`, in the order first met, without self-loops;
// an undirected edge is kept as (low, high), whichever way it came first.
void set_distinct_edges(Graph& g, std::vector<std::pair<VertexId, VertexId>>& raw) {
  std::vector<std::uint64_t> keys(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    auto& [a, b] = raw[i];
    if (!g.directed && a > b) std::swap(a, b);
    keys[i] = (static_cast<std::uint64_t>(a) << 32) | b;
  }
  std::vector<std::uint32_t> order(raw.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&keys](std::uint32_t x, std::uint32_t y) {
    return keys[x] != keys[y] ? keys[x] < keys[y] : x < y;
  });
  std::vector<bool> keep(raw.size(), false);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::uint32_t i = order[k];
    keep[i] = raw[i].first != raw[i].second && (k == 0 || keys[order[k - 1]] != keys[i]);
  }
  g.edges.clear();
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (keep[i]) g.edges.push_back(raw[i]);
  g.skipped_edges = static_cast<long long>(raw.size() - g.edges.size());
}

Adjacency adjacency(const Graph& g, bool both) {
  Adjacency a;
  const VertexId n = g.vertices();
  a.begin.assign(static_cast<std::size_t>(n) + 1, 0);
  for (const auto& [u, v] : g.edges) {
    ++a.begin[u + 1];
    if (both) ++a.begin[v + 1];
  }
  for (VertexId v = 0; v < n; ++v) a.begin[v + 1] += a.begin[v];
  a.target.resize(a.begin[n]);
  a.edge.resize(a.begin[n]);
  std::vector<std::uint32_t> next(a.begin.begin(), a.begin.end() - 1);
  for (std::uint32_t e = 0; e < g.edges.size(); ++e) {
    const auto [u, v] = g.edges[e];
    a.target[next[u]] = v;
    a.edge[next[u]++] = e;
    if (both) {
      a.target[next[v]] = u;
      a.edge[next[v]++] = e;
    }
  }
  return a;
}

}  // namespace

Adjacency out_adjacency(const Graph& g) { return adjacency(g, !g.directed); }
Adjacency both_ways(const Graph& g) { return adjacency(g, true); }

Graph graph_from_ids(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& edges, bool directed) {
  Graph g;
  g.directed = directed;
  g.ids.reserve(2 * edges.size());
  for (const auto& [a, b] : edges) {
    g.ids.push_back(a);
    g.ids.push_back(b);
  }
  std::sort(g.ids.begin(), g.ids.end());
  g.ids.erase(std::unique(g.ids.begin(), g.ids.end()), g.ids.end());
  g.ids.shrink_to_fit();
  const auto dense = [&g](std::uint64_t id) {
    return static_cast<VertexId>(std::lower_bound(g.ids.begin(), g.ids.end(), id) - g.ids.begin());
  };
  std::vector<std::pair<VertexId, VertexId>> raw;
  raw.reserve(edges.size());
  for (const auto& [a, b] : edges) raw.emplace_back(dense(a), dense(b));
  set_distinct_edges(g, raw);
  return g;
}

Graph graph_on_vertices(VertexId n, const std::vector<std::pair<VertexId, VertexId>>& edges, bool directed) {
  Graph g;
  g.directed = directed;
  g.ids.resize(n);
  std::iota(g.ids.begin(), g.ids.end(), std::uint64_t{0});
  std::vector<std::pair<VertexId, VertexId>> raw = edges;
  set_distinct_edges(g, raw);
  return g;
}

Graph read_edge_list(const std::string& path, bool directed) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path, "", "cannot read edge list");
  std::vector<std::pair<std::uint64_t, std::uint64_t>> edges;
  std::string line;
  for (long long number = 1; std::getline(in, line); ++number) {
    const auto fail = [&](std::size_t col, const std::string& message) {
      throw ConfigError(path + ":" + std::to_string(number) + ":" + std::to_string(col + 1), "", message);
    };
    // The line's fields: where each starts, and its text.
    std::uint64_t id[2] = {0, 0};
    std::size_t fields = 0, i = 0;
    while (i < line.size()) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      if (i == line.size()) break;
      if (fields == 0 && (line[i] == '#' || line[i] == '%')) break;  // a comment
      const std::size_t start = i;
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      if (fields == 2)
        fail(start, "expected two vertex ids (\"src dst\"), found a third field; weights and times are not read: "
                    "keep the first two columns");
      const auto [end, error] = std::from_chars(line.data() + start, line.data() + i, id[fields]);
      if (error != std::errc() || end != line.data() + i)
        fail(start, "expected a vertex id (a whole number from 0 to 18446744073709551615), got \"" +
                        line.substr(start, std::min<std::size_t>(i - start, 40)) + "\"");
      ++fields;
    }
    if (fields == 0) continue;
    if (fields == 1) fail(line.size(), "expected two vertex ids (\"src dst\"), found one");
    if (static_cast<long long>(edges.size()) == kMaxGraphEdges)
      fail(0, "more than " + std::to_string(kMaxGraphEdges) + " edges; nimbus reads graphs of at most " +
                  std::to_string(kMaxGraphEdges) + " edges and " + std::to_string(kMaxGraphVertices) + " vertices");
    edges.emplace_back(id[0], id[1]);
  }
  if (in.bad()) throw ConfigError(path, "", "cannot read edge list");
  if (edges.empty())
    throw ConfigError(path, "", "holds no edge (an edge list has a \"src dst\" line per edge; \"#\" starts a comment)");
  Graph g = graph_from_ids(edges, directed);
  if (static_cast<long long>(g.vertices()) > kMaxGraphVertices)
    throw ConfigError(path, "", "has " + std::to_string(g.vertices()) + " vertices; nimbus reads graphs of at most " +
                                    std::to_string(kMaxGraphVertices));
  return g;
}

}  // namespace nimbus
