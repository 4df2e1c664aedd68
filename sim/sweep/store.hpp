// A sweep's results in SQLite: one row per finished run.
//
// Tables: meta (key, value): the sweep's identity and its factor columns; runs: one row per
// run (run_key, a TEXT column per factor named by its key path, seed, status, error, wall_s,
// scenario_hash, version, run_dir, then a REAL column per metric named by its path, added as
// metrics first appear); groups (run_key, breakdown, name, metric, value): per-user and per-queue
// metrics. Only one process writes a file; rows go in inside transactions, so a process
// killed at any moment leaves every run either recorded whole or not at all.
#pragma once

#include "sweep/flatten.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

struct sqlite3;

namespace nimbus {

struct RunRecord {
  std::string key;
  std::map<std::string, std::string> values;  // factor key path -> value text
  std::uint64_t seed = 0;
  std::string status = "ok";  // or "failed": the run ended with an error (`error`), no metrics
  std::string error;
  double wall_s = 0;          // the run's wall-clock time, fork to exit
  std::string scenario_hash;  // the scenario as run and its platform file (sweep/points.hpp)
  std::string version;
  std::string run_dir;        // under DIR/runs/ with --keep-runs, else ""
  std::vector<MetricValue> metrics;
  std::vector<GroupMetricValue> groups;
};

class ResultStore {
public:
  // Write: opens or creates the file, for this process to write. Read: opens a file another
  // process writes (or wrote), and never writes to it. Throws std::runtime_error naming the file.
  enum class Access { Write, Read };
  ResultStore(const std::string& path, Access access);
  ~ResultStore();
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  const std::string& path() const { return path_; }
  // The sweep this file belongs to; unset for a new file.
  std::optional<std::string> identity() const;
  // REQUIRES: a new file (no identity yet).
  void initialize(const std::string& identity, const std::vector<std::string>& factor_columns);

  // Run key -> scenario hash of every recorded run.
  std::map<std::string, std::string> recorded() const;
  std::vector<RunRecord> read_all() const;

  // Adds a run inside the open transaction (one begins if none is open). A run already
  // recorded is left as it is: a run is recorded once.
  void add(const RunRecord& record);
  bool in_transaction() const { return in_transaction_; }
  void commit();

private:
  void exec(const std::string& sql) const;
  void add_metric_column(const std::string& name);

  bool has_table(const std::string& name) const;

  std::string path_;
  sqlite3* db_ = nullptr;
  std::vector<std::string> factor_columns_;
  std::set<std::string> metric_columns_;
  bool in_transaction_ = false;
};

}  // namespace nimbus
