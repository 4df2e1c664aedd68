// What a loaded platform holds, read back from the SimGrid engine (so it is true for YAML
// and XML platforms alike): hosts by group and rack, speeds and their spread, links on
// representative routes, failure and load profiles. `nimbus describe` prints it.
#pragma once

#include "config/platform_config.hpp"

#include <nlohmann/json.hpp>
#include <simgrid/forward.h>

#include <string>
#include <vector>

namespace nimbus {

struct SpeedStats {
  double min = 0, max = 0, mean = 0, cv = 0;  // per-core flop/s over hosts; cv = stddev / mean
};

struct GroupSummary {
  std::string name;
  std::string rack;     // "" if the group's hosts are in no rack, "*" if in several
  long long hosts = 0;
  int cores = 0;        // per host (groups have one core count)
  SpeedStats speed;
  double total_flops = 0;
  std::string speed_spec;     // as written: "4 Gf", "uniform(1 Gf, 2 Gf)"
  std::string power;          // "idle 95 W, busy 200 W, off 10 W" or ""
  std::string failures;       // the group's spec: "mtbf exponential(mean 30 d), mttr ..." or ""
  std::string load;           // the group's spec: "50% of speed for 2 min every 10 min" or ""
  long long failing_hosts = 0, loaded_hosts = 0;
};

struct RackSummary {
  std::string name;
  long long hosts = 0;
  long long cores = 0;
  double total_flops = 0;
  double nic_total_Bps = 0;  // sum of the rack's host links
  double uplink_Bps = 0;     // 0 when the rack has no uplink
  double oversubscription() const { return uplink_Bps > 0 ? nic_total_Bps / uplink_Bps : 0; }
};

// A top-level failure or load rule: it overrides its hosts' group spec.
struct RuleSummary {
  std::string rule;   // "failures[0]"
  std::string hosts;  // "worker-0, spot"
  std::string failures, load;
};

struct LinkHop {
  std::string name;
  double bandwidth_Bps = 0;
  double latency_s = 0;
};

struct RouteSummary {
  std::string from, to;
  std::vector<LinkHop> links;
  double bottleneck_Bps = 0;
  double latency_s = 0;
};

struct PlatformSummary {
  std::string name, file, format, topology;
  long long hosts = 0, cores = 0;
  double total_flops = 0;
  SpeedStats speed;
  std::vector<GroupSummary> groups;
  std::vector<RackSummary> racks;
  std::vector<RuleSummary> rules;
  std::vector<RouteSummary> routes;
  std::string network;  // one line: "racks; nic 10 Gbps / 5 us; uplink ..."
  bool energy = false;
  std::vector<nlohmann::json> host_rows;  // one per host, for --json
};

// REQUIRES: `hosts` is what build_platform(cfg) returned, in the same process.
PlatformSummary summarize(const PlatformConfig& cfg, const std::vector<simgrid::s4u::Host*>& hosts);

nlohmann::json to_json(const PlatformSummary& summary);

}  // namespace nimbus
