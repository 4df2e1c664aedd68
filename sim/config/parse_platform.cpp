// The one reader of platform YAML files. Format: docs/platforms.md.
#include "config/platform_config.hpp"
#include "config/parse_values.hpp"
#include "config/yaml_node.hpp"
#include "util/nearest.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

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

// A trace: a non-empty list of [time, value] pairs, times increasing. Calls add(time, value).
template <typename Add>
void for_each_timed(const Node& trace, const char* shape, Add&& add) {
  double last = -1;
  for (const auto& item : trace.items()) {
    const auto pair = item.items();
    if (pair.size() != 2) item.fail(std::string("expected ") + shape);
    const double t = pair[0].non_negative_quantity(Dimension::Duration);
    if (t <= last) pair[0].fail("times must increase");
    last = t;
    add(t, pair[1]);
  }
  if (last < 0) trace.fail(std::string("needs at least one ") + shape);
}

FailureSpec parse_failures(const Node& node, std::vector<std::string> keys) {
  keys.insert(keys.end(), {"trace", "mtbf", "mttr"});
  node.expect_map(keys);
  FailureSpec spec;
  if (node.has("trace")) {
    if (node.has("mtbf") || node.has("mttr")) node.fail("give either a trace or mtbf/mttr, not both");
    for_each_timed(node.get("trace"), "[time, on|off]", [&spec](double t, const Node& state) {
      spec.trace.push_back({t, state.choice({"on", "off"}, "host state") == "on"});
    });
    return spec;
  }
  if (!node.has("mtbf")) node.fail("expected either \"trace\" or \"mtbf\" and \"mttr\"");
  const std::vector<Kind> kinds{Kind::Fixed, Kind::Exponential, Kind::Weibull, Kind::Uniform, Kind::Normal};
  // A bare MTBF or MTTR is the mean of an exponential distribution, the classic memoryless model.
  // A host that fails once in a million hours never fails in a simulation, but its MTBF
  // plans checkpoints: failure times may pass kMaxTime_s.
  const double longest = max_quantity(Dimension::Duration);
  spec.up_time = parse_distribution(node.get("mtbf"), Dimension::Duration, kinds, Kind::Exponential, longest);
  spec.down_time = parse_distribution(node.require("mttr"), Dimension::Duration, kinds, Kind::Exponential, longest);
  // Each failure and repair is an event that SimGrid keeps for the whole run: a cycle far
  // shorter than the work floods memory and never lets time move (1e-300 s hangs).
  if (spec.up_time->expected_value() < 1)
    node.get("mtbf").fail("a mean time between failures under 1 s cannot be simulated (every failure is an event); "
                          "got " + format_quantity(spec.up_time->expected_value(), Dimension::Duration));
  if (spec.down_time->expected_value() < 1e-3)
    node.get("mttr").fail("a mean time to repair under 1 ms cannot be simulated (every repair is an event); got " +
                          format_quantity(spec.down_time->expected_value(), Dimension::Duration));
  return spec;
}

