// An experiment as plain data: what a scenario YAML file says, validated.
//
// Built by parse_scenario_file(), the only reader of scenario YAML. The platform it names
// is read too, relative to the scenario file. See docs/scenarios.md for the file format.
#pragma once

#include "config/distribution.hpp"
#include "config/graph_spec.hpp"
#include "config/platform_config.hpp"
#include "config/sharing.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nimbus {

// When the jobs of a workload item are submitted.
struct ArrivalSpec {
  enum class Kind {
    Batch,    // one job holding every task, at `start_s`
    Poisson,  // one job per task, exponential gaps of mean 1/rate_per_s after start_s
    Times,    // one job per task, at the listed times
    Burst,    // one job per task, `burst_size` of them every `burst_every_s` from start_s
  };
  Kind kind = Kind::Batch;
  double start_s = 0;
  double rate_per_s = 0;
  std::vector<double> times_s;
  long long burst_size = 0;
  double burst_every_s = 0;
};

struct JobOwner {
  std::string user = "default";
  std::string queue = "default";
  int priority = 0;
};

struct BagOfTasksSpec {
  long long tasks = 1;
  Distribution flops;
  int cores = 1;
  std::string cores_where;  // file:line:col of `cores`, for checks against the platform
  Distribution input_bytes = Distribution::fixed(0);
  Distribution output_bytes = Distribution::fixed(0);
  int input_replicas = 0;  // 0: inputs on the submit host; R: R copies placed rack-aware
  std::string replicas_where;  // file:line:col of `replicas`, for checks against the platform
  ArrivalSpec arrival;
  JobOwner owner;
};

// One job of named tasks; `after` names tasks (or task groups, by their base name) whose
// output must reach this task first.
struct DagTaskSpec {
  std::string name;
  long long count = 1;  // copies name-0 .. name-(count-1) when > 1
  double flops = 0;
  int cores = 1;
  std::string cores_where;  // file:line:col of `cores`, for checks against the platform
  double input_bytes = 0;
  double output_bytes = 0;
  std::vector<std::string> after;
};

struct DagSpec {
  std::vector<DagTaskSpec> tasks;
  double submit_s = 0;
  JobOwner owner;
};

// A real log replayed: an SWF log (each job a rigid job of its processors) or a WfCommons
// workflow instance (.json: one DAG job).
struct TraceSpec {
  std::string path;            // resolved against the scenario file
  std::string where;           // file:line:col of `trace:`, and its key path: errors in the
  std::string key;             // log name the scenario's key too
  long long first = 0;         // only the first N jobs (0: all)
  double window_from_s = 0;    // only jobs submitted in [from, to)
  double window_to_s = -1;
  double runtime_scale = 1;    // multiplies run and requested times
  double load = 1;             // divides submit times: 2 doubles the arrival rate
  double core_speed = 1e9;     // flop/s of one of the log's processors
  bool is_workflow() const { return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0; }
};

// What every program of ranks has: how many, where, when, whose.
struct RanksSpec {
  int ranks = 0;
  std::vector<std::string> hosts;  // rank i on hosts[i] (platform names); empty: placement
  std::string hosts_where;         // file:line:col of `hosts`, for checks against the platform
  double submit_s = 0;
  JobOwner owner;
};

// SimGrid's time-independent traces (smpirun -trace-ti): one file for every rank's
// actions (lines start with the rank), or one file per rank.
struct ReplaySpec {
  std::vector<std::string> actions;  // resolved against the scenario file
  std::vector<std::string> actions_where;
  bool per_rank = false;  // a list: file i holds rank i's actions
};

// Bulk-synchronous supersteps: compute, exchange messages by a pattern, synchronize.
struct BspSpec {
  enum class Pattern { None, Ring, Neighbours, AllToAll };
  long long supersteps = 1;
  Distribution flops;  // per rank per superstep (draws: stragglers)
  Pattern pattern = Pattern::Ring;
  double bytes = 0;    // per message
  int messages = 1;    // per destination per superstep; combine: true sends them as one
  bool combine = false;
  bool barrier = true;  // false: a rank waits only for the messages it needs
};

