#include "scheduling/registry.hpp"

#include "scheduling/policies.hpp"

#include <stdexcept>

namespace nimbus {
namespace {

template <typename Policy>
struct Entry {
  const char* name;
  const char* description;
  Policy (*make)(const PolicyContext&);
};

const std::vector<Entry<JobPolicy>> kJobPolicies{
    {"fcfs", "first come, first served: jobs in submit order", make_fcfs},
    {"sjf", "shortest job first: least estimated work (rigid) or flops (tasks)", make_sjf},
    {"ljf", "longest job first: most estimated work (rigid) or flops (tasks)", make_ljf},
    {"priority", "highest job priority first, then submit order", make_priority},
    {"easy-backfill", "EASY: the first waiting rigid job holds a reservation; later ones may start if they "
                      "do not delay it", make_easy_backfill},
    {"conservative-backfill", "every waiting rigid job holds a reservation; later ones start early only "
                              "without delaying any", make_conservative_backfill},
    {"fair", "fair share: the next free core to the user (or queue) using the fewest, by weight", make_fair},
    {"capacity", "queues with guaranteed shares, elastic up to a ceiling", make_capacity},
};

const std::vector<Entry<std::unique_ptr<PlacementPolicy>>> kPlacementPolicies{
    {"round-robin", "hosts in turn, ignoring speed and load", make_round_robin},
    {"random", "a host drawn uniformly with the scenario seed", make_random},
    {"least-loaded", "the host with the fewest tasks per core", make_least_loaded},
    {"earliest-finish", "the host where the task would finish first (speed, queued work, input transfers)",
     make_earliest_finish},
    {"min-min", "smallest ready tasks first, each to its earliest-finish host", make_min_min},
    {"max-min", "largest ready tasks first, each to its earliest-finish host", make_max_min},
    {"heft", "ready DAG tasks by decreasing upward rank, each to its earliest-finish host", make_heft},
    {"pack", "the first host with free cores: fill one before the next", make_pack},
    {"spread", "the least loaded host; a program's ranks one per host in turn", make_spread},
    {"locality", "a free host holding the task's input, else in its rack, else any", make_locality},
    {"delay", "delay scheduling: wait a while for a data-local slot before taking another", make_delay},
};

template <typename Policy>
const Entry<Policy>& find(const std::vector<Entry<Policy>>& table, const std::string& name) {
  for (const auto& e : table)
    if (name == e.name) return e;
  throw std::invalid_argument("unknown policy " + name);
}

template <typename Policy>
std::vector<std::string> names(const std::vector<Entry<Policy>>& table) {
  std::vector<std::string> out;
  for (const auto& e : table) out.emplace_back(e.name);
  return out;
}

}  // namespace

std::vector<std::string> job_policy_names() { return names(kJobPolicies); }
std::vector<std::string> placement_policy_names() { return names(kPlacementPolicies); }
std::string describe_job_policy(const std::string& name) { return find(kJobPolicies, name).description; }
std::string describe_placement_policy(const std::string& name) { return find(kPlacementPolicies, name).description; }

JobPolicy make_job_policy(const std::string& name, const PolicyContext& ctx) {
  return find(kJobPolicies, name).make(ctx);
}

std::unique_ptr<PlacementPolicy> make_placement_policy(const std::string& name, const PolicyContext& ctx) {
  return find(kPlacementPolicies, name).make(ctx);
}

}  // namespace nimbus
