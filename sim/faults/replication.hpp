// faults.replication: which tasks run as several copies, and how copies count as attempts.
// Pure: read by the runtime (which places and cancels the copies, runtime/replicas.cpp) and by
// the metrics (which count a round of copies as one try).
#pragma once

#include "workload/workload.hpp"

#include <cstdint>

namespace nimbus {

// The copies task t runs as when the scenario asks for `copies`: a task of a rigid job or a
// program's rank is one of several that start together and runs once.
inline std::uint32_t copies_of(const Workload& w, TaskId t, std::uint32_t copies) {
  const Job& job = w.jobs[w.tasks[t].job];
  return job.rigid_cores == 0 && job.ranks == 0 ? copies : 1;
}

// Attempts are numbered 1, 2, ... in the order they open, copies included: the k copies of
// the first try are attempts 1..k, those of the second k+1..2k. The try that attempt a is in:
inline std::uint32_t try_of(std::uint32_t attempt, std::uint32_t copies) { return (attempt + copies - 1) / copies; }

}  // namespace nimbus
