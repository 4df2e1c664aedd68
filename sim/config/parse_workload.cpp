// The reader of a scenario's `workload:` list (format: docs/scenarios.md#workload):
// bag-of-tasks, dag and trace items here, programs of ranks in parse_rank_programs.cpp,
// mapreduce and graph in their own files; and each item's owner.
#include "config/parse_graph.hpp"
#include "config/parse_rank_programs.hpp"
#include "config/parse_values.hpp"
#include "config/program_models.hpp"
#include "config/scenario_config.hpp"
#include "config/yaml_node.hpp"

#include <cstdio>
#include <set>
#include <sys/stat.h>

namespace nimbus {
namespace {

int parse_cores(const Node& node) {
  const long long cores = node.positive_integer();
  if (cores > 4096) node.fail("at most 4096 cores per task");
  return static_cast<int>(cores);
}


ArrivalSpec parse_arrival(const Node& item) {
  ArrivalSpec a;
  if (item.has("submit_at")) a.start_s = item.get("submit_at").non_negative_quantity(Dimension::Duration);
  if (!item.has("arrival")) return a;
  if (item.has("submit_at")) item.get("submit_at").fail("give either submit_at (one job) or arrival, not both");
  const Node node = item.get("arrival");
  node.expect_map({"poisson", "times", "burst", "start"});
  if (node.has("start")) a.start_s = node.get("start").non_negative_quantity(Dimension::Duration);
  const int kinds = node.has("poisson") + node.has("times") + node.has("burst");
  if (kinds != 1) node.fail("expected one of poisson, times, burst");
  if (node.has("poisson")) {
    a.kind = ArrivalSpec::Kind::Poisson;
    a.rate_per_s = node.get("poisson").positive_quantity(Dimension::Rate);
  } else if (node.has("times")) {
    a.kind = ArrivalSpec::Kind::Times;
    double last = 0;
    for (const auto& t : node.get("times").items()) {
      a.times_s.push_back(t.non_negative_quantity(Dimension::Duration));
      if (a.times_s.back() < last) t.fail("times must not decrease");
      last = a.times_s.back();
    }
  } else {
    a.kind = ArrivalSpec::Kind::Burst;
    const Node burst = node.get("burst");
    burst.expect_map({"size", "every"});
    a.burst_size = burst.require("size").positive_integer();
    a.burst_every_s = burst.require("every").positive_quantity(Dimension::Duration);
  }
  return a;
}

WorkloadItem parse_bag(const Node& item) {
  item.expect_map({"program", "tasks", "flops", "cores", "input", "replicas", "output", "arrival", "submit_at",
                   "user", "queue", "priority"});
  WorkloadItem w;
  w.program = WorkloadItem::Program::BagOfTasks;
  BagOfTasksSpec& bag = w.bag;
  const Node tasks = item.require("tasks");
  bag.tasks = tasks.positive_integer();
  if (bag.tasks > kMaxTasks) tasks.fail("at most " + std::to_string(kMaxTasks) + " tasks");
  bag.flops = parse_distribution(item.require("flops"), Dimension::Flops, kAnyKind);
  if (item.has("cores")) {
    bag.cores = parse_cores(item.get("cores"));
    bag.cores_where = item.get("cores").where();
  }
  if (item.has("input")) bag.input_bytes = parse_distribution(item.get("input"), Dimension::Size, kAnyKind);
  if (item.has("output")) bag.output_bytes = parse_distribution(item.get("output"), Dimension::Size, kAnyKind);
  if (item.has("replicas")) {
    const Node replicas = item.get("replicas");
    bag.input_replicas = static_cast<int>(replicas.positive_integer());
    bag.replicas_where = replicas.where();
    if (bag.input_replicas > 16) replicas.fail("at most 16 replicas");
    if (!item.has("input")) replicas.fail("replicas of what? give the tasks an input size");
  }
  bag.arrival = parse_arrival(item);
  if (bag.arrival.kind == ArrivalSpec::Kind::Times && static_cast<long long>(bag.arrival.times_s.size()) != bag.tasks)
    item.get("arrival").get("times").fail("lists " + std::to_string(bag.arrival.times_s.size()) +
                                          " times for " + std::to_string(bag.tasks) + " tasks");
  bag.owner = parse_owner(item);
  return w;
}

WorkloadItem parse_dag(const Node& item) {
  item.expect_map({"program", "tasks", "submit_at", "user", "queue", "priority"});
  WorkloadItem w;
  w.program = WorkloadItem::Program::Dag;
  DagSpec& dag = w.dag;
  if (item.has("submit_at")) dag.submit_s = item.get("submit_at").non_negative_quantity(Dimension::Duration);
  dag.owner = parse_owner(item);
  std::set<std::string> names;
  long long total = 0;
  const auto task_nodes = item.require("tasks").items();
  if (task_nodes.empty()) item.get("tasks").fail("needs at least one task");
  for (const auto& node : task_nodes) {
    node.expect_map({"name", "count", "flops", "cores", "input", "output", "after"});
    DagTaskSpec t;
    t.name = node.require("name").text();
    if (!names.insert(t.name).second) node.get("name").fail("task name \"" + t.name + "\" is used twice");
    if (node.has("count")) t.count = node.get("count").positive_integer();
    total += t.count;
    if (total > kMaxTasks) node.get("count").fail("at most " + std::to_string(kMaxTasks) + " tasks");
    t.flops = node.require("flops").non_negative_quantity(Dimension::Flops);
    if (node.has("cores")) {
      t.cores = parse_cores(node.get("cores"));
      t.cores_where = node.get("cores").where();
    }
    if (node.has("input")) t.input_bytes = node.get("input").non_negative_quantity(Dimension::Size);
    if (node.has("output")) t.output_bytes = node.get("output").non_negative_quantity(Dimension::Size);
    if (node.has("after")) {
      for (const auto& dep : node.get("after").items()) {
        const std::string name = dep.text();
        // Tasks are listed in an order that respects dependencies: no cycles by construction.
        if (!names.count(name) || name == t.name)
          dep.fail("no earlier task named \"" + name + "\" (a task may only follow tasks listed before it)");
        t.after.push_back(name);
      }
    }
    dag.tasks.push_back(std::move(t));
  }
  return w;
}

WorkloadItem parse_trace(const Node& item, const std::string& scenario_file) {
  item.expect_map({"trace", "first", "window", "runtime_scale", "load", "core_speed"});
  WorkloadItem w;
  w.program = WorkloadItem::Program::Trace;
  TraceSpec& t = w.trace;
  const Node path = item.get("trace");
  t.path = resolve(path.text(), scenario_file);
  t.where = path.where();
  t.key = path.path();
  if (item.has("first")) t.first = item.get("first").positive_integer();
  if (item.has("window")) {
    const auto bounds = item.get("window").items();
    if (bounds.size() != 2) item.get("window").fail("expected [from, to]");
    t.window_from_s = bounds[0].non_negative_quantity(Dimension::Duration);
    t.window_to_s = bounds[1].non_negative_quantity(Dimension::Duration);
    if (t.window_to_s <= t.window_from_s) bounds[1].fail("must be after the window's start");
  }
  // Factors on a log's times: bounded so that a time of the log stays a time.
  auto factor = [&item](const char* key) {
    const Node n = item.get(key);
    const double f = n.number();
    if (f <= 0 || f > 1e6) n.fail("expected a factor greater than 0, at most 1000000");
    return f;
  };
  if (item.has("runtime_scale")) t.runtime_scale = factor("runtime_scale");
  if (item.has("load")) t.load = factor("load");
  if (item.has("core_speed")) t.core_speed = item.get("core_speed").positive_quantity(Dimension::Flops);
  if (t.is_workflow())
    for (const char* key : {"first", "window", "load"})
      if (item.has(key)) item.get(key).fail("applies to SWF logs only, not to a workflow instance");
  struct stat info {};
  if (::stat(t.path.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
    path.fail("\"" + t.path + "\" is " + (S_ISDIR(info.st_mode) ? "a directory" : "not a regular file") +
              "; expected an SWF log or a WfCommons instance");
  if (FILE* f = std::fopen(t.path.c_str(), "rb"))
    std::fclose(f);
  else
    path.fail("cannot read trace \"" + t.path +
              "\" (download SWF logs from the Parallel Workloads Archive, workflow instances from WfCommons)");
  return w;
}

}  // namespace

JobOwner parse_owner(const Node& item) {
  JobOwner owner;
  if (item.has("user")) owner.user = item.get("user").text();
  if (item.has("queue")) owner.queue = item.get("queue").text();
  if (item.has("priority")) {
    const Node priority = item.get("priority");
    const long long p = priority.integer();
    // An int holds it; 99999999999 was cut to another number.
    if (p < -1'000'000'000 || p > 1'000'000'000) priority.fail("expected a priority from -1000000000 to 1000000000");
    owner.priority = static_cast<int>(p);
  }
  return owner;
}

std::vector<WorkloadItem> parse_workload(const Node& node) {
  std::vector<WorkloadItem> items;
  for (const auto& item : node.items()) {
    if (item.is_map() && item.has("trace")) {
      items.push_back(parse_trace(item, node.file()));
      continue;
    }
    if (!item.is_map()) item.fail("expected a mapping with a \"program\" or \"trace\" key");
    const std::string program = item.require("program").choice(program_model_names(), "program");
    items.push_back(program == "dag"      ? parse_dag(item)
                    : program == "replay" ? parse_replay(item)
                    : program == "bsp"    ? parse_bsp(item)
                    : program == "shared-memory" ? parse_shared_memory(item)
                    : program == "master-worker" ? parse_master_worker(item)
                    : program == "mapreduce" ? parse_mapreduce(item)
                    : program == "graph" ? parse_graph(item, parse_owner(item))
                                          : parse_bag(item));
  }
  return items;
}

}  // namespace nimbus
