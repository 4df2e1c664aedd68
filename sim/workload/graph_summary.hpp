// What a graph program's build found (programs/graph.cpp), for summary.json's metrics.graph.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nimbus {

struct GraphSummary {
  std::string job;  // the program's job id
  std::string algorithm, partition, mode;
  std::uint32_t workers = 0;
  std::uint64_t vertices = 0, edges = 0;
  bool directed = false;
  long long skipped_edges = 0;    // self-loops and repeats left out of the edge list
  long long supersteps = 0;
  double vertex_updates = 0;      // vertices computed, over all supersteps (async: counting repeats)
  double vertex_messages = 0;     // the algorithm's, along edges, before combining, local or not
  double messages = 0;            // between workers, after combining
  double bytes = 0;               // messages x message_bytes
  long long edge_cut = -1;        // a vertex partition's; -1 for a vertex cut
  double replication_factor = 0;  // a vertex cut's; 0 for a vertex partition
  struct PairBytes {
    std::uint32_t from = 0, to = 0;
    double bytes = 0;
  };
  std::vector<PairBytes> pair_bytes;  // what each worker sent each other one in all, by (from, to)
};

}  // namespace nimbus
