// Every policy by name: one line per policy in registry.cpp, with a one-line description.
#pragma once

#include "scheduling/policy.hpp"

namespace nimbus {

std::vector<std::string> job_policy_names();
std::vector<std::string> placement_policy_names();
std::string describe_job_policy(const std::string& name);
std::string describe_placement_policy(const std::string& name);

// REQUIRES: a name from the lists above (the scenario parser checks them).
JobPolicy make_job_policy(const std::string& name, const PolicyContext& ctx);
std::unique_ptr<PlacementPolicy> make_placement_policy(const std::string& name, const PolicyContext& ctx);

}  // namespace nimbus
