// The one reader of platform YAML files. Format: docs/platforms.md.
#include "config/platform_config.hpp"
#include "config/parse_values.hpp"
#include "config/platform_rules.hpp"
#include "config/yaml_node.hpp"
#include "util/nearest.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace nimbus {
namespace {

using Kind = Distribution::Kind;

// Guards against typos such as "count: 1e9" that would exhaust memory before anything runs.
constexpr long long kMaxHosts = kMaxPlatformHosts;
constexpr long long kMaxCores = 4096;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string stem(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  return base.substr(0, base.find('.'));
}

void check_name(const Node& node, const std::string& name) {
  if (name.empty()) node.fail("must not be empty");
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' && c != '{' && c != '}')
      node.fail("\"" + name + "\" may only hold letters, digits, '-', '_' and '.'");
}

HostGroup parse_group(const Node& node) {
  node.expect_map({"name", "count", "rack", "cores", "speed", "power", "memory", "disk", "failures", "load",
                   "never_fails"});
  HostGroup g;
  const Node name = node.require("name");
  g.name = name.text();
  check_name(name, g.name);
  if (node.has("count")) {
    const Node count = node.get("count");
    g.count = count.positive_integer();
    if (g.count > kMaxHosts)
      count.fail("at most " + std::to_string(kMaxHosts) + " hosts per platform (the largest nimbus runs)");
  }
  if (node.has("rack")) {
    g.rack = node.get("rack").text();
    check_name(node.get("rack"), g.rack);
  }
  if (node.has("cores")) {
    const Node cores = node.get("cores");
    const long long n = cores.positive_integer();
    if (n > kMaxCores) cores.fail("at most " + std::to_string(kMaxCores) + " cores per host");
    g.cores = static_cast<int>(n);
  }
  g.speed = parse_distribution(node.require("speed"), Dimension::Flops,
                               {Kind::Fixed, Kind::Uniform, Kind::Normal, Kind::Choice});
  if (node.has("power")) {
    const Node p = node.get("power");
    p.expect_map({"idle", "busy", "off"});
    PowerSpec power;
    power.idle_w = p.require("idle").non_negative_quantity(Dimension::Power);
    power.busy_w = p.require("busy").non_negative_quantity(Dimension::Power);
    if (power.busy_w < power.idle_w) p.get("busy").fail("must be at least the idle power");
    if (p.has("off")) power.off_w = p.get("off").non_negative_quantity(Dimension::Power);
    g.power = power;
  }
  if (node.has("memory")) g.memory_bytes = node.get("memory").positive_quantity(Dimension::Size);
  if (node.has("disk")) {
    const Node d = node.get("disk");
    d.expect_map({"read", "write", "size"});
    DiskSpec disk;
    disk.read_Bps = d.require("read").positive_quantity(Dimension::Bandwidth);
    disk.write_Bps = d.require("write").positive_quantity(Dimension::Bandwidth);
    if (d.has("size")) disk.size_bytes = d.get("size").positive_quantity(Dimension::Size);
    g.disk = disk;
  }
  if (node.has("never_fails")) g.never_fails = node.get("never_fails").boolean();
  if (node.has("failures")) {
    if (g.never_fails) node.get("failures").fail("this group is marked never_fails");
    g.failures = parse_failures(node.get("failures"), {});
  }
  if (node.has("load")) g.load = parse_load(node.get("load"), {});
  return g;
}

std::vector<unsigned> parse_counts(const Node& node, unsigned levels) {
  std::vector<unsigned> out;
  for (const auto& item : node.items()) {
    const long long v = item.positive_integer();
    if (v > 1024) item.fail("at most 1024");
    out.push_back(static_cast<unsigned>(v));
  }
  if (out.size() != levels) node.fail("expected " + std::to_string(levels) + " numbers, one per level");
  return out;
}

NetworkSpec parse_network(const Node& node) {
  NetworkSpec net;
  // The default network: a non-blocking switch, 10 Gbps NICs with 10 us latency.
  net.nic = {10e9 / 8, 10e-6, Sharing::SplitDuplex};
  net.fat_tree_link = net.nic;
  if (!node.present()) return net;
  node.expect_map({"topology", "nic", "uplink", "oversubscription", "fat_tree", "link"});
  if (node.has("topology")) {
    const std::string t = node.get("topology").choice({"star", "racks", "fat-tree"}, "topology");
    net.topology = t == "racks" ? Topology::Racks : t == "fat-tree" ? Topology::FatTree : Topology::Star;
  }
  auto only_for = [&node](const char* key, Topology wanted, Topology actual) {
    if (node.has(key) && wanted != actual)
      node.get(key).fail(std::string("applies to topology ") + topology_name(wanted) + " only");
  };
  only_for("uplink", Topology::Racks, net.topology);
  only_for("oversubscription", Topology::Racks, net.topology);
  only_for("fat_tree", Topology::FatTree, net.topology);
  only_for("link", Topology::FatTree, net.topology);
  if (net.topology == Topology::FatTree && node.has("nic"))
    node.get("nic").fail("a fat-tree gives all its links one \"link\" spec; use \"link\" instead");
  if (node.has("nic")) net.nic = parse_link(node.get("nic"), net.nic);
  if (node.has("uplink") && node.has("oversubscription"))
    node.get("oversubscription").fail("give either an uplink bandwidth or an oversubscription ratio, not both");
  if (node.has("uplink")) {
    net.uplink = parse_link(node.get("uplink"), LinkSpec{0, net.nic.latency_s, Sharing::SplitDuplex});
    if (net.uplink->bandwidth_Bps <= 0) node.get("uplink").fail("missing required key \"bandwidth\"");
  }
  if (node.has("oversubscription")) {
    const Node ratio = node.get("oversubscription");
    net.oversubscription = ratio.number();
    if (net.oversubscription < 1) ratio.fail("must be at least 1 (1 is non-blocking)");
  }
  if (net.topology == Topology::FatTree) {
    const Node ft = node.require("fat_tree");
    ft.expect_map({"levels", "down", "up", "parallel"});
    const Node levels = ft.require("levels");
    const long long n = levels.positive_integer();
    if (n > 8) levels.fail("at most 8 levels");
    net.fat_tree.levels = static_cast<unsigned>(n);
    net.fat_tree.down = parse_counts(ft.require("down"), net.fat_tree.levels);
    net.fat_tree.up = parse_counts(ft.require("up"), net.fat_tree.levels);
    net.fat_tree.parallel = ft.has("parallel") ? parse_counts(ft.get("parallel"), net.fat_tree.levels)
                                               : std::vector<unsigned>(net.fat_tree.levels, 1);
    if (node.has("link")) net.fat_tree_link = parse_link(node.get("link"), net.fat_tree_link);
  }
  return net;
}

// SimGrid's energy plugin, once on, needs figures on every host: it aborts the run at the
// first host without them, after the whole simulation.
void check_power(const PlatformConfig& cfg, const std::vector<Node>& group_nodes) {
  const auto powered = std::find_if(cfg.groups.begin(), cfg.groups.end(), [](const HostGroup& g) { return g.power; });
  if (powered == cfg.groups.end()) return;
  for (std::size_t gi = 0; gi < cfg.groups.size(); ++gi)
    if (!cfg.groups[gi].power)
      group_nodes[gi].fail("has no power figures while " + group_nodes[static_cast<std::size_t>(powered - cfg.groups.begin())].path() +
                           " has; the energy model needs them for every group (power: { idle: 0W, busy: 0W } for hosts "
                           "that draw nothing)");
}

// SimGrid keeps one namespace for zones (the platform, each rack) and one for hosts and
// routers (each rack's switch, "<rack>-switch"); a second use of a name fails in its words
// ("second NetZone", "Refusing to create a router"): refused here, in the file's.
void check_netpoint_names(const PlatformConfig& cfg, const Node& root, const std::vector<Node>& group_nodes) {
  if (cfg.network.topology != Topology::Racks) return;  // one zone, no router
  std::map<std::string, std::string> zones, nodes;  // name -> what holds it
  const auto claim = [](std::map<std::string, std::string>& taken, const std::string& n, const std::string& what,
                        const Node& at) {
    const auto [it, fresh] = taken.emplace(n, what);
    if (!fresh && it->second != what) at.fail("\"" + n + "\" names both " + it->second + " and " + what);
  };
  claim(zones, cfg.name, "the platform", root.has("name") ? root.get("name") : root);
  for (std::size_t gi = 0; gi < cfg.groups.size(); ++gi) {
    const std::string& rack = cfg.groups[gi].rack;
    claim(zones, rack, "rack " + rack, group_nodes[gi].get("rack"));
    claim(nodes, rack + "-switch", "the switch of rack " + rack, group_nodes[gi].get("rack"));
  }
  for (std::size_t gi = 0; gi < cfg.groups.size(); ++gi)
    for (long long i = 0; i < cfg.groups[gi].count; ++i) {
      const std::string host = host_name(cfg.groups[gi], i);
      if (nodes.count(host)) claim(nodes, host, "a host of " + group_nodes[gi].path(), group_nodes[gi].get("name"));
    }
}

// Checks that need the whole platform: unique names, racks, fat-tree size, rule targets.
void check_platform(const PlatformConfig& cfg, const Node& root, const std::vector<Node>& group_nodes) {
  std::map<std::string, std::size_t> host_group;  // host name -> group index
  long long total = 0, cores = 0;
  for (std::size_t gi = 0; gi < cfg.groups.size(); ++gi) {
    const HostGroup& g = cfg.groups[gi];
    total += g.count;
    if (total > kMaxHosts)
      group_nodes[gi].get("count").fail("more than " + std::to_string(kMaxHosts) + " hosts (the largest platform nimbus runs)");
    cores += g.count * g.cores;
    if (cores > kMaxPlatformCores)
      group_nodes[gi].fail("more than " + std::to_string(kMaxPlatformCores) +
                           " cores in all (the largest platform nimbus runs: each busy core runs an actor)");
    for (long long i = 0; i < g.count; ++i) {
      const std::string name = host_name(g, i);
      if (!host_group.emplace(name, gi).second)
        group_nodes[gi].get("name").fail("host name \"" + name + "\" is used twice");
    }
    if (cfg.network.topology == Topology::Racks && g.rack.empty())
      group_nodes[gi].fail("needs a \"rack\" with topology racks");
  }
  if (cfg.network.topology == Topology::FatTree) {
    // 8 levels of 1024 make 2^80 leaves: counted in double, compared with the host count.
    double leaves = 1;
    for (unsigned d : cfg.network.fat_tree.down) leaves *= d;
    // Level l holds prod(up[0..l)) x prod(down[l..)) switches; bound them as we bound hosts.
    double switches = 0;
    for (unsigned level = 1; level <= cfg.network.fat_tree.levels; ++level) {
      double at_level = 1;
      for (unsigned i = 0; i < level; ++i) at_level *= cfg.network.fat_tree.up[i];
      for (unsigned i = level; i < cfg.network.fat_tree.levels; ++i) at_level *= cfg.network.fat_tree.down[i];
      switches += at_level;
    }
    if (switches > kMaxHosts)
      root.get("network").get("fat_tree").fail("would have more than " + std::to_string(kMaxHosts) + " switches");
    if (leaves != static_cast<double>(total))
      root.get("network").get("fat_tree").fail("has " + std::to_string(static_cast<long long>(leaves)) + " leaves (product of down) but the platform has " +
                                          std::to_string(total) + " hosts");
    // SimGrid's fat-tree takes time superlinear in its switches and links: 16 hosts under
    // 104,000 switches (up: [1000, 100]) took 470 s to build (found by fuzzing), 10,400 took
    // 7 s. A real fat-tree has fewer switches than hosts, and a few links per host.
    const auto& ft = cfg.network.fat_tree;
    double links = 0, below = static_cast<double>(total);  // nodes at the level below
    for (unsigned level = 0; level < ft.levels; ++level) {
      links += below * ft.up[level] * ft.parallel[level];
      below = 1;
      for (unsigned i = 0; i <= level; ++i) below *= ft.up[i];
      for (unsigned i = level + 1; i < ft.levels; ++i) below *= ft.down[i];
    }
    const double most_switches = std::max(2.0 * static_cast<double>(total), 1024.0);
    const double most_links = std::max(8.0 * static_cast<double>(total), 8192.0);
    if (switches > most_switches || links > most_links)
      root.get("network").get("fat_tree").fail(
          "has " + std::to_string(static_cast<long long>(switches)) + " switches and " +
          std::to_string(static_cast<long long>(links)) + " links for " + std::to_string(total) + " hosts; at most " +
          std::to_string(static_cast<long long>(most_switches)) + " switches and " +
          std::to_string(static_cast<long long>(most_links)) + " links (SimGrid takes minutes to build more)");
  }
  check_power(cfg, group_nodes);
  check_netpoint_names(cfg, root, group_nodes);
  check_rules(cfg, root, host_group);
}

}  // namespace

