#include "platform/summary.hpp"

#include "platform/builder.hpp"
#include "platform/host_list.hpp"
#include "util/nearest.hpp"

#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <simgrid/s4u.hpp>

#include <cmath>
#include <map>

namespace nimbus {
namespace {

namespace sg4 = simgrid::s4u;

std::string q(double v, Dimension d) { return format_quantity(v, d); }

SpeedStats speed_stats(const std::vector<double>& speeds) {
  SpeedStats s;
  if (speeds.empty()) return s;
  s.min = s.max = speeds.front();
  double sum = 0;
  for (double v : speeds) {
    s.min = std::min(s.min, v);
    s.max = std::max(s.max, v);
    sum += v;
  }
  s.mean = sum / static_cast<double>(speeds.size());
  double squares = 0;
  for (double v : speeds) squares += (v - s.mean) * (v - s.mean);
  s.cv = std::sqrt(squares / static_cast<double>(speeds.size())) / s.mean;
  return s;
}

std::string describe_failures(const FailureSpec& f) {
  if (f.trace.empty())
    return "mtbf " + f.up_time->describe(Dimension::Duration) + ", mttr " + f.down_time->describe(Dimension::Duration);
  std::string out = "trace:";
  for (std::size_t i = 0; i < f.trace.size() && i < 4; ++i)
    out += std::string(i ? "," : "") + " " + (f.trace[i].up ? "on" : "off") + " at " +
           q(f.trace[i].time_s, Dimension::Duration);
  if (f.trace.size() > 4) out += ", ... (" + std::to_string(f.trace.size()) + " events)";
  return out;
}

std::string describe_load(const LoadSpec& l) {
  if (l.periodic())
    return std::to_string(static_cast<int>(std::lround(l.available * 100))) + "% of speed for " +
           q(l.length_s, Dimension::Duration) + " every " + q(l.period_s, Dimension::Duration);
  return "trace of " + std::to_string(l.trace.size()) + " points";
}

std::string describe_link(const LinkSpec& l) {
  return q(l.bandwidth_Bps, Dimension::Bandwidth) + ", " + q(l.latency_s, Dimension::Duration) + ", " +
         sharing_name(l.sharing);
}

// Bandwidth of a link created by the builder; split-duplex links live as NAME_UP/NAME_DOWN.
double link_bandwidth(const std::string& name) {
  const auto* engine = sg4::Engine::get_instance();
  if (const auto* link = engine->link_by_name_or_null(name)) return link->get_bandwidth();
  if (const auto* link = engine->link_by_name_or_null(name + "_UP")) return link->get_bandwidth();
  return 0;
}

RouteSummary route(const sg4::Host* from, const sg4::Host* to) {
  RouteSummary r;
  r.from = from->get_name();
  r.to = to->get_name();
  std::vector<sg4::Link*> links;
  from->route_to(to, links, &r.latency_s);
  r.bottleneck_Bps = links.empty() ? 0 : INFINITY;
  for (const auto* link : links) {
    r.links.push_back({link->get_name(), link->get_bandwidth(), link->get_latency()});
    r.bottleneck_Bps = std::min(r.bottleneck_Bps, link->get_bandwidth());
  }
  return r;
}

std::string network_line(const PlatformConfig& cfg) {
  const auto& n = cfg.network;
  switch (n.topology) {
    case Topology::Star: return "star: every host on one non-blocking switch; nic " + describe_link(n.nic);
    case Topology::Racks: {
      std::string up = n.uplink ? describe_link(*n.uplink)
                                : "sized for " + std::to_string(n.oversubscription).substr(0, 4) + ":1 oversubscription";
      return "racks: nic " + describe_link(n.nic) + "; rack uplink " + up;
    }
    case Topology::FatTree: {
      auto list = [](const std::vector<unsigned>& v) {
        std::string s;
        for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
        return s;
      };
      const auto& ft = n.fat_tree;
      return "fat-tree: " + std::to_string(ft.levels) + " levels, down " + list(ft.down) + ", up " + list(ft.up) +
             ", parallel " + list(ft.parallel) + "; every link " + describe_link(n.fat_tree_link);
    }
  }
  return "";
}

}  // namespace

PlatformSummary summarize(const PlatformConfig& cfg, const std::vector<sg4::Host*>& hosts) {
  PlatformSummary s;
  s.name = cfg.name;
  s.file = cfg.file;
  s.format = cfg.is_xml() ? "simgrid-xml" : "yaml";
  s.topology = cfg.is_xml() ? "simgrid-xml" : topology_name(cfg.network.topology);
  s.network = cfg.is_xml() ? "as routed by the SimGrid XML file" : network_line(cfg);
  s.energy = energy_enabled(cfg);

  const std::vector<HostSpec> specs = cfg.is_xml() ? std::vector<HostSpec>{} : expand_hosts(cfg);
  std::map<std::string, std::size_t> group_index, rack_index;
  std::map<std::string, std::vector<double>> group_speeds;
  std::vector<double> speeds;
  std::vector<const sg4::Host*> first_in_rack;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const sg4::Host* h = hosts[i];
    const char* group_prop = h->get_property(kGroupProperty);
    const char* rack_prop = h->get_property(kRackProperty);
    // XML platforms carry no groups or racks: their zones play both parts.
    const std::string zone = h->get_englobing_zone()->get_name();
    const std::string group = group_prop ? group_prop : zone;
    const std::string rack = rack_prop ? rack_prop : "";
    const double speed = h->get_speed();
    const int cores = h->get_core_count();
    const double flops = speed * cores;
    speeds.push_back(speed);
    s.hosts += 1;
    s.cores += cores;
    s.total_flops += flops;

    auto [gi, new_group] = group_index.emplace(group, s.groups.size());
    if (new_group) {
      GroupSummary g;
      g.name = group;
      g.rack = rack;
      g.cores = cores;
      if (!cfg.is_xml()) {
        const HostGroup& hg = cfg.groups[specs[i].group];
        g.speed_spec = hg.speed.describe(Dimension::Flops);
        if (hg.failures) g.failures = describe_failures(*hg.failures);
        if (hg.load) g.load = describe_load(*hg.load);
        if (hg.power)
          g.power = "idle " + q(hg.power->idle_w, Dimension::Power) + ", busy " + q(hg.power->busy_w, Dimension::Power) +
                    ", off " + q(hg.power->off_w, Dimension::Power);
      }
      s.groups.push_back(g);
    }
    GroupSummary& g = s.groups[gi->second];
    g.hosts += 1;
    g.total_flops += flops;
    if (g.rack != rack) g.rack = "*";
    group_speeds[group].push_back(speed);
    if (!cfg.is_xml()) {
      g.failing_hosts += specs[i].failures ? 1 : 0;
      g.loaded_hosts += specs[i].load ? 1 : 0;
    }

    if (!rack.empty()) {
      auto [ri, new_rack] = rack_index.emplace(rack, s.racks.size());
      if (new_rack) {
        RackSummary r;
        r.name = rack;
        if (!cfg.is_xml() && cfg.network.topology == Topology::Racks) r.uplink_Bps = link_bandwidth(rack + "-uplink");
        s.racks.push_back(r);
        first_in_rack.push_back(h);
      }
      RackSummary& r = s.racks[ri->second];
      r.hosts += 1;
      r.cores += cores;
      r.total_flops += flops;
      r.nic_total_Bps += link_bandwidth(h->get_name() + "-nic");
    }
    s.host_rows.push_back({{"name", h->get_name()},
                           {"group", group},
                           {"rack", rack},
                           {"cores", cores},
                           {"speed_flops", speed},
                           {"fails", !cfg.is_xml() && specs[i].failures != nullptr},
                           {"loaded", !cfg.is_xml() && specs[i].load != nullptr}});
  }
  for (std::size_t i = 0; i < cfg.failure_rules.size(); ++i)
  {
    // What a rule takes down: hosts each on its own, every host of a rack at once, or links.
    const FailureRule& r = cfg.failure_rules[i];
    const std::string what = !r.racks.empty() ? "racks " + join(r.racks) + " (each rack at once)"
                             : !r.links.empty() ? "links " + join(r.links)
                                                : join(r.hosts);
    s.rules.push_back({"failures[" + std::to_string(i) + "]", what, describe_failures(r.spec), ""});
  }
  for (std::size_t i = 0; i < cfg.load_rules.size(); ++i)
    s.rules.push_back({"load[" + std::to_string(i) + "]", join(cfg.load_rules[i].hosts), "",
                       describe_load(cfg.load_rules[i].spec)});
  s.speed = speed_stats(speeds);
  for (auto& g : s.groups) g.speed = speed_stats(group_speeds[g.name]);

