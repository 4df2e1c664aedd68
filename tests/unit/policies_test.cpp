// Placement and job policies driven by hand, without SimGrid.
#include "metrics/metrics.hpp"
#include "runtime/cluster_state.hpp"
#include "scheduling/registry.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

using namespace nimbus;

namespace {

HostState host(double speed, int cores = 1) {
  HostState s;
  s.speed_flops = speed;
  s.cores = cores;
  s.free_cores = cores;
  s.nic_Bps = 1.25e9;
  s.nic_latency_s = 0;
  return s;
}

PolicyContext seeded(std::uint64_t seed) {
  PolicyContext ctx;
  ctx.seed = seed;
  return ctx;
}

ReadyTask ready(std::uint32_t task, std::uint32_t job, double submit) {
  ReadyTask r;
  r.task = task;
  r.job = job;
  r.submit_s = submit;
  return r;
}

TaskRequest request(double flops, int cores = 1) {
  TaskRequest r;
  r.flops = flops;
  r.cores = cores;
  return r;
}

// Places `count` tasks one after another, as the runtime would before any runs: each joins
// its host's queue through the cluster state, which predicts when the host's cores free up.
std::vector<HostIndex> place_all(PlacementPolicy& p, ClusterState& cluster, int count, double flops) {
  std::vector<HostIndex> out;
  for (int i = 0; i < count; ++i) {
    const HostIndex h = p.place(request(flops), cluster.view());
    out.push_back(h);
    cluster.enqueue(h, 1, flops / cluster.view().host(h).speed_flops);
  }
  return out;
}

// Every task a job policy hands out now, in order.
std::vector<std::uint32_t> drain(TaskQueue& policy, const ClusterView& view, std::size_t at_most = 1000) {
  std::vector<std::uint32_t> out;
  std::uint32_t task = 0;
  while (out.size() < at_most && policy.pop(view, task)) out.push_back(task);
  return out;
}

// A batch of ready tasks offered to a placement policy; records the order it places them.
struct Batch final : ReadyTasks {
  std::vector<TaskRequest> tasks;
  std::size_t next_index = 0;
  std::vector<std::uint32_t> placed;
  bool next(std::uint32_t& task) override {
    if (next_index == tasks.size()) return false;
    task = tasks[next_index++].task;
    return true;
  }
  const TaskRequest& request(std::uint32_t task) override {
    return *std::find_if(tasks.begin(), tasks.end(), [task](const TaskRequest& r) { return r.task == task; });
  }
  void assign(std::uint32_t task, HostIndex) override { placed.push_back(task); }
};

}  // namespace

TEST_CASE("round-robin cycles and skips hosts that are down or too small") {
  ClusterView view({host(1e9), host(1e9, 4), host(1e9)});
  view.mutable_host(2).up = false;
  view.update(2);
  auto rr = make_placement_policy("round-robin", {});
  CHECK(rr->place(request(1), view) == 0);
  CHECK(rr->place(request(1), view) == 1);
  CHECK(rr->place(request(1), view) == 0);  // 2 is down
  CHECK(rr->place(request(1, 4), view) == 1);  // only host 1 has 4 cores
  CHECK(rr->place(request(1, 8), view) == kNoHost);
}

TEST_CASE("least-loaded balances tasks per core, lowest index on ties") {
  ClusterState cluster({host(1e9, 1), host(1e9, 2)});
  auto ll = make_placement_policy("least-loaded", {});
  // Loads (tasks per core) as tasks arrive: (0,0) -> 0; (1,0) -> 1; (1,0.5) -> 1; (1,1) -> 0.
  CHECK(place_all(*ll, cluster, 4, 1e9) == std::vector<HostIndex>{0, 1, 1, 0});
}

TEST_CASE("earliest-finish on a 1 and a 3 Gf/s host: the schedule worked out by hand") {
  // A 3 Gf task takes 3 s on host 0 and 1 s on host 1; each goes where it would finish
  // first after the tasks before it: finishes (3, 1) -> 1; (3, 2) -> 1; (3, 3) tie -> 0;
  // (6, 3) -> 1; (6, 4) -> 1; (6, 5) -> 1; (6, 6) tie -> 0; (9, 6) -> 1. See tests/cli/runtime.py.
  ClusterState cluster({host(1e9), host(3e9)});
  auto eft = make_placement_policy("earliest-finish", {});
  CHECK(place_all(*eft, cluster, 8, 3e9) == std::vector<HostIndex>{1, 1, 0, 1, 1, 1, 0, 1});
}

