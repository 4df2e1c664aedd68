// One simulation, start to end: workload generated, platform built, runtime run.
#pragma once

#include "config/scenario_config.hpp"
#include "runtime/log_follower.hpp"
#include "runtime/records.hpp"
#include "workload/workload.hpp"

#include <simgrid/forward.h>

#include <functional>
#include <string>
#include <vector>

namespace nimbus {

struct Simulation {
  Workload workload;
  RunResult result;
  std::vector<std::string> host_names;
  std::vector<int> host_cores;
  std::vector<double> host_speeds;   // flop/s per core
  std::vector<std::string> host_racks;  // "" when the platform has no racks
  // Watts idle, with every core computing, and off (SimGrid's linear model between the
  // first two), per host; empty without power figures.
  struct Power {
    double idle_w = 0, busy_w = 0, off_w = 0;
  };
  std::vector<Power> host_power;
  std::string submit_host;
  int submit_index = -1;
  bool energy = false;
};

// Checks what only the built platform can tell (a block's copies need as many hosts; the
// hosts a program's ranks name exist and have a core for each rank there), and reads the
// programs' action files unless `read_programs` is false (they were read already). Throws
// ConfigError.
void check_fits_platform(const ScenarioConfig& cfg, const std::vector<simgrid::s4u::Host*>& hosts,
                         bool read_programs = true);

// The controller's host must never fail: the first host of a never_fails group, else the
// first host without failures (for SimGrid XML: without a state profile). Throws ConfigError
// when every host may fail.
simgrid::s4u::Host* pick_controller_host(const PlatformConfig& cfg, const std::vector<simgrid::s4u::Host*>& hosts);

long long total_cores(const std::vector<simgrid::s4u::Host*>& hosts);

// Refuses platforms larger than nimbus runs, and hosts without cores or speed (XML).
void check_platform_size(const PlatformConfig& cfg, const std::vector<simgrid::s4u::Host*>& hosts);

// REQUIRES: called once per process (SimGrid allows one engine per process).
// Throws ConfigError for bad input, InvariantError for a runtime bug.
// `follow_log`, if given, is called once the platform and workload are built (the
// Simulation as it is then: no result yet) and may return what follows the attempt log
// during the run (LogFollower), or null.
using FollowLog = std::function<LogFollower*(const Simulation&)>;
Simulation simulate(const ScenarioConfig& cfg, int verbosity, bool quiet, const FollowLog& follow_log = {});

}  // namespace nimbus
