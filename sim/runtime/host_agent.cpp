// The worker side of the runtime: one actor per core of every host.
#include "runtime/controller.hpp"

#include <algorithm>

namespace nimbus {
namespace sg4 = simgrid::s4u;

void Controller::worker_main(HostIndex h, int worker) {
  for (;;) run_task(take_task(h, worker), h);
}

// The next task of this host's queue whose cores are free, waiting until there is one.
TaskId Controller::take_task(HostIndex h, int worker) {
  auto& rt = hosts_[static_cast<std::size_t>(h)];
  for (;;) {
    HostState& hs = view_.mutable_host(h);
    if (!rt.queue.empty() && w_.tasks[rt.queue.front()].cores <= hs.free_cores) {
      const TaskId t = rt.queue.front();
      rt.queue.pop_front();
      hs.free_cores -= w_.tasks[t].cores;
      free_total_ -= w_.tasks[t].cores;
      hs.queued -= 1;
      hs.queued_cores -= w_.tasks[t].cores;
      hs.running += 1;
      // Load (running + queued), outstanding work and free slots (free - queued cores) are
      // all unchanged: the indices need no update.
      rt.running.push_back(t);
      tasks_[t].state = State::Running;
      tasks_[t].start_s = sg4::Engine::get_clock();
      wake_worker(h);  // the next task may fit the cores left
      return t;
    }
    rt.idle.push_back(worker);
    rt.wake[static_cast<std::size_t>(worker)]->acquire();
  }
}

// This host if it holds a copy, else a copy in its rack, else the first copy.
HostIndex Controller::nearest_replica(TaskId t, HostIndex h) const {
  const int rack = view_.host(h).rack;
  HostIndex best = replica_hosts_[replica_begin_[t]];
  for (auto k = replica_begin_[t]; k < replica_begin_[t + 1]; ++k) {
    const HostIndex r = replica_hosts_[k];
    if (r == h) return r;
    if (rack >= 0 && view_.host(r).rack == rack && view_.host(best).rack != rack) best = r;
  }
  return best;
}

void Controller::release_cores(TaskId t, HostIndex h) {
  auto& running = hosts_[static_cast<std::size_t>(h)].running;
  running.erase(std::find(running.begin(), running.end(), t));
  HostState& hs = view_.mutable_host(h);
  hs.free_cores += w_.tasks[t].cores;
  free_total_ += w_.tasks[t].cores;
  hs.running -= 1;
  hs.outstanding_flops -= w_.tasks[t].flops;
  if (hs.free_cores > hs.cores)
    throw InvariantError("host " + sg_hosts_[static_cast<std::size_t>(h)]->get_name() + " freed more cores than it has");
  view_.set_now(sg4::Engine::get_clock());
  view_.update(h);
}

void Controller::run_task(TaskId t, HostIndex h) {
  const Task& task = w_.tasks[t];
  sg4::Host* here = sg_hosts_[static_cast<std::size_t>(h)];
  Attempt a;
  a.task = t;
  a.host = h;
  a.ready_s = tasks_[t].ready_s;
  if (cfg_.scheduling.control_latency_s > 0) sg4::this_actor::sleep_for(cfg_.scheduling.control_latency_s);

  // Inputs: each producer's output from its host, and external input from the submit host.
  // The task holds its cores while they arrive.
  std::vector<sg4::CommPtr> transfers;
  const int rack = view_.host(h).rack;
  auto fetch = [&](HostIndex source, double bytes) {
    if (bytes <= 0) return;
    a.locality = std::max(a.locality, source == h ? InputLocality::DataLocal
                                      : rack >= 0 && view_.host(source).rack == rack ? InputLocality::RackLocal
                                                                                       : InputLocality::Remote);
    if (source == h) return;
    transfers.push_back(sg4::Comm::sendto_async(sg_hosts_[static_cast<std::size_t>(source)], here,
                                                static_cast<std::uint64_t>(bytes)));
    a.bytes_in += bytes;
  };
  for (auto e = task.preds_begin; e < task.preds_end; ++e) fetch(tasks_[w_.preds[e].task].host, w_.preds[e].bytes);
  if (task.input_replicas > 0)
    fetch(nearest_replica(t, h), task.input_bytes);
  else
    fetch(submit_index_, task.input_bytes);
  try {
    for (auto& c : transfers) c->wait();
  } catch (const simgrid::NetworkFailureException&) {
    // A producer's host failed mid-transfer; this worker's host is fine.
    release_cores(t, h);
    fail(t, h, Outcome::InputLost, sg4::Engine::get_clock());
    wake_worker(h);
    dispatch();
    return;
  }
  result_.events += transfers.size();

  a.start_s = sg4::Engine::get_clock();
  if (task.flops > 0) {
    // SimGrid's parallel executions compute the given amount on each thread.
    sg4::ExecPtr exec = sg4::this_actor::exec_init(task.flops / task.cores);
    exec->set_thread_count(task.cores);
    exec->start();
    exec->wait();
  }
  a.end_s = sg4::Engine::get_clock();
  ++result_.events;
  if (task.succs_begin == task.succs_end && task.output_bytes > 0 && submit_host_ != here) {
    sg4::Comm::sendto(here, submit_host_, static_cast<std::uint64_t>(task.output_bytes));
    a.bytes_out = task.output_bytes;
    ++result_.events;
  }

  release_cores(t, h);
  // A task never starts before its inputs: its producers ended before it started.
  for (auto e = task.preds_begin; e < task.preds_end; ++e)
    if (tasks_[w_.preds[e].task].state != State::Done)
      throw InvariantError("task " + std::to_string(t) + " ran before its input " + std::to_string(w_.preds[e].task));
  complete(t, h, a);
  wake_worker(h);
}

}  // namespace nimbus
