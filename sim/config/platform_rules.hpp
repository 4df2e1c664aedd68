// Failures and background load of a platform: the specs of a group or a top-level rule, and
// the checks of what the rules name (parse_platform_rules.cpp). Used by parse_platform.cpp.
#pragma once

#include "config/platform_config.hpp"
#include "config/yaml_node.hpp"

#include <map>
#include <string>
#include <vector>

namespace nimbus {

// A failure or load spec; `keys` are the other keys its mapping may hold (a rule's targets).
FailureSpec parse_failures(const Node& node, std::vector<std::string> keys);
LoadSpec parse_load(const Node& node, std::vector<std::string> keys);
// A top-level rule's `hosts:` (hosts or groups).
std::vector<std::string> parse_rule_hosts(const Node& rule);
// A top-level failure rule: `hosts:`, `racks:` or `links:`, and the failure spec.
FailureRule parse_failure_rule(const Node& rule);
// What the rules name exists; no host under two rules of a kind or failing while never_fails;
// a link named by one rule at most. `host_group`: host name -> group index.
void check_rules(const PlatformConfig& cfg, const Node& root, const std::map<std::string, std::size_t>& host_group);

}  // namespace nimbus
