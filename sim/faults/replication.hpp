// faults.replication: which tasks run as several copies. Pure; the runtime places and
// cancels the copies (runtime/replicas.cpp).
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

}  // namespace nimbus
