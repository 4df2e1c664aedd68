#include "sweep/store.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <stdexcept>
#include <unordered_map>

namespace nimbus {
namespace {

// The columns every runs row has, besides its factors and metrics.
const char* const kFixedColumns[] = {"run_key", "seed", "status", "error", "wall_s", "scenario_hash", "version", "run_dir"};

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A prepared statement that finalizes itself.
class Statement {
public:
  Statement(sqlite3* db, const std::string& sql, const std::string& path) : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) fail();
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int i, const std::string& text) { check(sqlite3_bind_text(stmt_, i, text.c_str(), -1, SQLITE_TRANSIENT)); }
  void bind(int i, double value) { check(sqlite3_bind_double(stmt_, i, value)); }
  void bind(int i, std::int64_t value) { check(sqlite3_bind_int64(stmt_, i, value)); }
  void bind_null(int i) { check(sqlite3_bind_null(stmt_, i)); }
  void reset() { sqlite3_reset(stmt_); }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail();
    return false;
  }
  int columns() const { return sqlite3_column_count(stmt_); }
  std::string name(int i) const { return sqlite3_column_name(stmt_, i); }
  bool is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  std::string text(int i) const {
    const auto* s = sqlite3_column_text(stmt_, i);
    return s ? reinterpret_cast<const char*>(s) : "";
  }
  double real(int i) const { return sqlite3_column_double(stmt_, i); }
  std::int64_t integer(int i) const { return sqlite3_column_int64(stmt_, i); }

private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail();
  }
  [[noreturn]] void fail() { throw std::runtime_error(path_ + ": " + sqlite3_errmsg(db_)); }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string path_;
};

}  // namespace

