// Shortest paths and connected components as an asynchronous engine runs them (GraphLab,
// Low et al., VLDB 2012): a vertex's new value is seen at once by its neighbours on the same
// worker, so a value floods a worker's part of the graph in one go instead of one edge per
// superstep; only crossing to another worker costs a round. Each worker, in each round:
//   1. takes the updates other workers sent it in the previous round;
//   2. updates vertices until none of its own changes (a first-in first-out queue: a vertex
//      may be updated again when a shorter path reaches it later, work Pregel never redoes);
//   3. sends, to each worker, the updates for vertices that worker holds.
// There is no barrier: a worker waits only for the workers that send it updates. Vertex
// partitions send an update per edge to a vertex elsewhere (one per target vertex and round
// with `combine`); a vertex cut relaxes along a worker's own edges on its replicas, then sends
// a changed mirror's value to the master and a changed master's to every mirror.
//
// What this leaves out: a real engine takes updates as they arrive, in an order set by
// timing; here the schedule is fixed (everything sent in round r is taken in round r + 1),
// so a run is reproducible. No locks (GraphLab's consistency models), no priorities.
#pragma once

#include "workload/graph_traffic.hpp"

#include <functional>
#include <vector>

namespace nimbus {

struct AsyncRun {
  long long rounds = 0;
  double vertex_updates = 0;   // vertices computed, counting repeats
  double vertex_messages = 0;  // edges relaxed (messages along edges, local or not)
  std::vector<double> values;  // per vertex, its master's (its owner's)
};

// Called once per round: each worker's computation and the updates it sends.
using RoundVisitor = std::function<void(const Phase& round)>;

// Min-propagation: a vertex keeps the smallest value it hears; along an edge it sends its
// value + `increment` (1: breadth-first distances; 0: component labels). `initial` holds
// every vertex's starting value (every replica starts with it); `changed`, ascending, the
// vertices that run first. REQUIRES: adj and partition as for GraphTraffic.
AsyncRun async_min_propagation(const Adjacency& adj, const Partition& partition, const GraphCosts& costs,
                               std::vector<double> initial, const std::vector<VertexId>& changed, double increment,
                               const RoundVisitor& visit);

}  // namespace nimbus
