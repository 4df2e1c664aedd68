// A datacenter as plain data: what a platform YAML file says, validated, in SI units.
//
// Built by parse_platform() (the only reader of platform YAML); turned into SimGrid zones,
// hosts and links by sim/platform/. See docs/platforms.md for the file format.
#pragma once

#include "config/distribution.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nimbus {

struct PowerSpec {
  double idle_w = 0;  // drawn when no core is busy
  double busy_w = 0;  // drawn when every core is busy; linear in between (SimGrid energy plugin)
  double off_w = 0;   // drawn while the host is off (failed)
};

struct DiskSpec {
  double read_Bps = 0;
  double write_Bps = 0;
  double size_bytes = 0;  // 0: not given
};

// When a host is on or off. Either an explicit trace or an alternating renewal process:
// the host is up for a draw of `up_time` (MTBF), then down for a draw of `down_time` (MTTR).
struct FailureSpec {
  struct Event {
    double time_s;
    bool up;
  };
  std::vector<Event> trace;
  std::optional<Distribution> up_time;
  std::optional<Distribution> down_time;
};

// Background load: the fraction of a host's speed left to the simulated work.
struct LoadSpec {
  struct Point {
    double time_s;
    double available;  // in (0, 1]
  };
  std::vector<Point> trace;
  // Periodic interference: in every period, the first `length_s` run at `available`.
  double period_s = 0;
  double length_s = 0;
  double available = 1;
  bool periodic() const { return period_s > 0; }
};

struct HostGroup {
  std::string name;  // hosts are name-0 .. name-(count-1), or `name` alone when count is 1;
                     // a "{}" in the name is replaced by the index instead
  long long count = 1;
  std::string rack;  // "" when not given
  int cores = 1;
  Distribution speed;  // flop/s per core, drawn once per host
  std::optional<PowerSpec> power;
  double memory_bytes = 0;  // 0: not given
  std::optional<DiskSpec> disk;
  std::optional<FailureSpec> failures;
  std::optional<LoadSpec> load;
  bool never_fails = false;
};

// Top-level rules: failures or load for named hosts or groups, overriding the group's spec.
// A failure rule names hosts or groups (each host fails on its own), racks (every host of a
// rack goes off and on at once: one history, a switch or power domain), or links.
struct FailureRule {
  std::vector<std::string> hosts;  // host or group names
  std::vector<std::string> racks;
  std::vector<std::string> links;  // "<host>-nic", "<rack>-uplink"
  FailureSpec spec;
};
struct LoadRule {
  std::vector<std::string> hosts;
  LoadSpec spec;
};

enum class Sharing { SplitDuplex, Shared, FatPipe };

struct LinkSpec {
  double bandwidth_Bps = 0;
  double latency_s = 0;
  Sharing sharing = Sharing::SplitDuplex;
};

enum class Topology { Star, Racks, FatTree };

struct FatTreeSpec {
  unsigned levels = 0;
  std::vector<unsigned> down, up, parallel;  // one entry per level, as in SimGrid
};

struct NetworkSpec {
  Topology topology = Topology::Star;
  LinkSpec nic;                  // host to switch (star, racks)
  std::optional<LinkSpec> uplink;  // rack to core (racks); derived from oversubscription if absent
  double oversubscription = 1;   // racks: sum of NIC bandwidth in a rack over uplink bandwidth
  FatTreeSpec fat_tree;
  LinkSpec fat_tree_link;        // every link of a fat-tree
};

// The largest platform nimbus runs: every busy core runs an actor (a 16 KiB stack and
// SimGrid's own records), so cores bound memory; measured in docs/scenarios.md#scale.
inline constexpr long long kMaxPlatformHosts = 250'000;
inline constexpr long long kMaxPlatformCores = 500'000;

struct PlatformConfig {
  std::string file;  // where it was read from
  std::string name;
  std::uint64_t seed = 0;
  std::string xml_file;  // set for a SimGrid XML platform: everything else is then empty
  std::vector<HostGroup> groups;
  std::string hosts_where;  // file:line:col of `hosts:`, for errors about the hosts as a whole
  std::vector<FailureRule> failure_rules;
  std::vector<LoadRule> load_rules;
  NetworkSpec network;

  bool is_xml() const { return !xml_file.empty(); }
};

// Reads a platform: a YAML file, or a SimGrid XML file (recognised by its .xml extension).
// Throws ConfigError on any invalid input.
PlatformConfig parse_platform_file(const std::string& path);
class Node;
PlatformConfig parse_platform(const Node& root);

// The name of host `index` of a group (see HostGroup::name).
std::string host_name(const HostGroup& group, long long index);

const char* topology_name(Topology topology);
const char* sharing_name(Sharing sharing);

}  // namespace nimbus
