// nimbus validate FILE...: parse each file and load its platform into SimGrid.
#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "config/config_error.hpp"
#include "platform/builder.hpp"
#include "platform/engine.hpp"
#include "programs/footprint.hpp"
#include "programs/programs.hpp"
#include "runtime/simgrid_settings.hpp"
#include "runtime/simulate.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <iostream>
#include <sys/wait.h>
#include <unistd.h>

namespace nimbus {
namespace {

constexpr int kBadInput = 2;

// Runs in a child process: SimGrid allows one engine per process, and a child also keeps a
// crash inside SimGrid from taking the other files' verdicts with it.
[[noreturn]] void validate_one(const std::string& path, int verbosity) {
  int status = 0;
  try {
    const Inputs in = read_inputs(path);
    check_memory_before_build(in.platform, in.scenario ? &*in.scenario : nullptr);  // before SimGrid allocates
    const auto engine = make_engine(verbosity);
    if (in.scenario) apply_simgrid_settings(in.scenario->simgrid);
    const auto hosts = build_platform(in.platform);
    check_platform_size(in.platform, hosts);
    if (in.scenario) check_footprint(*in.scenario, static_cast<long long>(hosts.size()), total_cores(hosts));
    if (in.scenario) check_fits_platform(*in.scenario, hosts, false);
    // Everything `run` relies on before its first event: the controller's host, the logs.
    pick_controller_host(in.platform, hosts);
    if (in.scenario) read_workload_files(*in.scenario);
    std::cout << path << ": ok (" << (in.scenario ? "scenario on platform " : "platform ") << in.platform.name << ", "
              << hosts.size() << " hosts)" << std::endl;
  } catch (const ConfigError& e) {
    std::cerr << e.what() << std::endl;
    status = kBadInput;
  } catch (const std::exception& e) {
    std::cerr << path << ": " << e.what() << std::endl;
    status = kBadInput;
  }
  std::_Exit(status);  // skip SimGrid's teardown: nothing of this process is needed anymore
}

}  // namespace

ValidateCommand::ValidateCommand(CLI::App& parent) {
  app = parent.add_subcommand("validate", "Check platform and scenario files (exit 0 if all are valid, 2 if not)");
  app->add_option("files", files, "Platform (.yaml, .xml) or scenario files")->required();
}

int ValidateCommand::run(const GlobalOptions& global) const {
  int worst = 0;
  for (const auto& path : files) {
    std::cout.flush();
    const pid_t child = fork();
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) validate_one(path, global.verbosity);
    int status = 0;
    waitpid(child, &status, 0);
    if (WIFEXITED(status)) {
      worst = std::max(worst, WEXITSTATUS(status));
    } else {
      std::cerr << path << ": validation crashed (signal " << WTERMSIG(status) << "); please report this bug"
                << std::endl;
      worst = std::max(worst, 1);
    }
  }
  return worst;
}

}  // namespace nimbus
