#include "cli/inputs.hpp"

namespace nimbus {

Inputs read_inputs(const std::string& path) {
  Inputs in;
  if (looks_like_scenario(path)) {
    in.scenario = parse_scenario_file(path);
    in.platform = in.scenario->platform;
  } else {
    in.platform = parse_platform_file(path);
  }
  return in;
}

}  // namespace nimbus
