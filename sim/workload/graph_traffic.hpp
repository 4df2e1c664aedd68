// What a superstep of a vertex program costs each worker of a partitioned graph: its
// computation, and the messages it sends each other worker. Messages between vertices on one
// worker stay in its memory and are not counted.
//
// A vertex partition has one phase per superstep: a worker computes its vertices
// (flops_per_vertex each) and their sends (flops_per_edge per edge), and sends every message
// whose target lives elsewhere; with `combine`, one per (sending worker, target vertex), as a
// Pregel combiner merges them before they leave.
//
// A vertex cut has two (PowerGraph's gather-apply-scatter): (1) each computing vertex's master
// applies (flops_per_vertex) and, if the vertex changed, sends its value to each of its
// mirrors; (2) each worker scatters along its own edges of the vertices that changed
// (flops_per_edge each) and sends the master of each target it reached one partial sum, if
// that master is elsewhere: vertex-cut messages are always combined.
#pragma once

#include "workload/graph_algorithms.hpp"
#include "workload/graph_partition.hpp"

#include <cstdint>
#include <vector>

namespace nimbus {

struct GraphCosts {
  double flops_per_vertex = 0;
  double flops_per_edge = 0;
  bool combine = false;
};

struct Exchange {
  std::uint32_t from = 0, to = 0;
  double messages = 0;
};

// A worker computes, then exchanges. `exchanges` is ascending by (from, to), one per pair.
struct Phase {
  std::vector<double> flops;  // per worker
  std::vector<Exchange> exchanges;
};

class GraphTraffic {
public:
  // REQUIRES: `adj` and `partition` outlive it; adj is the one the algorithm sends along.
  GraphTraffic(const Adjacency& adj, const Partition& partition, GraphCosts costs);

  // The phases of one superstep (1 for a vertex partition, 2 for a vertex cut).
  std::vector<Phase> superstep(const std::vector<VertexId>& computing, const std::vector<VertexId>& sending);

private:
  Phase edge_cut_phase(const std::vector<VertexId>& computing);
  Phase sync_phase(const std::vector<VertexId>& computing);
  Phase scatter_phase(const std::vector<VertexId>& sending);
  void group_by_owner(const std::vector<VertexId>& sending);
  void add(std::uint32_t to, double messages);
  void flush(std::uint32_t from, Phase& phase);

  const Adjacency& adj_;
  const Partition& p_;
  GraphCosts costs_;
  std::vector<std::vector<VertexId>> by_owner_;  // this superstep's senders, per worker
  std::vector<std::uint64_t> stamp_;             // per vertex: the token that last sent it a message
  std::uint64_t token_ = 0;
  std::vector<double> to_;                // messages from the current worker to each worker
  std::vector<std::uint32_t> touched_;    // the workers to_ counts for
  std::vector<std::uint64_t> partials_;   // (worker, target vertex) pairs of a scatter
};

}  // namespace nimbus
