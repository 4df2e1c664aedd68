// Failures, background load and power, observed inside a running simulation.
#include "platform/sg_compat.hpp"
#include "support.hpp"
#include "util/rng.hpp"

#include <simgrid/plugins/energy.h>

#include <doctest/doctest.h>

using namespace nimbus;
using namespace nimbus::test;
namespace sg4 = simgrid::s4u;

TEST_CASE("a host with a failure trace is off exactly between its events") {
  const auto p = load_text(R"(
hosts:
  - { name: watcher, speed: 1Gf, never_fails: true }
  - { name: h, speed: 1Gf, failures: { trace: [[5s, off], [10s, on], [20s, off]] } }
)");
  sg4::Host* h = p.engine->host_by_name("h");
  std::vector<std::pair<double, bool>> seen;
  sg::add_actor("watch", p.engine->host_by_name("watcher"), [h, &seen] {
    for (double t : {4.5, 5.5, 9.5, 10.5, 19.5, 20.5, 100.0}) {
      sg4::this_actor::sleep_until(t);
      seen.emplace_back(t, h->is_on());
    }
  });
  p.engine->run();
  const std::vector<std::pair<double, bool>> expected{{4.5, true},  {5.5, false}, {9.5, false}, {10.5, true},
                                                      {19.5, true}, {20.5, false}, {100.0, false}};
  CHECK(seen == expected);
}

TEST_CASE("MTBF/MTTR failures follow the host's own random stream") {
  const auto p = load_text(R"(
seed: 99
hosts:
  - { name: watcher, speed: 1Gf, never_fails: true }
  - { name: h, speed: 1Gf, failures: { mtbf: 100s, mttr: 10s } }
)");
  std::vector<double> changes;
  sg::on_host_onoff([&changes](const sg4::Host& host) {
    if (host.get_name() == "h") changes.push_back(sg4::Engine::get_clock());
  });
  sg::add_actor("timer", p.engine->host_by_name("watcher"), [] { sg4::this_actor::sleep_for(2000); });
  p.engine->run();
  // The same stream, drawn by hand: up for Exp(100 s), down for Exp(10 s), and again.
  Rng rng(99, "platform/failures/h");
  std::vector<double> expected;
  for (double t = rng.exponential(100);; ) {
    if (t > 2000) break;
    expected.push_back(t);
    t += rng.exponential(10);
    if (t > 2000) break;
    expected.push_back(t);
    t += rng.exponential(100);
  }
  REQUIRE(changes.size() == expected.size());
  CHECK(changes.size() > 20);  // about 2000 / 110 cycles, two changes each
  for (std::size_t i = 0; i < changes.size(); ++i) CHECK(changes[i] == doctest::Approx(expected[i]).epsilon(1e-9));
}

TEST_CASE("periodic background load takes its share in every period") {
  const auto p = load_text(R"(
hosts:
  - { name: h, speed: 1Gf, load: { periodic: { period: 10s, length: 2s, available: 0.25 } } }
)");
  sg4::Host* h = p.engine->host_by_name("h");
  std::vector<double> seen;
  sg::add_actor("watch", h, [h, &seen] {
    for (double t : {1.0, 3.0, 9.0, 11.0, 13.0, 21.0}) {
      sg4::this_actor::sleep_until(t);
      seen.push_back(h->get_available_speed());
    }
  });
  p.engine->run();
  CHECK(seen == std::vector<double>{0.25, 1.0, 1.0, 0.25, 1.0, 0.25});
}

TEST_CASE("a load trace slows running work as SimGrid computes it") {
  const auto p = load_text(R"(
hosts:
  - { name: h, speed: 1Gf, load: { trace: [[1s, 0.5]] } }
)");
  double finished = -1;
  sg::add_actor("work", p.engine->host_by_name("h"), [&finished] {
    sg4::this_actor::execute(2e9);
    finished = sg4::Engine::get_clock();
  });
  p.engine->run();
  // 1 Gf done in the first second at full speed; the other 1 Gf at 0.5 Gf/s takes 2 s.
  CHECK(finished == doctest::Approx(3.0));
}

TEST_CASE("power figures drive SimGrid's energy plugin") {
  const auto p = load_text(R"(
hosts:
  - { name: h, cores: 4, speed: 1Gf, power: { idle: 100W, busy: 200W, off: 5W } }
)");
  sg4::Host* h = p.engine->host_by_name("h");
  double after_work = 0, after_idle = 0;
  sg::add_actor("work", h, [&] {
    sg4::this_actor::execute(1e9);  // one core of four for 1 s
    after_work = sg_host_get_consumed_energy(h);
    sg4::this_actor::sleep_for(1);
    after_idle = sg_host_get_consumed_energy(h);
  });
  p.engine->run();
  // Linear in busy cores: 100 W + (200 - 100) W x 1/4 = 125 W for 1 s, then 100 W idle.
  CHECK(after_work == doctest::Approx(125.0));
  CHECK(after_idle == doctest::Approx(225.0));
}
