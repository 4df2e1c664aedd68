// The pure parts of sweeps: Student's t, the plan's expansion, run identities and shards,
// summary.json flattened. The processes, the store and the files: tests/cli/sweep*.py.
#include "config/yaml_node.hpp"
#include "sweep/flatten.hpp"
#include "sweep/plan.hpp"
#include "sweep/stats.hpp"
#include "sweep/sweep_file.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>

using namespace nimbus;

namespace {

constexpr double kPi = 3.14159265358979323846;

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

Factor factor(const std::string& key, const std::vector<std::string>& values) {
  Factor f{key, {}};
  for (const auto& v : values) f.values.push_back({v, "s.yaml:1:1"});
  return f;
}

}  // namespace

TEST_CASE("t quantiles: closed forms for 1 and 2 degrees of freedom") {
  // dof 1 is the Cauchy distribution: t = tan(pi (p - 1/2)).
  CHECK(student_t_quantile(0.975, 1) == doctest::Approx(std::tan(kPi * 0.475)).epsilon(1e-10));
  CHECK(student_t_quantile(0.975, 1) == doctest::Approx(12.706204736).epsilon(1e-9));
  // dof 2: t = (2p - 1) sqrt(2 / (4 p (1 - p))).
  CHECK(student_t_quantile(0.975, 2) == doctest::Approx(0.95 * std::sqrt(2 / (4 * 0.975 * 0.025))).epsilon(1e-10));
  CHECK(student_t_quantile(0.9, 2) == doctest::Approx(0.8 * std::sqrt(2 / (4 * 0.9 * 0.1))).epsilon(1e-10));
}

TEST_CASE("t quantiles: the printed tables, and the normal limit") {
  struct Case {
    double dof, t975;
  };
  // Two-sided 95% critical values (Fisher & Yates's table; R's qt(0.975, dof)).
  const Case cases[] = {{3, 3.182446305}, {4, 2.776445105}, {5, 2.570581836}, {9, 2.262157163},
                        {19, 2.093024054}, {29, 2.045229642}, {100, 1.983971519}};
  for (const auto& c : cases) {
    CAPTURE(c.dof);
    CHECK(student_t_quantile(0.975, c.dof) == doctest::Approx(c.t975).epsilon(1e-9));
  }
  // As dof grows, t tends to the normal quantile 1.959963985.
  CHECK(student_t_quantile(0.975, 1e8) == doctest::Approx(1.959963985).epsilon(1e-7));
  // Symmetric about 0.
  CHECK(student_t_quantile(0.5, 7) == 0);
  CHECK(student_t_quantile(0.025, 4) == doctest::Approx(-2.776445105).epsilon(1e-9));
  CHECK(student_t_cdf(2.776445105, 4) == doctest::Approx(0.975).epsilon(1e-9));
}

TEST_CASE("mean and 95% half-width") {
  // 1..5: mean 3, s = sqrt(2.5), half-width t(0.975, 4) s / sqrt(5) = 2.776445105 x 0.707106781.
  const MeanCi m = mean_ci95({1, 2, 3, 4, 5});
  CHECK(m.n == 5);
  CHECK(m.mean == doctest::Approx(3));
  CHECK(m.ci95 == doctest::Approx(2.776445105 * std::sqrt(2.5) / std::sqrt(5.0)).epsilon(1e-9));
  CHECK(m.ci95 == doctest::Approx(1.963243).epsilon(1e-6));
  // Two values a, b: s = |a - b| / sqrt 2, half-width 12.706 x |a - b| / 2.
  CHECK(mean_ci95({10, 14}).ci95 == doctest::Approx(12.706204736 * 2).epsilon(1e-9));
  // No spread, no interval; one value, no interval at all.
  CHECK(mean_ci95({7, 7, 7}).ci95 == 0);
  CHECK(std::isnan(mean_ci95({7}).ci95));
  CHECK(mean_ci95({7}).mean == 7);
}

TEST_CASE("Cartesian product: first dimension slowest") {
  using V = std::vector<std::vector<std::size_t>>;
  CHECK(cartesian({2, 3}) == V{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}});
  CHECK(cartesian({}) == V{{}});  // no axes: one point
  CHECK(cartesian({1, 1, 4}).size() == 4);
}

