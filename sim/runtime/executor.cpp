// Executors: the actors that run tasks on a host. One is started when a task can start on a
// host (runtime: kick); it runs that task's steps, then the next task of the host's queue
// that fits, and ends when none does. A host without work has none.
#include "runtime/runtime.hpp"
#include "runtime/storage.hpp"

#include <algorithm>

namespace nimbus {
namespace sg4 = simgrid::s4u;

namespace {

// The one-shot body of a task without steps of its own.
const Step kDefaultBody[] = {{Step::Kind::Fetch, -1, 0}, {Step::Kind::Compute, -1, -1}, {Step::Kind::Deliver, -1, 0}};

}  // namespace

void Runtime::executor_main(HostIndex h, Ticket t) {
  auto& work = hosts_[static_cast<std::size_t>(h)];
  for (;;) {
    const Outcome outcome = run_steps(h, t);
    if (outcome == Outcome::Succeeded && attempts_.is_open(t)) settle_copies(t);
    if (attempts_.is_open(t)) {  // not ended by someone else meanwhile
      ++work.returning;
      end_attempt(t, outcome, true);
      --work.returning;
    }
    const bool next = take_next(h, t);
    wake_controller_if_due();  // take_next() is no place for a simcall; here is
    if (!next && !wait_for_work(h, t)) return;
    kick(h);  // more may fit now that this executor took its next
    wake_controller_if_due();
  }
}

// Parks this executor until kick() hands it a task, unless another executor of the host is
// parked already (then this one ends).
bool Runtime::wait_for_work(HostIndex h, Ticket& out) {
  HostWork& work = hosts_[static_cast<std::size_t>(h)];
  if (work.parked) return false;
  if (!work.wake_parked) work.wake_parked = sg4::Semaphore::create(0);
  work.parked = true;
  const auto wake = work.wake_parked;  // host_down() may reset `work`; this actor dies with the host
  wake->acquire();
  out = work.handed;
  return out.serial != 0;  // 0: the run is over (see release_parked_executors)
}

// At the end, parked executors are told to end: they return like any function, where
// killing them would unwind each stack with an exception.
void Runtime::release_parked_executors() {
  for (HostWork& work : hosts_)
    if (work.parked) {
      work.parked = false;
      work.handed = Ticket{};
      work.wake_parked->release();
    }
}

// The lines the rest of a task's cycle reads: its slot, its records, its host's (with the
// list of what runs there), and the head of its host's queue (the next task to start
// there) with that task's records. The head's records are found by reading the head, which
// waits for its line: the other lines are on their way meanwhile.
void Runtime::fetch_lines_after(TaskId t, HostIndex h, Ticket ticket) {
  const auto i = static_cast<std::size_t>(h);
  const auto* slot = reinterpret_cast<const char*>(&attempts_[ticket]);
  __builtin_prefetch(slot);
  __builtin_prefetch(slot + 64);  // not its third line (LiveAttempt): a task seldom uses it
  __builtin_prefetch(&w_.tasks[t]);
  __builtin_prefetch(&tasks_[t]);
  __builtin_prefetch(&hosts_[i]);
  __builtin_prefetch(hosts_[i].running.data());  // its attempts running: this one leaves them
  __builtin_prefetch(&cluster_.view().host(h));
  __builtin_prefetch(&result_.hosts[i]);
  if (queues_.empty(h)) return;
  const Queued& next = queues_.front(h);
  __builtin_prefetch(&next);
  __builtin_prefetch(&w_.tasks[next.task]);
  __builtin_prefetch(&tasks_[next.task]);
  // Prefetches and loads alone make this function pure to GCC, which then drops every call
  // of it (its result is unused). An empty volatile asm is a side effect it must keep.
  asm volatile("");
}

// Computes `flops` on `cores` cores of the attempt's host; Succeeded, or how it was lost.
Outcome Runtime::compute(Ticket ticket, double flops, int cores, TaskId task, HostIndex then) {
  if (flops <= 0) return Outcome::Succeeded;
  const double began = sg4::Engine::get_clock();
  // SimGrid's parallel executions compute the given amount on each thread.
  sg4::ExecPtr exec = sg4::this_actor::exec_init(flops / cores);
  if (cores > 1) exec->set_thread_count(cores);  // a simcall: skipped when it changes nothing
  attempts_[ticket].activities.push_back(exec);
  attempts_[ticket].computing_since = began;
  exec->start();
  try {
    exec->wait();
  } catch (const simgrid::HostFailureException&) {
    return Outcome::HostFailed;
  } catch (const simgrid::CancelException&) {
    return Outcome::Cancelled;  // the runtime cancelled it
  }
  if (then != kNoHost) fetch_lines_after(task, then, ticket);
  if (!attempts_.is_open(ticket)) return Outcome::HostFailed;  // ended while it ran
  auto& live = attempts_[ticket];
  live.activities.pop_back();  // this computation; a rank's requests before it stay
  live.compute_s += sg4::Engine::get_clock() - began;
  live.computing_since = -1;
  ++result_.events;
  return Outcome::Succeeded;
}

// Waits for an attempt's transfers (held as its activities meanwhile, so that a lost attempt
// cancels them); Succeeded and their time counted, or `lost` when a host or link failed.
Outcome Runtime::await_transfers(Ticket ticket, const std::vector<sg4::CommPtr>& transfers, Outcome lost) {
  auto& activities = attempts_[ticket].activities;
  activities.insert(activities.end(), transfers.begin(), transfers.end());
  const double began = sg4::Engine::get_clock();
  try {
    for (const auto& c : transfers) c->wait();
  } catch (const simgrid::NetworkFailureException&) {
    // The others would go on taking their links' bandwidth for an attempt that is over.
    for (const auto& c : transfers)
      if (c->get_state() == sg4::Activity::State::STARTED) c->cancel();
    return lost;
  } catch (const simgrid::CancelException&) {
    return Outcome::Cancelled;  // the runtime cancelled it: another copy won
  }
  if (!attempts_.is_open(ticket)) return Outcome::Cancelled;
  LiveAttempt& live = attempts_[ticket];
  live.activities.resize(live.activities.size() - transfers.size());
  live.moved.transfer_s += sg4::Engine::get_clock() - began;
  result_.events += transfers.size();
  return Outcome::Succeeded;
}

// A task's steps, in order. Each kind is a function of its own: an executor's stack is cold
// by the time its computation ends (a thousand other tasks ran meanwhile), and every line
// of this loop's frame read then is a wait on memory. Kept small, the loop reads few.
Outcome Runtime::run_steps(HostIndex h, Ticket ticket, ProgramRun* program, std::uint32_t rank) {
  // An attempt may end before its actor first runs (a copy cancelled as another won); its
  // slot may hold another attempt by then.
  if (!attempts_.is_open(ticket)) return Outcome::Cancelled;
  const TaskId t = attempts_[ticket].record.task;
  if (cfg_.scheduling.control_latency_s > 0) sg4::this_actor::sleep_for(cfg_.scheduling.control_latency_s);
  const Step* begin = kDefaultBody;
  const Step* end = kDefaultBody + 3;
  if (const Span<Step> own = w_.steps_of(t); !own.empty()) {
    begin = own.begin();
    end = own.end();
  }
  const Step* body = begin;
  if (program != nullptr) begin += program->ranks[rank].resume;  // from its program's checkpoint
  for (const Step* step = begin; step < end; ++step) {
    if (!attempts_.is_open(ticket)) return Outcome::Cancelled;  // ended while this actor waited
    if (program != nullptr) program->ranks[rank].step = static_cast<std::uint32_t>(step - body);
    Outcome outcome = Outcome::Succeeded;
    switch (step->kind) {
      case Step::Kind::Fetch:
        outcome = fetch_inputs(h, ticket, t);
        break;
      // Steps before these bring the inputs: the attempt starts at the first of them.
      case Step::Kind::Compute:
        mark_started(ticket);
        outcome = compute_step(h, ticket, t, *step, program, rank);
        break;
      case Step::Kind::Deliver:
        mark_started(ticket);
        outcome = deliver_output(h, ticket, t);
        break;
      case Step::Kind::Write:
        mark_started(ticket);
        outcome = write_copies(h, ticket, *step);
        break;
      case Step::Kind::Sleep:
        mark_started(ticket);
        sg4::this_actor::sleep_for(step->amount);
        if (!attempts_.is_open(ticket)) return Outcome::HostFailed;
        attempts_[ticket].add_sleep(step->amount);
        if (program != nullptr)
          trace(*program, rank, RankSlice::Kind::Sleep, sg4::Engine::get_clock() - step->amount, sg4::Engine::get_clock());
        break;
      case Step::Kind::Send:
      case Step::Kind::Recv:
      case Step::Kind::Isend:
      case Step::Kind::Irecv:
      case Step::Kind::Wait:
      case Step::Kind::WaitAll:
      case Step::Kind::Barrier:
      case Step::Kind::Lock:
      case Step::Kind::Unlock:
      case Step::Kind::EndItem:
      case Step::Kind::RecvAny:
      case Step::Kind::Reply:
      case Step::Kind::Work:
        if (program == nullptr)
          throw InvariantError("task " + std::to_string(t) + " has a step on other ranks but is no program's rank");
        outcome = rank_step(*program, rank, *step);
        break;
    }
    if (outcome != Outcome::Succeeded) return outcome;
    if (program != nullptr && program->logged && step + 1 < end) checkpoint_rank(*program, rank);
  }
  mark_started(ticket);
  return Outcome::Succeeded;
}

void Runtime::mark_started(Ticket ticket) {
  Attempt& r = attempts_[ticket].record;
  if (!r.started()) r.start_s = sg4::Engine::get_clock();
}

// Inputs: each producer's output from its host, and external input from the nearest copy
// (or the submit host). The task holds its cores while they arrive. Sources are found
// first and the transfers started only if every one is up: a producer's host that is off
// holds its output until it comes back (SimGrid asserts on a transfer from a host that is off).
Outcome Runtime::fetch_inputs(HostIndex h, Ticket ticket, TaskId t) {
  const Task& task = w_.tasks[t];
  std::vector<std::pair<HostIndex, double>> sources;
  const ClusterView& view = cluster_.view();
  const int rack = view.host(h).rack;
  InputLocality locality = InputLocality::None;
  auto fetch = [&](HostIndex source, double bytes) {
    if (bytes <= 0) return;
    locality = std::max(locality, source == h                                        ? InputLocality::DataLocal
                                  : rack >= 0 && view.host(source).rack == rack ? InputLocality::RackLocal
                                                                                 : InputLocality::Remote);
    if (source != h) sources.emplace_back(source, bytes);
  };
  for (const Edge& e : w_.preds_of(t)) {
    const TaskId producer = e.task;
    if (tasks_[producer].status != Status::Done)
      throw InvariantError("task " + std::to_string(t) + " fetched its input before task " + std::to_string(producer) +
                           " produced it");
    fetch(dag_[producer].output_host, e.bytes);
  }
  if (w_.input_replicas(t) > 0) {
    const HostIndex source = nearest_replica(t, h);
    if (source == kNoHost) return Outcome::DataLost;
    fetch(source, task.input_bytes);
  } else {
    fetch(controller_index_, task.input_bytes);
  }
  for (const auto& [source, bytes] : sources)
    if (!sg_hosts_[static_cast<std::size_t>(source)]->is_on()) return Outcome::InputLost;
  if (LiveAttempt& a = attempts_[ticket]; !a.record.started() && a.moved.fetch_s < 0) a.moved.fetch_s = sg4::Engine::get_clock();
  attempts_[ticket].record.locality = locality;
  if (sources.empty()) return Outcome::Succeeded;  // all here already, or nothing to bring: no simcall
  std::vector<sg4::CommPtr> transfers;
  double bytes_in = 0;
  for (const auto& [source, bytes] : sources) {
    transfers.push_back(sg4::Comm::sendto_async(sg_hosts_[static_cast<std::size_t>(source)],
                                                sg_hosts_[static_cast<std::size_t>(h)], payload_bytes(bytes)));
    bytes_in += bytes;
  }
  attempts_[ticket].moved.bytes_in += bytes_in;
  // A source's host or a link on the route failing loses the input.
  return await_transfers(ticket, transfers, Outcome::InputLost);
}

Outcome Runtime::compute_step(HostIndex h, Ticket ticket, TaskId t, const Step& step, ProgramRun* program,
                              std::uint32_t rank) {
  if (program != nullptr && step.item >= 0) item_start(*program, step.item, h);
  const double began = sg4::Engine::get_clock();
  const Task& task = w_.tasks[t];
  const Outcome computed = step.amount < 0 && cfg_.faults.checkpoint.enabled && program == nullptr
                               ? compute_checkpointed(ticket, h)
                               : compute(ticket, step.amount < 0 ? task.flops : step.amount, task.cores, t, h);
  if (computed == Outcome::Succeeded && program != nullptr)
    trace(*program, rank, RankSlice::Kind::Compute, began, sg4::Engine::get_clock());
  return computed;
}

// The output of a task without consumers goes to the submit host.
Outcome Runtime::deliver_output(HostIndex h, Ticket ticket, TaskId t) {
  const Task& task = w_.tasks[t];
  sg4::Host* here = sg_hosts_[static_cast<std::size_t>(h)];
  if (!w_.succs_of(t).empty() || task.output_bytes <= 0 || here == controller_host_) return Outcome::Succeeded;
  const std::vector<sg4::CommPtr> output{sg4::Comm::sendto_async(here, controller_host_, payload_bytes(task.output_bytes))};
  if (const Outcome moved = await_transfers(ticket, output, Outcome::NetworkFailed); moved != Outcome::Succeeded)
    return moved;
  attempts_[ticket].moved.bytes_out += task.output_bytes;
  return Outcome::Succeeded;
}

// The first copy is on this host; the others go as a pipeline, each host passing the bytes
// on to the next as they arrive (HDFS): transfers between consecutive copies, all at once,
// the write done when the last has arrived.
Outcome Runtime::write_copies(HostIndex h, Ticket ticket, const Step& step) {
  const std::vector<HostIndex> copies = place_replicas(step.peer, cluster_.view(), output_rng_, h);
  if (copies.size() < 2 || step.amount <= 0) return Outcome::Succeeded;
  // The view learns of a failure when the controller handles its event; SimGrid knows at
  // once, and refuses a transfer with a host that is off.
  for (const HostIndex c : copies)
    if (!sg_hosts_[static_cast<std::size_t>(c)]->is_on()) return Outcome::NetworkFailed;
  std::vector<sg4::CommPtr> transfers;
  for (std::size_t k = 1; k < copies.size(); ++k)
    transfers.push_back(sg4::Comm::sendto_async(sg_hosts_[static_cast<std::size_t>(copies[k - 1])],
                                                sg_hosts_[static_cast<std::size_t>(copies[k])],
                                                payload_bytes(step.amount)));
  // A host of the pipeline (or a link) failing loses the output.
  if (const Outcome moved = await_transfers(ticket, transfers, Outcome::NetworkFailed); moved != Outcome::Succeeded)
    return moved;
  attempts_[ticket].moved.bytes_out += step.amount * static_cast<double>(transfers.size());
  return Outcome::Succeeded;
}

}  // namespace nimbus
