// What happened to each task attempt: the runtime's output, the metrics' input.
#pragma once

#include "scheduling/cluster_view.hpp"
#include "workload/workload.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace nimbus {

enum class Outcome : std::uint8_t {
  Succeeded,
  HostFailed,        // the host went off while the task was queued or running there
  InputLost,         // a producer's host failed while sending this task its input
  DependencyFailed,  // a task it needs failed
  NoHost,            // no host able to run it was ever up
  WalltimeExceeded,  // a rigid job killed at its requested time, as batch systems do
};
const char* outcome_name(Outcome outcome);

// Where a task's inputs came from, seen from the host that ran it.
enum class InputLocality : std::uint8_t { None, DataLocal, RackLocal, Remote };

struct Attempt {
  TaskId task = 0;
  std::uint32_t attempt = 0;
  HostIndex host = kNoHost;
  double ready_s = 0;   // all inputs produced and the job submitted
  double start_s = 0;   // computing started (inputs arrived)
  double end_s = 0;
  Outcome outcome = Outcome::Succeeded;
  double bytes_in = 0;  // received over the network before starting
  double bytes_out = 0; // sent to the submit host after finishing
  InputLocality locality = InputLocality::None;
};

struct HostUsage {
  double busy_core_s = 0;  // sum over attempts of (end - start) x cores
  double down_s = 0;       // time spent off (failed) until the makespan
  std::uint64_t tasks = 0;
  double energy_j = -1;    // -1: no energy model
};

struct RunResult {
  std::vector<Attempt> attempts;  // in completion order
  std::vector<HostUsage> hosts;
  double makespan_s = 0;          // last task end (0 if nothing ran)
  double bytes_moved = 0;
  std::uint64_t events = 0;       // activity completions: task computations, transfers, arrivals
  double wall_s = 0;
};

// Raised when the runtime catches itself breaking a rule it guarantees (a bug, exit 1).
struct InvariantError : std::logic_error {
  using std::logic_error::logic_error;
};

}  // namespace nimbus
