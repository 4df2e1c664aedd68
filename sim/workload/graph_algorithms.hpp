// Vertex programs, run as Pregel runs them (Malewicz et al., SIGMOD 2010): in superstep 0
// every vertex computes; in each later one, the vertices that received messages do; a vertex
// that changes sends its value along its edges, for the next superstep. The run ends after
// the first superstep in which no vertex sends. Each function really runs the algorithm on
// the graph and reports, superstep by superstep, which vertices computed and which sent: the
// number of supersteps and of messages come from the graph, not from a formula.
//
// - pagerank: Pregel's PageRank. Superstep 0 sets every rank to 1/n; superstep s (1 ..
//   iterations) sets it to 0.15/n + 0.85 x the sum received; every vertex with edges sends
//   rank / degree in supersteps 0 .. iterations-1, none in the last: iterations + 1
//   supersteps, iterations x (edge ends) messages. Rank lost at vertices without out-edges
//   is not given back (as in the paper's example).
// - sssp: shortest paths from `source`, every edge of length 1 (SNAP lists carry no weights):
//   breadth-first. Superstep 0: the source sends 1; superstep s: the vertices first reached
//   (at depth s) send s + 1; the next superstep improves nothing. With d the depth of the
//   breadth-first tree, d + 2 supersteps (d + 1 if none of the deepest has an out-edge).
// - connected-components: label propagation (HCC, Kang et al. 2009): every vertex starts with
//   its own number, sends it along its edges both ways, and takes the smallest it hears,
//   sending again when it changes. Supersteps: the longest way a smallest label travels, + 2.
#pragma once

#include "workload/graph.hpp"

#include <functional>
#include <vector>

namespace nimbus {

// Called once per superstep, in order: the vertices computing in it and those sending (a
// subset), each ascending.
using SuperstepVisitor = std::function<void(const std::vector<VertexId>& computing, const std::vector<VertexId>& sending)>;

struct AlgorithmRun {
  long long supersteps = 0;
  double vertex_messages = 0;  // sent along edges, in all supersteps
  std::vector<double> values;  // per vertex: rank, distance (infinity: not reached), label
};

AlgorithmRun pagerank(const Adjacency& out, int iterations, const SuperstepVisitor& visit);
AlgorithmRun sssp(const Adjacency& out, VertexId source, const SuperstepVisitor& visit);
AlgorithmRun connected_components(const Adjacency& both, const SuperstepVisitor& visit);

}  // namespace nimbus