ResultStore::ResultStore(const std::string& path, Access access) : path_(path) {
  // Read access still opens the file read-write: a writer killed inside a transaction
  // leaves a journal that the next reader must roll back before reading.
  const int flags = SQLITE_OPEN_READWRITE | (access == Access::Write ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error(path + ": " + message);
  }
  // The writer may be busy (a shard still running); wait for it rather than fail.
  sqlite3_busy_timeout(db_, 60'000);
  if (access == Access::Write) {
    // The rollback journal, not WAL: WAL needs shared memory, which network file systems
    // (where SLURM shards write) do not give.
    exec("PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;");
    exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  }
  if (!has_table("meta") || !has_table("runs")) return;  // not initialized yet
  {
    Statement s(db_, "SELECT value FROM meta WHERE key = 'factors'", path_);
    if (s.step()) factor_columns_ = nlohmann::json::parse(s.text(0)).get<std::vector<std::string>>();
  }
  Statement columns(db_, "SELECT name FROM pragma_table_info('runs')", path_);
  std::set<std::string> fixed(std::begin(kFixedColumns), std::end(kFixedColumns));
  fixed.insert(factor_columns_.begin(), factor_columns_.end());
  while (columns.step())
    if (!fixed.count(columns.text(0))) metric_columns_.insert(columns.text(0));
}

bool ResultStore::has_table(const std::string& name) const {
  Statement s(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", path_);
  s.bind(1, name);
  return s.step();
}

ResultStore::~ResultStore() {
  // An open transaction is rolled back: only committed runs count.
  sqlite3_close_v2(db_);
}

void ResultStore::exec(const std::string& sql) const {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(path_ + ": " + message);
  }
}

std::optional<std::string> ResultStore::identity() const {
  if (!has_table("runs")) return std::nullopt;
  Statement s(db_, "SELECT value FROM meta WHERE key = 'sweep'", path_);
  if (s.step()) return s.text(0);
  return std::nullopt;
}

void ResultStore::initialize(const std::string& identity, const std::vector<std::string>& factor_columns) {
  factor_columns_ = factor_columns;
  std::string columns = "run_key TEXT PRIMARY KEY";
  for (const auto& name : factor_columns) columns += ", " + quoted(name) + " TEXT NOT NULL";
  columns += ", seed INTEGER NOT NULL, status TEXT NOT NULL, error TEXT, wall_s REAL, scenario_hash TEXT, version TEXT, run_dir TEXT";
  // One transaction: a file is either a whole, empty store or nothing to read.
  exec("BEGIN");
  exec("CREATE TABLE runs(" + columns + ")");
  exec("CREATE TABLE groups(run_key TEXT NOT NULL, breakdown TEXT NOT NULL, name TEXT NOT NULL, metric TEXT NOT NULL, "
       "value REAL, PRIMARY KEY (run_key, breakdown, name, metric)) WITHOUT ROWID");
  Statement meta(db_, "INSERT INTO meta(key, value) VALUES (?, ?), ('factors', ?), ('format', '1')", path_);
  meta.bind(1, std::string("sweep"));
  meta.bind(2, identity);
  meta.bind(3, nlohmann::json(factor_columns).dump());
  meta.step();
  exec("COMMIT");
}

std::map<std::string, std::string> ResultStore::recorded() const {
  std::map<std::string, std::string> out;
  if (!has_table("runs")) return out;
  Statement s(db_, "SELECT run_key, scenario_hash FROM runs", path_);
  while (s.step()) out.emplace(s.text(0), s.text(1));
  return out;
}

std::vector<RunRecord> ResultStore::read_all() const {
  std::vector<RunRecord> records;
  std::unordered_map<std::string, std::size_t> index;
  if (!has_table("runs")) return records;
  Statement s(db_, "SELECT * FROM runs ORDER BY run_key", path_);
  const std::set<std::string> factors(factor_columns_.begin(), factor_columns_.end());
  while (s.step()) {
    RunRecord r;
    for (int c = 0; c < s.columns(); ++c) {
      const std::string name = s.name(c);
      if (name == "run_key") r.key = s.text(c);
      else if (name == "seed") r.seed = static_cast<std::uint64_t>(s.integer(c));
      else if (name == "status") r.status = s.text(c);
      else if (name == "error") r.error = s.text(c);
      else if (name == "wall_s") r.wall_s = s.real(c);
      else if (name == "scenario_hash") r.scenario_hash = s.text(c);
      else if (name == "version") r.version = s.text(c);
      else if (name == "run_dir") r.run_dir = s.text(c);
      else if (factors.count(name)) r.values[name] = s.text(c);
      else r.metrics.push_back({name, s.is_null(c) ? std::nullopt : std::optional<double>(s.real(c))});
    }
    index.emplace(r.key, records.size());
    records.push_back(std::move(r));
  }
  Statement g(db_, "SELECT run_key, breakdown, name, metric, value FROM groups", path_);
  while (g.step())
    if (const auto it = index.find(g.text(0)); it != index.end())
      records[it->second].groups.push_back({g.text(1), g.text(2), g.text(3), g.real(4)});
  return records;
}

void ResultStore::add_metric_column(const std::string& name) {
  exec("ALTER TABLE runs ADD COLUMN " + quoted(name) + " REAL");
  metric_columns_.insert(name);
}

void ResultStore::add(const RunRecord& r) {
  if (!in_transaction_) {
    exec("BEGIN IMMEDIATE");
    in_transaction_ = true;
  }
  for (const auto& m : r.metrics)
    if (!metric_columns_.count(m.name)) add_metric_column(m.name);
  std::string names = "run_key, seed, status, error, wall_s, scenario_hash, version, run_dir";
  std::string marks = "?, ?, ?, ?, ?, ?, ?, ?";
  for (const auto& name : factor_columns_) {
    names += ", " + quoted(name);
    marks += ", ?";
  }
  for (const auto& m : r.metrics) {
    names += ", " + quoted(m.name);
    marks += ", ?";
  }
  Statement insert(db_, "INSERT OR IGNORE INTO runs(" + names + ") VALUES (" + marks + ")", path_);
  int i = 1;
  insert.bind(i++, r.key);
  insert.bind(i++, static_cast<std::int64_t>(r.seed));
  insert.bind(i++, r.status);
  insert.bind(i++, r.error);
  insert.bind(i++, r.wall_s);
  insert.bind(i++, r.scenario_hash);
  insert.bind(i++, r.version);
  insert.bind(i++, r.run_dir);
  for (const auto& name : factor_columns_) {
    const auto it = r.values.find(name);
    if (it == r.values.end()) throw std::runtime_error(path_ + ": run " + r.key + " has no value for " + name);
    insert.bind(i++, it->second);
  }
  for (const auto& m : r.metrics) {
    if (m.value)
      insert.bind(i++, *m.value);
    else
      insert.bind_null(i++);
  }
  insert.step();
  if (sqlite3_changes(db_) == 0) return;  // recorded before: keep that row and its groups
  Statement group(db_, "INSERT INTO groups(run_key, breakdown, name, metric, value) VALUES (?, ?, ?, ?, ?)", path_);
  for (const auto& g : r.groups) {
    group.bind(1, r.key);
    group.bind(2, g.by);
    group.bind(3, g.group);
    group.bind(4, g.metric);
    group.bind(5, g.value);
    group.step();
    group.reset();
  }
}

void ResultStore::commit() {
  if (!in_transaction_) return;
  exec("COMMIT");
  in_transaction_ = false;
}

}  // namespace nimbus
