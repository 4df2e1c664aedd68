// Reader of `program: graph` (format: docs/programs.md). The graph file itself is read when
// the workload is built (workload/graph.cpp), which `validate` does too.
#include "config/parse_graph.hpp"

#include "config/graph_spec.hpp"

#include <algorithm>
#include <sys/stat.h>

namespace nimbus {
namespace {

constexpr long long kMaxGraphWorkers = 100'000;  // as many as any program's ranks

// A path in a scenario is relative to the scenario file's folder.
std::string relative_to(const std::string& name, const std::string& scenario_file) {
  const auto slash = scenario_file.find_last_of('/');
  return name.empty() || name.front() == '/' || slash == std::string::npos ? name : scenario_file.substr(0, slash + 1) + name;
}

void parse_generate(const Node& node, GraphSpec& g) {
  node.expect_map({"model", "vertices", "edges", "seed"});
  const std::string model = node.require("model").choice({"grid", "power-law", "erdos-renyi"}, "graph model");
  g.model = model == "grid" ? GraphSpec::Model::Grid : model == "power-law" ? GraphSpec::Model::PowerLaw
                                                                           : GraphSpec::Model::ErdosRenyi;
  const Node vertices = node.require("vertices");
  g.vertices = vertices.positive_integer();
  if (g.vertices > kMaxGraphVertices) vertices.fail("at most " + std::to_string(kMaxGraphVertices) + " vertices");
  const long long n = g.vertices;
  if (g.model == GraphSpec::Model::Grid) {
    long long k = 1;
    while ((k + 1) * (k + 1) <= n) ++k;
    if (k * k != n) vertices.fail("a grid is k x k vertices: expected a square such as " + std::to_string(k * k) + " or " +
                                  std::to_string((k + 1) * (k + 1)) + ", got " + std::to_string(n));
    if (node.has("edges"))
      node.get("edges").fail("a " + std::to_string(k) + " x " + std::to_string(k) + " grid has " +
                             std::to_string(2 * k * (k - 1)) + " edges; leave edges out");
    g.edges = 2 * k * (k - 1);
  } else {
    const Node edges = node.require("edges");
    g.edges = edges.non_negative_integer();
    const long long pairs = n * (n - 1) / (g.directed ? 1 : 2);
    if (g.model == GraphSpec::Model::PowerLaw) {
      // Barabasi-Albert: each new vertex attaches to earlier ones, so the graph is connected
      // (at least n - 1 edges); past 100 edges a vertex it would no longer be sparse. It links
      // each pair once, directed or not: n (n - 1) / 2 at most.
      const long long most = std::min({n * (n - 1) / 2, 100 * n, kMaxGraphEdges});
      if (g.edges < n - 1 || g.edges > most)
        edges.fail("a power-law graph of " + std::to_string(n) + " vertices has from " + std::to_string(n - 1) + " to " +
                   std::to_string(most) + " edges");
    } else if (g.edges > std::min(pairs, kMaxGraphEdges)) {
      edges.fail("a graph of " + std::to_string(n) + " vertices has at most " + std::to_string(std::min(pairs, kMaxGraphEdges)) +
                 " edges" + (pairs > kMaxGraphEdges ? " (nimbus's bound)" : g.directed ? "" : " (undirected, no loops)"));
    }
  }
  if (node.has("seed")) {
    g.seeded = true;
    g.seed = static_cast<std::uint64_t>(node.get("seed").non_negative_integer());
  }
}

}  // namespace

WorkloadItem parse_graph(const Node& item, const JobOwner& owner) {
  item.expect_map({"program", "edge_list", "generate", "directed", "algorithm", "iterations", "source", "workers", "hosts",
                   "partition", "mode", "combine", "flops_per_vertex", "flops_per_edge", "message_bytes", "submit_at",
                   "user", "queue", "priority"});
  WorkloadItem w;
  w.program = WorkloadItem::Program::Graph;
  GraphSpec& g = w.graph;
  if (item.has("directed")) g.directed = item.get("directed").boolean();

  // The graph: a file or a generator, exactly one.
  if (item.has("edge_list") && item.has("generate"))
    item.get("generate").fail("give edge_list or generate, not both");
  if (!item.has("edge_list") && !item.has("generate"))
    item.fail("which graph? give edge_list: FILE (SNAP's \"src dst\" lines) or generate: { model: ..., vertices: N }");
  if (item.has("edge_list")) {
    const Node path = item.get("edge_list");
    g.edge_list = relative_to(path.text(), item.file());
    g.edge_list_where = path.where();
    g.edge_list_key = path.path();
    struct stat info {};
    if (::stat(g.edge_list.c_str(), &info) != 0) path.fail("cannot read edge list \"" + g.edge_list + "\"");
    if (!S_ISREG(info.st_mode)) path.fail("\"" + g.edge_list + "\" is not a regular file; expected an edge list");
  } else {
    parse_generate(item.get("generate"), g);
  }

  const Node algorithm = item.require("algorithm");
  const std::string a = algorithm.choice({"pagerank", "sssp", "connected-components"}, "algorithm");
  g.algorithm = a == "pagerank" ? GraphSpec::Algorithm::PageRank : a == "sssp" ? GraphSpec::Algorithm::Sssp
                                                                              : GraphSpec::Algorithm::ConnectedComponents;
  g.algorithm_where = algorithm.where();
  if (item.has("iterations")) {
    const Node iterations = item.get("iterations");
    if (g.algorithm != GraphSpec::Algorithm::PageRank) iterations.fail("applies to pagerank only (" + a + " runs until no vertex changes)");
    const long long k = iterations.positive_integer();
    if (k > kMaxGraphIterations) iterations.fail("at most " + std::to_string(kMaxGraphIterations) + " iterations");
    g.iterations = static_cast<int>(k);
  }
  if (item.has("source")) {
    const Node source = item.get("source");
    if (g.algorithm != GraphSpec::Algorithm::Sssp) source.fail("applies to sssp only");
    g.source_given = true;
    g.source = static_cast<std::uint64_t>(source.non_negative_integer());
    g.source_where = source.where();
    g.source_key = source.path();
    // A generated graph's vertices are 0 .. vertices-1; a file's are known once it is read.
    if (g.model != GraphSpec::Model::File && g.source >= static_cast<std::uint64_t>(g.vertices))
      source.fail("vertex " + std::to_string(g.source) + " is not in the graph (vertices 0 to " +
                  std::to_string(g.vertices - 1) + ")");
  }

  // The workers: how many, and where (as any program's ranks).
  RanksSpec& r = w.ranks;
  if (item.has("hosts")) {
    const Node hosts = item.get("hosts");
    r.hosts_where = hosts.where();
    for (const auto& h : hosts.items()) r.hosts.push_back(h.text());
    if (r.hosts.empty()) hosts.fail("needs at least one host (or leave hosts out: placement maps the workers)");
    if (static_cast<long long>(r.hosts.size()) > kMaxGraphWorkers)
      hosts.fail("at most " + std::to_string(kMaxGraphWorkers) + " workers");
  }
  if (item.has("workers")) {
    const Node workers = item.get("workers");
    const long long n = workers.positive_integer();
    if (n > kMaxGraphWorkers) workers.fail("at most " + std::to_string(kMaxGraphWorkers) + " workers");
    if (!r.hosts.empty() && n != static_cast<long long>(r.hosts.size()))
      workers.fail(std::to_string(n) + " workers but hosts lists " + std::to_string(r.hosts.size()) + " (one per worker)");
    r.ranks = static_cast<int>(n);
  } else if (!r.hosts.empty()) {
    r.ranks = static_cast<int>(r.hosts.size());
  } else {
    item.fail("how many workers? give workers: N, or hosts: [..] with one host per worker");
  }
  if (item.has("submit_at")) r.submit_s = item.get("submit_at").non_negative_quantity(Dimension::Duration);
  r.owner = owner;

  if (item.has("partition")) {
    const std::string p = item.get("partition").choice({"hash", "range", "greedy-vertex-cut"}, "partition");
    g.partition = p == "hash" ? GraphSpec::Partition::Hash : p == "range" ? GraphSpec::Partition::Range
                                                                         : GraphSpec::Partition::GreedyVertexCut;
  }
  if (item.has("mode")) g.async = item.get("mode").choice({"pregel", "async"}, "mode") == "async";
  if (item.has("combine")) {
    g.combine = item.get("combine").boolean();
    if (!g.combine && g.partition == GraphSpec::Partition::GreedyVertexCut)
      item.get("combine").fail("a vertex cut always combines (each worker sends a vertex's master one partial sum); "
                               "leave combine out");
  }
  if (g.partition == GraphSpec::Partition::GreedyVertexCut) g.combine = true;
  if (item.has("flops_per_vertex")) g.flops_per_vertex = item.get("flops_per_vertex").non_negative_quantity(Dimension::Flops);
  if (item.has("flops_per_edge")) g.flops_per_edge = item.get("flops_per_edge").non_negative_quantity(Dimension::Flops);
  if (item.has("message_bytes")) {
    const Node bytes = item.get("message_bytes");
    g.message_bytes = bytes.non_negative_quantity(Dimension::Size);
    // A worker sends another all its messages of a phase as one transfer: at most a message
    // per edge and direction, or per vertex. (An edge list's size is known only once read:
    // its bounds stand in.)
    const bool file = g.model == GraphSpec::Model::File;
    const double messages = 2.0 * static_cast<double>(std::max(file ? kMaxGraphEdges : g.edges,
                                                                file ? kMaxGraphVertices : g.vertices));
    if (g.message_bytes * messages > max_quantity(Dimension::Size))
      bytes.fail("up to " + std::to_string(static_cast<long long>(messages)) + " messages between two workers would be " +
                 beyond_size_bound(g.message_bytes * messages));
  }
  return w;
}

}  // namespace nimbus
