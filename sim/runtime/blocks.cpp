// Replicated input blocks on the runtime (`replicas:` of a bag, placed by storage.cpp). A
// block is available while one of its copies is on a host that is up: a copy is unreachable
// while its host is off and back when the host is (its disks survive). A task that finds no
// copy up ends `data-lost`. With storage.rereplicate, a copy on a host that fails is made
// again from one still up onto another host, over the network, as HDFS does.
#include "platform/sg_compat.hpp"
#include "runtime/runtime.hpp"

#include <algorithm>

namespace nimbus {
namespace sg4 = simgrid::s4u;

// This host if it holds a copy, else a copy in its rack, else the first copy; only copies on
// hosts that are up.
HostIndex Runtime::nearest_replica(TaskId t, HostIndex h) const {
  const ClusterView& view = cluster_.view();
  const int rack = view.host(h).rack;
  HostIndex best = kNoHost;
  for (auto k = replica_begin_[t]; k < replica_begin_[t + 1]; ++k) {
    const HostIndex r = replica_hosts_[k];
    if (!engine_on_[static_cast<std::size_t>(r)]) continue;
    if (r == h) return r;
    if (best == kNoHost || (rack >= 0 && view.host(r).rack == rack && view.host(best).rack != rack)) best = r;
  }
  return best;
}

// Host h went off: the blocks still needed that had a copy there lose it.
void Runtime::blocks_down(HostIndex h) {
  for (const TaskId t : blocks_on_[static_cast<std::size_t>(h)]) {
    if (tasks_[t].status == Status::Done || tasks_[t].status == Status::Failed) continue;
    const auto first = replica_hosts_.begin() + replica_begin_[t], last = replica_hosts_.begin() + replica_begin_[t + 1];
    if (std::find(first, last, h) == last) continue;  // its copy there was made again elsewhere
    const bool up = std::any_of(first, last, [this](HostIndex r) { return engine_on_[static_cast<std::size_t>(r)]; });
    if (!up) {
      ++result_.blocks_lost;
      continue;
    }
    if (cfg_.storage.rereplicate)
      sg::add_actor("rereplicate", controller_host_, [this, t, h] { guarded([this, t, h] { copy_block(t, h); }); });
  }
}

// Copies task t's block from a copy that is up onto a host that has none, in place of the
// copy on `lost`; tries again from another copy if the transfer fails.
void Runtime::copy_block(TaskId t, HostIndex lost) {
  const ClusterView& view = cluster_.view();
  const auto n = static_cast<HostIndex>(view.size());
  for (;;) {
    if (tasks_[t].status == Status::Done || tasks_[t].status == Status::Failed) return;
    const auto first = replica_hosts_.begin() + replica_begin_[t], last = replica_hosts_.begin() + replica_begin_[t + 1];
    const auto slot = std::find(first, last, lost);
    if (slot == last) return;
    const auto source = std::find_if(first, last, [this](HostIndex r) { return engine_on_[static_cast<std::size_t>(r)]; });
    if (source == last) return;  // no copy left up (counted by blocks_down)
    // The target: a host up without a copy, in a rack with none if there is one (HDFS keeps
    // copies in two racks at least), searched from a point that depends on the block.
    const auto holds = [&](HostIndex c) { return std::find(first, last, c) != last; };
    const auto rack_has = [&](HostIndex c) {
      return view.host(c).rack >= 0 &&
             std::any_of(first, last, [&](HostIndex r) { return r != lost && view.host(r).rack == view.host(c).rack; });
    };
    HostIndex target = kNoHost;
    for (const bool other_rack : {true, false}) {
      for (HostIndex k = 0; k < n && target == kNoHost; ++k) {
        const HostIndex c = static_cast<HostIndex>((static_cast<std::uint64_t>(t) * 2654435761u + static_cast<std::uint64_t>(k)) % static_cast<std::uint64_t>(n));
        if (engine_on_[static_cast<std::size_t>(c)] && !holds(c) && c != controller_index_ && !(other_rack && rack_has(c)))
          target = c;
      }
      if (target != kNoHost) break;
    }
    if (target == kNoHost) return;
    const double bytes = w_.tasks[t].input_bytes;
    // A host-to-host transfer; its rate is set while it is only INITED (SimGrid refuses after).
    sg4::CommPtr copy = sg4::Comm::sendto_init();
    if (cfg_.storage.bandwidth_Bps > 0) copy->set_rate(cfg_.storage.bandwidth_Bps);
    copy->set_source(sg_hosts_[static_cast<std::size_t>(*source)])
        ->set_destination(sg_hosts_[static_cast<std::size_t>(target)])
        ->set_payload_size(payload_bytes(bytes));
    copy->start();
    try {
      copy->wait();
    } catch (const simgrid::NetworkFailureException&) {
      continue;  // the source or the target failed meanwhile: again, from what is up now
    }
    const auto again = std::find(replica_hosts_.begin() + replica_begin_[t], replica_hosts_.begin() + replica_begin_[t + 1], lost);
    if (!engine_on_[static_cast<std::size_t>(target)] || again == replica_hosts_.begin() + replica_begin_[t + 1]) continue;
    *again = target;
    blocks_on_[static_cast<std::size_t>(target)].push_back(t);
    ++result_.rereplicated;
    result_.bytes_rereplicated += bytes;
    return;
  }
}

}  // namespace nimbus
