#include "workload/graph_algorithms.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace nimbus {
namespace {

// Min-propagation, the shape of sssp and connected components: a vertex keeps the smallest
// value it has heard, and when that improves sends `message(its value)` along its edges.
// `value` holds the values at superstep 0, `sending` the vertices that send in it.
template <typename Message>
AlgorithmRun propagate_min(const Adjacency& adj, std::vector<double> value, std::vector<VertexId> sending,
                           Message message, const SuperstepVisitor& visit) {
  const auto n = static_cast<VertexId>(adj.begin.size() - 1);
  AlgorithmRun run;
  std::vector<VertexId> computing(n);
  std::iota(computing.begin(), computing.end(), 0u);
  std::vector<double> best(n, std::numeric_limits<double>::infinity());
  std::vector<long long> heard(n, -1);  // the last superstep a vertex received in
  for (;;) {
    visit(computing, sending);
    ++run.supersteps;
    if (sending.empty()) break;
    // Messages for the next superstep: each receiver keeps the smallest (they combine by min).
    computing.clear();
    for (const VertexId v : sending) {
      const double m = message(value[v]);
      run.vertex_messages += adj.degree(v);
      for (std::uint32_t i = adj.begin[v]; i < adj.begin[v + 1]; ++i) {
        const VertexId t = adj.target[i];
        if (heard[t] != run.supersteps) {
          heard[t] = run.supersteps;
          best[t] = m;
          computing.push_back(t);
        } else {
          best[t] = std::min(best[t], m);
        }
      }
    }
    std::sort(computing.begin(), computing.end());
    sending.clear();
    for (const VertexId t : computing)
      if (best[t] < value[t]) {
        value[t] = best[t];
        if (adj.degree(t) > 0) sending.push_back(t);
      }
  }
  run.values = std::move(value);
  return run;
}

}  // namespace

AlgorithmRun pagerank(const Adjacency& out, int iterations, const SuperstepVisitor& visit) {
  const auto n = static_cast<VertexId>(out.begin.size() - 1);
  AlgorithmRun run;
  std::vector<VertexId> all(n), senders, none;
  std::iota(all.begin(), all.end(), 0u);
  for (VertexId v = 0; v < n; ++v)
    if (out.degree(v) > 0) senders.push_back(v);
  std::vector<double> rank(n, n > 0 ? 1.0 / n : 0.0), received(n, 0.0);
  for (int s = 0; s <= iterations; ++s) {
    if (s > 0)
      for (VertexId v = 0; v < n; ++v) rank[v] = 0.15 / n + 0.85 * received[v];
    const bool sends = s < iterations;
    visit(all, sends ? senders : none);
    ++run.supersteps;
    if (!sends) break;
    std::fill(received.begin(), received.end(), 0.0);
    for (const VertexId v : senders) {
      const double share = rank[v] / out.degree(v);
      for (std::uint32_t i = out.begin[v]; i < out.begin[v + 1]; ++i) received[out.target[i]] += share;
      run.vertex_messages += out.degree(v);
    }
  }
  run.values = std::move(rank);
  return run;
}

AlgorithmRun sssp(const Adjacency& out, VertexId source, const SuperstepVisitor& visit) {
  const auto n = static_cast<VertexId>(out.begin.size() - 1);
  std::vector<double> distance(n, std::numeric_limits<double>::infinity());
  distance[source] = 0;
  std::vector<VertexId> sending;
  if (out.degree(source) > 0) sending.push_back(source);
  return propagate_min(out, std::move(distance), std::move(sending), [](double d) { return d + 1; }, visit);
}

AlgorithmRun connected_components(const Adjacency& both, const SuperstepVisitor& visit) {
  const auto n = static_cast<VertexId>(both.begin.size() - 1);
  std::vector<double> label(n);
  std::iota(label.begin(), label.end(), 0.0);
  std::vector<VertexId> sending;
  for (VertexId v = 0; v < n; ++v)
    if (both.degree(v) > 0) sending.push_back(v);
  return propagate_min(both, std::move(label), std::move(sending), [](double l) { return l; }, visit);
}

}  // namespace nimbus
