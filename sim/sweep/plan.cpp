#include "sweep/plan.hpp"

#include "config/config_error.hpp"
#include "sweep/hash.hpp"

#include <nlohmann/json.hpp>

#include <charconv>

namespace nimbus {

std::vector<std::vector<std::size_t>> cartesian(const std::vector<std::size_t>& sizes) {
  std::vector<std::vector<std::size_t>> out{{}};
  for (const std::size_t size : sizes) {
    std::vector<std::vector<std::size_t>> next;
    next.reserve(out.size() * size);
    for (const auto& prefix : out) {
      for (std::size_t i = 0; i < size; ++i) {
        next.push_back(prefix);
        next.back().push_back(i);
      }
    }
    out = std::move(next);
  }
  return out;
}

std::string run_key(const std::vector<std::string>& columns, const std::vector<std::string>& values, std::uint64_t seed) {
  nlohmann::json key = nlohmann::json::object();  // std::map underneath: keys sorted
  for (std::size_t c = 0; c < columns.size(); ++c) key[columns[c]] = values[c];
  key["seed"] = seed;
  return key.dump();
}

namespace {

// Adds one value of every factor of `groups` (value `choice[g]` of group g) to `variant`.
void apply_groups(const std::vector<FactorGroup>& groups, const std::vector<std::size_t>& choice, Variant& variant) {
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (const Factor& factor : groups[g]) {
      const FactorValue& value = factor.values[choice[g]];
      variant.values.push_back(value.text);
      variant.assignments.push_back(factor.key + "=" + value.text);
      variant.labels.push_back(value.where);
    }
  }
}

std::vector<std::size_t> group_sizes(const std::vector<FactorGroup>& groups) {
  std::vector<std::size_t> sizes;
  for (const FactorGroup& group : groups) sizes.push_back(group.front().values.size());
  return sizes;
}

}  // namespace

Plan make_plan(const SweepSpec& spec, std::uint64_t default_seed) {
  Plan plan;
  for (const auto* groups : {&spec.axes, &spec.replicates})
    for (const FactorGroup& group : *groups)
      for (const Factor& factor : group) plan.columns.push_back(factor.key);
  for (const FactorGroup& group : spec.axes) plan.axis_columns += group.size();
  const std::vector<std::uint64_t> seeds = spec.seeds ? *spec.seeds : std::vector<std::uint64_t>{default_seed};

  const auto points = cartesian(group_sizes(spec.axes));
  const auto replications = cartesian(group_sizes(spec.replicates));
  plan.points = points.size();
  for (std::size_t p = 0; p < points.size(); ++p) {
    for (const auto& replication : replications) {
      Variant variant;
      variant.point = p;
      for (const Factor& fixed : spec.fixed) {
        variant.assignments.push_back(fixed.key + "=" + fixed.values.front().text);
        variant.labels.push_back(fixed.values.front().where);
      }
      apply_groups(spec.axes, points[p], variant);
      apply_groups(spec.replicates, replication, variant);
      for (const std::uint64_t seed : seeds)
        plan.runs.push_back({plan.variants.size(), seed, run_key(plan.columns, variant.values, seed)});
      plan.variants.push_back(std::move(variant));
    }
  }
  return plan;
}

bool Shard::owns(const std::string& key) const { return fnv1a64(key) % count == index; }

Shard parse_shard(const std::string& text) {
  const auto fail = [&](const std::string& why) -> Shard {
    throw ConfigError("--shard " + text, "", why);
  };
  const auto slash = text.find('/');
  if (slash == std::string::npos) return fail("expected I/N, e.g. 0/4 (shard I of N, I from 0 to N-1)");
  Shard shard;
  const char* begin = text.data();
  const auto [mid, e1] = std::from_chars(begin, begin + slash, shard.index);
  const auto [end, e2] = std::from_chars(begin + slash + 1, begin + text.size(), shard.count);
  if (e1 != std::errc() || mid != begin + slash || e2 != std::errc() || end != begin + text.size())
    return fail("expected I/N with whole numbers, e.g. 0/4");
  if (shard.count == 0) return fail("N must be at least 1");
  if (shard.index >= shard.count)
    return fail("I must be below N (shards are numbered 0 to " + std::to_string(shard.count - 1) + ")");
  return shard;
}

}  // namespace nimbus
