#include "sweep/flatten.hpp"

namespace nimbus {
namespace {

void flatten_into(const nlohmann::json& node, const std::string& prefix, std::vector<MetricValue>& out) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it)
      flatten_into(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
  } else if (node.is_number()) {
    out.push_back({prefix, node.get<double>()});
  } else if (node.is_null()) {
    out.push_back({prefix, std::nullopt});
  }
}

}  // namespace

FlatMetrics flatten_metrics(const nlohmann::json& metrics) {
  FlatMetrics flat;
  for (auto it = metrics.begin(); it != metrics.end(); ++it) {
    if (it.key() == "by_user" || it.key() == "by_queue") {
      const std::string by = it.key().substr(3);
      for (auto group = it.value().begin(); group != it.value().end(); ++group) {
        std::vector<MetricValue> values;
        flatten_into(group.value(), "", values);
        for (const auto& v : values)
          if (v.value) flat.groups.push_back({by, group.key(), v.name, *v.value});
      }
      continue;
    }
    flatten_into(it.value(), it.key(), flat.metrics);
  }
  return flat;
}

bool metric_name_less(const std::string& a, const std::string& b) {
  const auto parts = [](const std::string& name) {
    std::vector<std::string> out;
    std::size_t at = 0;
    for (std::size_t dot; (dot = name.find('.', at)) != std::string::npos; at = dot + 1) out.push_back(name.substr(at, dot - at));
    out.push_back(name.substr(at));
    return out;
  };
  return parts(a) < parts(b);
}

}  // namespace nimbus
