#include "metrics/graph_metrics.hpp"

#include "config/units.hpp"

#include <cstdio>
#include <map>
#include <optional>

namespace nimbus {
namespace {

// Of the bytes workers sent each other, those between workers on different hosts: what
// crossed the network rather than a host's loopback. Hosts are those the ranks ran on last;
// none if a rank never ran.
std::optional<double> network_bytes(const Simulation& sim, const GraphSummary& g) {
  JobId job = 0;
  while (job < sim.workload.jobs.size() && sim.workload.jobs[job].id != g.job) ++job;
  std::vector<HostIndex> host(g.workers, kNoHost);
  for (const RankRow& r : sim.result.ranks)
    if (r.job == job && r.rank < g.workers) host[r.rank] = r.host;
  for (const HostIndex h : host)
    if (h == kNoHost) return std::nullopt;
  double bytes = 0;
  for (const auto& p : g.pair_bytes)
    if (host[p.from] != host[p.to]) bytes += p.bytes;
  return bytes;
}

}  // namespace

nlohmann::json graph_json(const Simulation& sim) {
  using nlohmann::json;
  json out = json::object();
  for (const GraphSummary& g : sim.workload.graphs) {
    const auto network = network_bytes(sim, g);
    out[g.job] = {
        {"algorithm", g.algorithm},
        {"partition", g.partition},
        {"mode", g.mode},
        {"workers", g.workers},
        {"vertices", g.vertices},
        {"edges", g.edges},
        {"directed", g.directed},
        {"skipped_edges", g.skipped_edges},
        {"supersteps", g.supersteps},
        {"vertex_updates", g.vertex_updates},
        {"vertex_messages", g.vertex_messages},
        {"messages", g.messages},
        {"bytes", g.bytes},
        {"network_bytes", network ? json(*network) : json(nullptr)},
        {"edge_cut", g.edge_cut >= 0 ? json(g.edge_cut) : json(nullptr)},
        {"replication_factor", g.edge_cut >= 0 ? json(nullptr) : json(g.replication_factor)},
    };
  }
  return out;
}

void print_graph_summary(const Simulation& sim, std::ostream& out) {
  for (const GraphSummary& g : sim.workload.graphs) {
    char line[320];
    char cut[80];
    if (g.edge_cut >= 0)
      std::snprintf(cut, sizeof cut, "edge cut %lld of %llu", g.edge_cut, static_cast<unsigned long long>(g.edges));
    else
      std::snprintf(cut, sizeof cut, "replication factor %.2f", g.replication_factor);
    const auto network = network_bytes(sim, g);
    std::snprintf(line, sizeof line, "  graph         %s: %s, %lld %s, %.0f messages between workers (%s, %s across hosts); %s\n",
                  g.job.c_str(), g.algorithm.c_str(), g.supersteps, g.mode == "async" ? "rounds" : "supersteps", g.messages,
                  format_quantity(g.bytes, Dimension::Size).c_str(),
                  network ? format_quantity(*network, Dimension::Size).c_str() : "none", cut);
    out << line;
  }
}

}  // namespace nimbus