TEST_CASE("earliest-finish weighs input transfers against speed") {
  // The input (1.25 GB, 1 s over 10 Gbps) sits on the slow host 0. A 1 Gf task: 1 s there,
  // or 1 s of transfer + 0.25 s on the 4 Gf/s host 1: stay. A 10 Gf task: 10 s there, or
  // 1 + 2.5 s on host 1: move.
  ClusterView view({host(1e9), host(4e9)});
  auto eft = make_placement_policy("earliest-finish", {});
  const InputSource input{0, 1.25e9};
  TaskRequest small = request(1e9);
  small.inputs = &input;
  small.input_count = 1;
  CHECK(eft->place(small, view) == 0);
  TaskRequest big = request(10e9);
  big.inputs = &input;
  big.input_count = 1;
  CHECK(eft->place(big, view) == 1);
}

TEST_CASE("random placement is seeded and spreads evenly") {
  ClusterView view({host(1e9), host(1e9), host(1e9), host(1e9)});
  auto a = make_placement_policy("random", seeded(7));
  auto b = make_placement_policy("random", seeded(7));
  auto c = make_placement_policy("random", seeded(8));
  std::map<HostIndex, int> counts;
  bool differs = false;
  for (int i = 0; i < 4000; ++i) {
    const HostIndex h = a->place(request(1), view);
    CHECK(h == b->place(request(1), view));
    differs = differs || h != c->place(request(1), view);
    counts[h]++;
  }
  CHECK(differs);
  for (const auto& [h, count] : counts) CHECK(count == doctest::Approx(1000).epsilon(0.1));
}

TEST_CASE("fcfs hands out tasks by job submit time, then job, then task") {
  auto fcfs = make_job_policy("fcfs", {}).tasks;
  fcfs->push(ready(5, 2, 10.0));
  fcfs->push(ready(3, 1, 10.0));
  fcfs->push(ready(9, 0, 20.0));
  fcfs->push(ready(1, 1, 10.0));
  CHECK(drain(*fcfs, ClusterView({})) == std::vector<std::uint32_t>{1, 3, 5, 9});
}

// Rigid schedulers by hand, without SimGrid: 10 cores; job 1 (8 cores) runs until t=100 by
// its estimate; queued in submit order: job 2 (4 cores, 50 s), job 3 (2 cores, 50 s), job 4
// (2 cores, 200 s). At t=0 two cores are free.
std::vector<std::uint32_t> start_rigid(const std::string& policy) {
  auto rigid = make_job_policy(policy, {}).rigid;
  rigid->submit({2, 1.0, 4, 50, 0});
  rigid->submit({3, 2.0, 2, 50, 0});
  rigid->submit({4, 3.0, 2, 200, 0});
  return rigid->start_now(0, 2, {{1, 8, 100}});
}

TEST_CASE("rigid jobs: list scheduling, EASY and conservative backfilling by hand") {
  // fcfs: job 2 does not fit in 2 cores, and holds back everything behind it.
  CHECK(start_rigid("fcfs").empty());
  // EASY: job 2 is reserved at t=100 (the 10 cores then free leave 6 extra). Job 3 ends by
  // t=50, before the reservation: it starts. Job 4 would run past t=100 but needs 2 of the
  // 6 extra cores, yet none are free after job 3: it waits.
  CHECK(start_rigid("easy-backfill") == std::vector<std::uint32_t>{3});
  // Conservative: job 2 is planned at t=100; job 3 fits now for its 50 s; job 4 cannot
  // start now (no core left), so it is planned later.
  CHECK(start_rigid("conservative-backfill") == std::vector<std::uint32_t>{3});
  // sjf: by estimated work (cores x time): job 3 (100), job 2 (200), job 4 (400). Job 3 fits.
  CHECK(start_rigid("sjf") == std::vector<std::uint32_t>{3});
}

TEST_CASE("EASY backfills a long job only on cores the reserved job will not need") {
  // 10 cores, 4 free; job 1 (6 cores) runs until t=100. Head job 2 needs 8: reserved at
  // t=100, when 10 are free: 2 extra. Job 3 (2 cores, 500 s) runs past t=100 but fits in the
  // extra cores: it starts. Job 4 (2 cores, 500 s) would delay the head: it waits.
  auto rigid = make_job_policy("easy-backfill", {}).rigid;
  rigid->submit({2, 1.0, 8, 50, 0});
  rigid->submit({3, 2.0, 2, 500, 0});
  rigid->submit({4, 3.0, 2, 500, 0});
  CHECK(rigid->start_now(0, 4, {{1, 6, 100}}) == std::vector<std::uint32_t>{3});
  // Conservative plans job 4 after job 2 at t=100+50 on the same cores: not now either.
  auto conservative = make_job_policy("conservative-backfill", {}).rigid;
  conservative->submit({2, 1.0, 8, 50, 0});
  conservative->submit({3, 2.0, 2, 500, 0});
  conservative->submit({4, 3.0, 2, 500, 0});
  CHECK(conservative->start_now(0, 4, {{1, 6, 100}}) == std::vector<std::uint32_t>{3});
}

