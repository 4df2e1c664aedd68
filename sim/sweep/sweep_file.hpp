// A sweep as plain data: a base scenario, the factors to vary, the seeds.
//
// Built by parse_sweep_file() from a sweep YAML file (format: docs/sweeps.md). A factor is a
// key path that `--set` takes; its values are applied to the scenario as overrides, so they
// get exactly the checks a scenario file gets, and errors point at the sweep file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nimbus {

struct FactorValue {
  std::string text;   // the value as an override takes it: "fcfs", "2", "[0d, 10d]"
  std::string where;  // "sweep.yaml:7:22", for errors
};

struct Factor {
  std::string key;                  // "scheduling.jobs", "workload[0].load", "platform"
  std::vector<FactorValue> values;  // never empty
};

// Factors that move together (zip:): all hold the same number of values, and value i of
// each goes with value i of the others. A plain axis is a group of one.
using FactorGroup = std::vector<Factor>;

struct SweepSpec {
  std::string file;
  std::string name;      // default: the file's name without extension
  std::string scenario;  // resolved against the sweep file's folder
  std::vector<Factor> fixed;              // set: one value each, in every run
  std::vector<FactorGroup> axes;          // compared: axes:, then zip: groups; Cartesian product
  std::vector<FactorGroup> replicates;    // averaged over with the seeds: replicate:, platform_seeds:
  std::optional<std::vector<std::uint64_t>> seeds;  // unset: the scenario's own seed
};

// Throws ConfigError (file:line:col and key path) for anything invalid in the sweep file
// itself; values are checked later, against the scenario, point by point.
SweepSpec parse_sweep_file(const std::string& path);

}  // namespace nimbus
