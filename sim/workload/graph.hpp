// Graphs for `program: graph`: read from SNAP edge lists or generated, then walked by the
// partitioners (graph_partition.hpp) and the vertex programs (graph_algorithms.hpp). No
// SimGrid here: everything is a pure function of its inputs, unit-tested by hand.
#pragma once

#include "util/rng.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace nimbus {

using VertexId = std::uint32_t;  // dense: 0 .. vertices-1, in the order of the ids

struct Graph {
  bool directed = false;
  std::vector<std::uint64_t> ids;  // vertex v's id (the file's, ascending; generated: v)
  // Distinct, without self-loops, in the order first met; an undirected edge once, (low, high).
  std::vector<std::pair<VertexId, VertexId>> edges;
  long long skipped_edges = 0;  // self-loops and repeats left out
  VertexId vertices() const { return static_cast<VertexId>(ids.size()); }
};

// Compressed adjacency: vertex v's entries are [begin[v], begin[v + 1]), each the neighbour a
// message goes to and the edge (index into Graph::edges) it goes along.
struct Adjacency {
  std::vector<std::uint32_t> begin;
  std::vector<VertexId> target;
  std::vector<std::uint32_t> edge;
  std::uint32_t degree(VertexId v) const { return begin[v + 1] - begin[v]; }
};

// Along each edge's direction; both ways for an undirected graph.
Adjacency out_adjacency(const Graph& g);
// Both ways whatever the graph (connected components follow edges either way).
Adjacency both_ways(const Graph& g);

// A graph on the ids met in `edges` (given by id), numbered in ascending order of id.
Graph graph_from_ids(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& edges, bool directed);
// A graph on vertices 0 .. n-1 (isolated ones too).
Graph graph_on_vertices(VertexId n, const std::vector<std::pair<VertexId, VertexId>>& edges, bool directed);

// SNAP's text format: a "src dst" line per edge (whitespace between), "#" or "%" starting a
// comment line, blank lines skipped. Throws ConfigError "path:line:col: ..." on a line that is
// not two whole numbers, past kMaxGraphEdges lines or kMaxGraphVertices ids, or without edges.
Graph read_edge_list(const std::string& path, bool directed);

// Generators. Vertex 0 of a grid is a corner; row r, column c is vertex r k + c, with edges to
// the right and down (so directed, a grid has no cycle).
Graph grid_graph(VertexId k, bool directed);
// G(n, m): m distinct edges drawn uniformly among all pairs (ordered pairs if directed).
Graph erdos_renyi_graph(VertexId n, long long m, bool directed, Rng& rng);
// Barabasi-Albert preferential attachment with exactly m edges: vertex v (from 1 on) links to
// about m / (n - 1) distinct earlier vertices, each drawn with probability proportional to
// its degree; directed, edges go from the new vertex to the old. REQUIRES: n - 1 <= m <= 100 n.
Graph power_law_graph(VertexId n, long long m, bool directed, Rng& rng);

}  // namespace nimbus
