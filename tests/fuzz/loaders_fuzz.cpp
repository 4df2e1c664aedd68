// libFuzzer target: the platform and scenario loaders, everything `validate` does before it
// builds the platform in SimGrid (SimGrid allows one engine per process: platform_run_fuzz
// covers the rest). An input is accepted, or refused with a ConfigError of one located line;
// any other exception, a crash, a hang (-timeout) or an allocation past -rss_limit_mb is a
// finding. The input is read as a scenario when it names a platform, else as a platform.
#include "fuzz_support.hpp"

#include "cli/inputs.hpp"
#include "config/config_error.hpp"
#include "platform/host_list.hpp"
#include "programs/footprint.hpp"
#include "programs/programs.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nimbus;
  const std::string path = fuzz::write_input("input.yaml", data, size);
  try {
    const Inputs in = read_inputs(path);
    if (in.platform.is_xml()) return 0;
    // What validate computes from the files before SimGrid: the memory estimate from the
    // groups, hosts expanded (speeds drawn), the logs read.
    check_memory_before_build(in.platform, in.scenario ? &*in.scenario : nullptr);
    const auto hosts = expand_hosts(in.platform);
    long long cores = 0;
    for (const auto& h : hosts) cores += h.cores;
    if (in.scenario) {
      check_footprint(*in.scenario, static_cast<long long>(hosts.size()), cores);
      read_workload_files(*in.scenario);
    }
  } catch (const ConfigError& e) {
    fuzz::check_located(e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "finding: %s escaped the loaders: %s\n", typeid(e).name(), e.what());
    std::abort();
  }
  return 0;
}
