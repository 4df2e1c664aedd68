// The earliest-finish rule, shared by the policies built on it (earliest-finish, min-min,
// max-min, heft): see earliest_finish.cpp.
#pragma once

#include "scheduling/cluster_view.hpp"

namespace nimbus {

// The host where the task would finish first; kNoHost if no host is up with enough cores.
// O(speed classes + inputs).
HostIndex earliest_finish_host(const TaskRequest& task, const ClusterView& view);

// Seconds to bring the task's inputs to host h (the slowest input), and that plus its run
// time there: the estimates earliest-finish ranks hosts by, and the runtime's prediction of
// how long the task will hold its cores.
double input_time_estimate(const TaskRequest& task, HostIndex h, const ClusterView& view);
double run_time_estimate(const TaskRequest& task, HostIndex h, const ClusterView& view);

}  // namespace nimbus
