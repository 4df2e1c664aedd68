// Readers for a scenario's `workload:` and `scheduling:` sections. Format: docs/scenarios.md.
#include "config/parse_graph.hpp"
#include "config/parse_values.hpp"
#include "config/program_models.hpp"
#include "config/scenario_config.hpp"
#include "config/yaml_node.hpp"
#include "scheduling/registry.hpp"

#include <cstdio>
#include <set>
#include <sys/stat.h>

namespace nimbus {
namespace {

using Kind = Distribution::Kind;

// Guards against typos such as "tasks: 1e12" that would exhaust memory before anything runs.
constexpr long long kMaxTasks = 50'000'000;

const std::vector<Kind> kAnyKind{Kind::Fixed, Kind::Uniform, Kind::Normal, Kind::Choice, Kind::Exponential,
                                 Kind::Weibull};

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

std::string resolve(const std::string& name, const std::string& scenario_file) {
  const auto slash = scenario_file.find_last_of('/');
  return name.empty() || name.front() == '/' || slash == std::string::npos ? name : scenario_file.substr(0, slash + 1) + name;
}

// Guards against a typo such as "ranks: 1e9": each rank is an actor with its own stack.
constexpr long long kMaxRanks = 100'000;

// `ranks`, `hosts`, `submit_at`, `user`, `queue`, `priority`: what every program of ranks has.
// `ranks` may be left out when `hosts` gives them, or when `ranks_given_elsewhere` (one
// replay file per rank).
RanksSpec parse_ranks(const Node& item, bool ranks_given_elsewhere) {
  RanksSpec r;
  if (item.has("hosts")) {
    const Node hosts = item.get("hosts");
    r.hosts_where = hosts.where();
    for (const auto& h : hosts.items()) r.hosts.push_back(h.text());
    if (r.hosts.empty()) hosts.fail("needs at least one host (or leave hosts out: placement maps the ranks)");
  }
  if (item.has("ranks")) {
    const Node ranks = item.get("ranks");
    const long long n = ranks.positive_integer();
    if (n > kMaxRanks) ranks.fail("at most " + std::to_string(kMaxRanks) + " ranks");
    if (!r.hosts.empty() && n != static_cast<long long>(r.hosts.size()))
      ranks.fail(std::to_string(n) + " ranks but hosts lists " + std::to_string(r.hosts.size()) + " (one per rank)");
    r.ranks = static_cast<int>(n);
  } else if (!r.hosts.empty()) {
    if (static_cast<long long>(r.hosts.size()) > kMaxRanks) item.get("hosts").fail("at most " + std::to_string(kMaxRanks) + " ranks");
    r.ranks = static_cast<int>(r.hosts.size());
  } else if (!ranks_given_elsewhere) {
    item.fail("how many ranks? give ranks: N, or hosts: [..] with one host per rank");
  }
  if (item.has("submit_at")) r.submit_s = item.get("submit_at").non_negative_quantity(Dimension::Duration);
  r.owner = parse_owner(item);
  return r;
}

WorkloadItem parse_replay(const Node& item) {
  item.expect_map({"program", "actions", "ranks", "hosts", "submit_at", "user", "queue", "priority"});
  WorkloadItem w;
  w.program = WorkloadItem::Program::Replay;
  const Node actions = item.require("actions");
  std::vector<Node> files = actions.is_sequence() ? actions.items() : std::vector<Node>{actions};
  if (files.empty()) actions.fail("needs a file, or one file per rank");
  for (const auto& f : files) {
    w.replay.actions.push_back(resolve(f.text(), item.file()));
    w.replay.actions_where.push_back(f.where());
    if (FILE* in = std::fopen(w.replay.actions.back().c_str(), "rb"))
      std::fclose(in);
    else
      f.fail("cannot read actions file \"" + w.replay.actions.back() + "\"");
  }
  w.replay.per_rank = actions.is_sequence();
  w.ranks = parse_ranks(item, true);
  if (w.replay.per_rank) {
    const int n = static_cast<int>(files.size());
    if (w.ranks.ranks != 0 && w.ranks.ranks != n)
      actions.fail(std::to_string(n) + " files (one per rank) for " + std::to_string(w.ranks.ranks) + " ranks");
    w.ranks.ranks = n;
  }
  return w;
}

WorkloadItem parse_bsp(const Node& item) {
  item.expect_map({"program", "ranks", "hosts", "supersteps", "flops", "pattern", "bytes", "messages", "combine",
                   "sync", "submit_at", "user", "queue", "priority"});
  WorkloadItem w;
  w.program = WorkloadItem::Program::Bsp;
  w.ranks = parse_ranks(item, false);
  BspSpec& b = w.bsp;
  b.supersteps = item.require("supersteps").positive_integer();
  b.flops = parse_distribution(item.require("flops"), Dimension::Flops, kAnyKind);
  if (item.has("pattern")) {
    const std::string p = item.get("pattern").choice({"none", "ring", "neighbours", "all-to-all"}, "pattern");
    b.pattern = p == "none" ? BspSpec::Pattern::None : p == "ring" ? BspSpec::Pattern::Ring
              : p == "neighbours" ? BspSpec::Pattern::Neighbours : BspSpec::Pattern::AllToAll;
  }
  if (item.has("bytes")) b.bytes = item.get("bytes").non_negative_quantity(Dimension::Size);
  if (item.has("messages")) {
    const long long m = item.get("messages").positive_integer();
    if (m > 1'000'000) item.get("messages").fail("at most 1000000 messages per destination");
    b.messages = static_cast<int>(m);
  }
  if (item.has("combine")) b.combine = item.get("combine").boolean();
  if (b.combine && b.bytes * b.messages > max_quantity(Dimension::Size))
    item.get("combine").fail("a combined message would be " + beyond_size_bound(b.bytes * b.messages));
  if (item.has("sync")) b.barrier = item.get("sync").choice({"barrier", "async"}, "sync") == "barrier";
  // Each rank's body: per superstep a computation, a send and a receive per message, a wait
  // and a barrier. Refused before anything is built if it would not fit in memory.
  const double p = w.ranks.ranks;
  const double peers = b.pattern == BspSpec::Pattern::None ? 0 : b.pattern == BspSpec::Pattern::Ring ? 1
                     : b.pattern == BspSpec::Pattern::Neighbours ? 2 : p - 1;
  const double steps = static_cast<double>(b.supersteps) * p * (3 + 2 * peers * (b.combine ? 1 : b.messages));
  if (steps > kMaxTasks)
    item.get("supersteps").fail("this program has " + std::to_string(static_cast<long long>(steps)) +
                                " operations; at most " + std::to_string(kMaxTasks));
  return w;
}

WorkloadItem parse_shared_memory(const Node& item) {
  item.expect_map({"program", "host", "threads", "iterations", "flops", "critical", "barrier", "submit_at", "user",
                   "queue", "priority"});
  WorkloadItem w;
  w.program = WorkloadItem::Program::SharedMemory;
  const Node threads = item.require("threads");
  const long long n = threads.positive_integer();
  if (n > 4096) threads.fail("at most 4096 threads (one core each)");
  const Node host = item.require("host");
  w.ranks.ranks = static_cast<int>(n);
  w.ranks.hosts.assign(static_cast<std::size_t>(n), host.text());
  w.ranks.hosts_where = host.where();
  if (item.has("submit_at")) w.ranks.submit_s = item.get("submit_at").non_negative_quantity(Dimension::Duration);
  w.ranks.owner = parse_owner(item);
  SharedMemorySpec& s = w.shared;
  s.iterations = item.require("iterations").positive_integer();
  if (s.iterations * n * 5 > kMaxTasks) item.get("iterations").fail("too many iterations x threads");
  s.flops = parse_distribution(item.require("flops"), Dimension::Flops, kAnyKind);
  if (item.has("critical")) {
    const Node c = item.get("critical");
    c.expect_map({"lock", "flops"});
    s.lock = c.require("lock").text();
    s.critical_flops = c.require("flops").non_negative_quantity(Dimension::Flops);
  }
  if (item.has("barrier")) s.barrier = item.get("barrier").boolean();
  return w;
}

WorkloadItem parse_master_worker(const Node& item) {
  item.expect_map({"program", "master", "workers", "tasks", "flops", "bytes", "result_bytes", "dispatch", "submit_at",
                   "user", "queue", "priority"});
  WorkloadItem w;
  w.program = WorkloadItem::Program::MasterWorker;
  const Node workers = item.require("workers");
  if (workers.is_sequence()) {
    // Rank 0 is the master, on `master`; rank i on the i-th worker host.
    const Node master = item.require("master");
    w.ranks.hosts.push_back(master.text());
    for (const auto& h : workers.items()) w.ranks.hosts.push_back(h.text());
    if (w.ranks.hosts.size() < 2) workers.fail("needs at least one worker host");
    if (static_cast<long long>(w.ranks.hosts.size()) > kMaxRanks) workers.fail("at most " + std::to_string(kMaxRanks) + " workers");
    w.ranks.hosts_where = workers.where();
    w.ranks.ranks = static_cast<int>(w.ranks.hosts.size());
  } else {
    if (item.has("master")) item.get("master").fail("with workers: N, placement maps the master too; to name hosts give master and workers: [hosts]");
    const long long n = workers.positive_integer();
    if (n >= kMaxRanks) workers.fail("at most " + std::to_string(kMaxRanks - 1) + " workers");
    w.ranks.ranks = static_cast<int>(n + 1);
  }
  if (item.has("submit_at")) w.ranks.submit_s = item.get("submit_at").non_negative_quantity(Dimension::Duration);
  w.ranks.owner = parse_owner(item);
  MasterWorkerSpec& m = w.master_worker;
  const Node tasks = item.require("tasks");
  m.tasks = tasks.positive_integer();
  if (m.tasks > kMaxTasks / 4) tasks.fail("at most " + std::to_string(kMaxTasks / 4) + " tasks");
  m.flops = parse_distribution(item.require("flops"), Dimension::Flops, kAnyKind);
  if (item.has("bytes")) m.bytes = item.get("bytes").non_negative_quantity(Dimension::Size);
  if (item.has("result_bytes")) m.result_bytes = item.get("result_bytes").non_negative_quantity(Dimension::Size);
  if (item.has("dispatch")) m.on_demand = item.get("dispatch").choice({"round-robin", "on-demand"}, "dispatch") == "on-demand";
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

SchedulingSpec parse_scheduling(const Node& node) {
  SchedulingSpec s;
  if (!node.present()) return s;
  node.expect_map({"jobs", "placement", "control_latency", "kill_at_walltime", "locality_wait", "fair", "capacity"});
  if (node.has("jobs")) s.jobs = node.get("jobs").choice(job_policy_names(), "job policy");
  if (node.has("placement")) s.placement = node.get("placement").choice(placement_policy_names(), "placement policy");
  if (node.has("control_latency"))
    s.control_latency_s = node.get("control_latency").non_negative_quantity(Dimension::Duration);
  if (node.has("kill_at_walltime")) s.kill_at_walltime = node.get("kill_at_walltime").boolean();
  if (node.has("locality_wait"))
    s.locality_wait_s = node.get("locality_wait").non_negative_quantity(Dimension::Duration);
  auto fraction = [](const Node& n) {
    const double f = n.number();
    if (f < 0 || f > 1) n.fail("expected a fraction of all cores, in [0, 1]");
    return f;
  };
  if (node.has("fair")) {
    const Node fair = node.get("fair");
    fair.expect_map({"by", "weights"});
    if (fair.has("by")) s.fair.by_queue = fair.get("by").choice({"user", "queue"}, "pool kind") == "queue";
    if (fair.has("weights"))
      for (const auto& [pool, weight] : fair.get("weights").entries()) {
        s.fair.weights[pool] = weight.number();
        if (s.fair.weights[pool] <= 0) weight.fail("must be greater than zero");
      }
  }
  if (node.has("capacity")) {
    const Node capacity = node.get("capacity");
    capacity.expect_map({"queues"});
    double total = 0;
    for (const auto& [name, queue] : capacity.require("queues").entries()) {
      queue.expect_map({"share", "max"});
      CapacitySpec::Queue q;
      q.share = fraction(queue.require("share"));
      if (queue.has("max")) q.max = fraction(queue.get("max"));
      if (q.max < q.share) queue.get("max").fail("must be at least the queue's share");
      total += q.share;
      if (total > 1 + 1e-9) queue.get("share").fail("the queues' shares add up to more than 1");
      s.capacity.queues[name] = q;
    }
  }
  return s;
}

}  // namespace nimbus
