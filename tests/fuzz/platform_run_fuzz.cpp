// libFuzzer target: small mutated platforms, validated and then run, each in a child
// process (SimGrid allows one engine per process, and a crash must not end the fuzzer
// without the input). It checks the promise: a platform `validate` accepts runs a small
// scenario (tasks with data, a DAG) to the end, and one it refuses is refused in one
// located line. Only the parsing, in this process, guides the mutations.
#include "fuzz_support.hpp"

#include "cli/inputs.hpp"
#include "config/config_error.hpp"
#include "config/scenario_config.hpp"
#include "pipeline/run_scenario.hpp"
#include "platform/builder.hpp"
#include "platform/engine.hpp"
#include "programs/footprint.hpp"
#include "programs/programs.hpp"
#include "runtime/simgrid_settings.hpp"
#include "runtime/simulate.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace nimbus;

constexpr int kAccepted = 0, kRefused = 2, kBroken = 3;
// A run of this small workload takes well under a second; 60 s is a hang.
constexpr unsigned kChildSeconds = 60;

const char* kScenario = R"(name: fuzz
platform: platform.yaml
seed: 3
workload:
  - program: bag-of-tasks
    tasks: 24
    flops: { exponential: 2Gf }
    input: 10MB
    output: 1MB
    arrival: { poisson: 10/s }
  - program: dag
    tasks:
      - { name: split, flops: 1Gf, output: 50MB }
      - { name: map, count: 3, flops: 2Gf, output: 5MB, after: [split] }
      - { name: reduce, flops: 1Gf, after: [map] }
)";

// What `validate` does with a scenario, in this (child) process.
int validate(const std::string& scenario) {
  try {
    const ScenarioConfig cfg = parse_scenario_file(scenario);
    check_memory_before_build(cfg.platform, &cfg);
    const auto engine = make_engine(0);
    apply_simgrid_settings(cfg.simgrid);
    const auto hosts = build_platform(cfg.platform);
    check_platform_size(cfg.platform, hosts);
    check_footprint(cfg, static_cast<long long>(hosts.size()), total_cores(hosts));
    check_fits_platform(cfg, hosts, false);
    pick_controller_host(cfg.platform, hosts);
    read_workload_files(cfg);
    return kAccepted;
  } catch (const ConfigError& e) {
    fuzz::check_located(e.what());
    return kRefused;
  }
}

// What `run` does, in another child: it must end, with outputs computed.
int run(const std::string& scenario) {
  try {
    RunOptions options;
    options.quiet = true;
    options.write_files = false;
    run_scenario(parse_scenario_file(scenario), options);
    return kAccepted;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "finding: validate accepted it, run failed: %s\n", e.what());
    return kBroken;
  }
}

// Runs `body` in a child; returns its exit status, aborting (a finding) on a crash or hang.
template <typename Body>
int in_child(const char* what, Body&& body) {
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child == 0) {
    alarm(kChildSeconds);
    std::_Exit(body());
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (WIFSIGNALED(status)) {
    std::fprintf(stderr, "finding: %s %s (signal %d)\n", what,
                 WTERMSIG(status) == SIGALRM ? "hung" : "crashed", WTERMSIG(status));
    std::abort();
  }
  return WEXITSTATUS(status);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string platform = fuzz::write_input("platform.yaml", data, size);
  // Parsed here first: coverage guides the mutations, and large platforms are left out.
  try {
    const PlatformConfig cfg = parse_platform_file(platform);
    long long hosts = 0, cores = 0;
    for (const auto& g : cfg.groups) {
      hosts += g.count;
      cores += g.count * g.cores;
    }
    if (hosts > 64 || cores > 1024) return 0;
  } catch (const ConfigError& e) {
    fuzz::check_located(e.what());
    return 0;
  }
  const std::string scenario = fuzz::input_dir() + "/scenario.yaml";
  std::ofstream(scenario) << kScenario;
  const int verdict = in_child("validate", [&] { return validate(scenario); });
  if (verdict == kRefused) return 0;
  if (in_child("run", [&] { return run(scenario); }) != kAccepted) std::abort();
  return 0;
}
