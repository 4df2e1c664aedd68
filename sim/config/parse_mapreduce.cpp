// The reader of `program: mapreduce` workload items. Format: docs/programs.md#mapreduce.
#include "config/scenario_config.hpp"
#include "config/yaml_node.hpp"

namespace nimbus {
namespace {

// A ratio of bytes to bytes: finite, not negative.
double ratio(const Node& node) {
  const double r = node.number();
  if (!(r >= 0) || r > 1e6) node.fail("expected a ratio from 0 to 1000000");
  return r;
}

double flops_per_byte(const Node& node) {
  const double f = node.number();
  if (!(f >= 0) || f > 1e12) node.fail("expected flops per byte from 0 to 1e12");
  return f;
}

int replicas(const Node& node) {
  const long long r = node.positive_integer();
  if (r > 16) node.fail("at most 16 replicas");
  return static_cast<int>(r);
}

}  // namespace

WorkloadItem parse_mapreduce(const Node& item) {
  item.expect_map({"program", "input", "splits", "replicas", "map", "combiner", "reducers", "skew", "reduce", "output",
                   "submit_at", "user", "queue", "priority"});
  WorkloadItem w;
  w.program = WorkloadItem::Program::MapReduce;
  MapReduceSpec& m = w.mapreduce;
  m.input_bytes = item.require("input").positive_quantity(Dimension::Size);
  const Node splits = item.require("splits");
  m.splits = splits.positive_integer();
  const Node reducers = item.require("reducers");
  m.reducers = reducers.positive_integer();
  // Every map sends to every reducer: the shuffle's M x R edges, bounded as a DAG's are.
  constexpr long long kMaxEdges = 50'000'000;
  if (m.splits > kMaxEdges) splits.fail("at most " + std::to_string(kMaxEdges) + " splits");
  if (m.reducers > kMaxEdges / m.splits)
    reducers.fail(std::to_string(m.splits) + " maps x " + std::to_string(m.reducers) +
                  " reducers is more than the " + std::to_string(kMaxEdges) + " shuffle edges nimbus holds");
  if (item.has("replicas")) {
    m.replicas = replicas(item.get("replicas"));
    m.replicas_where = item.get("replicas").where();
  }
  const Node map = item.require("map");
  map.expect_map({"flops_per_byte", "flops", "output_ratio"});
  if (map.has("flops_per_byte") == map.has("flops"))
    map.fail("give a map's work as flops_per_byte (of its block) or flops (per map), one of them");
  if (map.has("flops_per_byte")) m.map_flops_per_byte = flops_per_byte(map.get("flops_per_byte"));
  if (map.has("flops")) m.map_flops = map.get("flops").non_negative_quantity(Dimension::Flops);
  if (map.has("output_ratio")) m.map_output_ratio = ratio(map.get("output_ratio"));
  if (item.has("combiner")) {
    const Node combiner = item.get("combiner");
    m.combiner = combiner.number();
    if (!(m.combiner > 0 && m.combiner <= 1))
      combiner.fail("expected the share of a map's output the combiner keeps, in (0, 1]");
  }
  if (item.has("skew")) {
    const Node skew = item.get("skew");
    m.skew = skew.number();
    if (!(m.skew >= 1 && m.skew <= 1e6))
      skew.fail("expected how many times bigger reducer 0's partition is than another's, from 1 to 1000000");
  }
  // What the maps write, and what the reducers write, in all: neither may pass a size's
  // bound (one reducer may get all of it).
  const auto at_most_a_size = [](const Node& at, const char* what, double bytes) {
    if (bytes > max_quantity(Dimension::Size))
      at.fail(std::string(what) + " would write " + beyond_size_bound(bytes));
  };
  const double map_output = m.input_bytes * m.map_output_ratio * m.combiner;
  if (map.has("output_ratio")) at_most_a_size(map.get("output_ratio"), "the maps", map_output);
  if (item.has("reduce")) {
    const Node reduce = item.get("reduce");
    reduce.expect_map({"flops_per_byte", "output_ratio"});
    if (reduce.has("flops_per_byte")) m.reduce_flops_per_byte = flops_per_byte(reduce.get("flops_per_byte"));
    if (reduce.has("output_ratio")) {
      m.reduce_output_ratio = ratio(reduce.get("output_ratio"));
      at_most_a_size(reduce.get("output_ratio"), "the reducers", map_output * m.reduce_output_ratio);
    }
  }
  if (item.has("output")) {
    const Node output = item.get("output");
    output.expect_map({"replicas"});
    if (output.has("replicas")) {
      m.output_replicas = replicas(output.get("replicas"));
      m.output_replicas_where = output.get("replicas").where();
    }
  }
  if (item.has("submit_at")) m.submit_s = item.get("submit_at").non_negative_quantity(Dimension::Duration);
  m.owner = parse_owner(item);
  return w;
}

}  // namespace nimbus