TEST_CASE("every registered policy has a description") {
  for (const auto& name : job_policy_names()) CHECK(!describe_job_policy(name).empty());
  for (const auto& name : placement_policy_names()) CHECK(!describe_placement_policy(name).empty());
}

TEST_CASE("Jain's fairness index") {
  // (sum x)^2 / (n sum x^2): 1 when all equal, 1/n when one takes everything.
  CHECK(jain_index({1, 1, 1}) == doctest::Approx(1.0));
  CHECK(jain_index({1, 0, 0}) == doctest::Approx(1.0 / 3));
  CHECK(jain_index({2, 1}) == doctest::Approx(9.0 / 10));
  CHECK(jain_index({}) == doctest::Approx(1.0));
}

TEST_CASE("pack takes the first host with free slots, then the least loaded") {
  ClusterView view({host(1e9, 2), host(1e9, 2)});
  auto pack = make_placement_policy("pack", {});
  CHECK(pack->place(request(1), view) == 0);
  // Host 0 promises both its cores to queued tasks: no slot left there.
  view.mutable_host(0).queued = 2;
  view.mutable_host(0).queued_cores = 2;
  view.update(0);
  CHECK(pack->place(request(1), view) == 1);
  CHECK(pack->place(request(2), view) == 1);
  view.mutable_host(1).queued = 1;
  view.mutable_host(1).queued_cores = 1;
  view.update(1);
  // Full everywhere for a 2-core task: the least loaded (host 1: 0.5 tasks per core).
  CHECK(pack->place(request(2), view) == 1);
}

TEST_CASE("heft ranks: mean computation plus the heaviest chain to the end") {
  // A(2 Gf) -> B(4 Gf) and A -> C(1 Gf), B and C -> D(2 Gf); mean speed (1 + 2) / 2 Gf/s.
  WorkloadBuilder b;
  Job job;
  job.id = "j";
  b.add_job(job);
  Task t;
  t.flops = 2e9;
  const TaskId a = b.add_task(t);
  t.flops = 4e9;
  const TaskId bb = b.add_task(t);
  t.flops = 1e9;
  const TaskId c = b.add_task(t);
  t.flops = 2e9;
  const TaskId d = b.add_task(t);
  b.add_edge(a, bb, 0);
  b.add_edge(a, c, 0);
  b.add_edge(bb, d, 0);
  b.add_edge(c, d, 0);
  const Workload w = b.finish();
  // Ranks: d 2/1.5, c (1 + 2)/1.5, b (4 + 2)/1.5, a (2 + 6)/1.5: offered d, c, a, b, they
  // are placed by decreasing rank.
  ClusterView view({host(1e9), host(2e9)});
  auto heft = make_placement_policy("heft", {});
  heft->prepare(w, view);
  Batch batch;
  for (TaskId id : {d, c, a, bb}) batch.tasks.push_back(TaskRequest{id, w.tasks[id].flops, 1, nullptr, 0});
  heft->place_ready(batch, view);
  CHECK(batch.placed == std::vector<std::uint32_t>{a, bb, c, d});
}

TEST_CASE("min-min and max-min order batches by size, equal sizes in the job policy's order") {
  ClusterView view({host(1e9)});
  for (const char* name : {"min-min", "max-min"}) {
    Batch batch;
    for (std::uint32_t id = 0; id < 4; ++id) batch.tasks.push_back(TaskRequest{id, id == 3 ? 1e9 : 2e9 - id * 1e9, 1});
    // Sizes: task 0 2 Gf, 1 1 Gf, 2 0 Gf, 3 1 Gf.
    make_placement_policy(name, {})->place_ready(batch, view);
    CAPTURE(name);
    CHECK(batch.placed == (name == std::string("min-min") ? std::vector<std::uint32_t>{2, 1, 3, 0}
                                                          : std::vector<std::uint32_t>{0, 1, 3, 2}));
  }
}

TEST_CASE("fair gives the next core to the pool using the fewest, by weight") {
  const std::string alice = "alice", bob = "bob";
  PolicyContext ctx;
  ctx.fair.weights["alice"] = 2;
  auto fair = make_job_policy("fair", ctx).tasks;
  for (std::uint32_t i = 0; i < 6; ++i) {
    ReadyTask r = ready(i, i, 0);
    r.user = i < 3 ? &alice : &bob;
    r.queue = &alice;
    fair->push(r);
  }
  // In use (alice / 2, bob): (0, 0) alice; (0.5, 0) bob; (0.5, 1) alice; (1, 1) alice (name);
  // then only bob waits.
  // With no free core anywhere, nothing is handed out: the policy's order decides later.
  ClusterView full({host(1e9)});
  full.mutable_host(0).free_cores = 0;
  CHECK(drain(*fair, full).empty());
  CHECK(drain(*fair, ClusterView({host(1e9, 64)})) == std::vector<std::uint32_t>{0, 3, 1, 2, 4, 5});
}

