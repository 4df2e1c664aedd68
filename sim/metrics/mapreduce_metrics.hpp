// What a MapReduce job's phases did: where its maps read their blocks, what its shuffle
// moved and over which links, how long it took, how even the reducers' inputs were.
#pragma once

#include "runtime/simulate.hpp"

#include <cstdint>
#include <vector>

namespace nimbus {

struct MapReduceMetrics {
  JobId job = 0;
  std::uint32_t maps = 0, reducers = 0;
  // Maps that succeeded, by where their block was read: on their host, in their rack, across.
  std::uint32_t data_local = 0, rack_local = 0, remote = 0;
  double shuffle_bytes = 0;  // every map's partitions for every reducer, after the combiner
  // Of them, fetched by a reducer that succeeded: from its own host (no network), from a host
  // of its rack (or of a platform without racks), or across racks.
  double shuffle_local = 0, shuffle_in_rack = 0, shuffle_cross_rack = 0;
  // From the end of the last map (every output there) to the start of the last reducer's
  // computation (every partition fetched); -1 if a map or a reducer never succeeded.
  double shuffle_s = -1;
  double reducer_skew = 1;  // the largest reducer input over the mean
};

std::vector<MapReduceMetrics> mapreduce_metrics(const Simulation& sim);

}  // namespace nimbus
