#include "runtime/storage.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace nimbus;

TEST_CASE("replicas are placed as HDFS does: distinct hosts, two racks") {
  // Racks: hosts 0-3 in rack 0, 4-7 in rack 1.
  std::vector<HostState> hosts(8);
  for (int h = 0; h < 8; ++h) hosts[h].rack = h / 4;
  ClusterView view(hosts);
  Rng rng(1, "storage/replicas");
  for (int trial = 0; trial < 200; ++trial) {
    const auto r = place_replicas(3, view, rng);
    REQUIRE(r.size() == 3);
    CHECK(std::set<HostIndex>(r.begin(), r.end()).size() == 3);
    CHECK(hosts[r[1]].rack != hosts[r[0]].rack);  // the second copy in another rack
    CHECK(hosts[r[2]].rack == hosts[r[1]].rack);  // the third beside the second
  }
  // Without racks: any distinct hosts, and every host can be drawn.
  std::vector<HostState> flat(4);
  ClusterView flat_view(flat);
  std::set<HostIndex> seen;
  for (int trial = 0; trial < 100; ++trial)
    for (HostIndex h : place_replicas(4, flat_view, rng)) seen.insert(h);
  CHECK(seen.size() == 4);
}