TEST_CASE("capacity serves the queue furthest below its guarantee, up to its ceiling") {
  const std::string prod = "prod", dev = "dev";
  PolicyContext ctx;
  ctx.total_cores = 4;
  ctx.capacity.queues["prod"] = {0.75, 1.0};
  ctx.capacity.queues["dev"] = {0.25, 0.5};
  auto capacity = make_job_policy("capacity", ctx).tasks;
  for (std::uint32_t i = 0; i < 8; ++i) {
    ReadyTask r = ready(i, i, 0);
    r.queue = i < 4 ? &prod : &dev;
    r.user = r.queue;
    capacity->push(r);
  }
  // Guarantees: prod 3 cores, dev 1. Ratios in use / guaranteed decide; dev stops at its
  // ceiling of 2 cores; prod may take all 4.
  std::vector<std::string> order;
  const ClusterView free({host(1e9, 64)});
  for (const std::uint32_t task : drain(*capacity, free, 6)) order.push_back(task < 4 ? prod : dev);
  CHECK(order == std::vector<std::string>{"dev", "prod", "prod", "prod", "dev", "prod"});
  CHECK(drain(*capacity, free).empty());  // dev waits at its ceiling, prod has nothing left
}

TEST_CASE("locality and delay: data-local, then rack-local, then anywhere") {
  // Hosts 0, 1 in rack 0; 2, 3 in rack 1. The input lives on host 0 only.
  std::vector<HostState> hosts{host(1e9), host(1e9), host(1e9), host(1e9)};
  for (int h = 0; h < 4; ++h) hosts[h].rack = h / 2;
  ClusterView view(hosts);
  const HostIndex replica = 0;
  TaskRequest task = request(1e9);
  task.replicas = &replica;
  task.replica_count = 1;
  task.replica_bytes = 1e9;
  PolicyContext ctx;
  ctx.locality_wait_s = 3;
  auto locality = make_placement_policy("locality", ctx);
  auto delay = make_placement_policy("delay", ctx);
  CHECK(locality->place(task, view) == 0);  // the data host is free
  CHECK(delay->place(task, view) == 0);
  auto busy = [&view](HostIndex h) {
    view.mutable_host(h).free_cores = 0;
    view.update(h);
  };
  busy(0);
  CHECK(locality->place(task, view) == 1);  // same rack
  view.set_now(1);  // waited 1 s < 3 s: delay holds the task back
  CHECK(delay->place(task, view) == kNoHost);
  view.set_now(3);
  CHECK(delay->place(task, view) == 1);
  busy(1);
  CHECK(locality->place(task, view) == 2);  // any free host
  CHECK(delay->place(task, view) == kNoHost);  // rack-local only until 2 x 3 s
  view.set_now(6);
  CHECK(delay->place(task, view) == 2);
}

TEST_CASE("fcfs: runs of a job's tasks, tasks out of order and copies, pushed and popped at random") {
  // The FIFO keeps a job's consecutive tasks as one entry; whatever the pushes, each pop must
  // give the smallest (submit time, job, task) present, as a sorted multiset says.
  std::mt19937 rng(11);
  auto fcfs = make_job_policy("fcfs", {}).tasks;
  std::multiset<std::tuple<double, std::uint32_t, std::uint32_t>> present;
  std::vector<std::uint32_t> next_task(8, 0);
  const ClusterView view({});
  std::size_t popped = 0;
  for (int step = 0; step < 20000; ++step) {
    if (rng() % 3 != 0) {
      const auto job = static_cast<std::uint32_t>(rng() % 8);
      // A job's tasks mostly come one after another; sometimes one is pushed again (a copy).
      const std::uint32_t task = job * 100000 + (rng() % 10 == 0 && next_task[job] > 0 ? next_task[job] - 1 : next_task[job]++);
      const double submit = static_cast<double>(job % 3);
      fcfs->push(ready(task, job, submit));
      present.insert({submit, job, task});
    } else {
      std::uint32_t task = 0;
      const bool got = fcfs->pop(view, task);
      REQUIRE(got == !present.empty());
      if (!got) continue;
      REQUIRE(task == std::get<2>(*present.begin()));
      present.erase(present.begin());
      ++popped;
    }
  }
  CHECK(popped > 5000);
}
