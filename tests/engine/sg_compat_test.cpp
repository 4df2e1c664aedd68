// The version-neutral calls of sim/platform/sg_compat.hpp mean the same on every SimGrid
// release nimbus supports (3.32 to 4.1): what the runtime relies on, checked on each.
#include "platform/sg_compat.hpp"
#include "support.hpp"

#include <doctest/doctest.h>
#include <xbt/config.hpp>

#include <algorithm>

using namespace nimbus;
using namespace nimbus::test;
namespace sg4 = simgrid::s4u;

TEST_CASE("wait_for_or_cancel gives up at the timeout and frees the host") {
  const auto p = load_text(R"(
hosts:
  - { name: h, speed: 1Gf }
)");
  sg4::Host* h = p.engine->host_by_name("h");
  double timed_out_at = -1, second_done_at = -1;
  sg4::Activity::State first_state = sg4::Activity::State::INITED;
  sg::add_actor("work", h, [&] {
    sg4::ExecPtr first = sg4::this_actor::exec_init(10e9);  // 10 s alone on the host
    first->start();
    try {
      sg::wait_for_or_cancel(first, 2);
    } catch (const simgrid::TimeoutException&) {
      timed_out_at = sg4::Engine::get_clock();
    }
    first_state = first->get_state();
    // Had the first one kept running, this one would share the core: 2 s instead of 1 s.
    sg4::this_actor::execute(1e9);
    second_done_at = sg4::Engine::get_clock();
  });
  p.engine->run();
  CHECK(timed_out_at == doctest::Approx(2.0));
  CHECK(first_state == sg4::Activity::State::CANCELED);
  CHECK(second_done_at == doctest::Approx(3.0));
}

TEST_CASE("on_host_onoff sees a host turned off and on by hand") {
  const auto p = load_text(R"(
hosts:
  - { name: watcher, speed: 1Gf }
  - { name: h, speed: 1Gf }
)");
  std::vector<std::pair<double, bool>> changes;
  sg::on_host_onoff([&changes](const sg4::Host& host) {
    if (host.get_name() == "h") changes.emplace_back(sg4::Engine::get_clock(), host.is_on());
  });
  sg4::Host* h = p.engine->host_by_name("h");
  sg::add_actor("switch", p.engine->host_by_name("watcher"), [h] {
    sg4::this_actor::sleep_until(1);
    h->turn_off();
    sg4::this_actor::sleep_until(3);
    h->turn_on();
  });
  p.engine->run();
  CHECK(changes == std::vector<std::pair<double, bool>>{{1.0, false}, {3.0, true}});
}

TEST_CASE("model_names holds the default model of each item, as this SimGrid release names it") {
  // The disk model's default is "default" in 3.32 and "S19" since 3.36: a list of the wrong
  // release would lack it.
  const auto p = load_text(R"(
hosts:
  - { name: h, speed: 1Gf }
)");
  for (const std::string item : {"cpu/model", "network/model", "host/model", "disk/model"}) {
    const auto names = sg::model_names(item);
    const std::string& current = simgrid::config::get_value<std::string>(item);
    CHECK_MESSAGE(std::find(names.begin(), names.end(), current) != names.end(), item, " = ", current);
  }
  CHECK(sg::model_names("network/crosstraffic").empty());
}