std::string host_name(const HostGroup& group, long long index) {
  const auto slot = group.name.find("{}");
  if (slot != std::string::npos)
    return group.name.substr(0, slot) + std::to_string(index) + group.name.substr(slot + 2);
  return group.count == 1 ? group.name : group.name + "-" + std::to_string(index);
}

const char* topology_name(Topology topology) {
  switch (topology) {
    case Topology::Star: return "star";
    case Topology::Racks: return "racks";
    case Topology::FatTree: return "fat-tree";
  }
  return "?";
}

const char* sharing_name(Sharing sharing) {
  switch (sharing) {
    case Sharing::SplitDuplex: return "split-duplex";
    case Sharing::Shared: return "shared";
    case Sharing::FatPipe: return "fatpipe";
  }
  return "?";
}

PlatformConfig parse_platform(const Node& root) {
  if (!root.present()) root.fail("empty platform; expected at least a \"hosts:\" list");
  root.expect_map({"name", "seed", "hosts", "network", "failures", "load"});
  PlatformConfig cfg;
  cfg.file = root.file();
  cfg.name = root.has("name") ? root.get("name").text() : stem(root.file());
  if (root.has("seed")) cfg.seed = static_cast<std::uint64_t>(root.get("seed").non_negative_integer());
  cfg.hosts_where = root.require("hosts").where();
  const auto group_nodes = root.require("hosts").items();
  if (group_nodes.empty()) root.get("hosts").fail("needs at least one host group");
  for (const auto& g : group_nodes) cfg.groups.push_back(parse_group(g));
  cfg.network = parse_network(root.get("network"));
  if (root.has("failures"))
    for (const auto& rule : root.get("failures").items()) cfg.failure_rules.push_back(parse_failure_rule(rule));
  if (root.has("load"))
    for (const auto& rule : root.get("load").items())
      cfg.load_rules.push_back({parse_rule_hosts(rule), parse_load(rule, {"hosts"})});
  check_platform(cfg, root, group_nodes);
  return cfg;
}

PlatformConfig parse_platform_file(const std::string& path) {
  if (ends_with(path, ".xml")) {
    // SimGrid parses XML platforms itself when they are loaded; here we only check the file,
    // and that it is UTF-8 text: SimGrid takes host names byte for byte (a Latin-1 "caf\xe9"
    // garbled hosts.csv and made describe --json fail).
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path, "", "no such file or not readable");
    std::ostringstream content;
    content << in.rdbuf();
    check_text(content.str(), path, "SimGrid XML");
    PlatformConfig cfg;
    cfg.file = cfg.xml_file = path;
    cfg.name = stem(path);
    return cfg;
  }
  return parse_platform(load_yaml_file(path));
}

}  // namespace nimbus