LoadSpec parse_load(const Node& node, std::vector<std::string> keys) {
  keys.insert(keys.end(), {"trace", "periodic"});
  node.expect_map(keys);
  LoadSpec spec;
  auto fraction = [](const Node& n) {
    const double f = n.number();
    if (f <= 0 || f > 1) n.fail("expected the fraction of speed left available, in (0, 1]");
    return f;
  };
  if (node.has("trace") == node.has("periodic")) node.fail("expected either \"trace\" or \"periodic\"");
  if (node.has("trace")) {
    for_each_timed(node.get("trace"), "[time, available fraction]",
                   [&](double t, const Node& available) { spec.trace.push_back({t, fraction(available)}); });
    return spec;
  }
  const Node periodic = node.get("periodic");
  periodic.expect_map({"period", "length", "available"});
  spec.period_s = periodic.require("period").positive_quantity(Dimension::Duration);
  // Two events per period, kept by SimGrid for the whole run: 1 ns grew memory by 70 MB/s.
  if (spec.period_s < 1) periodic.get("period").fail("must be at least 1 s (each period is two events, kept for the whole run)");
  const Node length = periodic.require("length");
  spec.length_s = length.positive_quantity(Dimension::Duration);
  if (spec.length_s >= spec.period_s) length.fail("must be shorter than the period");
  spec.available = fraction(periodic.require("available"));
  return spec;
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

std::vector<std::string> parse_rule_hosts(const Node& rule) {
  std::vector<std::string> hosts;
  for (const auto& h : rule.require("hosts").items()) hosts.push_back(h.text());
  if (hosts.empty()) rule.get("hosts").fail("needs at least one host or group name");
  return hosts;
}

const std::vector<std::string> kNoRacks;
const std::vector<std::string>& racks_of(const FailureRule& r) { return r.racks; }
const std::vector<std::string>& racks_of(const LoadRule&) { return kNoRacks; }

// A top-level failure rule: `hosts:`, `racks:` or `links:`, and the failure spec.
FailureRule parse_failure_rule(const Node& rule) {
  FailureRule r;
  const int kinds = rule.has("hosts") + rule.has("racks") + rule.has("links");
  if (kinds != 1) rule.fail("expected one of \"hosts\", \"racks\" or \"links\": what fails");
  auto names = [&rule](const char* key) {
    std::vector<std::string> out;
    for (const auto& n : rule.get(key).items()) out.push_back(n.text());
    if (out.empty()) rule.get(key).fail("needs at least one name");
    return out;
  };
  if (rule.has("hosts")) r.hosts = parse_rule_hosts(rule);
  if (rule.has("racks")) r.racks = names("racks");
  if (rule.has("links")) r.links = names("links");
  r.spec = parse_failures(rule, {"hosts", "racks", "links"});
  return r;
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
  // Rule targets: each name a group or a host; no host under two rules or marked never_fails.
  std::vector<std::string> group_names;
  std::vector<std::string> rack_names;
  for (const auto& g : cfg.groups) {
    group_names.push_back(g.name);
    if (!g.rack.empty() && std::find(rack_names.begin(), rack_names.end(), g.rack) == rack_names.end())
      rack_names.push_back(g.rack);
  }
  // A rule overrides the spec of the named hosts' group; two rules may not name one host.
  auto check_rules = [&](const char* key, auto const& rules) {
    std::map<std::string, std::string> owner;  // host -> rule that covers it
    if (rules.empty()) return;
    const auto rule_nodes = root.get(key).items();
    for (std::size_t ri = 0; ri < rules.size(); ++ri) {
      const bool by_rack = !racks_of(rules[ri]).empty();
      const auto& targets = by_rack ? racks_of(rules[ri]) : rules[ri].hosts;
      const auto host_nodes = targets.empty() ? std::vector<Node>{} : rule_nodes[ri].get(by_rack ? "racks" : "hosts").items();
      for (std::size_t hi = 0; hi < targets.size(); ++hi) {
        const std::string& target = targets[hi];
        std::vector<std::string> covered;
        const auto group = std::find(group_names.begin(), group_names.end(), target);
        if (by_rack) {
          for (const auto& g : cfg.groups)
            if (g.rack == target)
              for (long long i = 0; i < g.count; ++i) covered.push_back(host_name(g, i));
          if (covered.empty()) host_nodes[hi].fail("no rack named \"" + target + "\"" + did_you_mean(target, rack_names));
        } else if (group != group_names.end()) {
          const auto& g = cfg.groups[static_cast<std::size_t>(group - group_names.begin())];
          for (long long i = 0; i < g.count; ++i) covered.push_back(host_name(g, i));
        } else if (host_group.count(target)) {
          covered.push_back(target);
        } else {
          host_nodes[hi].fail("no host or group named \"" + target + "\"" + did_you_mean(target, group_names));
        }
        for (const auto& h : covered) {
          const HostGroup& g = cfg.groups[host_group[h]];
          if (std::string(key) == "failures" && g.never_fails)
            host_nodes[hi].fail("host \"" + h + "\" is in group \"" + g.name + "\", marked never_fails");
          const auto [it, fresh] = owner.emplace(h, rule_nodes[ri].path());
          if (!fresh) host_nodes[hi].fail("host \"" + h + "\" is already covered by " + it->second);
        }
      }
    }
  };
  check_rules("failures", cfg.failure_rules);
  // Links that may fail: the ones nimbus builds and names (a fat-tree's are SimGrid's own).
  std::set<std::string> links, failing;
  if (cfg.network.topology != Topology::FatTree) {
    for (const auto& [host, group] : host_group) links.insert(host + "-nic");
    for (const auto& rack : rack_names) links.insert(rack + "-uplink");
  }
  for (std::size_t ri = 0; ri < cfg.failure_rules.size(); ++ri) {
    const auto& names = cfg.failure_rules[ri].links;
    if (names.empty()) continue;
    const auto nodes = root.get("failures").items()[ri].get("links").items();
    for (std::size_t li = 0; li < names.size(); ++li) {
      if (cfg.network.topology == Topology::FatTree)
        nodes[li].fail("a fat-tree's links are SimGrid's own: link failures need topology star or racks");
      if (!links.count(names[li]))
        nodes[li].fail("no link named \"" + names[li] + "\"" +
                       did_you_mean(names[li], std::vector<std::string>(links.begin(), links.end())) + "; links are <host>-nic" +
                       std::string(cfg.network.topology == Topology::Racks ? " and <rack>-uplink" : ""));
      if (!failing.insert(names[li]).second) nodes[li].fail("link \"" + names[li] + "\" is named by two rules");
    }
  }
  check_rules("load", cfg.load_rules);
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
    // SimGrid parses XML platforms itself when they are loaded; here we only check the file.
    std::ifstream in(path);
    if (!in) throw ConfigError(path, "", "no such file or not readable");
    PlatformConfig cfg;
    cfg.file = cfg.xml_file = path;
    cfg.name = stem(path);
    return cfg;
  }
  return parse_platform(load_yaml_file(path));
}

}  // namespace nimbus
