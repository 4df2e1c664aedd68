#include "sweep/sweep_dir.hpp"

#include "config/config_error.hpp"
#include "util/nearest.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace nimbus {
namespace {

namespace fs = std::filesystem;

// What a sweep puts in DIR; a DIR holding none of these is not a sweep's.
const char* const kSweepMarks[] = {"results.sqlite", "shards", ".scratch", "runs"};

std::string describe_identity(const std::string& identity) {
  try {
    const auto j = nlohmann::json::parse(identity);
    return "scenario \"" + j.at("scenario").get<std::string>() + "\", factors " +
           (j.at("factors").empty() ? std::string("none") : join(j.at("factors").get<std::vector<std::string>>()));
  } catch (const std::exception&) {
    return identity;
  }
}

std::string shard_file(const Shard& shard) {
  return "shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) + ".sqlite";
}

}  // namespace

std::string sweep_identity(const std::string& scenario_name, const std::vector<std::string>& columns) {
  std::vector<std::string> factors = columns;
  std::sort(factors.begin(), factors.end());
  return nlohmann::json{{"scenario", scenario_name}, {"factors", factors}}.dump();
}

SweepDir::SweepDir(const std::string& dir, const Shard& shard, const std::string& identity,
                   const std::vector<std::string>& columns)
    : dir_(dir), shard_(shard), identity_(identity) {
  std::error_code error;
  if (fs::exists(dir_, error) && !fs::is_directory(dir_, error))
    throw ConfigError(dir_, "", "is a file; --out names a directory");
  if (fs::exists(dir_, error) && !fs::is_empty(dir_, error)) {
    const bool ours = std::any_of(std::begin(kSweepMarks), std::end(kSweepMarks),
                                  [&](const char* mark) { return fs::exists(fs::path(dir_) / mark, error); });
    if (!ours)
      throw ConfigError(dir_, "", "is not empty and holds no sweep results; a sweep writes into a new or empty "
                                  "directory, or one of its own");
  }
  const std::string own_dir = shard.whole() ? dir_ : dir_ + "/shards";
  fs::create_directories(own_dir, error);
  if (error) throw ConfigError(dir_, "", "cannot create the output directory: " + error.message());
  const std::string own_path = own_dir + "/" + (shard.whole() ? "results.sqlite" : shard_file(shard));
  try {
    own_ = std::make_unique<ResultStore>(own_path, ResultStore::Access::Write);
    check_identity(*own_);
    if (!own_->identity()) own_->initialize(identity_, columns);
    if (shard.whole()) {
      merge_shards();
    } else if (fs::exists(dir_ + "/results.sqlite")) {
      collected_ = std::make_unique<ResultStore>(dir_ + "/results.sqlite", ResultStore::Access::Read);
      check_identity(*collected_);
    }
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const ConfigError*>(&e)) throw;
    throw ConfigError(dir_, "", std::string("cannot write the sweep's results: ") + e.what());
  }
}

std::string SweepDir::scratch_dir() const {
  return dir_ + "/.scratch/" + (shard_.whole() ? std::string("all") : shard_file(shard_).substr(0, shard_file(shard_).find('.')));
}

void SweepDir::check_identity(const ResultStore& store) const {
  const auto found = store.identity();
  if (found && *found != identity_)
    throw ConfigError(dir_, "", "holds the results of another sweep (" + describe_identity(*found) +
                                    "); this one has " + describe_identity(identity_) +
                                    ". Choose another --out, or delete " + dir_);
}

void SweepDir::merge_shards() {
  std::error_code error;
  const fs::path shards = fs::path(dir_) / "shards";
  if (!fs::is_directory(shards, error)) return;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(shards, error))
    if (entry.path().extension() == ".sqlite") files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // a run two shards both recorded is taken from the first
  for (const auto& file : files) {
    const ResultStore shard(file.string(), ResultStore::Access::Read);
    check_identity(shard);
    if (!shard.identity()) continue;  // created but never initialized: a shard killed at once
    const auto have = own_->recorded();
    for (const RunRecord& record : shard.read_all())
      if (!have.count(record.key)) own_->add(record);
    own_->commit();
  }
}

std::map<std::string, std::string> SweepDir::recorded() const {
  auto runs = own_->recorded();
  if (collected_) runs.merge(collected_->recorded());
  return runs;
}

}  // namespace nimbus
