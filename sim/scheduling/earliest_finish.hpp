// The earliest-finish rule, shared by the policies built on it (earliest-finish, min-min,
// max-min, heft): see earliest_finish.cpp.
#pragma once

#include "scheduling/cluster_view.hpp"

namespace nimbus {

// The host where the task would finish first; kNoHost if no host is up with enough cores.
// O(speed classes + inputs).
HostIndex earliest_finish_host(const TaskRequest& task, const ClusterView& view);

}  // namespace nimbus
