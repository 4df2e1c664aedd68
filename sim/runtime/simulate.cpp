#include "runtime/simulate.hpp"

#include "config/config_error.hpp"
#include "platform/builder.hpp"
#include "platform/engine.hpp"
#include "platform/host_list.hpp"
#include "platform/xml_failures.hpp"
#include "programs/footprint.hpp"
#include "programs/programs.hpp"
#include "runtime/runtime.hpp"
#include "runtime/simgrid_settings.hpp"
#include "util/log.hpp"
#include "util/stopwatch.hpp"

#include <xbt/config.hpp>
#include <cstdlib>
#include <set>

namespace nimbus {
namespace {

}  // namespace

simgrid::s4u::Host* pick_controller_host(const PlatformConfig& cfg, const std::vector<simgrid::s4u::Host*>& hosts) {
  if (cfg.is_xml()) {
    const auto failing = xml_hosts_that_may_fail(cfg.xml_file);
    for (auto* h : hosts)
      if (failing.count(h->get_name()) == 0) return h;
    throw ConfigError(cfg.xml_file, "", "every host has a state profile (may fail); nimbus needs one that cannot, "
                                        "to hold its controller");
  }
  const auto specs = expand_hosts(cfg);
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (cfg.groups[specs[i].group].never_fails) return hosts[i];
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (specs[i].failures == nullptr) return hosts[i];
  throw ConfigError(cfg.hosts_where, "hosts",
                    "every host may fail; mark a group never_fails to hold the controller (e.g. a head node)");
}

namespace {

// Actors only run where work runs, at most one per busy core; each gets a small stack.
// Past about 32,000 actors the kernel's limit on memory maps (a stack and its guard page
// each take one) is reached, so large platforms go without guard pages.
void size_actor_stacks(long long cores) {
  namespace cfg = simgrid::config;
#if defined(__SANITIZE_ADDRESS__)
  // Under AddressSanitizer, SimGrid's default stacks: its frames are larger, and stacks
  // taken from the (instrumented) heap make it see overflows where contexts switch.
  (void)cores;
#else
  cfg::set_value<int>("contexts/stack-size", 16);  // KiB; the whole suite passes with guard pages on
  if (cores > 16000) cfg::set_value<int>("contexts/guard-size", 0);
#endif
}

}  // namespace

long long total_cores(const std::vector<simgrid::s4u::Host*>& hosts) {
  long long cores = 0;
  for (const auto* h : hosts) cores += h->get_core_count();
  return cores;
}

void check_platform_size(const PlatformConfig& cfg, const std::vector<simgrid::s4u::Host*>& hosts) {
  long long cores = 0;
  for (const auto* h : hosts) {
    cores += h->get_core_count();
    if (h->get_core_count() < 1 || !(h->get_speed() > 0))
      throw ConfigError(cfg.is_xml() ? cfg.xml_file : cfg.file, "",
                        "host " + h->get_name() + " has no cores or no speed; nimbus needs both");
  }
  if (static_cast<long long>(hosts.size()) > kMaxPlatformHosts || cores > kMaxPlatformCores)
    throw ConfigError(cfg.is_xml() ? cfg.xml_file : cfg.file, "",
                      std::to_string(hosts.size()) + " hosts and " + std::to_string(cores) + " cores; nimbus runs at most " +
                          std::to_string(kMaxPlatformHosts) + " hosts and " + std::to_string(kMaxPlatformCores) + " cores");
}

void check_fits_platform(const ScenarioConfig& cfg, const std::vector<simgrid::s4u::Host*>& hosts, bool read_programs) {
  const std::size_t host_count = hosts.size();
  std::map<std::string, int> cores;
  int widest = 0;
  for (const auto* h : hosts) {
    cores[h->get_name()] = h->get_core_count();
    widest = std::max(widest, h->get_core_count());
  }
  for (std::size_t i = 0; i < cfg.workload.size(); ++i) {
    const auto& item = cfg.workload[i];
    if (item.program == WorkloadItem::Program::Replay || item.program == WorkloadItem::Program::Bsp ||
        item.program == WorkloadItem::Program::SharedMemory || item.program == WorkloadItem::Program::MasterWorker ||
        item.program == WorkloadItem::Program::Graph) {
      const std::string key = "workload[" + std::to_string(i) + "].hosts";
      std::map<std::string, int> ranks_on;
      for (const auto& name : item.ranks.hosts) {
        const auto it = cores.find(name);
        if (it == cores.end()) throw ConfigError(item.ranks.hosts_where, key, "no host named \"" + name + "\" in the platform");
        if (++ranks_on[name] > it->second)
          throw ConfigError(item.ranks.hosts_where, key, "more ranks on " + name + " than its " + std::to_string(it->second) +
                                                             " cores (one core per rank)");
      }
      if (item.program == WorkloadItem::Program::Replay && read_programs) {
        WorkloadBuilder scratch;  // reads the action files: a bad line is an error before the run
        generate_replay(item, static_cast<std::uint32_t>(i), scratch);
      }
      if (item.program == WorkloadItem::Program::Graph && read_programs) {
        WorkloadBuilder scratch;  // reads the edge list and runs the algorithm
        generate_graph(item, static_cast<std::uint32_t>(i), cfg.seed, scratch);
      }
    }
    // A task runs on the cores of one host: one wider than every host would never start.
    const auto too_wide = [&](int task_cores, const std::string& where, const std::string& key) {
      if (task_cores > widest)
        throw ConfigError(where, key, "tasks of " + std::to_string(task_cores) + " cores, and the largest host of platform " +
                                          cfg.platform.name + " has " + std::to_string(widest) + " (a task runs on one host)");
    };
    const std::string prefix = "workload[" + std::to_string(i) + "]";
    if (item.program == WorkloadItem::Program::BagOfTasks) too_wide(item.bag.cores, item.bag.cores_where, prefix + ".cores");
    if (item.program == WorkloadItem::Program::Dag)
      for (std::size_t k = 0; k < item.dag.tasks.size(); ++k)
        too_wide(item.dag.tasks[k].cores, item.dag.tasks[k].cores_where, prefix + ".tasks[" + std::to_string(k) + "].cores");
    if (item.program == WorkloadItem::Program::BagOfTasks && static_cast<std::size_t>(item.bag.input_replicas) > host_count)
      throw ConfigError(item.bag.replicas_where, "workload[" + std::to_string(i) + "].replicas",
                        std::to_string(item.bag.input_replicas) + " copies need as many hosts; the platform has " +
                            std::to_string(host_count));
    if (item.program == WorkloadItem::Program::MapReduce) {
      const MapReduceSpec& m = item.mapreduce;
      if (static_cast<std::size_t>(m.replicas) > host_count)
        throw ConfigError(m.replicas_where, prefix + ".replicas",
                          std::to_string(m.replicas) + " copies need as many hosts; the platform has " +
                              std::to_string(host_count));
      if (static_cast<std::size_t>(m.output_replicas) > host_count)
        throw ConfigError(m.output_replicas_where, prefix + ".output.replicas",
                          std::to_string(m.output_replicas) + " copies need as many hosts; the platform has " +
                              std::to_string(host_count));
    }
  }
  // A copy never shares a host (rack) with another copy of its task: K copies need K of them.
  if (cfg.faults.copies > 1) {
    std::set<std::string> racks;
    for (const auto* h : hosts)
      if (const char* rack = h->get_property(kRackProperty)) racks.insert(rack);
    const std::size_t places = cfg.faults.copies_in_racks ? racks.size() : host_count;
    if (cfg.faults.copies > places)
      throw ConfigError(cfg.faults.replication_where, "faults.replication",
                        std::to_string(cfg.faults.copies) + " copies on distinct " +
                            (cfg.faults.copies_in_racks ? "racks need as many racks" : "hosts need as many hosts") +
                            "; the platform has " + std::to_string(places));
  }
}

namespace {

// A host's power figures as the energy plugin reads them: "idle:one core:all cores" (the
// first pstate's, before any ','), and "wattage_off".
Simulation::Power host_power(const simgrid::s4u::Host* h) {
  Simulation::Power p;
  const char* states = h->get_property("wattage_per_state");
  if (states == nullptr) return p;
  std::vector<double> watts;
  for (const char* c = states; *c != '\0' && *c != ',';) {
    char* end = nullptr;
    watts.push_back(std::strtod(c, &end));
    if (end == c) break;
    c = *end == ':' ? end + 1 : end;
  }
  if (!watts.empty()) p.idle_w = p.busy_w = watts.front();
  if (watts.size() >= 2) p.busy_w = watts.back();
  if (const char* off = h->get_property("wattage_off")) p.off_w = std::strtod(off, nullptr);
  return p;
}

}  // namespace

Simulation simulate(const ScenarioConfig& cfg, int verbosity, bool quiet, const FollowLog& follow_log) {
  const auto log = logger("runtime");
  Stopwatch watch;
  Simulation sim;
  const auto engine = make_engine(verbosity, cfg.simgrid_logs);
  apply_simgrid_settings(cfg.simgrid);
  const auto hosts = build_platform(cfg.platform);
  log->info("platform: {} hosts built in {:.3f} s", hosts.size(), watch.lap());
  sim.energy = energy_enabled(cfg.platform);
  check_platform_size(cfg.platform, hosts);
  // Before the workload is built: a scenario too large for memory stops here, not in bad_alloc.
  check_footprint(cfg, static_cast<long long>(hosts.size()), total_cores(hosts));
  sim.workload = build_workload(cfg);
  log->info("workload: {} jobs, {} tasks, {} edges built in {:.3f} s", sim.workload.jobs.size(),
            sim.workload.tasks.size(), sim.workload.succs.size(), watch.lap());
  check_fits_platform(cfg, hosts, false);  // the workload above read the programs
  simgrid::s4u::Host* head = pick_controller_host(cfg.platform, hosts);
  sim.submit_host = head->get_name();
  long long cores = 0;
  for (const auto* h : hosts) {
    if (h == head) sim.submit_index = static_cast<int>(sim.host_names.size());
    sim.host_names.push_back(h->get_name());
    sim.host_cores.push_back(h->get_core_count());
    sim.host_speeds.push_back(h->get_speed());
    const char* rack = h->get_property(kRackProperty);
    sim.host_racks.emplace_back(rack ? rack : "");
    cores += h->get_core_count();
    if (sim.energy) sim.host_power.push_back(host_power(h));
  }
  size_actor_stacks(cores);
  Runtime runtime(cfg, sim.workload, hosts, head, sim.energy);
  runtime.set_quiet(quiet);
  if (follow_log) runtime.follow(follow_log(sim));
  runtime.start();
  engine->run();
  sim.result = runtime.finish();
  log->info("simulation: {:.6g} s simulated in {:.3f} s", sim.result.makespan_s, watch.lap());
  return sim;
}

}  // namespace nimbus
