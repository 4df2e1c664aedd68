#include "sweep/csv_files.hpp"

#include "util/csv_field.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <unordered_map>

namespace nimbus {
namespace {


std::string number(double value) {
  if (!std::isfinite(value)) return "";
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, value).ptr);
}

class CsvWriter {
public:
  explicit CsvWriter(std::string path) : path_(std::move(path)), temp_(path_ + ".tmp"), out_(temp_) {
    if (!out_) throw std::runtime_error("cannot write " + temp_);
  }
  void row(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) line += ',';
      append_csv_field(line, fields[i]);
    }
    out_ << line << '\n';
  }
  void close() {
    out_.close();
    if (!out_ || std::rename(temp_.c_str(), path_.c_str()) != 0) throw std::runtime_error("cannot write " + path_);
  }

private:
  std::string path_, temp_;
  std::ofstream out_;
};

}  // namespace

void write_results_csv(const std::string& path, const Plan& plan, const std::vector<const RunRecord*>& runs,
                       const std::vector<std::string>& metrics) {
  CsvWriter csv(path);
  std::vector<std::string> header = plan.columns;
  header.push_back("seed");
  header.insert(header.end(), metrics.begin(), metrics.end());
  for (const char* meta : {"status", "error", "wall_s", "scenario_hash", "version", "run_dir"}) header.push_back(meta);
  csv.row(header);
  std::unordered_map<std::string, std::size_t> column;
  for (std::size_t m = 0; m < metrics.size(); ++m) column.emplace(metrics[m], m);
  for (const RunRecord* r : runs) {
    std::vector<std::string> row;
    for (const auto& c : plan.columns) row.push_back(r->values.at(c));
    row.push_back(std::to_string(r->seed));
    std::vector<std::string> values(metrics.size());
    for (const auto& m : r->metrics)
      if (m.value) values[column.at(m.name)] = number(*m.value);
    row.insert(row.end(), values.begin(), values.end());
    for (const std::string& meta : {r->status, r->error, number(r->wall_s), r->scenario_hash, r->version, r->run_dir})
      row.push_back(meta);
    csv.row(row);
  }
  csv.close();
}

void write_summary_csv(const std::string& path, const Plan& plan, const std::vector<PointSummary>& points,
                       const std::vector<std::string>& metrics) {
  CsvWriter csv(path);
  std::vector<std::string> header(plan.columns.begin(), plan.columns.begin() + static_cast<long>(plan.axis_columns));
  header.push_back("runs");
  header.push_back("failed");
  for (const auto& m : metrics)
    for (const char* suffix : {"_mean", "_ci95", "_n"}) header.push_back(m + suffix);
  csv.row(header);
  for (const PointSummary& p : points) {
    std::vector<std::string> row = p.axis_values;
    row.push_back(std::to_string(p.runs));
    row.push_back(std::to_string(p.failed));
    for (const auto& m : metrics) {
      const auto it = p.metrics.find(m);
      if (it == p.metrics.end()) {
        row.insert(row.end(), {"", "", "0"});
        continue;
      }
      row.push_back(number(it->second.mean));
      row.push_back(number(it->second.ci95));
      row.push_back(std::to_string(it->second.n));
    }
    csv.row(row);
  }
  csv.close();
}

}  // namespace nimbus
