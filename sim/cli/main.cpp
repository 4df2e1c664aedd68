#include "cli/commands.hpp"
#include "config/config_error.hpp"
#include "metrics/provenance.hpp"
#include "pipeline/run_scenario.hpp"
#include "util/log.hpp"
#include "util/nearest.hpp"
#include "util/output_file.hpp"

#include <algorithm>
#include <iostream>

#include <malloc.h>

int main(int argc, char** argv) {
  using namespace nimbus;
  // glibc's malloc raises its mmap threshold each time it frees a large mapped block, up to
  // 32 MiB, so whether a large array (a million tasks' state: 16 MB) lands in the heap
  // depends on what was freed before it. In the heap, under the 100,000 actors of a
  // 100,000-host run, it made malloc consolidate and trim all the time: 1M tasks on 100k
  // hosts took 54 s of CPU instead of 25. A fixed threshold (glibc's own default value)
  // keeps every large array mapped on its own.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  CLI::App app{"nimbus: a discrete-event simulator of cloud datacenters, built on SimGrid.\n"
               "Describe a datacenter (platform) and an experiment (scenario) in YAML; run it."};
  app.set_version_flag("--version", version_string());
  app.require_subcommand(1);
  app.fallthrough();  // -v may come after the subcommand
  GlobalOptions global;
  app.add_flag("-v,--verbose", global.verbosity, "More log output on stderr (-vv for debug)");
  const ValidateCommand validate(app);
  const DescribeCommand describe(app);
  const RunCommand run(app);
  const SweepCommand sweep(app);
  const ListCommand list(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // A mistyped command reads to CLI11 as no command at all: name it.
    std::vector<std::string> commands;
    for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
    std::string what = e.what();
    if (argc > 1 && argv[1][0] != '-' && std::find(commands.begin(), commands.end(), argv[1]) == commands.end())
      what = "unknown command \"" + std::string(argv[1]) + "\"" + did_you_mean(argv[1], commands) + " (commands: " + join(commands) + ")";
    std::cerr << "nimbus: " << what << "\nRun 'nimbus --help' for usage.\n";
    return 2;
  }
  set_verbosity(global.verbosity);
  for (int i = 0; i < argc; ++i) global.command_line += (i ? " " : "") + shell_quote(argv[i]);
  try {
    if (validate.app->parsed()) return validate.run(global);
    if (describe.app->parsed()) return describe.run(global);
    if (run.app->parsed()) return run.run(global);
    if (sweep.app->parsed()) return sweep.run(global);
    if (list.app->parsed()) return list.run(global);
  } catch (const ConfigError& e) {
    std::cerr << e.what() << '\n';
    return 2;
  } catch (const OutputError& e) {
    std::cerr << "nimbus: " << e.what() << '\n';  // names the file; nothing half written is left
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "nimbus: error during simulation: " << e.what() << '\n';
    return 1;
  }
  return 2;
}
