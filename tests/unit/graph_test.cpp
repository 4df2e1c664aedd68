// Graph programs without SimGrid: reading and generating graphs, partitioning them, running
// the vertex programs, and what each superstep costs each worker. Values worked out by hand.
#include "config/config_error.hpp"
#include "workload/graph.hpp"
#include "workload/graph_algorithms.hpp"
#include "workload/graph_async.hpp"
#include "workload/graph_partition.hpp"
#include "workload/graph_traffic.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <set>
#include <unistd.h>

using namespace nimbus;

namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("nimbus-graph-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::string error_of(const std::string& path) {
  try {
    read_edge_list(path, false);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// A ring 0 - 1 - ... - (n-1) - 0.
Graph ring(VertexId n) {
  std::vector<std::pair<VertexId, VertexId>> edges;
  for (VertexId v = 0; v < n; ++v) edges.emplace_back(v, (v + 1) % n);
  return graph_on_vertices(n, edges, false);
}

// Runs an algorithm, keeping what each superstep computed and sent.
struct Trace {
  std::vector<std::vector<VertexId>> computing, sending;
  SuperstepVisitor visitor() {
    return [this](const std::vector<VertexId>& c, const std::vector<VertexId>& s) {
      computing.push_back(c);
      sending.push_back(s);
    };
  }
};

const SuperstepVisitor ignore = [](const std::vector<VertexId>&, const std::vector<VertexId>&) {};

double total_messages(const std::vector<Phase>& phases) {
  double m = 0;
  for (const Phase& p : phases)
    for (const Exchange& x : p.exchanges) m += x.messages;
  return m;
}

}  // namespace

TEST_CASE("a SNAP edge list: comments, tabs, CRLF, repeated edges and self-loops") {
  const std::string path = write_file("ok.txt",
                                      "# Directed graph (each unordered pair of nodes is saved once)\n"
                                      "# FromNodeId\tToNodeId\n"
                                      "10\t20\r\n"
                                      "\n"
                                      "  20 30\n"
                                      "20 10\n"     // the first edge the other way: a repeat, undirected
                                      "30 30\n"     // a self-loop
                                      "% a KONECT-style comment\n"
                                      "7 10\n");
  const Graph g = read_edge_list(path, false);
  // Ids 7, 10, 20, 30 numbered in ascending order: 0, 1, 2, 3.
  CHECK(g.ids == std::vector<std::uint64_t>{7, 10, 20, 30});
  REQUIRE(g.edges.size() == 3);
  CHECK(g.edges[0] == std::make_pair(VertexId{1}, VertexId{2}));  // 10-20, as first met
  CHECK(g.edges[1] == std::make_pair(VertexId{2}, VertexId{3}));  // 20-30
  CHECK(g.edges[2] == std::make_pair(VertexId{0}, VertexId{1}));  // 7-10
  CHECK(g.skipped_edges == 2);
  // Directed, 20 -> 10 is another edge than 10 -> 20; only the self-loop goes.
  const Graph d = read_edge_list(path, true);
  CHECK(d.edges.size() == 4);
  CHECK(d.skipped_edges == 1);
}

TEST_CASE("a bad edge list is refused at its line and column") {
  struct Case {
    const char* name;
    const char* text;
    const char* message;
  };
  for (const Case& c : {
           Case{"letters", "1 2\n3 x4\n", ":2:3: expected a vertex id (a whole number from 0 to 18446744073709551615), got \"x4\""},
           Case{"negative", "# c\n-1 2\n", ":2:1: expected a vertex id (a whole number from 0 to 18446744073709551615), got \"-1\""},
           Case{"one-field", "1 2\n3\n", ":2:2: expected two vertex ids (\"src dst\"), found one"},
           Case{"weights", "1 2 0.5\n", ":1:5: expected two vertex ids (\"src dst\"), found a third field"},
           Case{"too-large", "1 99999999999999999999\n", ":1:3: expected a vertex id"},
       }) {
    const std::string path = write_file(c.name, c.text);
    const std::string error = error_of(path);
    CHECK_MESSAGE(error.rfind(path + c.message, 0) == 0, c.name, ": ", error);
  }
  const std::string empty = write_file("empty.txt", "# nothing\n\n");
  CHECK(error_of(empty) == empty + ": holds no edge (an edge list has a \"src dst\" line per edge; \"#\" starts a comment)");
}

TEST_CASE("Zachary's karate club, as the tests read it") {
  const Graph g = read_edge_list(std::string(NIMBUS_SOURCE_DIR) + "/tests/data/graphs/karate.txt", false);
  // The paper's 34 members and 78 friendships; member 34 (the administrator) has 17 friends,
  // member 1 (the instructor) 16.
  CHECK(g.vertices() == 34);
  CHECK(g.edges.size() == 78);
  CHECK(g.skipped_edges == 0);
  const Adjacency a = out_adjacency(g);
  CHECK(a.degree(0) == 16);
  CHECK(a.degree(33) == 17);
}

TEST_CASE("generated graphs") {
  SUBCASE("a k x k grid: vertex 0 in a corner, 2 k (k - 1) edges") {
    const Graph g = grid_graph(3, false);
    CHECK(g.vertices() == 9);
    CHECK(g.edges.size() == 12);
    const Adjacency a = out_adjacency(g);
    CHECK(a.degree(0) == 2);  // a corner
    CHECK(a.degree(1) == 3);  // a side
    CHECK(a.degree(4) == 4);  // the middle
    // Directed, edges go right and down: the corner has 2 out-edges, the far corner none.
    const Adjacency d = out_adjacency(grid_graph(3, true));
    CHECK(d.degree(0) == 2);
    CHECK(d.degree(8) == 0);
  }
  SUBCASE("Erdos-Renyi: exactly m distinct edges, a function of the seed") {
    Rng a(1, "g"), b(1, "g"), c(2, "g");
    const Graph g = erdos_renyi_graph(10, 20, false, a);
    CHECK(g.edges.size() == 20);
    CHECK(g.skipped_edges == 0);  // drawn distinct: nothing to leave out
    CHECK(g.edges == erdos_renyi_graph(10, 20, false, b).edges);
    CHECK(g.edges != erdos_renyi_graph(10, 20, false, c).edges);
    // Every pair: the 45 of 10 vertices (drawn as the 0 to leave out), 44 (1 left out).
    CHECK(erdos_renyi_graph(10, 45, false, a).edges.size() == 45);
    CHECK(erdos_renyi_graph(10, 44, false, a).edges.size() == 44);
    // Directed: 5 x 4 ordered pairs.
    CHECK(erdos_renyi_graph(5, 20, true, a).edges.size() == 20);
  }
  SUBCASE("power law: exactly m edges, connected, old vertices become hubs") {
    Rng rng(3, "g");
    const VertexId n = 1000;
    const Graph g = power_law_graph(n, 3000, false, rng);
    CHECK(g.edges.size() == 3000);
    CHECK(g.skipped_edges == 0);
    // Connected: every vertex links to earlier ones. Breadth-first from 0 reaches all.
    const Adjacency a = out_adjacency(g);
    std::vector<bool> seen(n, false);
    std::vector<VertexId> todo{0};
    seen[0] = true;
    for (std::size_t i = 0; i < todo.size(); ++i)
      for (std::uint32_t k = a.begin[todo[i]]; k < a.begin[todo[i] + 1]; ++k)
        if (!seen[a.target[k]]) seen[a.target[k]] = true, todo.push_back(a.target[k]);
    CHECK(todo.size() == n);
    // Preferential attachment: vertex i's degree grows as m sqrt(n / i) (Barabasi-Albert), so
    // the first 10 average about 3 x 31.6 x 0.63 = 60, ten times the mean degree of 6.
    double first = 0;
    for (VertexId v = 0; v < 10; ++v) first += a.degree(v);
    CHECK(first / 10 > 5 * 6.0);
  }
}

TEST_CASE("edge cut of hash and range partitions on a ring, by hand") {
  // Ring of 12 on 4 workers by hash (id mod 4): neighbours v, v + 1 never share a worker, and
  // the closing edge 11 - 0 joins workers 3 and 0: all 12 edges are cut.
  CHECK(edge_cut(ring(12), hash_partition(ring(12), 4)) == 12);
  // Ring of 13: the closing edge 12 - 0 joins 12 mod 4 = 0 and 0: 12 of 13 cut.
  CHECK(edge_cut(ring(13), hash_partition(ring(13), 4)) == 12);
  // By range, blocks {0,1,2} {3,4,5} {6,7,8} {9,10,11}: only 2-3, 5-6, 8-9 and 11-0 are cut.
  const Partition range = range_partition(ring(12), 4);
  CHECK(range.owner == std::vector<std::uint32_t>{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3});
  CHECK(edge_cut(ring(12), range) == 4);
  // One worker cuts nothing.
  CHECK(edge_cut(ring(12), hash_partition(ring(12), 1)) == 0);
}

TEST_CASE("greedy vertex cut: every edge on a worker holding both its ends, fewer replicas than random") {
  Rng gen(5, "g"), order(5, "order");
  const Graph g = power_law_graph(5000, 25000, false, gen);
  const std::uint32_t w = 16;
  const Partition p = greedy_vertex_cut(g, w, order);
  REQUIRE(p.vertex_cut);
  const auto holds = [&p](VertexId v, std::uint32_t worker) {
    return std::binary_search(p.replicas.begin() + p.replica_begin[v], p.replicas.begin() + p.replica_begin[v + 1], worker);
  };
  std::vector<double> load(w, 0);
  bool ends_held = true, master_held = true;
  for (std::size_t e = 0; e < g.edges.size(); ++e) {
    ends_held = ends_held && holds(g.edges[e].first, p.edge_worker[e]) && holds(g.edges[e].second, p.edge_worker[e]);
    ++load[p.edge_worker[e]];
  }
  for (VertexId v = 0; v < g.vertices(); ++v) master_held = master_held && holds(v, p.owner[v]);
  CHECK(ends_held);
  CHECK(master_held);
  // Placing each edge on a random worker gives a vertex of degree d about W (1 - (1 - 1/W)^d)
  // replicas (Gonzalez et al., theorem 5.1); the greedy heuristic does better on average.
  const Adjacency a = out_adjacency(g);
  double random = 0;
  for (VertexId v = 0; v < g.vertices(); ++v) random += w * (1 - std::pow(1 - 1.0 / w, a.degree(v)));
  random /= g.vertices();
  CHECK(replication_factor(p) >= 1.0);
  CHECK(replication_factor(p) < 0.75 * random);
  // ... and keeps workers balanced: least loaded first, edges in random order.
  const double mean = static_cast<double>(g.edges.size()) / w;
  CHECK(*std::max_element(load.begin(), load.end()) < 1.05 * mean);
}

TEST_CASE("pagerank: iterations + 1 supersteps, iterations x edge ends messages, ranks by hand") {
  // 1 -> 2, 2 -> 3, 3 -> 1, 3 -> 4 (vertex 4 has no out-edge), as dense 0..3.
  const Graph g = graph_on_vertices(4, {{0, 1}, {1, 2}, {2, 0}, {2, 3}}, true);
  Trace t;
  const AlgorithmRun r = pagerank(out_adjacency(g), 1, t.visitor());
  // Superstep 0 sends, superstep 1 takes the sums and halts: 2 supersteps, 4 messages.
  CHECK(r.supersteps == 2);
  CHECK(r.vertex_messages == 4);
  CHECK(t.sending[0] == std::vector<VertexId>{0, 1, 2});  // not 3: no out-edge
  CHECK(t.sending[1].empty());
  CHECK(t.computing[1].size() == 4);
  // Superstep 0: ranks 1/4; 1 sends 1/4 to 2, 2 sends 1/4 to 3, 3 sends 1/8 to 1 and to 4.
  // Superstep 1: rank = 0.15/4 + 0.85 x received.
  CHECK(r.values[0] == doctest::Approx(0.0375 + 0.85 / 8));
  CHECK(r.values[1] == doctest::Approx(0.0375 + 0.85 / 4));
  CHECK(r.values[2] == doctest::Approx(0.0375 + 0.85 / 4));
  CHECK(r.values[3] == doctest::Approx(0.0375 + 0.85 / 8));
  // 30 iterations (Pregel's example): 31 supersteps, 30 x 4 messages.
  const AlgorithmRun thirty = pagerank(out_adjacency(g), 30, ignore);
  CHECK(thirty.supersteps == 31);
  CHECK(thirty.vertex_messages == 120);
  // On a ring every vertex is alike: rank 1/n whatever the iterations.
  const AlgorithmRun even = pagerank(out_adjacency(ring(8)), 5, ignore);
  for (const double x : even.values) CHECK(x == doctest::Approx(1.0 / 8));
}

TEST_CASE("sssp: supersteps = breadth-first depth + 2") {
  // 12 x 12 grid from the corner: the far corner is 11 + 11 = 22 edges away. Superstep 0 the
  // source sends; superstep d the vertices at depth d improve and send; superstep 23 receives
  // the last messages and improves none: 24 supersteps.
  const Graph g = grid_graph(12, false);
  Trace t;
  const AlgorithmRun r = sssp(out_adjacency(g), 0, t.visitor());
  CHECK(r.supersteps == 24);
  for (VertexId v = 0; v < 144; ++v) CHECK(r.values[v] == (v / 12) + (v % 12));
  // Each vertex improves once and sends along all its edges: 2 x 264 messages.
  CHECK(r.vertex_messages == 528);
  CHECK(t.computing[0].size() == 144);                   // everyone starts
  CHECK(t.sending[3].size() == 4);                       // depth 3: (0,3) (1,2) (2,1) (3,0)
  CHECK(t.sending[23].empty());
  // A directed path 0 -> 1 -> 2 -> 3: the deepest vertex has no out-edge, so its superstep
  // is the last: depth 3, 4 supersteps, 3 messages.
  const Graph path = graph_on_vertices(4, {{0, 1}, {1, 2}, {2, 3}}, true);
  const AlgorithmRun p = sssp(out_adjacency(path), 0, ignore);
  CHECK(p.supersteps == 4);
  CHECK(p.vertex_messages == 3);
  // Unreached vertices stay at infinity: from 2, 0 and 1 are out of reach.
  const AlgorithmRun from2 = sssp(out_adjacency(path), 2, ignore);
  CHECK(std::isinf(from2.values[0]));
  CHECK(from2.values[3] == 1);
}

TEST_CASE("connected components: labels, supersteps and messages by hand") {
  // 0 - 1 - 2 and 3 - 4. Superstep 0: everyone sends its number (6 edge ends). Superstep 1: 1
  // takes 0, 2 takes 1, 4 takes 3; they send (4 messages). Superstep 2: 2 takes 0 and sends
  // (1). Superstep 3: nobody improves. 4 supersteps, 11 messages.
  const Graph g = graph_on_vertices(5, {{0, 1}, {1, 2}, {3, 4}}, false);
  const AlgorithmRun r = connected_components(both_ways(g), ignore);
  CHECK(r.values == std::vector<double>{0, 0, 0, 3, 3});
  CHECK(r.supersteps == 4);
  CHECK(r.vertex_messages == 11);
  // Directed edges are followed both ways: 1 -> 0 still joins them.
  const Graph d = graph_on_vertices(3, {{1, 0}, {2, 1}}, true);
  CHECK(connected_components(both_ways(d), ignore).values == std::vector<double>{0, 0, 0});
}

TEST_CASE("a superstep's messages between workers: cut edges only, combined per target") {
  // Ring of 12 on 2 workers by hash: evens on 0, odds on 1. In a PageRank superstep every
  // vertex sends to both neighbours, all on the other worker: 24 messages. A combiner merges
  // the two that one worker sends one vertex (v - 1 and v + 1 are both on the other worker):
  // 12, 6 each way.
  const Graph g = ring(12);
  const Adjacency a = out_adjacency(g);
  const Partition p = hash_partition(g, 2);
  std::vector<VertexId> all(12);
  std::iota(all.begin(), all.end(), 0u);
  GraphTraffic plain(a, p, {1000, 100, false});
  const std::vector<Phase> phases = plain.superstep(all, all);
  REQUIRE(phases.size() == 1);
  CHECK(total_messages(phases) == 24);
  // Each worker: 6 vertices of 1000 flops, 12 edge ends of 100.
  CHECK(phases[0].flops == std::vector<double>{7200, 7200});
  GraphTraffic combined(a, p, {1000, 100, true});
  const std::vector<Phase> merged = combined.superstep(all, all);
  REQUIRE(merged[0].exchanges.size() == 2);
  CHECK(merged[0].exchanges[0].from == 0);
  CHECK(merged[0].exchanges[0].to == 1);
  CHECK(merged[0].exchanges[0].messages == 6);
  CHECK(merged[0].exchanges[1].messages == 6);
  // Range on 4 workers: only the 4 cut edges carry messages, both ways: 8.
  const Partition by_range = range_partition(g, 4);
  GraphTraffic ranged(a, by_range, {1000, 100, false});
  CHECK(total_messages(ranged.superstep(all, all)) == 8);
}

TEST_CASE("a vertex cut's superstep: the master syncs its mirrors, mirrors send partial sums") {
  // Path 0 - 1 - 2; edge 0-1 on worker 0, edge 1-2 on worker 1. Vertex 1 is on both, its
  // master on worker 1; 0 only on 0, 2 only on 1.
  const Graph g = graph_on_vertices(3, {{0, 1}, {1, 2}}, false);
  Partition p;
  p.workers = 2;
  p.vertex_cut = true;
  p.owner = {0, 1, 1};
  p.edge_worker = {0, 1};
  p.replica_begin = {0, 1, 3, 4};
  p.replicas = {0, 0, 1, 1};
  const Adjacency a = out_adjacency(g);
  GraphTraffic t(a, p, {1000, 100, true});
  // Vertex 1 changes: its master (1) sends its value to the mirror on 0 (1 message); then each
  // worker scatters along its own edge of 1 to 0 and to 2, whose masters are local: nothing.
  std::vector<Phase> ph = t.superstep({1}, {1});
  REQUIRE(ph.size() == 2);
  REQUIRE(ph[0].exchanges.size() == 1);
  CHECK(ph[0].exchanges[0].from == 1);
  CHECK(ph[0].exchanges[0].to == 0);
  CHECK(ph[0].flops == std::vector<double>{0, 1000});  // the apply, on the master's worker
  CHECK(ph[1].exchanges.empty());
  CHECK(ph[1].flops == std::vector<double>{100, 100});  // one edge each
  // Vertex 0 changes: no mirror to sync; worker 0 scatters along 0-1 and sends vertex 1's
  // master on worker 1 a partial sum: 1 message.
  ph = t.superstep({0}, {0});
  CHECK(ph[0].exchanges.empty());
  REQUIRE(ph[1].exchanges.size() == 1);
  CHECK(ph[1].exchanges[0].from == 0);
  CHECK(ph[1].exchanges[0].to == 1);
}

TEST_CASE("async sssp: a worker floods its part at once; the same distances in fewer rounds") {
  // 12 x 12 grid in 3 row ranges of 4 rows. Round 0: worker 0 reaches all of rows 0-3 and
  // sends row 4's 12 vertices to worker 1. Round 1: worker 1 fills rows 4-7, sends 12 to
  // worker 2 and 12 back to worker 0 (row 4 to row 3, no better). Round 2: worker 2 fills rows
  // 8-11, sends 12 back to 1; worker 0 takes its 12, no better. Round 3: worker 1 takes its 12.
  // 4 rounds against Pregel's 24; each vertex updated once, 48 messages between workers.
  const Graph g = grid_graph(12, false);
  const Adjacency a = out_adjacency(g);
  const Partition p = range_partition(g, 3);
  std::vector<double> initial(144, std::numeric_limits<double>::infinity());
  initial[0] = 0;
  std::vector<Phase> rounds;
  const AsyncRun r = async_min_propagation(a, p, {1000, 100, false}, initial, {0}, 1.0,
                                           [&rounds](const Phase& x) { rounds.push_back(x); });
  CHECK(r.rounds == 4);
  CHECK(r.vertex_updates == 144);
  CHECK(r.vertex_messages == 528);
  for (VertexId v = 0; v < 144; ++v) CHECK(r.values[v] == (v / 12) + (v % 12));
  CHECK(total_messages(rounds) == 48);
  // Round 0's work, all on worker 0: 48 updates and their edges, degrees 34 in row 0 (two
  // corners of 2, ten sides of 3) and 46 in rows 1-3 (two sides of 3, ten of 4).
  CHECK(rounds[0].flops == std::vector<double>{48 * 1000 + (34 + 3 * 46) * 100, 0, 0});
}

TEST_CASE("async and pregel reach the same values on every partition") {
  Rng gen(7, "g");
  const Graph g = erdos_renyi_graph(400, 900, false, gen);
  const Adjacency a = out_adjacency(g);
  const AlgorithmRun distances = sssp(a, 0, ignore);
  const AlgorithmRun labels = connected_components(both_ways(g), ignore);
  Rng order(7, "order");
  for (const Partition& p : {hash_partition(g, 5), range_partition(g, 5), greedy_vertex_cut(g, 5, order)}) {
    std::vector<double> initial(400, std::numeric_limits<double>::infinity());
    initial[0] = 0;
    const auto skip = [](const Phase&) {};
    const AsyncRun d = async_min_propagation(a, p, {1, 1, false}, initial, {0}, 1.0, skip);
    CHECK(d.values == distances.values);
    std::vector<VertexId> all(400);
    std::iota(all.begin(), all.end(), 0u);
    std::vector<double> own(all.begin(), all.end());
    const AsyncRun c = async_min_propagation(a, p, {1, 1, true}, own, all, 0.0, skip);
    CHECK(c.values == labels.values);
    // A vertex's distance is right once the updates have crossed the workers its shortest
    // path crosses, a round each (two through a master for a vertex cut), where Pregel takes a
    // superstep per edge: never more rounds than supersteps (twice, for a vertex cut).
    CHECK(d.rounds <= distances.supersteps * (p.vertex_cut ? 2 : 1));
  }
}
