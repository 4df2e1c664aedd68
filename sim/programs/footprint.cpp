#include "programs/footprint.hpp"

#include "config/config_error.hpp"
#include "config/units.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <unistd.h>

namespace nimbus {
namespace {

// Bytes per item, from peak RSS of nimbus runs that grow one count at a time (2026-12,
// SimGrid 3.32, docs/scenarios.md "Memory"), rounded up by about a quarter:
//   2M tasks in one job: 242 B/task; 2M jobs of one task: 246 B/job more; 4M edges: 47 B
//   each; 100,000 idle one-core hosts: 4.7 KiB each; 80,000 cores busy at once: 19 KiB each.
// A task has cost less since (32-byte records, 40-byte attempt rows: 185 MiB at 1M tasks on
// 1,000 hosts, against 244): kept as they are, an upper bound is what a refusal needs.
constexpr double kBase = 64.0 * (1 << 20);  // the process, SimGrid and the libraries
constexpr double kPerTask = 300;            // workload task, runtime record, attempt row
constexpr double kPerJob = 300;             // a job (its strings), its metrics row
constexpr double kPerEdge = 56;             // the edge twice (preds, succs) and while built
constexpr double kPerStep = 48;             // a program step, and while built
constexpr double kPerRank = 24 * 1024;      // a rank's actor: its 16 KiB stack, SimGrid's record
constexpr double kPerHost = 6 * 1024;       // a host in SimGrid (host, links, routes) and in nimbus
constexpr double kPerBusyCore = 24 * 1024;  // an executor actor on a busy core

}  // namespace

double Footprint::bytes() const {
  const double busy = std::min(cores, tasks + ranks);
  return kBase + tasks * kPerTask + jobs * kPerJob + edges * kPerEdge + steps * kPerStep + ranks * kPerRank +
         hosts * kPerHost + busy * kPerBusyCore;
}

Footprint workload_footprint(const ScenarioConfig& cfg) {
  Footprint f;
  for (const WorkloadItem& item : cfg.workload) {
    switch (item.program) {
      case WorkloadItem::Program::BagOfTasks: {
        const auto tasks = static_cast<double>(item.bag.tasks);
        f.tasks += tasks;
        f.jobs += item.bag.arrival.kind == ArrivalSpec::Kind::Batch ? 1 : tasks;
        break;
      }
      case WorkloadItem::Program::Dag: {
        std::map<std::string, double> count;
        f.jobs += 1;
        for (const DagTaskSpec& t : item.dag.tasks) {
          const auto n = static_cast<double>(t.count);
          f.tasks += n;
          for (const std::string& dep : t.after) f.edges += n * count[dep];  // every copy after every copy
          count[t.name] = n;
        }
        break;
      }
      case WorkloadItem::Program::MapReduce: {
        const auto maps = static_cast<double>(item.mapreduce.splits);
        const auto reducers = static_cast<double>(item.mapreduce.reducers);
        f.jobs += 1;
        f.tasks += maps + reducers;
        f.edges += maps * reducers;
        f.steps += 3 * reducers;
        break;
      }
      case WorkloadItem::Program::Trace: break;  // counted as read: the file bounds it
      case WorkloadItem::Program::Replay:
        f.jobs += 1;
        f.ranks += item.ranks.ranks;
        break;
      case WorkloadItem::Program::Bsp: {
        const BspSpec& b = item.bsp;
        const double p = item.ranks.ranks;
        const double peers = b.pattern == BspSpec::Pattern::None ? 0 : b.pattern == BspSpec::Pattern::Ring ? 1
                           : b.pattern == BspSpec::Pattern::Neighbours ? 2 : p - 1;
        f.jobs += 1;
        f.ranks += p;
        f.steps += static_cast<double>(b.supersteps) * p * (3 + 2 * peers * (b.combine ? 1 : b.messages));
        break;
      }
      case WorkloadItem::Program::SharedMemory:
        f.jobs += 1;
        f.ranks += item.ranks.ranks;
        f.steps += static_cast<double>(item.shared.iterations) * item.ranks.ranks * 5;
        break;
      case WorkloadItem::Program::MasterWorker:
        f.jobs += 1;
        f.ranks += item.ranks.ranks;
        f.tasks += static_cast<double>(item.master_worker.tasks);
        f.steps += 4.0 * static_cast<double>(item.master_worker.tasks);
        break;
      case WorkloadItem::Program::Graph:  // its steps are bounded by kMaxGraphOperations
        f.jobs += 1;
        f.ranks += item.ranks.ranks;
        break;
    }
  }
  return f;
}

double memory_limit_bytes() {
  const char* text = std::getenv("NIMBUS_MEMORY_LIMIT");
  if (text == nullptr || *text == '\0') {
    // What a run may take without the machine swapping or killing it: 3/4 of its memory.
    const double machine = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
    return std::min(16.0 * (1ull << 30), machine > 0 ? 0.75 * machine : 16.0 * (1ull << 30));
  }
  try {
    const double bytes = parse_quantity(text, Dimension::Size);
    if (bytes > 0) return bytes;
  } catch (const UnitError&) {
  }
  throw ConfigError("NIMBUS_MEMORY_LIMIT=" + std::string(text), "", "expected a size such as \"64GiB\"");
}

void check_footprint(const ScenarioConfig& cfg, long long hosts, long long cores) {
  Footprint f = workload_footprint(cfg);
  f.hosts = static_cast<double>(hosts);
  f.cores = static_cast<double>(cores);
  char counts[160];
  std::snprintf(counts, sizeof counts, "%.0f tasks, %.0f jobs, %.0f dependencies, %.0f program steps, %.0f hosts", f.tasks,
                f.jobs, f.edges, f.steps, f.hosts);
  // Tasks, edges and steps are numbered in 32 bits, whatever the memory.
  if (std::max({f.tasks, f.edges, f.steps}) >= 4e9)
    throw ConfigError(cfg.workload_where, "workload",
                      std::string("more than 4e9 tasks, dependencies or program steps (") + counts + ")");
  const double need = f.bytes(), limit = memory_limit_bytes();
  if (need <= limit) return;
  throw ConfigError(cfg.workload_where, "workload",
                    "needs about " + format_quantity(need, Dimension::Size) + " of memory (" + counts +
                        "); the limit is " + format_quantity(limit, Dimension::Size) +
                        " (NIMBUS_MEMORY_LIMIT=64GiB raises it)");
}

}  // namespace nimbus
