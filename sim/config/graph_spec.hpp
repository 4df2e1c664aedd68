// `program: graph`: a vertex program (PageRank, single-source shortest paths, connected
// components) run on a real graph (a SNAP edge list) or a generated one, its vertices or
// edges partitioned over W workers. The algorithm is run on the graph while the workload is
// built; its supersteps and messages become the workers' bodies (programs/graph.cpp).
// Format: docs/programs.md, "program: graph".
#pragma once

#include <cstdint>
#include <string>

namespace nimbus {

// Bounds on what a graph program reads or generates: a graph of 10M edges takes about 0.5 GB
// while its program is built, and a program's operations about 50 B each.
inline constexpr long long kMaxGraphVertices = 1'000'000;
inline constexpr long long kMaxGraphEdges = 10'000'000;
inline constexpr long long kMaxGraphOperations = 10'000'000;  // over all workers' bodies
inline constexpr int kMaxGraphIterations = 10'000;

struct GraphSpec {
  enum class Model { File, Grid, PowerLaw, ErdosRenyi };
  enum class Algorithm { PageRank, Sssp, ConnectedComponents };
  enum class Partition { Hash, Range, GreedyVertexCut };

  // The graph: an edge list file, or generated.
  Model model = Model::File;
  std::string edge_list;  // resolved against the scenario file
  std::string edge_list_where, edge_list_key;  // errors inside the file name the scenario's key too
  long long vertices = 0;  // generated: vertices 0 .. vertices-1
  long long edges = 0;     // generated (power-law, erdos-renyi)
  bool seeded = false;     // generate.seed given; else the scenario's seed
  std::uint64_t seed = 0;
  bool directed = false;   // false: each edge carries messages both ways

  Algorithm algorithm = Algorithm::PageRank;
  std::string algorithm_where;  // where "too many operations" points
  int iterations = 10;          // pagerank: rank updates (Pregel's supersteps 1..iterations)
  bool source_given = false;    // sssp; default the smallest vertex id
  std::uint64_t source = 0;
  std::string source_where, source_key;

  Partition partition = Partition::Hash;
  bool async = false;    // mode: async (no barrier) against pregel
  bool combine = false;  // pregel combiners: one message per (sending worker, target vertex)
  double flops_per_vertex = 1000;  // per vertex computing in a superstep
  double flops_per_edge = 100;     // per edge a vertex sends along
  double message_bytes = 16;       // a vertex message: 8-byte target id and 8-byte value
};

inline const char* algorithm_name(GraphSpec::Algorithm a) {
  switch (a) {
    case GraphSpec::Algorithm::PageRank: return "pagerank";
    case GraphSpec::Algorithm::Sssp: return "sssp";
    case GraphSpec::Algorithm::ConnectedComponents: return "connected-components";
  }
  return "";
}

inline const char* partition_name(GraphSpec::Partition p) {
  switch (p) {
    case GraphSpec::Partition::Hash: return "hash";
    case GraphSpec::Partition::Range: return "range";
    case GraphSpec::Partition::GreedyVertexCut: return "greedy-vertex-cut";
  }
  return "";
}

}  // namespace nimbus