// Threads on one host sharing memory: each iteration computes, then (optionally) enters a
// critical section under a lock, then (optionally) meets the others at a barrier.
struct SharedMemorySpec {
  long long iterations = 1;
  Distribution flops;            // outside the critical section, per thread per iteration
  std::string lock;              // empty: no critical section
  double critical_flops = 0;     // inside it
  bool barrier = false;
};

// A master (rank 0) hands tasks to workers (ranks 1..W) with synchronous sends; each
// worker computes them and sends back results.
struct MasterWorkerSpec {
  long long tasks = 1;
  Distribution flops;
  double bytes = 0;         // sent with each task
  double result_bytes = 0;  // sent back
  bool on_demand = false;   // false: round-robin, task i to worker i mod W
};

// MapReduce (Dean and Ghemawat 2004) as Hadoop runs it: `splits` maps, each reading one
// block of the input (stored `replicas` times, rack-aware), computing and writing its
// output, partitioned over `reducers`; every reducer fetches its partition from every map
// (the shuffle), computes, and writes its output `output_replicas` times (HDFS pipeline).
struct MapReduceSpec {
  double input_bytes = 0;         // the whole input
  long long splits = 1;           // maps, one block each
  int replicas = 1;               // copies of each input block
  std::string replicas_where;     // file:line:col of `replicas`, for checks against the platform
  double map_flops_per_byte = 0;  // of its block; or
  double map_flops = 0;           // per map
  double map_output_ratio = 1;    // map output bytes per input byte
  double combiner = 1;            // map output kept by the combiner (1: none)
  long long reducers = 1;
  double skew = 1;                // reducer 0's partition over any other reducer's (1: even)
  double reduce_flops_per_byte = 0;  // of its input
  double reduce_output_ratio = 1;
  int output_replicas = 1;        // 1: written on the reducer's host only
  std::string output_replicas_where;
  double submit_s = 0;
  JobOwner owner;
};

struct WorkloadItem {
  enum class Program { BagOfTasks, Dag, Trace, Replay, Bsp, SharedMemory, MasterWorker, MapReduce, Graph };
  Program program = Program::BagOfTasks;
  BagOfTasksSpec bag;
  DagSpec dag;
  TraceSpec trace;
  RanksSpec ranks;  // Replay, Bsp, SharedMemory (its threads: ranks on one host)
  ReplaySpec replay;
  BspSpec bsp;
  SharedMemorySpec shared;
  MasterWorkerSpec master_worker;
  MapReduceSpec mapreduce;
  GraphSpec graph;  // ranks: its workers
};

struct SchedulingSpec {
  std::string jobs = "fcfs";
  std::string placement = "earliest-finish";
  double control_latency_s = 0;  // controller <-> host agent messages; 0: in-memory hand-offs
  bool kill_at_walltime = true;  // rigid jobs running past their requested time are killed
  double locality_wait_s = 3;    // for placement: delay
  FairSpec fair;                 // for jobs: fair
  CapacitySpec capacity;         // for jobs: capacity
};

// What survives a failure (`faults:`, docs/faults.md). Without it a task lost to a failure
// fails, and its dependents with it.
struct CheckpointSpec {
  bool enabled = false;
  bool auto_interval = false;  // Daly's interval from the hosts' MTBF
  double interval_s = 0;       // seconds of computation between two checkpoints
  double cost_s = 0;           // writing one: the task makes no progress meanwhile
  double restart_s = 0;        // before an attempt after a failure resumes
};
// LATE's speculative execution (Zaharia et al., OSDI 2008): a backup copy of a task that runs
// `slow` times longer than its estimate, at most `cap` x the running tasks backed up at once.
struct SpeculationSpec {
  bool enabled = false;
  double slow = 1.5;
  double cap = 0.1;
};
inline constexpr std::uint32_t kMaxAttempts = 1000;
struct FaultSpec {
  std::uint32_t retry = 1;    // attempts in all of a task lost to a failure (kMaxAttempts with a checkpoint)
  double backoff_s = 0;       // before the second attempt; each next waits `backoff_factor` times more
  double backoff_factor = 1;
  CheckpointSpec checkpoint;
  SpeculationSpec speculation;
  std::uint32_t copies = 1;   // replication: every task runs as this many copies at once
  bool copies_in_racks = false;  // ... on distinct racks (spread: rack), else distinct hosts
  bool message_logging = false;  // a program's failed rank restarts alone, replayed its messages
  std::string replication_where;  // file:line:col of `replication:`
  std::string where;          // file:line:col of `faults:`
};

