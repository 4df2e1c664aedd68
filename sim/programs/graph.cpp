// graph: a vertex program on a partitioned graph, as W ranks (workers). The algorithm runs on
// the graph here, superstep by superstep (workload/graph_algorithms.hpp); each superstep's
// per-worker work and worker-to-worker messages (workload/graph_traffic.hpp) become, in every
// worker's body and for each phase of the superstep: a receive posted from each worker that
// sends it something, its computation, a send to each worker it has messages for (one
// SimGrid message carrying them all, messages x message_bytes), a wait for all of them; then,
// in mode pregel, a barrier. Mode async has no barrier: a worker waits only for the workers
// it exchanges with. Async shortest paths and components run as an asynchronous engine does
// (workload/graph_async.hpp: local fixpoints, rounds of updates); async PageRank, whose
// updates are the same either way, runs Pregel's supersteps without the barriers.
#include "programs/rank_body.hpp"

#include "config/config_error.hpp"
#include "workload/graph.hpp"
#include "workload/graph_async.hpp"
#include "workload/graph_traffic.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

namespace nimbus {
namespace {

Graph build_graph(const GraphSpec& spec, std::uint32_t item, std::uint64_t seed) {
  Rng rng(spec.seeded ? spec.seed : seed, "workload/" + std::to_string(item) + "/graph");
  const auto n = static_cast<VertexId>(spec.vertices);
  switch (spec.model) {
    case GraphSpec::Model::File:
      // An error inside the file names the scenario's key as well as the file's line.
      try {
        return read_edge_list(spec.edge_list, spec.directed);
      } catch (const ConfigError& e) {
        throw ConfigError(spec.edge_list_where, spec.edge_list_key, e.what());
      }
    case GraphSpec::Model::Grid: {
      VertexId k = 0;
      while (static_cast<long long>(k + 1) * (k + 1) <= spec.vertices) ++k;
      return grid_graph(k, spec.directed);
    }
    case GraphSpec::Model::ErdosRenyi: return erdos_renyi_graph(n, spec.edges, spec.directed, rng);
    case GraphSpec::Model::PowerLaw: return power_law_graph(n, spec.edges, spec.directed, rng);
  }
  return {};
}

VertexId find_source(const GraphSpec& spec, const Graph& g) {
  if (!spec.source_given) return 0;  // the smallest id
  const auto at = std::lower_bound(g.ids.begin(), g.ids.end(), spec.source);
  if (at == g.ids.end() || *at != spec.source)
    throw ConfigError(spec.source_where, spec.source_key,
                      "vertex " + std::to_string(spec.source) + " is not in the graph (" + std::to_string(g.vertices()) +
                          " vertices, ids " + std::to_string(g.ids.front()) + " to " + std::to_string(g.ids.back()) + ")");
  return static_cast<VertexId>(at - g.ids.begin());
}

Partition partition(const GraphSpec& spec, const Graph& g, std::uint32_t workers, std::uint32_t item, std::uint64_t seed) {
  switch (spec.partition) {
    case GraphSpec::Partition::Hash: return hash_partition(g, workers);
    case GraphSpec::Partition::Range: return range_partition(g, workers);
    case GraphSpec::Partition::GreedyVertexCut: {
      Rng order(seed, "workload/" + std::to_string(item) + "/partition");
      return greedy_vertex_cut(g, workers, order);
    }
  }
  return {};
}

}  // namespace

void generate_graph(const WorkloadItem& w, std::uint32_t item, std::uint64_t seed, WorkloadBuilder& out) {
  const GraphSpec& spec = w.graph;
  const auto workers = static_cast<std::uint32_t>(w.ranks.ranks);
  const Graph g = build_graph(spec, item, seed);
  const VertexId source = find_source(spec, g);
  const Partition p = partition(spec, g, workers, item, seed);
  const Adjacency adj = spec.algorithm == GraphSpec::Algorithm::ConnectedComponents ? both_ways(g) : out_adjacency(g);
  const GraphCosts costs{spec.flops_per_vertex, spec.flops_per_edge, spec.combine};
  GraphTraffic traffic(adj, p, costs);

  std::vector<RankBody> bodies;
  for (std::uint32_t r = 0; r < workers; ++r) bodies.emplace_back(static_cast<int>(r), static_cast<int>(workers));
  GraphSummary summary;
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> pair_bytes;
  std::size_t operations = 0;
  std::vector<std::vector<std::uint32_t>> incoming(workers);
  std::vector<std::size_t> outgoing_begin(static_cast<std::size_t>(workers) + 1);
  long long superstep = 0;
  // A phase: each worker posts its receives, computes, sends, and waits for all of them.
  const auto too_many = [&] {
    return ConfigError(spec.algorithm_where, "workload[" + std::to_string(item) + "].algorithm",
                       "the program has more than " + std::to_string(kMaxGraphOperations) +
                           " operations (computations, messages, barriers of all workers) by superstep " +
                           std::to_string(superstep + 1) + "; use fewer workers, or a smaller graph or fewer iterations");
  };
  const auto add_phase = [&](const Phase& phase) {
    // Refused before the phase is built, not after: a phase of W x W exchanges is large.
    if (operations + 2 * phase.exchanges.size() + 2 * static_cast<std::size_t>(workers) >
        static_cast<std::size_t>(kMaxGraphOperations))
      throw too_many();
    for (auto& list : incoming) list.clear();
    std::fill(outgoing_begin.begin(), outgoing_begin.end(), 0);
    for (const Exchange& x : phase.exchanges) {
      incoming[x.to].push_back(x.from);  // ascending: exchanges are by (from, to)
      ++outgoing_begin[x.from + 1];
      summary.messages += x.messages;
      pair_bytes[{x.from, x.to}] += x.messages * spec.message_bytes;
    }
    for (std::uint32_t r = 0; r < workers; ++r) outgoing_begin[r + 1] += outgoing_begin[r];
    for (std::uint32_t r = 0; r < workers; ++r) {
      RankBody& body = bodies[r];
      const std::size_t before = body.steps().size();
      for (const std::uint32_t from : incoming[r]) body.irecv(static_cast<int>(from));
      if (phase.flops[r] > 0) body.compute(phase.flops[r]);
      for (std::size_t k = outgoing_begin[r]; k < outgoing_begin[r + 1]; ++k)
        body.isend(static_cast<int>(phase.exchanges[k].to), phase.exchanges[k].messages * spec.message_bytes);
      if (!incoming[r].empty() || outgoing_begin[r + 1] > outgoing_begin[r]) body.wait_all();
      operations += body.steps().size() - before;
    }
  };
  const auto end_superstep = [&] {
    if (!spec.async) {
      for (RankBody& body : bodies) body.barrier();
      operations += workers;
    }
    if (operations > static_cast<std::size_t>(kMaxGraphOperations)) throw too_many();
    ++superstep;
  };
  const SuperstepVisitor visit = [&](const std::vector<VertexId>& computing, const std::vector<VertexId>& sending) {
    summary.vertex_updates += static_cast<double>(computing.size());
    for (const Phase& phase : traffic.superstep(computing, sending)) add_phase(phase);
    end_superstep();
  };
  const RoundVisitor round = [&](const Phase& phase) {
    add_phase(phase);
    end_superstep();
  };
  const auto n = g.vertices();
  if (spec.async && spec.algorithm != GraphSpec::Algorithm::PageRank) {
    // Asynchronous shortest paths and components: local fixpoints, rounds without barrier.
    const bool distances = spec.algorithm == GraphSpec::Algorithm::Sssp;
    std::vector<double> initial(n, std::numeric_limits<double>::infinity());
    std::vector<VertexId> changed;
    if (distances) {
      initial[source] = 0;
      changed.push_back(source);
    } else {
      std::iota(initial.begin(), initial.end(), 0.0);
      changed.resize(n);
      std::iota(changed.begin(), changed.end(), 0u);
    }
    const AsyncRun run = async_min_propagation(adj, p, costs, std::move(initial), changed, distances ? 1.0 : 0.0, round);
    summary.supersteps = run.rounds;
    summary.vertex_updates = run.vertex_updates;
    summary.vertex_messages = run.vertex_messages;
  } else {
    // Pregel's supersteps (async pagerank: the same ones without barriers, see docs).
    AlgorithmRun run;
    switch (spec.algorithm) {
      case GraphSpec::Algorithm::PageRank: run = pagerank(adj, spec.iterations, visit); break;
      case GraphSpec::Algorithm::Sssp: run = sssp(adj, source, visit); break;
      case GraphSpec::Algorithm::ConnectedComponents: run = connected_components(adj, visit); break;
    }
    summary.supersteps = run.supersteps;
    summary.vertex_messages = run.vertex_messages;
  }

  summary.job = "graph" + std::to_string(item);
  summary.algorithm = algorithm_name(spec.algorithm);
  summary.partition = partition_name(spec.partition);
  summary.mode = spec.async ? "async" : "pregel";
  summary.workers = workers;
  summary.vertices = g.vertices();
  summary.edges = g.edges.size();
  summary.directed = g.directed;
  summary.skipped_edges = g.skipped_edges;
  summary.bytes = summary.messages * spec.message_bytes;
  if (p.vertex_cut)
    summary.replication_factor = replication_factor(p);
  else
    summary.edge_cut = edge_cut(g, p);
  for (const auto& [pair, bytes] : pair_bytes) summary.pair_bytes.push_back({pair.first, pair.second, bytes});
  add_program_job(w.ranks, item, summary.job, bodies, out);
  out.add_graph_summary(std::move(summary));
}

}  // namespace nimbus