  // Representative routes: inside the first rack (or between the first two hosts), then from
  // the first rack to each other rack (at most 7), or across a fat-tree.
  // (Platforms without routes, routing="None", are refused when loaded: xml_platform.hpp.)
  if (hosts.size() >= 2) s.routes.push_back(route(hosts[0], hosts[1]));
  for (std::size_t r = 1; r < first_in_rack.size() && r < 8; ++r) s.routes.push_back(route(first_in_rack[0], first_in_rack[r]));
  if (!cfg.is_xml() && cfg.network.topology == Topology::FatTree && hosts.size() > 2)
    s.routes.push_back(route(hosts.front(), hosts.back()));
  return s;
}

nlohmann::json to_json(const PlatformSummary& s) {
  using nlohmann::json;
  auto stats = [](const SpeedStats& st) {
    return json{{"min_flops", st.min}, {"max_flops", st.max}, {"mean_flops", st.mean}, {"cv", st.cv}};
  };
  json groups = json::array(), racks = json::array(), routes = json::array();
  for (const auto& g : s.groups)
    groups.push_back({{"name", g.name},
                      {"rack", g.rack},
                      {"hosts", g.hosts},
                      {"cores_per_host", g.cores},
                      {"speed", g.speed_spec},
                      {"speed_stats", stats(g.speed)},
                      {"total_flops", g.total_flops},
                      {"power", g.power},
                      {"failures", g.failures},
                      {"failing_hosts", g.failing_hosts},
                      {"load", g.load},
                      {"loaded_hosts", g.loaded_hosts}});
  for (const auto& r : s.racks)
    racks.push_back({{"name", r.name},
                     {"hosts", r.hosts},
                     {"cores", r.cores},
                     {"total_flops", r.total_flops},
                     {"nic_total_Bps", r.nic_total_Bps},
                     {"uplink_Bps", r.uplink_Bps},
                     {"oversubscription", r.oversubscription()}});
  for (const auto& r : s.routes) {
    json links = json::array();
    for (const auto& l : r.links) links.push_back({{"name", l.name}, {"bandwidth_Bps", l.bandwidth_Bps}, {"latency_s", l.latency_s}});
    routes.push_back({{"from", r.from}, {"to", r.to}, {"links", links}, {"bottleneck_Bps", r.bottleneck_Bps}, {"latency_s", r.latency_s}});
  }
  json rules = json::array();
  for (const auto& r : s.rules) rules.push_back({{"rule", r.rule}, {"hosts", r.hosts}, {"failures", r.failures}, {"load", r.load}});
  return json{{"name", s.name},
              {"file", s.file},
              {"format", s.format},
              {"topology", s.topology},
              {"network", s.network},
              {"hosts", s.hosts},
              {"cores", s.cores},
              {"total_flops", s.total_flops},
              {"heterogeneity", stats(s.speed)},
              {"energy", s.energy},
              {"groups", groups},
              {"racks", racks},
              {"rules", rules},
              {"routes", routes},
              {"host_list", s.host_rows}};
}

}  // namespace nimbus