// A SimGrid configuration item passed through (`simgrid:` in the scenario, or --cfg), as
// SimGrid users write it: "network/model" = "CM02". Checked against SimGrid's own list when
// the engine exists (runtime/simgrid_settings.hpp).
struct SimgridSetting {
  std::string name;
  std::string value;
  std::string where;  // file:line:col, or the --cfg argument
};

// Replicated input blocks (`storage:`, docs/faults.md): what happens to a block when a host
// holding a copy fails.
struct StorageSpec {
  bool rereplicate = false;  // copy it from a copy still up onto another host, HDFS-style
  double bandwidth_Bps = 0;  // each such copy at most this fast; 0: as the network allows
};

struct ScenarioConfig {
  std::string file;
  std::string name;
  std::uint64_t seed = 0;  // drives the workload and policies; the platform keeps its own seed
  std::string output_dir;  // default: out/<name>
  std::string output_where;  // what chose it: "--out DIR", output.dir's file:line:col, or `name`'s
  bool timeline = false;   // also write timeline.json (Chrome trace events: Perfetto, chrome://tracing)
  PlatformConfig platform;
  std::vector<WorkloadItem> workload;
  std::string workload_where;  // file:line:col of `workload:` (the file when absent)
  SchedulingSpec scheduling;
  FaultSpec faults;
  StorageSpec storage;
  std::vector<SimgridSetting> simgrid;  // in order: the file's, then --cfg's
  double bounded_slowdown_tau_s = 10;  // metrics: bounded slowdown threshold
  std::string resolved_yaml;           // the scenario as run: the file with every --set applied
  // The --set and --cfg arguments it was read with (or a sweep point's), for the command
  // that reruns it (summary.json's provenance).
  std::vector<std::string> set_args, cfg_args;
  std::vector<std::string> simgrid_logs;  // --log settings, checked, passed to SimGrid's engine
};

struct ScenarioOverrides {
  std::vector<std::string> assignments;  // --set key.path=value, in order
  std::vector<std::string> labels;       // where each assignment came from, for errors (default "--set ...")
  std::optional<std::uint64_t> seed;     // --seed
  std::string output_dir;                // --out
  std::vector<std::string> simgrid;      // --cfg name:value, in order
  std::vector<std::string> logs;         // --log category.setting:value, as SimGrid programs take it
};

ScenarioConfig parse_scenario_file(const std::string& path, const ScenarioOverrides& overrides = {});

class Node;
// The `workload:` list (parse_workload.cpp) and the `scheduling:` mapping (parse_scheduling.cpp).
std::vector<WorkloadItem> parse_workload(const Node& node);
SchedulingSpec parse_scheduling(const Node& node);
WorkloadItem parse_mapreduce(const Node& item);  // parse_mapreduce.cpp
JobOwner parse_owner(const Node& item);          // a workload item's user, queue and priority
// The `faults:` mapping (parse_faults.cpp); `platform` tells whether `auto` can be computed.
FaultSpec parse_faults(const Node& node, const PlatformConfig& platform);
StorageSpec parse_storage(const Node& node);

// Whether a YAML file is a scenario (it names a platform) rather than a platform.
bool looks_like_scenario(const std::string& path);

}  // namespace nimbus
