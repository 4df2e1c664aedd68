// nimbus run SCENARIO: simulate a scenario and write its results.
#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "config/config_error.hpp"
#include "config/scenario_config.hpp"
#include "metrics/outputs.hpp"
#include "pipeline/run_scenario.hpp"
#include "platform/engine.hpp"
#include "util/output_file.hpp"

#include <charconv>
#include <iostream>

namespace nimbus {

RunCommand::RunCommand(CLI::App& parent) {
  app = parent.add_subcommand("run", "Simulate a scenario and write its results");
  app->add_option("scenario", file, "Scenario file (.yaml)")->required();
  app->add_option("-o,--out", out, "Output directory (default: out/<scenario name>)");
  app->add_option("--seed", seed, "Seed for the scenario's random streams (overrides seed:)");
  app->add_option("--set", set, "Override a scenario value: key.path=value (repeatable)");
  app->add_option("--cfg", simgrid_cfg,
                  "A SimGrid configuration item, name:value, as SimGrid programs take it (repeatable): "
                  "--cfg network/model:CM02");
  app->add_option("--log", simgrid_log,
                  "A SimGrid log setting, category.setting:value, as SimGrid programs take it (repeatable): "
                  "--log surf_network.thres:debug");
  app->add_flag("-q,--quiet", quiet, "Print nothing on stdout, no progress on stderr");
}

int RunCommand::run(const GlobalOptions& global) const {
  ScenarioOverrides overrides;
  overrides.assignments = set;
  if (!seed.empty()) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(seed.data(), seed.data() + seed.size(), value);
    if (error != std::errc() || end != seed.data() + seed.size())
      throw ConfigError("--seed " + seed, "", "expected a whole number from 0 to 18446744073709551615");
    overrides.seed = value;
  }
  overrides.output_dir = out;
  overrides.simgrid = simgrid_cfg;
  overrides.logs = simgrid_log;
  const ScenarioConfig cfg = parse_scenario_file(file, overrides);
  check_memory_before_build(cfg.platform, &cfg);  // before SimGrid allocates the platform
  for (const std::string& log : cfg.simgrid_logs)
    if (const std::string refusal = simgrid_log_refusal(log); !refusal.empty())
      throw ConfigError("--log " + log, "", refusal);
  // Before the simulation, not after it: an output folder that cannot be written is bad input.
  if (const std::string problem = output_dir_problem(cfg.output_dir); !problem.empty())
    throw ConfigError(cfg.output_where, "", "output folder " + cfg.output_dir + ": " + problem);
  try {
    const RunReport report = run_scenario(cfg, {global.verbosity, quiet, true, global.command_line});
    if (!quiet) print_summary(cfg, report.sim, report.metrics, std::cout);
  } catch (const ProgramError& e) {
    std::cerr << cfg.file << ": " << e.what() << '\n';
    return 2;
  } catch (const InvariantError& e) {
    std::cerr << "nimbus: invariant violated: " << e.what() << " (this is a bug in nimbus; please report it)\n";
    return 1;
  }
  return 0;
}

}  // namespace nimbus
