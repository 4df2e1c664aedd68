// Failure and load specs, and the targets of a platform's top-level rules. Format:
// docs/platforms.md (Failures, Background load).
#include "config/parse_values.hpp"
#include "config/platform_rules.hpp"
#include "util/nearest.hpp"

#include <algorithm>
#include <set>

namespace nimbus {
namespace {

using Kind = Distribution::Kind;

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

const std::vector<std::string> kNoRacks;
const std::vector<std::string>& racks_of(const FailureRule& r) { return r.racks; }
const std::vector<std::string>& racks_of(const LoadRule&) { return kNoRacks; }

}  // namespace

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

std::vector<std::string> parse_rule_hosts(const Node& rule) {
  std::vector<std::string> hosts;
  for (const auto& h : rule.require("hosts").items()) hosts.push_back(h.text());
  if (hosts.empty()) rule.get("hosts").fail("needs at least one host or group name");
  return hosts;
}

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

void check_rules(const PlatformConfig& cfg, const Node& root, const std::map<std::string, std::size_t>& host_group) {
  // Rule targets: each name a group or a host; no host under two rules or marked never_fails.
  std::vector<std::string> group_names;
  std::vector<std::string> rack_names;
  for (const auto& g : cfg.groups) {
    group_names.push_back(g.name);
    if (!g.rack.empty() && std::find(rack_names.begin(), rack_names.end(), g.rack) == rack_names.end())
      rack_names.push_back(g.rack);
  }
  // A rule overrides the spec of the named hosts' group; two rules may not name one host.
  auto check_targets = [&](const char* key, auto const& rules) {
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
          const HostGroup& g = cfg.groups[host_group.at(h)];
          if (std::string(key) == "failures" && g.never_fails)
            host_nodes[hi].fail("host \"" + h + "\" is in group \"" + g.name + "\", marked never_fails");
          const auto [it, fresh] = owner.emplace(h, rule_nodes[ri].path());
          if (!fresh) host_nodes[hi].fail("host \"" + h + "\" is already covered by " + it->second);
        }
      }
    }
  };
  check_targets("failures", cfg.failure_rules);
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
  check_targets("load", cfg.load_rules);
}

}  // namespace nimbus
