// nimbus sweep SWEEP.yaml: every point x seed of a sweep, each run in a process of its own;
// results in DIR (results.sqlite, results.csv, summary.csv). Format: docs/sweeps.md.
#include "cli/commands.hpp"
#include "config/config_error.hpp"
#include "sweep/csv_files.hpp"
#include "sweep/plan.hpp"
#include "sweep/point_table.hpp"
#include "sweep/points.hpp"
#include "sweep/runner.hpp"
#include "sweep/summary.hpp"
#include "sweep/sweep_dir.hpp"
#include "sweep/sweep_file.hpp"
#include "util/stopwatch.hpp"

#include <sched.h>

#include <iostream>

namespace nimbus {
namespace {

// Points beyond this make a table nobody reads on a terminal: summary.csv has them all.
constexpr std::size_t kMaxTableRows = 60;
// Rows wait at most this long before they are committed: a killed sweep redoes at most
// this much work, and the file is not synced once per run.
constexpr double kCommitEvery_s = 1.0;

int available_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return std::max(1, CPU_COUNT(&set));
}

}  // namespace

SweepCommand::SweepCommand(CLI::App& parent) {
  app = parent.add_subcommand("sweep", "Run a scenario over policies x platforms x seeds; results with confidence intervals");
  app->add_option("sweep", file, "Sweep file (.yaml): a scenario, axes, seeds")->required();
  app->add_option("-j,--jobs", jobs, "Simulations at once (default: the CPUs this process may use)")
      ->check(CLI::Range(1, 4096));
  app->add_option("-o,--out", out, "Output directory (default: out/<sweep name>)");
  app->add_option("--shard", shard, "Run only shard I of N (I from 0 to N-1), e.g. a SLURM array task's share");
  app->add_flag("--keep-runs", keep_runs, "Keep each run's files (summary.json, jobs.csv, ...) in DIR/runs/");
  app->add_flag("-q,--quiet", quiet, "Print nothing on stdout, no progress on stderr");
}

int SweepCommand::run(const GlobalOptions& global) const {
  // Everything is checked before anything runs: the sweep file, every point, every platform, DIR.
  const Shard slice = shard.empty() ? Shard{} : parse_shard(shard);
  const SweepSpec spec = parse_sweep_file(file);
  const ScenarioConfig base = parse_base_scenario(spec);
  const Plan plan = make_plan(spec, base.seed);
  const std::vector<ParsedVariant> variants = parse_variants(spec, plan);
  check_platforms(plan, variants, global.verbosity);
  SweepDir dir(out.empty() ? "out/" + spec.name : out, slice, sweep_identity(base.name, plan.columns), plan.columns);
  const auto recorded = dir.recorded();
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const PlannedRun& run = plan.runs[i];
    const auto found = recorded.find(run.key);
    if (found != recorded.end() && found->second != variants[run.variant].scenario_hash)
      throw ConfigError(dir.dir(), "", "holds results from other inputs (the scenario or its platform changed since " +
                                           describe_variant(plan, plan.variants[run.variant]) +
                                           " was run). Choose another --out, or delete " + dir.dir());
    if (found == recorded.end() && slice.owns(run.key)) todo.push_back(i);
  }

  const int processes = jobs > 0 ? jobs : available_cpus();
  if (!quiet)
    std::cerr << "sweep " << spec.name << ": " << plan.points << " points, " << plan.runs.size() << " runs"
              << (slice.whole() ? "" : "; shard " + shard + " runs its share") << "; " << todo.size() << " to run, "
              << processes << " at a time" << std::endl;
  RunnerOptions options;
  options.jobs = processes;
  options.verbosity = global.verbosity;
  options.progress = !quiet;
  options.scratch_dir = dir.scratch_dir();
  if (keep_runs) options.keep_dir = dir.runs_dir();
  Stopwatch since_commit;
  double uncommitted_s = 0;
  const bool complete = run_all(plan, variants, todo, options, [&](RunRecord&& record) {
    dir.store().add(record);
    uncommitted_s += since_commit.lap();
    if (uncommitted_s >= kCommitEvery_s) {
      dir.store().commit();
      uncommitted_s = 0;
    }
  });
  dir.store().commit();
  const std::string where = dir.store().path();
  if (!complete) {
    std::cerr << "sweep: stopped; the runs that finished are recorded in " << where
              << ". Run the same command again to run the rest." << std::endl;
    return 130;
  }
  if (!slice.whole()) {
    if (!quiet)
      std::cerr << "sweep: shard " << shard << " done, results in " << where << "; when every shard is done, collect "
                << "them with: nimbus sweep " << file << " --out " << dir.dir() << std::endl;
    return 0;
  }

  const std::vector<RunRecord> records = dir.store().read_all();
  const std::vector<const RunRecord*> runs = runs_in_plan(plan, records);
  const std::vector<std::string> metrics = metric_names(runs);
  const std::vector<PointSummary> points = summarize(plan, runs);
  write_results_csv(dir.dir() + "/results.csv", plan, runs, metrics);
  write_summary_csv(dir.dir() + "/summary.csv", plan, points, metrics);
  std::size_t failed = 0;
  const RunRecord* first_failed = nullptr;
  for (const RunRecord* r : runs)
    if (r->status != "ok" && failed++ == 0) first_failed = r;
  if (!quiet) {
    if (points.size() <= kMaxTableRows) print_point_table(std::cout, plan, points);
    std::cout << "results in " << dir.dir() << "/: results.csv (" << runs.size() << " runs), summary.csv ("
              << points.size() << " points), results.sqlite" << std::endl;
  }
  if (failed > 0) {
    std::cerr << "sweep: " << failed << " of " << runs.size() << " runs failed (status in results.csv); the first: "
              << first_failed->error << std::endl;
    return 1;
  }
  return 0;
}

}  // namespace nimbus
