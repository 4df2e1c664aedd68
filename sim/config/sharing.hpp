// How the sharing job policies (fair, capacity) divide the cluster: plain settings, read by
// the scenario parser and handed to the policies.
#pragma once

#include <map>
#include <string>

namespace nimbus {

// fair: pools (by user or by queue) with weights; a pool not listed weighs 1.
struct FairSpec {
  bool by_queue = false;
  std::map<std::string, double> weights;
};

// capacity: queues with a guaranteed share of the cores and a ceiling (fractions of all
// cores); a queue not listed has no guarantee and no ceiling.
struct CapacitySpec {
  struct Queue {
    double share = 0;
    double max = 1;
  };
  std::map<std::string, Queue> queues;
};

}  // namespace nimbus
