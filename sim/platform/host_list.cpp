#include "platform/host_list.hpp"

#include "util/rng.hpp"

#include <unordered_map>

namespace nimbus {

std::vector<HostSpec> expand_hosts(const PlatformConfig& cfg) {
  std::vector<HostSpec> hosts;
  std::unordered_map<std::string, std::size_t> index;  // host name -> position, for rules
  for (std::size_t gi = 0; gi < cfg.groups.size(); ++gi) {
    const HostGroup& g = cfg.groups[gi];
    // One stream per group: adding a group never changes the speeds drawn for the others.
    Rng rng(cfg.seed, "platform/speed/" + g.name);
    for (long long i = 0; i < g.count; ++i) {
      HostSpec h;
      h.name = host_name(g, i);
      h.group = gi;
      h.rack = g.rack;
      h.cores = g.cores;
      h.speed_flops = g.speed.sample(rng);
      h.failures = g.failures ? &*g.failures : nullptr;
      h.load = g.load ? &*g.load : nullptr;
      index.emplace(h.name, hosts.size());
      hosts.push_back(std::move(h));
    }
  }
  // A rule target is a group name or a host name (parse_platform checked which exists).
  auto apply = [&](const std::vector<std::string>& targets, auto assign) {
    for (const auto& target : targets) {
      if (const auto it = index.find(target); it != index.end()) {
        assign(hosts[it->second]);
        continue;
      }
      for (auto& h : hosts)
        if (cfg.groups[h.group].name == target) assign(h);
    }
  };
  for (const auto& rule : cfg.failure_rules) {
    apply(rule.hosts, [&rule](HostSpec& h) { h.failures = &rule.spec; });
    for (const auto& rack : rule.racks)
      for (auto& h : hosts)
        if (h.rack == rack) {
          h.failures = &rule.spec;
          h.failure_domain = "rack/" + rack;
        }
  }
  for (const auto& rule : cfg.load_rules) apply(rule.hosts, [&rule](HostSpec& h) { h.load = &rule.spec; });
  return hosts;
}

}  // namespace nimbus