TEST_CASE("plan: axes multiply, zipped factors move together, replicates and seeds make each point's runs") {
  SweepSpec spec;
  spec.fixed = {factor("workload[0].tasks", {"100"})};
  spec.axes = {{factor("scheduling.jobs", {"fcfs", "sjf", "fair"})},
               {factor("platform", {"a.yaml", "b.yaml"}), factor("scheduling.placement", {"round-robin", "heft"})}};
  spec.replicates = {{factor("platform_seed", {"0", "1"})}};
  spec.seeds = std::vector<std::uint64_t>{5, 6, 7, 8};
  const Plan plan = make_plan(spec, 42);
  // 3 jobs policies x 2 (platform, placement) pairs = 6 points; 2 platform seeds x 4 seeds = 8 runs each.
  CHECK(plan.points == 6);
  CHECK(plan.variants.size() == 12);
  CHECK(plan.runs.size() == 48);
  CHECK(plan.columns == std::vector<std::string>{"scheduling.jobs", "platform", "scheduling.placement", "platform_seed"});
  CHECK(plan.axis_columns == 3);
  // Point 3 is (sjf, b.yaml with heft): the zip pair never splits.
  const Variant& v = plan.variants[3 * 2];
  CHECK(v.point == 3);
  CHECK(v.values == std::vector<std::string>{"sjf", "b.yaml", "heft", "0"});
  CHECK(v.assignments == std::vector<std::string>{"workload[0].tasks=100", "scheduling.jobs=sjf", "platform=b.yaml",
                                                  "scheduling.placement=heft", "platform_seed=0"});
  std::set<std::string> pairs, keys;
  for (const Variant& each : plan.variants) pairs.insert(each.values[1] + "+" + each.values[2]);
  CHECK(pairs == std::set<std::string>{"a.yaml+round-robin", "b.yaml+heft"});
  for (const PlannedRun& run : plan.runs) keys.insert(run.key);
  CHECK(keys.size() == plan.runs.size());  // every run has its own identity
  CHECK(plan.runs[0].seed == 5);
  CHECK(plan.runs[3].seed == 8);
  CHECK(plan.runs[4].variant == 1);  // seeds vary fastest, then replicates
}

TEST_CASE("plan: without seeds the scenario's own seed; without axes one point") {
  SweepSpec spec;
  const Plan plan = make_plan(spec, 42);
  CHECK(plan.points == 1);
  REQUIRE(plan.runs.size() == 1);
  CHECK(plan.runs[0].seed == 42);
  CHECK(plan.runs[0].key == R"({"seed":42})");
}

TEST_CASE("run keys do not depend on the order of factors") {
  CHECK(run_key({"b", "a"}, {"2", "1"}, 3) == run_key({"a", "b"}, {"1", "2"}, 3));
  CHECK(run_key({"a", "b"}, {"1", "2"}, 3) == R"({"a":"1","b":"2","seed":3})");
  CHECK(run_key({"a"}, {"1"}, 3) != run_key({"a"}, {"1"}, 4));
}

TEST_CASE("shards split runs: each run in exactly one shard, about evenly") {
  constexpr std::size_t kShards = 4, kRuns = 4000;
  std::vector<std::size_t> counts(kShards);
  for (std::size_t i = 0; i < kRuns; ++i) {
    const std::string key = run_key({"scheduling.jobs"}, {"fcfs"}, i);
    std::size_t owners = 0;
    for (std::size_t s = 0; s < kShards; ++s)
      if (Shard{s, kShards}.owns(key)) {
        ++owners;
        ++counts[s];
      }
    CHECK(owners == 1);
  }
  // A binomial(4000, 1/4) count has a standard deviation of 27: 6 of them is 164.
  for (const std::size_t c : counts) CHECK(std::abs(static_cast<double>(c) - 1000.0) < 164);
  CHECK(Shard{}.owns("anything"));
}

TEST_CASE("--shard I/N is checked") {
  CHECK(parse_shard("2/4").index == 2);
  CHECK(parse_shard("2/4").count == 4);
  CHECK(error_of([] { parse_shard("4/4"); }) == "--shard 4/4: I must be below N (shards are numbered 0 to 3)");
  CHECK(error_of([] { parse_shard("1/0"); }) == "--shard 1/0: N must be at least 1");
  CHECK(error_of([] { parse_shard("a/4"); }) == "--shard a/4: expected I/N with whole numbers, e.g. 0/4");
  CHECK(error_of([] { parse_shard("3"); }) == "--shard 3: expected I/N, e.g. 0/4 (shard I of N, I from 0 to N-1)");
}

