// A PlatformConfig turned into SimGrid zones, hosts, links and profiles.
#pragma once

#include "config/platform_config.hpp"

#include <simgrid/forward.h>

#include <vector>

namespace nimbus {

// Host properties nimbus sets, so that tools reading the engine know each host's place.
inline constexpr const char* kGroupProperty = "nimbus:group";
inline constexpr const char* kRackProperty = "nimbus:rack";

// Creates the platform in the engine and returns its hosts in platform order (YAML order, or
// the engine's name order for SimGrid XML). Turns on SimGrid's energy plugin when hosts
// declare power figures.
// REQUIRES: an s4u::Engine exists and holds no platform yet.
// Throws ConfigError when SimGrid rejects an XML platform.
std::vector<simgrid::s4u::Host*> build_platform(const PlatformConfig& cfg);

// Whether build_platform() turned the energy plugin on.
bool energy_enabled(const PlatformConfig& cfg);

}  // namespace nimbus
