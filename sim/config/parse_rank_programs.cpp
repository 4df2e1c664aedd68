// Readers of the workload items whose program is ranks started together, one actor each:
// replay, bsp, shared-memory and master-worker, and what they all have (parse_ranks).
// Format: docs/programs.md, "Ways to write a program".
#include "config/parse_rank_programs.hpp"

#include "config/parse_values.hpp"

#include <cstdio>

namespace nimbus {
namespace {

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

}  // namespace

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

}  // namespace nimbus
