#include "pipeline/run_scenario.hpp"

#include "metrics/outputs.hpp"
#include "util/log.hpp"
#include "util/stopwatch.hpp"

#include <xbt/base.h>

#include <simgrid/version.h>

namespace nimbus {

RunReport run_scenario(const ScenarioConfig& cfg, const RunOptions& options) {
  RunReport report;
  std::unique_ptr<TasksCsv> tasks_file;
  FollowLog follow;
  if (options.write_files)
    follow = [&](const Simulation& sim) {
      tasks_file = start_tasks_csv(cfg, sim);
      return tasks_file.get();
    };
  report.sim = simulate(cfg, options.verbosity, options.quiet, follow);
  Stopwatch watch;
  if (tasks_file) {
    tasks_file->run_ended(report.sim);
    remove_old_outputs(cfg);
  }
  report.metrics = compute_metrics(report.sim, cfg.bounded_slowdown_tau_s);
  if (options.write_files) {
    write_outputs(cfg, report.sim, report.metrics, version_string(), options.command_line, *tasks_file);
    logger("metrics")->info("metrics and outputs written to {} in {:.3f} s", cfg.output_dir, watch.lap());
  }
  return report;
}

std::string version_string() {
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  return std::string("nimbus ") + NIMBUS_VERSION + " (SimGrid " + std::to_string(major) + "." + std::to_string(minor) +
         "." + std::to_string(patch) + ")";
}

}  // namespace nimbus
