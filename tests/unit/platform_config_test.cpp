#include "config/platform_config.hpp"
#include "config/yaml_node.hpp"
#include "platform/host_list.hpp"

#include <doctest/doctest.h>

using namespace nimbus;

namespace {
PlatformConfig parse(const std::string& text) { return parse_platform(load_yaml_string(text, "p.yaml")); }

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

const char* kTwoRacks = R"(
name: two-racks
seed: 7
hosts:
  - name: fast
    count: 16
    rack: r0
    cores: 8
    speed: 4Gf
    power: { idle: 95W, busy: 200W, off: 10W }
  - name: old
    count: 16
    rack: r1
    cores: 8
    speed: { uniform: [1Gf, 2Gf] }
    power: { idle: 110W, busy: 180W }
    failures: { mtbf: 30d, mttr: 2h }
network:
  topology: racks
  nic: { bandwidth: 10Gbps, latency: 5us }
  uplink: { bandwidth: 40Gbps, latency: 10us }
)";
}  // namespace

TEST_CASE("the issue's two-racks sketch parses into typed fields") {
  const PlatformConfig cfg = parse(kTwoRacks);
  CHECK(cfg.name == "two-racks");
  CHECK(cfg.seed == 7);
  REQUIRE(cfg.groups.size() == 2);
  CHECK(cfg.groups[0].count == 16);
  CHECK(cfg.groups[0].cores == 8);
  CHECK(cfg.groups[0].speed.value == doctest::Approx(4e9));
  CHECK(cfg.groups[0].power->busy_w == doctest::Approx(200));
  CHECK(cfg.groups[1].speed.kind == Distribution::Kind::Uniform);
  // A bare MTBF is the mean of an exponential distribution.
  CHECK(cfg.groups[1].failures->up_time->kind == Distribution::Kind::Exponential);
  CHECK(cfg.groups[1].failures->up_time->mean == doctest::Approx(30 * 86400.0));
  CHECK(cfg.network.topology == Topology::Racks);
  CHECK(cfg.network.nic.bandwidth_Bps == doctest::Approx(1.25e9));
  CHECK(cfg.network.uplink->bandwidth_Bps == doctest::Approx(5e9));
}

TEST_CASE("the smallest platform is a hosts list, with the documented default network") {
  const PlatformConfig cfg = parse("hosts:\n  - name: h\n    speed: 1Gf\n");
  CHECK(cfg.groups[0].count == 1);
  CHECK(cfg.groups[0].cores == 1);
  CHECK(cfg.network.topology == Topology::Star);
  CHECK(cfg.network.nic.bandwidth_Bps == doctest::Approx(10e9 / 8));
  CHECK(cfg.network.nic.latency_s == doctest::Approx(10e-6));
}

TEST_CASE("hosts are named after their group") {
  HostGroup g;
  g.name = "fast";
  g.count = 3;
  CHECK(host_name(g, 2) == "fast-2");
  g.name = "node{}.dc";
  CHECK(host_name(g, 2) == "node2.dc");
  g.name = "solo";
  g.count = 1;
  CHECK(host_name(g, 0) == "solo");
}

TEST_CASE("speeds are drawn per group from the platform seed, reproducibly") {
  const PlatformConfig cfg = parse(kTwoRacks);
  const auto hosts = expand_hosts(cfg);
  REQUIRE(hosts.size() == 32);
  CHECK(hosts[0].name == "fast-0");
  CHECK(hosts[16].name == "old-0");
  CHECK(hosts[16].rack == "r1");
  for (int i = 0; i < 16; ++i) CHECK(hosts[i].speed_flops == 4e9);
  bool differ = false;
  for (int i = 16; i < 32; ++i) {
    CHECK(hosts[i].speed_flops >= 1e9);
    CHECK(hosts[i].speed_flops < 2e9);
    CHECK(hosts[i].failures != nullptr);
    differ = differ || hosts[i].speed_flops != hosts[16].speed_flops;
  }
  CHECK(differ);
  const auto again = expand_hosts(parse(kTwoRacks));
  for (std::size_t i = 0; i < hosts.size(); ++i) CHECK(again[i].speed_flops == hosts[i].speed_flops);
  std::string reseeded(kTwoRacks);
  reseeded.replace(reseeded.find("seed: 7"), 7, "seed: 8");
  CHECK(expand_hosts(parse(reseeded))[16].speed_flops != hosts[16].speed_flops);
}

