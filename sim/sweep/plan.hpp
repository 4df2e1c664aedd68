// The runs of a sweep: its points (the Cartesian product of the axes), the replications of
// each point (replicate factors x seeds), and each run's identity.
#pragma once

#include "sweep/sweep_file.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nimbus {

// Every combination of one index per dimension, the first dimension varying slowest:
// sizes {2, 3} -> {0,0} {0,1} {0,2} {1,0} {1,1} {1,2}. An empty `sizes` gives one empty
// combination (a sweep without axes has one point).
std::vector<std::vector<std::size_t>> cartesian(const std::vector<std::size_t>& sizes);

// A scenario to parse: the base with one value of every factor. A point has one variant per
// combination of replicate values; the seeds then make its runs.
struct Variant {
  std::size_t point = 0;
  std::vector<std::string> values;      // one per Plan::columns
  std::vector<std::string> assignments;  // "key=value": set:, then the factors
  std::vector<std::string> labels;       // where each assignment is in the sweep file
};

struct PlannedRun {
  std::size_t variant = 0;
  std::uint64_t seed = 0;
  std::string key;  // canonical JSON of the factor values and the seed: the run's identity
};

struct Plan {
  std::vector<std::string> columns;  // factor key paths: the axes', then the replicates'
  std::size_t axis_columns = 0;      // columns[0, axis_columns) are axes
  std::size_t points = 0;
  std::vector<Variant> variants;
  std::vector<PlannedRun> runs;      // point by point; within a point, variant by variant, then seed
};

// `default_seed`: the scenario's own seed, used when the sweep names no seeds.
Plan make_plan(const SweepSpec& spec, std::uint64_t default_seed);

// The run's identity: {"<column>": "<value>", ..., "seed": N}, keys sorted; independent of
// the order of factors in the file and of the run's place in the plan.
std::string run_key(const std::vector<std::string>& columns, const std::vector<std::string>& values, std::uint64_t seed);

// --shard I/N: N shards, I in [0, N). A run belongs to the shard its key hashes to, so a
// run keeps its shard when values or seeds are added to the sweep.
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
  bool owns(const std::string& key) const;
  bool whole() const { return count == 1; }
};

// "I/N"; throws ConfigError naming --shard.
Shard parse_shard(const std::string& text);

}  // namespace nimbus
