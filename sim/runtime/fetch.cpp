// A task's inputs brought to its host: each producer's output from the producer's host, and
// external input from the nearest copy of its block (or the submit host). The task holds its
// cores while they arrive. A task started before all its producers were done (a reducer's
// slow start) fetches the outputs there are, then waits for the next producer to end.
#include "runtime/runtime.hpp"

namespace nimbus {

namespace sg4 = simgrid::s4u;

Outcome Runtime::fetch_inputs(HostIndex h, Ticket ticket) {
  const TaskId t = attempts_[ticket].record.task;
  const Task& task = w_.tasks[t];
  sg4::Host* here = sg_hosts_[static_cast<std::size_t>(h)];
  const ClusterView& view = cluster_.view();
  const int rack = view.host(h).rack;
  std::vector<bool> fetched(task.preds_end - task.preds_begin, false);
  bool external = true;
  std::vector<std::pair<HostIndex, double>> sources;
  for (;;) {
    // Sources first; transfers start only if every one is up: a producer's host that is off
    // holds its output until it comes back (SimGrid asserts on a transfer from a host off).
    sources.clear();
    InputLocality& locality = attempts_[ticket].record.locality;
    auto fetch = [&](HostIndex source, double bytes) {
      if (bytes <= 0) return;
      locality = std::max(locality, source == h                                   ? InputLocality::DataLocal
                                    : rack >= 0 && view.host(source).rack == rack ? InputLocality::RackLocal
                                                                                  : InputLocality::Remote);
      if (source != h) sources.emplace_back(source, bytes);
    };
    std::size_t missing = 0;
    for (auto e = task.preds_begin; e < task.preds_end; ++e) {
      if (fetched[e - task.preds_begin]) continue;
      const TaskId producer = w_.preds[e].task;
      const Status status = tasks_[producer].status;
      if (status == Status::Failed) return Outcome::DependencyFailed;  // only when started early
      if (status != Status::Done) {
        if (task.ready_after == 0)
          throw InvariantError("task " + std::to_string(t) + " fetched its input before task " +
                               std::to_string(producer) + " produced it");
        ++missing;
        continue;
      }
      fetched[e - task.preds_begin] = true;
      fetch(tasks_[producer].output_host, w_.preds[e].bytes);
    }
    if (external) {
      external = false;
      if (task.input_replicas > 0) {
        const HostIndex source = nearest_replica(t, h);
        if (source == kNoHost) return Outcome::DataLost;
        fetch(source, task.input_bytes);
      } else {
        fetch(controller_index_, task.input_bytes);
      }
    }
    if (Attempt& r = attempts_[ticket].record; !r.started() && r.fetch_s < 0) r.fetch_s = sg4::Engine::get_clock();
    if (sources.empty()) {
      if (missing == 0) return Outcome::Succeeded;
      // Wait for the next producer to end (or fail), or for this attempt to end. Nothing ran
      // since the producers were looked at (no simcall), so none ended unseen.
      const sg4::SemaphorePtr wake = sg4::Semaphore::create(0);
      attempts_[ticket].waiting_inputs = wake;
      input_waiters_.emplace(t, ticket);
      wake->acquire();
      // Its entry, unless wake_input_waiters() dropped it already (this attempt ended meanwhile).
      for (auto [i, end] = input_waiters_.equal_range(t); i != end; ++i)
        if (i->second.slot == ticket.slot && i->second.serial == ticket.serial) {
          input_waiters_.erase(i);
          break;
        }
      if (!attempts_.is_open(ticket)) return Outcome::Cancelled;
      attempts_[ticket].waiting_inputs = nullptr;
      continue;
    }
    for (const auto& [source, bytes] : sources)
      if (!sg_hosts_[static_cast<std::size_t>(source)]->is_on()) return Outcome::InputLost;
    std::vector<sg4::CommPtr> transfers;
    double bytes_in = 0;
    for (const auto& [source, bytes] : sources) {
      transfers.push_back(sg4::Comm::sendto_async(sg_hosts_[static_cast<std::size_t>(source)], here,
                                                  static_cast<std::uint64_t>(bytes)));
      bytes_in += bytes;
    }
    attempts_[ticket].record.bytes_in += bytes_in;
    for (auto& c : transfers) attempts_[ticket].activities.push_back(c);
    const double began = sg4::Engine::get_clock();
    try {
      for (auto& c : transfers) c->wait();
    } catch (const simgrid::NetworkFailureException&) {
      return Outcome::InputLost;  // the source's host or a link on the route failed
    } catch (const simgrid::CancelException&) {
      return Outcome::Cancelled;  // the runtime cancelled it: another copy won
    }
    if (!attempts_.is_open(ticket)) return Outcome::Cancelled;
    attempts_[ticket].activities.clear();
    attempts_[ticket].record.transfer_s += sg4::Engine::get_clock() - began;
    result_.events += transfers.size();  // then look again: producers may have ended meanwhile
  }
}

}  // namespace nimbus