TEST_CASE("top-level rules override their hosts' group spec") {
  const PlatformConfig cfg = parse(R"(
hosts:
  - { name: w, count: 3, speed: 1Gf, failures: { mtbf: 1h, mttr: 1min } }
  - { name: head, speed: 1Gf, never_fails: true }
failures:
  - hosts: [w-1]
    trace: [[10s, off], [20s, on]]
load:
  - hosts: [w]
    periodic: { period: 10min, length: 1min, available: 0.5 }
)");
  const auto hosts = expand_hosts(cfg);
  CHECK(hosts[0].failures == &*cfg.groups[0].failures);
  CHECK(hosts[1].failures == &cfg.failure_rules[0].spec);
  CHECK(hosts[1].failures->trace.size() == 2);
  CHECK(hosts[2].load == &cfg.load_rules[0].spec);
  CHECK(hosts[3].failures == nullptr);
  CHECK(hosts[3].load == nullptr);
}

TEST_CASE("impossible platforms are rejected with the place and the reason") {
  CHECK(error_of("") == "p.yaml:1:1: empty platform; expected at least a \"hosts:\" list");
  CHECK(error_of("hosts: []\n") == "p.yaml:1:8: hosts: needs at least one host group");
  CHECK(error_of("hosts:\n  - { name: a, count: 2, speed: 1Gf }\n  - { name: a-1, speed: 1Gf }\n") ==
        "p.yaml:3:13: hosts[1].name: host name \"a-1\" is used twice");
  CHECK(error_of("hosts:\n  - { name: a, speed: 1Gf }\nnetwork: { topology: racks }\n") ==
        "p.yaml:2:5: hosts[0]: needs a \"rack\" with topology racks");
  CHECK(error_of("hosts:\n  - { name: a, count: 12, speed: 1Gf }\nnetwork:\n  topology: fat-tree\n"
                 "  fat_tree: { levels: 2, down: [4, 4], up: [1, 2] }\n") ==
        "p.yaml:5:13: network.fat_tree: has 16 leaves (product of down) but the platform has 12 hosts");
  CHECK(error_of("hosts:\n  - { name: a, speed: 1Gf }\nnetwork: { topology: star, uplink: { bandwidth: 1Gbps } }\n") ==
        "p.yaml:3:36: network.uplink: applies to topology racks only");
  CHECK(error_of("hosts:\n  - { name: a, speed: 1Gf }\nnetwork: { topology: ring }\n") ==
        "p.yaml:3:22: network.topology: unknown topology \"ring\" (expected one of: star, racks, fat-tree)");
  CHECK(error_of("hosts:\n  - { name: a, speed: 1Gf, never_fails: true }\nfailures:\n  - { hosts: [a], mtbf: 1h, mttr: 1h }\n") ==
        "p.yaml:4:15: failures[0].hosts[0]: host \"a\" is in group \"a\", marked never_fails");
  CHECK(error_of("hosts:\n  - { name: a, speed: 1Gf }\nfailures:\n  - { hosts: [b], mtbf: 1h, mttr: 1h }\n") ==
        "p.yaml:4:15: failures[0].hosts[0]: no host or group named \"b\"");
  CHECK(error_of("hosts:\n  - { name: a, speed: { uniform: [2Gf, 1Gf] } }\n") ==
        "p.yaml:2:34: hosts[0].speed.uniform: high must be greater than low");
  CHECK(error_of("hosts:\n  - { name: a, count: 2000000, speed: 1Gf }\n") ==
        "p.yaml:2:23: hosts[0].count: at most 250000 hosts per platform (the largest nimbus runs)");
}
