// Each ready platform, built through SimGrid, holds what its YAML says.
#include "support.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace nimbus;
using namespace nimbus::test;
using Strings = std::vector<std::string>;

TEST_CASE("homogeneous: 64 hosts x 4 cores x 2 Gf on one switch") {
  const auto p = load_file(source_path("platforms/homogeneous.yaml"));
  REQUIRE(p.hosts.size() == 64);
  double total = 0;
  for (const auto* h : p.hosts) {
    CHECK(h->get_core_count() == 4);
    CHECK(h->get_speed() == 2e9);
    total += h->get_speed() * h->get_core_count();
  }
  CHECK(total == doctest::Approx(512e9));
  // Star: out through the sender's NIC, in through the receiver's. 10 Gbps = 1.25 GB/s.
  const auto r = route("node-0", "node-63");
  CHECK(r.links == Strings{"node-0-nic_UP", "node-63-nic_DOWN"});
  CHECK(r.bottleneck_Bps == doctest::Approx(1.25e9));
  CHECK(r.latency_s == doctest::Approx(20e-6));
}

TEST_CASE("heterogeneous: three generations, same total flop/s as homogeneous") {
  const auto p = load_file(source_path("platforms/heterogeneous.yaml"));
  REQUIRE(p.hosts.size() == 64);
  std::map<double, int> hosts_at_speed;
  double total = 0;
  for (const auto* h : p.hosts) {
    CHECK(h->get_core_count() == 4);
    hosts_at_speed[h->get_speed()]++;
    total += h->get_speed() * h->get_core_count();
  }
  CHECK(hosts_at_speed == std::map<double, int>{{1e9, 32}, {2e9, 16}, {4e9, 16}});
  CHECK(total == doctest::Approx(512e9));
  CHECK(p.engine->host_by_name("new-15")->get_speed() == 4e9);
}

TEST_CASE("two-racks: cross-rack routes climb through both 40 Gbps uplinks") {
  const auto p = load_file(source_path("platforms/two-racks.yaml"));
  REQUIRE(p.hosts.size() == 32);
  for (const auto* h : p.hosts) CHECK(h->get_core_count() == 8);
  CHECK(p.engine->host_by_name("fast-3")->get_speed() == 4e9);
  const double old_speed = p.engine->host_by_name("old-3")->get_speed();
  CHECK(old_speed >= 1e9);
  CHECK(old_speed < 2e9);

  const auto inside = route("fast-0", "fast-1");
  CHECK(inside.links == Strings{"fast-0-nic_UP", "fast-1-nic_DOWN"});
  CHECK(inside.latency_s == doctest::Approx(10e-6));

  const auto across = route("fast-0", "old-0");
  CHECK(across.links == Strings{"fast-0-nic_UP", "r0-uplink_UP", "r1-uplink_DOWN", "old-0-nic_DOWN"});
  CHECK(across.bottleneck_Bps == doctest::Approx(1.25e9));  // one flow: its own 10 Gbps NIC
  CHECK(across.latency_s == doctest::Approx(5e-6 + 10e-6 + 10e-6 + 5e-6));
  // 16 hosts x 10 Gbps into a 40 Gbps uplink: 4:1.
  const double uplink = p.engine->link_by_name("r0-uplink_UP")->get_bandwidth();
  CHECK(uplink == doctest::Approx(5e9));
  CHECK(16 * 1.25e9 / uplink == doctest::Approx(4.0));
}

TEST_CASE("oversubscribed: two racks of the same hosts behind 40 Gbps uplinks sized for 4:1") {
  const auto p = load_file(source_path("platforms/oversubscribed.yaml"));
  REQUIRE(p.hosts.size() == 32);
  for (const auto* h : p.hosts) {
    CHECK(h->get_core_count() == 8);
    CHECK(h->get_speed() == 4e9);  // both racks alike: only the network tells hosts apart
  }
  const auto inside = route("r0n-0", "r0n-15");
  CHECK(inside.links == Strings{"r0n-0-nic_UP", "r0n-15-nic_DOWN"});
  const auto across = route("r0n-0", "r1n-0");
  CHECK(across.links == Strings{"r0n-0-nic_UP", "r0-uplink_UP", "r1-uplink_DOWN", "r1n-0-nic_DOWN"});
  // 16 hosts x 10 Gbps (1.25 GB/s) over a 4:1 core: 40 Gbps (5 GB/s) uplinks.
  CHECK(p.engine->link_by_name("r0-uplink_UP")->get_bandwidth() == doctest::Approx(5e9));
  CHECK(p.engine->link_by_name("r1-uplink_DOWN")->get_bandwidth() == doctest::Approx(5e9));
}