TEST_CASE("summary.json's metrics flattened by path; breakdowns apart") {
  const auto metrics = nlohmann::json::parse(R"({
    "makespan": 20.5, "energy_j": null,
    "wait": {"mean": 1.5, "p95": 4, "count": 8},
    "by_user": {"alice": {"jobs": 3, "wait": {"mean": 2}}},
    "by_queue": {}
  })");
  const FlatMetrics flat = flatten_metrics(metrics);
  std::vector<std::string> names;
  for (const auto& m : flat.metrics) names.push_back(m.name);
  // nlohmann's objects keep keys sorted, as summary.json has them.
  CHECK(names == std::vector<std::string>{"energy_j", "makespan", "wait.count", "wait.mean", "wait.p95"});
  CHECK(!flat.metrics[0].value.has_value());
  CHECK(*flat.metrics[3].value == 1.5);
  REQUIRE(flat.groups.size() == 2);
  CHECK(flat.groups[0].by == "user");
  CHECK(flat.groups[0].group == "alice");
  CHECK(flat.groups[0].metric == "jobs");
  CHECK(flat.groups[1].metric == "wait.mean");
  CHECK(flat.groups[1].value == 2);
}

TEST_CASE("metric names sort level by level") {
  CHECK(metric_name_less("wait.p95", "wait_x"));  // "wait" < "wait_x", whatever follows
  CHECK(metric_name_less("wait", "wait.mean"));
  CHECK(!metric_name_less("wait.mean", "wait.mean"));
  CHECK(metric_name_less("bounded_slowdown.p99", "bounded_slowdown_tau"));
}

TEST_CASE("sweep file: factors, zip, flow values, seeds") {
  const std::string path = "sweep_test_file.yaml";
  std::ofstream("s.yaml") << "platform: p.yaml\n";  // only needs to exist here
  std::ofstream(path) << "scenario: s.yaml\n"
                         "set:\n  workload[0].tasks: 50\n"
                         "axes:\n"
                         "  scheduling.jobs: [fcfs, sjf]\n"
                         "zip:\n"
                         "  platform: [a.yaml, b.yaml]\n"
                         "  scheduling.placement: [round-robin, heft]\n"
                         "replicate:\n"
                         "  workload[0].arrival: [{poisson: 5/s}, {poisson: 10/s}]\n"
                         "seeds: 3\n"
                         "platform_seeds: [4, 9]\n";
  const SweepSpec spec = parse_sweep_file(path);
  CHECK(spec.name == "sweep_test_file");
  CHECK(spec.scenario == "s.yaml");
  REQUIRE(spec.axes.size() == 2);
  CHECK(spec.axes[1].size() == 2);  // one zip group of two factors
  CHECK(spec.axes[0][0].values[1].text == "sjf");
  CHECK(spec.axes[0][0].values[1].where == "sweep_test_file.yaml:5:27");
  REQUIRE(spec.replicates.size() == 2);
  CHECK(spec.replicates[0][0].values[0].text == "{poisson: 5/s}");
  CHECK(spec.replicates[1][0].key == "platform_seed");
  CHECK(spec.replicates[1][0].values[1].text == "9");
  CHECK(*spec.seeds == std::vector<std::uint64_t>{0, 1, 2});
  CHECK(spec.fixed[0].values[0].text == "50");

  std::ofstream(path) << "scenario: s.yaml\nzip:\n  platform: [a.yaml, b.yaml]\n  scheduling.jobs: [fcfs]\n";
  CHECK(error_of([&] { parse_sweep_file(path); }) ==
        "sweep_test_file.yaml:4:20: zip.scheduling.jobs: has 1 values, but platform has 2; zipped factors move "
        "together and need as many values");
  std::ofstream(path) << "scenario: s.yaml\naxes:\n  seed: [1, 2]\n";
  CHECK(error_of([&] { parse_sweep_file(path); }) ==
        "sweep_test_file.yaml:3:9: axes.seed: the scenario's seed is set by seeds:, not as a factor");
  std::ofstream(path) << "scenario: s.yaml\nseeds: [1, 1]\n";
  CHECK(error_of([&] { parse_sweep_file(path); }) == "sweep_test_file.yaml:2:12: seeds[1]: seed 1 twice");
  std::ofstream(path) << "scenario: missing.yaml\n";
  CHECK(error_of([&] { parse_sweep_file(path); }) == "sweep_test_file.yaml:1:11: scenario: no scenario file \"missing.yaml\"");
  std::remove(path.c_str());
  std::remove("s.yaml");
}

TEST_CASE("overrides from a file point at the file, not at --set") {
  const Node root = load_yaml_string("scheduling: {jobs: fcfs}\n", "s.yaml");
  const Node changed = apply_overrides(root, {"scheduling.jobs=bogus"}, {"sweep.yaml:4:22"});
  CHECK(error_of([&] { changed.get("scheduling").get("jobs").choice({"fcfs", "sjf"}, "job policy"); }) ==
        "sweep.yaml:4:22: scheduling.jobs: unknown job policy \"bogus\" (expected one of: fcfs, sjf)");
}
