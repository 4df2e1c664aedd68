// Loading a SimGrid XML platform, and refusing what SimGrid loads but cannot run.
//
// SimGrid accepts XML platforms that later crash or abort the engine: a host of 0 cores or a
// negative speed, a `Full` zone missing a route, a `routing="None"` zone, hosts of which
// only some have power figures. It aborts or crashes with no way to recover, so the platform
// is first loaded in a child process that checks what nimbus relies on: at least one host,
// positive speeds and cores, power figures on every host or none, a route between every
// two hosts (between the controller's host and every host on large platforms). Only then is
// it loaded in this process. Errors name the XML file and the line of the host or zone.
#pragma once

#include "config/platform_config.hpp"

#include <simgrid/forward.h>

#include <vector>

namespace nimbus {

// REQUIRES: an s4u::Engine exists and holds no platform yet.
// Returns the hosts by name. Throws ConfigError.
std::vector<simgrid::s4u::Host*> load_xml_platform(const PlatformConfig& cfg);

}  // namespace nimbus
