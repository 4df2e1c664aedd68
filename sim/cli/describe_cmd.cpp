// nimbus describe PLATFORM [--json]: what the platform holds, read back from SimGrid.
#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "platform/builder.hpp"
#include "platform/engine.hpp"
#include "platform/summary.hpp"
#include "util/table.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <cmath>
#include <iostream>

namespace nimbus {
namespace {

std::string flops(double v) { return format_quantity(v, Dimension::Flops); }
std::string bandwidth(double v) { return format_quantity(v, Dimension::Bandwidth); }

std::string ratio(double r) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g:1", r);
  return text;
}

void print_text(const PlatformSummary& s, std::ostream& out) {
  out << s.name << " (" << s.file << ")\n";
  out << "  " << s.hosts << " hosts, " << s.cores << " cores, " << flops(s.total_flops) << " in total"
      << (s.energy ? "; energy model on" : "") << "\n";
  out << "  speed per core: " << flops(s.speed.min) << " to " << flops(s.speed.max) << ", mean "
      << flops(s.speed.mean);
  char cv[32];
  std::snprintf(cv, sizeof cv, "%.3f", s.speed.cv);
  out << ", coefficient of variation " << cv << (s.speed.cv == 0 ? " (homogeneous)" : " (heterogeneous)") << "\n\n";

  out << "host groups\n";
  TextTable groups({"group", "rack", "hosts", "cores", "speed per core", "flop/s", "power"});
  for (const auto& g : s.groups)
    groups.add({g.name, g.rack.empty() ? "-" : g.rack, std::to_string(g.hosts), std::to_string(g.cores),
                g.speed_spec.empty() ? flops(g.speed.mean) : g.speed_spec, flops(g.total_flops),
                g.power.empty() ? "-" : g.power});
  groups.print(out);

  bool dynamic = !s.rules.empty();
  for (const auto& g : s.groups) dynamic = dynamic || g.failing_hosts > 0 || g.loaded_hosts > 0;
  if (dynamic) {
    out << "\nfailures and background load\n";
    TextTable profiles({"group or rule", "hosts", "failures", "load"});
    auto dash = [](const std::string& text) { return text.empty() ? std::string("-") : text; };
    for (const auto& g : s.groups)
      if (!g.failures.empty() || !g.load.empty())
        profiles.add({g.name, std::to_string(g.hosts) + " hosts", dash(g.failures), dash(g.load)});
    for (const auto& r : s.rules) profiles.add({r.rule, r.hosts, dash(r.failures), dash(r.load)});
    profiles.print(out);
  }

  if (!s.racks.empty()) {
    out << "\nracks\n";
    TextTable racks({"rack", "hosts", "cores", "flop/s", "host links", "uplink", "oversubscription",
                     "per host across racks"});
    for (const auto& r : s.racks)
      racks.add({r.name, std::to_string(r.hosts), std::to_string(r.cores), flops(r.total_flops),
                 bandwidth(r.nic_total_Bps), r.uplink_Bps > 0 ? bandwidth(r.uplink_Bps) : "-",
                 r.uplink_Bps > 0 ? ratio(r.oversubscription()) : "-",
                 r.uplink_Bps > 0 ? bandwidth(std::min(r.uplink_Bps / static_cast<double>(r.hosts), r.nic_total_Bps / static_cast<double>(r.hosts))) : "-"});
    racks.print(out);
  }

  out << "\nnetwork\n  " << s.network << "\n";
  if (s.hosts == 1) out << "\nroutes\n  none: a single host\n";
  if (!s.routes.empty()) {
    out << "\nroutes\n";
    for (const auto& r : s.routes) {
      out << "  " << r.from << " -> " << r.to << ": " << r.links.size() << (r.links.size() == 1 ? " link" : " links") << ", bottleneck "
          << bandwidth(r.bottleneck_Bps) << ", latency " << format_quantity(r.latency_s, Dimension::Duration) << "\n    ";
      for (std::size_t i = 0; i < r.links.size(); ++i) out << (i ? " > " : "") << r.links[i].name;
      out << "\n";
    }
  }
}

}  // namespace

DescribeCommand::DescribeCommand(CLI::App& parent) {
  app = parent.add_subcommand("describe", "Show what a platform holds: hosts, racks, speeds, links, routes, failures");
  app->add_option("platform", file, "Platform (.yaml, .xml) or a scenario (its platform is described)")->required();
  app->add_flag("--json", json, "Print JSON instead of text");
}

int DescribeCommand::run(const GlobalOptions& global) const {
  const Inputs in = read_inputs(file);
  check_memory_before_build(in.platform, nullptr);  // the platform's hosts, before SimGrid allocates them
  const auto engine = make_engine(global.verbosity);
  const auto hosts = build_platform(in.platform);
  const PlatformSummary summary = summarize(in.platform, hosts);
  if (json)
    std::cout << to_json(summary).dump(2) << '\n';
  else
    print_text(summary, std::cout);
  return 0;
}

}  // namespace nimbus
