// Where replicated input data lives: copies of each task's input block spread over the
// hosts the way HDFS places them (rack-aware).
#pragma once

#include "scheduling/cluster_view.hpp"
#include "util/rng.hpp"

#include <vector>

namespace nimbus {

// `copies` distinct hosts for one block: the first anywhere, the second in another rack
// (when there is one), the third in the second's rack, the rest anywhere; all drawn from
// `rng`. REQUIRES: copies <= view.size().
// With a `writer` (a task writing its output), the first copy is the writer's host and the
// others are drawn among hosts that are up: fewer than `copies` if too few are.
std::vector<HostIndex> place_replicas(int copies, const ClusterView& view, Rng& rng, HostIndex writer = kNoHost);

}  // namespace nimbus
