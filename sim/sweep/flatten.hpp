// summary.json's `metrics` as flat scalars named by their path: "makespan", "wait.mean",
// "bounded_slowdown.p95", "locality.data_local". The per-user and per-queue breakdowns
// (by_user, by_queue) are tables of their own, with names only the workload knows: they are
// kept apart, one row per group and metric.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimbus {

struct MetricValue {
  std::string name;
  std::optional<double> value;  // null in summary.json (e.g. energy_j without a power model)
};

struct GroupMetricValue {
  std::string by;      // "user" or "queue"
  std::string group;   // "alice", "q1"
  std::string metric;  // "wait.mean"
  double value = 0;
};

struct FlatMetrics {
  std::vector<MetricValue> metrics;  // in summary.json's order (keys sorted at each level)
  std::vector<GroupMetricValue> groups;
};

// REQUIRES: `metrics` is summary.json's "metrics" object. Text and boolean leaves are skipped.
FlatMetrics flatten_metrics(const nlohmann::json& metrics);

// Orders dotted names level by level ("wait.mean" < "wait_x"), as summary.json sorts keys.
bool metric_name_less(const std::string& a, const std::string& b);

}  // namespace nimbus
