// Helpers for tests that run the SimGrid engine (one engine per process: see CMakeLists).
#pragma once

#include "config/platform_config.hpp"
#include "config/yaml_node.hpp"
#include "platform/builder.hpp"
#include "platform/engine.hpp"

#include <simgrid/s4u.hpp>

#include <memory>
#include <string>
#include <vector>

namespace nimbus::test {

inline std::string source_path(const std::string& relative) { return std::string(NIMBUS_SOURCE_DIR) + "/" + relative; }

struct Loaded {
  std::unique_ptr<simgrid::s4u::Engine> engine;
  PlatformConfig cfg;
  std::vector<simgrid::s4u::Host*> hosts;
};

inline Loaded load_file(const std::string& path) {
  Loaded l;
  l.cfg = parse_platform_file(path);
  l.engine = make_engine(0);
  l.hosts = build_platform(l.cfg);
  return l;
}

inline Loaded load_text(const std::string& yaml) {
  Loaded l;
  l.cfg = parse_platform(load_yaml_string(yaml, "test.yaml"));
  l.engine = make_engine(0);
  l.hosts = build_platform(l.cfg);
  return l;
}

struct Route {
  std::vector<std::string> links;
  double bottleneck_Bps = 0;
  double latency_s = 0;
};

inline Route route(const std::string& from, const std::string& to) {
  auto* engine = simgrid::s4u::Engine::get_instance();
  std::vector<simgrid::s4u::Link*> links;
  Route r;
  engine->host_by_name(from)->route_to(engine->host_by_name(to), links, &r.latency_s);
  r.bottleneck_Bps = 1e300;
  for (const auto* l : links) {
    r.links.push_back(l->get_name());
    r.bottleneck_Bps = std::min(r.bottleneck_Bps, l->get_bandwidth());
  }
  return r;
}

}  // namespace nimbus::test
