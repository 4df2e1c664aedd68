// The platform's hosts, one by one: groups expanded, speeds drawn with the platform's seed,
// failure and load specs resolved (group spec, or the top-level rule that names the host).
// Pure data, no SimGrid: the builder and `describe` both start from this list.
#pragma once

#include "config/platform_config.hpp"

#include <string>
#include <vector>

namespace nimbus {

struct HostSpec {
  std::string name;
  std::size_t group = 0;  // index into PlatformConfig::groups
  std::string rack;       // "" when the platform has no racks
  int cores = 1;
  double speed_flops = 0;                // per core
  const FailureSpec* failures = nullptr;  // points into the PlatformConfig; null: never fails
  std::string failure_domain;             // hosts of one domain ("rack/r1") fail together; "": alone
  const LoadSpec* load = nullptr;         // null: no background load
};

// REQUIRES: cfg came from parse_platform() (names unique, rules checked) and outlives the list.
std::vector<HostSpec> expand_hosts(const PlatformConfig& cfg);

}  // namespace nimbus
