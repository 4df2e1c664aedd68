#include "platform/builder.hpp"

#include "config/config_error.hpp"
#include "platform/host_list.hpp"
#include "platform/profiles.hpp"
#include "platform/sg_compat.hpp"
#include "platform/xml_platform.hpp"

#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>
#include <xbt/config.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace nimbus {
namespace {

namespace sg4 = simgrid::s4u;

sg4::Link::SharingPolicy simgrid_policy(Sharing sharing) {
  switch (sharing) {
    case Sharing::Shared: return sg4::Link::SharingPolicy::SHARED;
    case Sharing::FatPipe: return sg4::Link::SharingPolicy::FATPIPE;
    case Sharing::SplitDuplex: break;
  }
  return sg4::Link::SharingPolicy::SPLITDUPLEX;
}

// A link as one hop of a route: split-duplex links are used in the up direction (SimGrid's
// symmetric routes take the down direction on the way back).
// The state profiles of one platform's hosts and links. The hosts of a failure domain (a
// rack) share one history, drawn from the domain's stream: they go off and on together.
class StateProfiles {
public:
  explicit StateProfiles(const PlatformConfig& cfg) : cfg_(cfg) {
    for (const auto& rule : cfg.failure_rules)
      for (const auto& name : rule.links) links_.emplace(name, &rule.spec);
  }
  simgrid::kernel::profile::Profile* host(const HostSpec& spec) {
    if (!spec.failures) return nullptr;
    if (spec.failure_domain.empty()) return make_state_profile(spec.name, *spec.failures, cfg_.seed);
    auto& shared = domains_[spec.failure_domain];
    if (!shared) shared = make_state_profile(spec.failure_domain, *spec.failures, cfg_.seed);
    return shared;
  }
  simgrid::kernel::profile::Profile* link(const std::string& name) const {
    const auto it = links_.find(name);
    return it == links_.end() ? nullptr : make_state_profile("link/" + name, *it->second, cfg_.seed);
  }

private:
  const PlatformConfig& cfg_;
  std::map<std::string, simgrid::kernel::profile::Profile*> domains_;
  std::map<std::string, const FailureSpec*> links_;
};

sg4::LinkInRoute create_link(sg4::NetZone* zone, const std::string& name, const LinkSpec& spec, StateProfiles& profiles) {
  auto* state = profiles.link(name);
  if (spec.sharing == Sharing::SplitDuplex) {
    auto* link = sg::add_split_duplex_link(zone, name, spec.bandwidth_Bps);
    link->set_latency(spec.latency_s);
    if (state) {  // both directions: the cable fails
      link->get_link_up()->set_state_profile(state);
      link->get_link_down()->set_state_profile(state);
    }
    return sg4::LinkInRoute(link, sg4::LinkInRoute::Direction::UP);
  }
  auto* link = sg::add_link(zone, name, spec.bandwidth_Bps)
                   ->set_latency(spec.latency_s)
                   ->set_sharing_policy(simgrid_policy(spec.sharing));
  if (state) link->set_state_profile(state);
  return sg4::LinkInRoute(link);
}

// A host's loopback, for messages between actors on it (the ranks of a program): what SimGrid
// gives hosts of platforms without one, its network/loopback-bw and -lat (10 GBps and 0 s
// by default), not shared between flows.
void add_loopback(sg4::NetZone* zone, const sg4::Host* host) {
  auto* link = sg::add_link(zone, host->get_name() + "-loopback", simgrid::config::get_value<double>("network/loopback-bw"))
                   ->set_latency(simgrid::config::get_value<double>("network/loopback-lat"))
                   ->set_sharing_policy(sg4::Link::SharingPolicy::FATPIPE);
  sg::add_star_loopback(zone, host, link);
}

std::string number(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

sg4::Host* create_host(sg4::NetZone* zone, const PlatformConfig& cfg, const HostSpec& spec, StateProfiles& profiles) {
  const HostGroup& group = cfg.groups[spec.group];
  sg4::Host* host = sg::add_host(zone, spec.name, spec.speed_flops)->set_core_count(spec.cores);
  host->set_property(kGroupProperty, group.name);
  if (!spec.rack.empty()) host->set_property(kRackProperty, spec.rack);
  if (group.power) {
    // SimGrid's model: idle, one core busy ("epsilon"), all cores busy; linear in between.
    const auto& p = *group.power;
    host->set_property("wattage_per_state", number(p.idle_w) + ":" + number(p.idle_w) + ":" + number(p.busy_w));
    host->set_property("wattage_off", number(p.off_w));
  }
  if (group.memory_bytes > 0) host->set_property("memory", number(group.memory_bytes));
  if (group.disk) {
    auto* disk = sg::add_disk(host, spec.name + "-disk", group.disk->read_Bps, group.disk->write_Bps);
    if (group.disk->size_bytes > 0) disk->set_property("size", number(group.disk->size_bytes));
  }
  if (auto* state = profiles.host(spec)) host->set_state_profile(state);
  if (spec.load) host->set_speed_profile(make_speed_profile(spec.name, *spec.load));
  return host;
}

// Every host has its NIC link to one switch.
std::vector<sg4::Host*> build_star(const PlatformConfig& cfg, const std::vector<HostSpec>& specs, StateProfiles& profiles) {
  auto* zone = sg::add_star_zone(nullptr, cfg.name);
  std::vector<sg4::Host*> hosts;
  hosts.reserve(specs.size());
  for (const auto& spec : specs) {
    sg4::Host* host = create_host(zone, cfg, spec, profiles);
    const auto nic = create_link(zone, spec.name + "-nic", cfg.network.nic, profiles);
    sg::add_star_route(zone, host, {nic});
    add_loopback(zone, host);
    hosts.push_back(host);
  }
  zone->seal();
  return hosts;
}

// Hosts reach their rack's switch through their NIC; racks reach the core through one uplink
// each. Traffic between racks crosses nic, uplink, uplink, nic.
std::vector<sg4::Host*> build_racks(const PlatformConfig& cfg, const std::vector<HostSpec>& specs, StateProfiles& profiles) {
  auto* root = sg::add_star_zone(nullptr, cfg.name);
  std::vector<std::string> rack_order;
  std::map<std::string, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (!members.count(specs[i].rack)) rack_order.push_back(specs[i].rack);
    members[specs[i].rack].push_back(i);
  }
  std::vector<sg4::Host*> hosts(specs.size());
  for (const auto& rack_name : rack_order) {
    auto* rack = sg::add_star_zone(root, rack_name);
    for (std::size_t i : members[rack_name]) {
      hosts[i] = create_host(rack, cfg, specs[i], profiles);
      const auto nic = create_link(rack, specs[i].name + "-nic", cfg.network.nic, profiles);
      sg::add_star_route(rack, hosts[i], {nic});
      add_loopback(rack, hosts[i]);
    }
    // The switch needs no route of its own: a star zone gives members without one an empty route.
    auto* gateway = sg::add_gateway(rack, rack_name + "-switch");
    rack->seal();
    LinkSpec uplink = cfg.network.uplink.value_or(cfg.network.nic);
    if (!cfg.network.uplink)
      uplink.bandwidth_Bps =
          cfg.network.nic.bandwidth_Bps * static_cast<double>(members[rack_name].size()) / cfg.network.oversubscription;
    const auto link = create_link(root, rack_name + "-uplink", uplink, profiles);
    sg::add_star_route(root, rack, gateway, {link});
  }
  root->seal();
  return hosts;
}

// SimGrid's fat-tree zone; the i-th leaf is the i-th host.
std::vector<sg4::Host*> build_fat_tree(const PlatformConfig& cfg, const std::vector<HostSpec>& specs, StateProfiles& profiles) {
  const auto& ft = cfg.network.fat_tree;
  const auto& link = cfg.network.fat_tree_link;
  std::vector<sg4::Host*> hosts(specs.size());
  auto* zone = sg::add_fat_tree_zone(nullptr, cfg.name, {ft.levels, ft.down, ft.up, ft.parallel}, link.bandwidth_Bps,
                                     link.latency_s, simgrid_policy(link.sharing),
                                     [&](sg4::NetZone* z, unsigned long id) {
                                       hosts[id] = create_host(z, cfg, specs[id], profiles);
                                       return hosts[id];
                                     });
  zone->seal();
  return hosts;
}

}  // namespace

bool energy_enabled(const PlatformConfig& cfg) {
  if (cfg.is_xml()) {
    std::ifstream in(cfg.xml_file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.find("wattage_per_state") != std::string::npos;
  }
  return std::any_of(cfg.groups.begin(), cfg.groups.end(), [](const HostGroup& g) { return g.power.has_value(); });
}

std::vector<sg4::Host*> build_platform(const PlatformConfig& cfg) {
  // The plugin must be on before hosts exist; it then watches every host it sees created.
  if (energy_enabled(cfg)) sg_host_energy_plugin_init();
  if (cfg.is_xml()) return load_xml_platform(cfg);
  const auto specs = expand_hosts(cfg);
  StateProfiles profiles(cfg);
  switch (cfg.network.topology) {
    case Topology::Star: return build_star(cfg, specs, profiles);
    case Topology::Racks: return build_racks(cfg, specs, profiles);
    case Topology::FatTree: return build_fat_tree(cfg, specs, profiles);
  }
  return {};
}

}  // namespace nimbus
