// Factories of the policies, one per file; the registry maps names to them.
#pragma once

#include "scheduling/policy.hpp"

namespace nimbus {

JobPolicy make_fcfs(const PolicyContext& ctx);
JobPolicy make_sjf(const PolicyContext& ctx);
JobPolicy make_ljf(const PolicyContext& ctx);
JobPolicy make_priority(const PolicyContext& ctx);
JobPolicy make_easy_backfill(const PolicyContext& ctx);
JobPolicy make_conservative_backfill(const PolicyContext& ctx);
JobPolicy make_fair(const PolicyContext& ctx);
JobPolicy make_capacity(const PolicyContext& ctx);

std::unique_ptr<PlacementPolicy> make_round_robin(const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_random(const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_least_loaded(const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_earliest_finish(const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_min_min(const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_max_min(const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_heft(const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_pack(const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_spread(const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_locality(const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_delay(const PolicyContext& ctx);

}  // namespace nimbus
