// Partitioning a graph over W workers, the two ways distributed graph engines do it:
//
// - vertex partitions (Pregel, Giraph, GraphX's edge-cut): each vertex lives on one worker
//   with its out-edges; a message along an edge whose ends are on two workers crosses the
//   network. `hash` puts vertex id i on worker i mod W (Pregel's hash(ID) mod N, with the
//   identity hash Giraph and GraphX use for integer ids); `range` gives each worker a
//   contiguous run of ids, about n / W of them. Quality: the edge cut.
// - vertex cuts (PowerGraph, Gonzalez et al., OSDI 2012): each edge lives on one worker, and a
//   vertex has a replica on every worker holding one of its edges, one of them its master.
//   `greedy-vertex-cut` is PowerGraph's coordinated greedy heuristic (section 5.2). Quality:
//   the replication factor, replicas per vertex.
#pragma once

#include "workload/graph.hpp"

#include <cstdint>
#include <vector>

namespace nimbus {

struct Partition {
  std::uint32_t workers = 1;
  bool vertex_cut = false;
  std::vector<std::uint32_t> owner;  // vertex -> its worker (a vertex cut: its master's)
  // A vertex cut only: edge -> its worker, and each vertex's replicas, ascending (master
  // included): workers holding vertex v are replicas[replica_begin[v] .. replica_begin[v + 1]).
  std::vector<std::uint32_t> edge_worker;
  std::vector<std::uint32_t> replica_begin, replicas;
};

Partition hash_partition(const Graph& g, std::uint32_t workers);
Partition range_partition(const Graph& g, std::uint32_t workers);
// Edges are placed one at a time, in an order drawn from `order` (PowerGraph's loaders read
// the edges in parallel, in no particular order; in file order the heuristic would put a
// connected run of edges, a ring, a grid, all on one worker). For edge (u, v), with A(x) the
// workers holding x: the least loaded worker (fewest edges; then the lowest number) of
//   A(u) n A(v) if they meet; else, if both are placed, of A(w) for the end w with more edges
//   left to place; else of the one placed; else of all workers.
// A vertex's master is its (id mod r)-th replica of r; a vertex without edges is on worker
// id mod W, alone.
Partition greedy_vertex_cut(const Graph& g, std::uint32_t workers, Rng& order);

// Edges whose two ends are on different workers. REQUIRES: a vertex partition.
long long edge_cut(const Graph& g, const Partition& p);
// Replicas per vertex, on average (1: no vertex is cut). REQUIRES: a vertex cut.
double replication_factor(const Partition& p);

}  // namespace nimbus
