// nimbus run SCENARIO: load the scenario and its platform into SimGrid and simulate.
#include "cli/commands.hpp"
#include "config/scenario_config.hpp"
#include "platform/builder.hpp"
#include "platform/engine.hpp"

#include <nlohmann/json.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace nimbus {

RunCommand::RunCommand(CLI::App& parent) {
  app = parent.add_subcommand("run", "Simulate a scenario and write its results");
  app->add_option("scenario", file, "Scenario file (.yaml)")->required();
  app->add_option("-o,--out", out, "Output directory (default: out/<scenario name>)");
  app->add_option("--seed", seed, "Seed for the scenario's random streams (overrides seed:)");
  app->add_option("--set", set, "Override a scenario value: key.path=value (repeatable)");
  app->add_flag("-q,--quiet", quiet, "Print nothing on stdout");
}

int RunCommand::run(const GlobalOptions& global) const {
  ScenarioOverrides overrides;
  overrides.assignments = set;
  overrides.seed = seed;
  overrides.output_dir = out;
  const ScenarioConfig cfg = parse_scenario_file(file, overrides);
  const auto engine = make_engine(global.verbosity);
  const auto hosts = build_platform(cfg.platform);
  engine->run();

  std::filesystem::create_directories(cfg.output_dir);
  const nlohmann::json summary{{"scenario", cfg.name},
                               {"seed", cfg.seed},
                               {"platform", {{"name", cfg.platform.name}, {"file", cfg.platform.file}, {"hosts", hosts.size()}}},
                               {"version", version_string()},
                               {"metrics", {{"makespan", engine->get_clock()}}}};
  std::ofstream(cfg.output_dir + "/summary.json") << summary.dump(2) << '\n';
  if (!quiet)
    std::cout << cfg.name << ": platform " << cfg.platform.name << " (" << hosts.size()
              << " hosts) loaded; simulated until t=" << engine->get_clock() << " s; results in " << cfg.output_dir
              << "/\n";
  return 0;
}

}  // namespace nimbus
