// A sweep's output directory, DIR:
//   results.sqlite                  every run, written by calls without --shard
//   shards/shard-I-of-N.sqlite      the runs of shard I of N, written by that shard alone
//   results.csv, summary.csv        written by calls without --shard, from results.sqlite
//   runs/<run>/                     each run's own outputs, with --keep-runs
//   .scratch/<writer>/              runs in progress (deleted as they are read)
// A file has one writer, so shards on a shared file system never clobber each other; a call
// without --shard copies the shards' runs into results.sqlite before it runs anything.
#pragma once

#include "sweep/plan.hpp"
#include "sweep/store.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace nimbus {

class SweepDir {
public:
  // Creates DIR if needed and opens the store this call writes. `identity` names the sweep
  // (sweep_identity()). Throws ConfigError, before anything runs, for a DIR that cannot be
  // written, that holds other files than a sweep's, or another sweep's results.
  SweepDir(const std::string& dir, const Shard& shard, const std::string& identity,
           const std::vector<std::string>& columns);

  const std::string& dir() const { return dir_; }
  ResultStore& store() { return *own_; }
  std::string scratch_dir() const;
  std::string runs_dir() const { return dir_ + "/runs"; }

  // Run key -> scenario hash of every run recorded where this call looks: its own store,
  // plus results.sqlite for a shard (the shards of a call without --shard were merged in).
  std::map<std::string, std::string> recorded() const;

private:
  void check_identity(const ResultStore& store) const;
  void merge_shards();

  std::string dir_;
  Shard shard_;
  std::string identity_;
  std::unique_ptr<ResultStore> own_;
  std::unique_ptr<ResultStore> collected_;  // results.sqlite, read by a shard
};

// {"factors": [sorted key paths], "scenario": name}: what makes two sweeps the same one. A
// sweep may gain values and seeds and keep its DIR; other factors or another scenario may not.
std::string sweep_identity(const std::string& scenario_name, const std::vector<std::string>& columns);

}  // namespace nimbus
