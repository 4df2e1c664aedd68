#include "cli/commands.hpp"

#include <xbt/base.h>

#include <simgrid/version.h>

namespace nimbus {

std::string version_string() {
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  return std::string("nimbus ") + NIMBUS_VERSION + " (SimGrid " + std::to_string(major) + "." + std::to_string(minor) +
         "." + std::to_string(patch) + ")";
}

}  // namespace nimbus
