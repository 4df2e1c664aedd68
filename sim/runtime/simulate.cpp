#include "runtime/simulate.hpp"

#include "config/config_error.hpp"
#include "platform/builder.hpp"
#include "platform/engine.hpp"
#include "platform/host_list.hpp"
#include "programs/programs.hpp"
#include "runtime/controller.hpp"
#include "util/log.hpp"
#include "util/stopwatch.hpp"

#include <simgrid/plugins/energy.h>

namespace nimbus {
namespace {

// The controller's host must never fail: the first host of a never_fails group, else the
// first host without failures. SimGrid XML platforms: the first host.
simgrid::s4u::Host* submit_host(const PlatformConfig& cfg, const std::vector<simgrid::s4u::Host*>& hosts) {
  if (cfg.is_xml()) return hosts.front();
  const auto specs = expand_hosts(cfg);
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (cfg.groups[specs[i].group].never_fails) return hosts[i];
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (specs[i].failures == nullptr) return hosts[i];
  throw ConfigError(cfg.file, "hosts",
                    "every host may fail; mark a group never_fails to hold the controller (e.g. a head node)");
}

}  // namespace

void check_fits_platform(const ScenarioConfig& cfg, std::size_t host_count) {
  for (std::size_t i = 0; i < cfg.workload.size(); ++i) {
    const auto& item = cfg.workload[i];
    if (item.program == WorkloadItem::Program::BagOfTasks && static_cast<std::size_t>(item.bag.input_replicas) > host_count)
      throw ConfigError(item.bag.replicas_where, "workload[" + std::to_string(i) + "].replicas",
                        std::to_string(item.bag.input_replicas) + " copies need as many hosts; the platform has " +
                            std::to_string(host_count));
  }
}

Simulation simulate(const ScenarioConfig& cfg, int verbosity, bool quiet) {
  const auto log = logger("runtime");
  Stopwatch watch;
  Simulation sim;
  sim.workload = build_workload(cfg);
  log->info("workload: {} jobs, {} tasks, {} edges built in {:.3f} s", sim.workload.jobs.size(),
            sim.workload.tasks.size(), sim.workload.succs.size(), watch.lap());
  const auto engine = make_engine(verbosity);
  const auto hosts = build_platform(cfg.platform);
  log->info("platform: {} hosts built in {:.3f} s", hosts.size(), watch.lap());
  sim.energy = energy_enabled(cfg.platform);
  check_fits_platform(cfg, hosts.size());
  simgrid::s4u::Host* head = submit_host(cfg.platform, hosts);
  sim.submit_host = head->get_name();
  for (const auto* h : hosts) {
    if (h == head) sim.submit_index = static_cast<int>(sim.host_names.size());
    sim.host_names.push_back(h->get_name());
    sim.host_cores.push_back(h->get_core_count());
    sim.host_speeds.push_back(h->get_speed());
    const char* rack = h->get_property(kRackProperty);
    sim.host_racks.emplace_back(rack ? rack : "");
  }
  Controller controller(cfg, sim.workload, hosts, head);
  controller.set_quiet(quiet);
  controller.start();
  engine->run();
  sim.result = controller.finish();
  log->info("simulation: {:.6g} s simulated in {:.3f} s", sim.result.makespan_s, watch.lap());
  if (sim.energy)
    for (std::size_t h = 0; h < hosts.size(); ++h) sim.result.hosts[h].energy_j = sg_host_get_consumed_energy(hosts[h]);
  return sim;
}

}  // namespace nimbus
