#include "cli/inputs.hpp"

#include "config/config_error.hpp"
#include "config/units.hpp"
#include "programs/footprint.hpp"

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

void check_memory_before_build(const PlatformConfig& platform, const ScenarioConfig* scenario) {
  if (platform.is_xml()) return;
  long long hosts = 0, cores = 0;  // at most 250,000 and 500,000: parse_platform bounds them
  for (const HostGroup& g : platform.groups) {
    hosts += g.count;
    cores += g.count * g.cores;
  }
  if (scenario != nullptr) {
    check_footprint(*scenario, hosts, cores);
    return;
  }
  Footprint f;
  f.hosts = static_cast<double>(hosts);
  f.cores = static_cast<double>(cores);  // none busy without a workload
  const double need = f.bytes(), limit = memory_limit_bytes();
  if (need <= limit) return;
  throw ConfigError(platform.hosts_where, "hosts",
                    std::to_string(hosts) + " hosts need about " + format_quantity(need, Dimension::Size) +
                        " of memory; the limit is " + format_quantity(limit, Dimension::Size) +
                        " (NIMBUS_MEMORY_LIMIT=64GiB raises it)");
}

}  // namespace nimbus