TEST_CASE("racks without an uplink bandwidth get one sized by the oversubscription ratio") {
  const auto p = load_text(R"(
hosts:
  - { name: a, count: 4, rack: r0, speed: 1Gf }
  - { name: b, count: 4, rack: r1, speed: 1Gf }
network: { topology: racks, nic: { bandwidth: 8Gbps }, oversubscription: 2 }
)");
  // 4 hosts x 1 GB/s NICs over a 2:1 core: 2 GB/s uplinks.
  CHECK(p.engine->link_by_name("r1-uplink_UP")->get_bandwidth() == doctest::Approx(2e9));
}

TEST_CASE("fat-tree: 16 leaves, routes through one or two switch levels") {
  const auto p = load_file(source_path("platforms/fat-tree.yaml"));
  REQUIRE(p.hosts.size() == 16);
  for (const auto* h : p.hosts) {
    CHECK(h->get_core_count() == 8);
    CHECK(h->get_speed() == 3e9);
  }
  // Same leaf switch: host link up, host link down. Different leaf switches (4 hosts each):
  // up to a top switch and back, four links. Every link is 10 Gbps, 5 us.
  const auto near = route("node-0", "node-1");
  CHECK(near.links.size() == 2);
  CHECK(near.latency_s == doctest::Approx(10e-6));
  const auto far = route("node-0", "node-15");
  CHECK(far.links.size() == 4);
  CHECK(far.bottleneck_Bps == doctest::Approx(1.25e9));
  CHECK(far.latency_s == doctest::Approx(20e-6));
}

TEST_CASE("fat-tree: a route's cable up follows its destination, its cable down its source") {
  // What scenarios/fat-tree-mapping.yaml explains: node-4 and node-6 (leaf switch 1) sending
  // to node-8 and node-10 (leaf switch 2) climb different cables (destinations 8 and 10 differ
  // mod 4, the leaf's 4 cables up) but come down the same one (sources 4 and 6 are both even,
  // the 2 parallel cables down), so their messages share it. Routes are host link, cable up,
  // cable down, host link.
  const auto p = load_file(source_path("platforms/fat-tree.yaml"));
  REQUIRE(p.hosts.size() == 16);
  const auto a = route("node-4", "node-8");
  const auto b = route("node-6", "node-10");
  REQUIRE(a.links.size() == 4);
  REQUIRE(b.links.size() == 4);
  CHECK(a.links[1] != b.links[1]);
  CHECK(a.links[2] == b.links[2]);
  // node-5 to node-9: another cable up and another cable down.
  const auto c = route("node-5", "node-9");
  REQUIRE(c.links.size() == 4);
  CHECK(c.links[1] != a.links[1]);
  CHECK(c.links[2] != a.links[2]);
}

TEST_CASE("flaky: every group and rule becomes hosts with profiles") {
  const auto p = load_file(source_path("platforms/flaky.yaml"));
  CHECK(p.hosts.size() == 33);
  CHECK(p.hosts.front()->get_name() == "head");
}

TEST_CASE("SimGrid's example XML platforms load as they are") {
  if (std::string(NIMBUS_SHARED_DATA).empty()) {
    MESSAGE("skipped: no ../shared/data beside the project");
    return;
  }
  const std::string dir = std::string(NIMBUS_SHARED_DATA) + "/simgrid-platforms/";
  // small_platform_failures.xml refers to its profiles relative to itself.
  const auto p = load_file(dir + "small_platform_failures.xml");
  CHECK(p.hosts.size() == 5);
  CHECK(p.engine->host_by_name("Bourassa")->get_speed() == doctest::Approx(25e6));
}

TEST_CASE("a broken XML platform is a ConfigError naming the line") {
  const std::string path = "/tmp/nimbus-engine-test-bad.xml";
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("<?xml version='1.0'?>\n<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n<platform version=\"4.1\">\n<zone id=\"z\" routing=\"Full\">\n"
             "<host id=\"a\" speed=\"1Gflop\"/>\n</zone>\n</platform>\n", f);
  std::fclose(f);
  PlatformConfig cfg = parse_platform_file(path);
  auto engine = make_engine(0);
  std::string message;
  try {
    build_platform(cfg);
  } catch (const ConfigError& e) {
    message = e.what();
  }
  CHECK(message == path + ":5: SimGrid XML platform: unknown unit: Gflop");
}
