#include "runtime/controller.hpp"

#include "platform/builder.hpp"
#include "platform/sg_compat.hpp"
#include "runtime/storage.hpp"
#include "scheduling/registry.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>
#include <cstdio>

namespace nimbus {
namespace sg4 = simgrid::s4u;

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::Succeeded: return "succeeded";
    case Outcome::HostFailed: return "host-failed";
    case Outcome::InputLost: return "input-lost";
    case Outcome::DependencyFailed: return "dependency-failed";
    case Outcome::NoHost: return "no-host";
    case Outcome::WalltimeExceeded: return "walltime-exceeded";
  }
  return "?";
}

namespace {

double wall_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

PolicyContext policy_context(const ScenarioConfig& cfg, const std::vector<sg4::Host*>& hosts) {
  PolicyContext ctx;
  ctx.seed = cfg.seed;
  for (const auto* h : hosts) ctx.total_cores += h->get_core_count();
  ctx.locality_wait_s = cfg.scheduling.locality_wait_s;
  ctx.fair = cfg.scheduling.fair;
  ctx.capacity = cfg.scheduling.capacity;
  return ctx;
}

ClusterView::Indices indices_for(const PlacementPolicy& placement, const JobPolicy& jobs) {
  ClusterView::Indices indices = placement.indices();
  indices.by_slots = indices.by_slots || jobs.holds_tasks();  // dispatch() asks for free slots
  return indices;
}

std::vector<HostState> initial_states(const std::vector<sg4::Host*>& hosts) {
  std::vector<HostState> states;
  states.reserve(hosts.size());
  std::map<std::string, int> rack_ids;  // in order of first appearance
  for (const auto* h : hosts) {
    HostState s;
    if (const char* rack = h->get_property(kRackProperty))
      s.rack = rack_ids.emplace(rack, static_cast<int>(rack_ids.size())).first->second;
    s.speed_flops = h->get_speed();
    s.cores = h->get_core_count();
    s.free_cores = s.cores;
    s.up = h->is_on();
    // The NIC is the first link of a route out of the host (a loopback route has none).
    std::vector<sg4::Link*> links;
    double latency = 0;
    if (hosts.size() > 1) {
      h->route_to(hosts[h == hosts[0] ? 1 : 0], links, &latency);
      if (!links.empty()) {
        s.nic_Bps = links.front()->get_bandwidth();
        s.nic_latency_s = links.front()->get_latency();
      }
    }
    states.push_back(s);
  }
  return states;
}

}  // namespace

Controller::Controller(const ScenarioConfig& cfg, const Workload& workload, std::vector<sg4::Host*> hosts,
                       sg4::Host* submit_host)
    : cfg_(cfg),
      w_(workload),
      sg_hosts_(std::move(hosts)),
      submit_host_(submit_host),
      job_policy_(make_job_policy(cfg.scheduling.jobs, policy_context(cfg, sg_hosts_))),
      placement_(make_placement_policy(cfg.scheduling.placement, policy_context(cfg, sg_hosts_))),
      view_(initial_states(sg_hosts_), indices_for(*placement_, *job_policy_)),
      hosts_(sg_hosts_.size()),
      tasks_(w_.tasks.size()) {
  for (std::size_t h = 0; h < sg_hosts_.size(); ++h) {
    if (sg_hosts_[h] == submit_host_) submit_index_ = static_cast<HostIndex>(h);
    max_cores_ = std::max(max_cores_, sg_hosts_[h]->get_core_count());
    total_cores_ += sg_hosts_[h]->get_core_count();
    if (view_.host(static_cast<HostIndex>(h)).up) free_total_ += sg_hosts_[h]->get_core_count();
  }
  for (TaskId t = 0; t < w_.tasks.size(); ++t)
    tasks_[t].pending_preds = w_.tasks[t].preds_end - w_.tasks[t].preds_begin;
  placement_->prepare(w_, view_);
  place_input_replicas();
  result_.hosts.resize(sg_hosts_.size());
  down_since_.assign(sg_hosts_.size(), -1);
  result_.attempts.reserve(w_.tasks.size());
  open_tasks_ = w_.tasks.size();
}

void Controller::place_input_replicas() {
  const bool any = std::any_of(w_.tasks.begin(), w_.tasks.end(), [](const Task& t) { return t.input_replicas > 0; });
  if (!any) return;
  Rng rng(cfg_.seed, "storage/replicas");
  replica_begin_.assign(w_.tasks.size() + 1, 0);
  for (TaskId t = 0; t < w_.tasks.size(); ++t) {
    for (HostIndex h : place_replicas(w_.tasks[t].input_replicas, view_, rng)) replica_hosts_.push_back(h);
    replica_begin_[t + 1] = static_cast<std::uint32_t>(replica_hosts_.size());
  }
}

void Controller::guarded(const std::function<void()>& body) {
  try {
    body();
  } catch (const InvariantError& e) {
    if (invariant_error_.empty()) invariant_error_ = e.what();
    sg4::Actor::kill_all();
  }
}

void Controller::start() {
  wall_start_ = last_progress_ = wall_now();
  all_done_ = sg4::Semaphore::create(0);
  sg::add_actor("controller", submit_host_, [this] { guarded([this] { controller_main(); }); });
  for (HostIndex h = 0; h < static_cast<HostIndex>(sg_hosts_.size()); ++h) {
    auto& rt = hosts_[static_cast<std::size_t>(h)];
    const int cores = sg_hosts_[static_cast<std::size_t>(h)]->get_core_count();
    for (int k = 0; k < cores; ++k) {
      rt.wake.push_back(sg4::Semaphore::create(0));
      // Daemons end with the controller; auto-restart brings workers back after a failure.
      sg::add_actor("worker", sg_hosts_[static_cast<std::size_t>(h)],
                         [this, h, k] { guarded([this, h, k] { worker_main(h, k); }); })
          ->daemonize()
          ->set_auto_restart(true);
    }
  }
  // A failure event finds its host by lookup, not by a scan over all hosts.
  auto index = std::make_shared<std::unordered_map<const sg4::Host*, HostIndex>>();
  for (HostIndex h = 0; h < static_cast<HostIndex>(sg_hosts_.size()); ++h)
    index->emplace(sg_hosts_[static_cast<std::size_t>(h)], h);
  sg::on_host_onoff([this, index](const sg4::Host& host) {
    if (const auto it = index->find(&host); it != index->end()) on_host_state(it->second, host.is_on());
  });
}

void Controller::controller_main() {
  // Tasks no host could ever run fail at once, with their reason.
  for (TaskId t = 0; t < w_.tasks.size(); ++t) {
    const bool rigid = w_.jobs[w_.tasks[t].job].rigid_cores > 0;
    if (w_.tasks[t].cores > (rigid ? total_cores_ : max_cores_)) fail(t, kNoHost, Outcome::NoHost, sg4::Engine::get_clock());
  }
  // Jobs submitted at the same instant are all seen before any decision: a scheduler
  // compares them (fair shares, batch orders) instead of serving the first one alone.
  for (JobId j = 0; j < w_.jobs.size();) {
    const double at = w_.jobs[j].submit_s;
    sg4::this_actor::sleep_until(at);
    for (; j < w_.jobs.size() && w_.jobs[j].submit_s == at; ++j) {
      ++result_.events;
      submit(j);
    }
    dispatch();
  }
  if (open_tasks_ > 0) all_done_->acquire();
}

void Controller::submit(JobId j) {
  const Job& job = w_.jobs[j];
  if (job.rigid_cores > 0) {
    const TaskId t = job.first_task;
    if (tasks_[t].state != State::Waiting) return;  // failed already: too large for the platform
    tasks_[t].state = State::Ready;
    tasks_[t].ready_s = sg4::Engine::get_clock();
    job_policy_->submit_rigid({j, job.submit_s, job.rigid_cores, job.walltime_s, job.priority});
    ++rigid_waiting_;
    return;
  }
  for (TaskId t = job.first_task; t < job.first_task + job.task_count; ++t)
    if (tasks_[t].state == State::Waiting && tasks_[t].pending_preds == 0) make_ready(t);
}

void Controller::make_ready(TaskId t) {
  TaskState& s = tasks_[t];
  s.state = State::Ready;
  s.ready_s = sg4::Engine::get_clock();
  job_policy_->push(ready_task(t));
}

ReadyTask Controller::ready_task(TaskId t) const {
  const Task& task = w_.tasks[t];
  const Job& job = w_.jobs[task.job];
  return {t, task.job, job.submit_s, job.priority, task.flops, task.cores, &job.user, &job.queue};
}

void Controller::dispatch() {
  view_.set_now(sg4::Engine::get_clock());
  if (rigid_waiting_ > 0) start_rigid_jobs();
  if (placement_->orders_batches()) {
    // Every task ready now, in the placement policy's order (stable: ties keep the job
    // policy's). A local batch: a nested dispatch may run at the simcalls of assign().
    std::vector<std::pair<double, ReadyTask>> batch;
    while (!job_policy_->empty()) {
      const ReadyTask r = job_policy_->pop();
      batch.emplace_back(placement_->batch_key(request_for(r.task)), r);
    }
    std::stable_sort(batch.begin(), batch.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [key, r] : batch) place(r);
    return;
  }
  if (job_policy_->holds_tasks()) {
    // Sharing policies hand out a task only when a core is free for it somewhere.
    while (!job_policy_->empty() && view_.first_with_slots(1) != kNoHost) place(job_policy_->pop());
    return;
  }
  while (!job_policy_->empty()) place(job_policy_->pop());
}

TaskRequest Controller::request_for(TaskId t) {
  const Task& task = w_.tasks[t];
  inputs_.clear();
  for (auto e = task.preds_begin; e < task.preds_end; ++e)
    inputs_.push_back({tasks_[w_.preds[e].task].host, w_.preds[e].bytes});
  TaskRequest request{t, task.flops, task.cores, nullptr, 0};
  if (task.input_replicas > 0) {
    request.replicas = &replica_hosts_[replica_begin_[t]];
    request.replica_count = replica_begin_[t + 1] - replica_begin_[t];
    request.replica_bytes = task.input_bytes;
  } else if (task.input_bytes > 0) {
    inputs_.push_back({submit_index_, task.input_bytes});
  }
  request.inputs = inputs_.data();
  request.input_count = inputs_.size();
  request.ready_s = tasks_[t].ready_s;
  return request;
}

void Controller::place(const ReadyTask& r) {
  const HostIndex h = placement_->place(request_for(r.task), view_);
  if (h == kNoHost)
    parked_.push_back(r);
  else
    assign(r.task, h);
}

void Controller::assign(TaskId t, HostIndex h) {
  TaskState& s = tasks_[t];
  s.state = State::Queued;
  s.host = h;
  HostState& hs = view_.mutable_host(h);
  hs.queued += 1;
  hs.queued_cores += w_.tasks[t].cores;
  hs.outstanding_flops += w_.tasks[t].flops;
  view_.update(h);
  hosts_[static_cast<std::size_t>(h)].queue.push_back(t);
  wake_worker(h);
}

// Wakes one idle worker of the host if the task at the head of its queue fits its free cores.
void Controller::wake_worker(HostIndex h) {
  auto& rt = hosts_[static_cast<std::size_t>(h)];
  if (rt.queue.empty() || rt.idle.empty()) return;
  if (w_.tasks[rt.queue.front()].cores > view_.host(h).free_cores) return;
  const int worker = rt.idle.back();
  rt.idle.pop_back();
  rt.wake[static_cast<std::size_t>(worker)]->release();
}

void Controller::on_host_state(HostIndex h, bool up) {
  HostState& hs = view_.mutable_host(h);
  auto& rt = hosts_[static_cast<std::size_t>(h)];
  if (hs.up == up) return;
  hs.up = up;
  const double now_s = sg4::Engine::get_clock();
  if (!up) {
    down_since_[static_cast<std::size_t>(h)] = now_s;
  } else {
    result_.hosts[static_cast<std::size_t>(h)].down_s += now_s - down_since_[static_cast<std::size_t>(h)];
    down_since_[static_cast<std::size_t>(h)] = -1;
  }
  free_total_ += up ? hs.cores : -hs.free_cores;
  if (!up) {
    // SimGrid kills the host's workers; what they held or waited for fails with the host.
    const double now = sg4::Engine::get_clock();
    const std::vector<TaskId> running = rt.running;
    const std::deque<TaskId> queued = rt.queue;
    rt.running.clear();
    rt.queue.clear();
    rt.idle.clear();
    hs.free_cores = hs.cores;
    hs.queued = hs.running = 0;
    hs.queued_cores = 0;
    hs.outstanding_flops = 0;
    for (TaskId t : running) fail(t, h, Outcome::HostFailed, tasks_[t].start_s);
    for (TaskId t : queued) fail(t, h, Outcome::HostFailed, now);
  }
  view_.update(h);
  if (up) {
    for (const auto& r : parked_) job_policy_->push(r);
    parked_.clear();
    dispatch();
  }
}

// A task that cannot succeed, and everything downstream of it (a worklist, not recursion:
// a chain may be millions of tasks long and actor stacks are small).
void Controller::fail(TaskId first, HostIndex h, Outcome why, double start_s) {
  const double now = sg4::Engine::get_clock();
  std::vector<TaskId> todo{first};
  while (!todo.empty()) {
    const TaskId t = todo.back();
    todo.pop_back();
    TaskState& s = tasks_[t];
    if (s.state == State::Done || s.state == State::Failed) continue;
    const bool handed_out = s.state == State::Queued || s.state == State::Running;
    if (handed_out && w_.jobs[w_.tasks[t].job].rigid_cores == 0) job_policy_->finished(ready_task(t));
    Attempt a;
    a.task = t;
    const bool origin = t == first;
    a.host = origin ? h : kNoHost;
    a.ready_s = s.state == State::Waiting ? now : s.ready_s;
    a.start_s = origin ? start_s : now;
    a.end_s = now;
    a.outcome = origin ? why : Outcome::DependencyFailed;
    result_.attempts.push_back(a);
    s.state = State::Failed;
    task_closed();
    const Task& task = w_.tasks[t];
    for (auto e = task.succs_begin; e < task.succs_end; ++e) todo.push_back(w_.succs[e].task);
  }
}

void Controller::complete(TaskId t, HostIndex h, const Attempt& attempt) {
  tasks_[t].state = State::Done;
  if (w_.jobs[w_.tasks[t].job].rigid_cores == 0) job_policy_->finished(ready_task(t));
  result_.attempts.push_back(attempt);
  HostUsage& usage = result_.hosts[static_cast<std::size_t>(h)];
  usage.busy_core_s += (attempt.end_s - attempt.start_s) * w_.tasks[t].cores;
  usage.tasks += 1;
  result_.makespan_s = std::max(result_.makespan_s, attempt.end_s);
  result_.bytes_moved += attempt.bytes_in + attempt.bytes_out;
  // Tasks waiting on purpose (delay scheduling) are offered again now that a slot is free.
  if (placement_->may_wait())
    for (const auto& r : std::exchange(parked_, {})) job_policy_->push(r);
  const Task& task = w_.tasks[t];
  for (auto e = task.succs_begin; e < task.succs_end; ++e) {
    const TaskId next = w_.succs[e].task;
    // Dependencies stay inside a job, so the job of `next` was submitted already.
    if (--tasks_[next].pending_preds == 0 && tasks_[next].state == State::Waiting) make_ready(next);
  }
  task_closed();
  dispatch();
}

void Controller::task_closed() {
  if (--open_tasks_ == 0) all_done_->release();
  if ((open_tasks_ & 1023) == 0) report_progress();
}

void Controller::report_progress() {
  if (quiet_) return;
  const double now = wall_now();
  if (now - wall_start_ < 2 || now - last_progress_ < 1) return;
  last_progress_ = now;
  const std::size_t done = w_.tasks.size() - open_tasks_;
  std::fprintf(stderr, "  simulated t=%.6g s, %zu/%zu tasks done, %.0f tasks/s\n", sg4::Engine::get_clock(), done,
               w_.tasks.size(), static_cast<double>(done) / (now - wall_start_));
}

RunResult Controller::finish() {
  if (!invariant_error_.empty()) throw InvariantError(invariant_error_);
  // Whatever never ran had no host able to take it while it was ready.
  for (TaskId t = 0; t < w_.tasks.size(); ++t) {
    if (tasks_[t].state == State::Running || tasks_[t].state == State::Queued)
      throw InvariantError("task " + std::to_string(t) + " was still " +
                           (tasks_[t].state == State::Running ? "running" : "queued") + " when the simulation ended");
    if (tasks_[t].state != State::Done && tasks_[t].state != State::Failed)
      fail(t, kNoHost, Outcome::NoHost, sg4::Engine::get_clock());
  }
  for (std::size_t h = 0; h < sg_hosts_.size(); ++h)
    if (view_.host(static_cast<HostIndex>(h)).free_cores != sg_hosts_[h]->get_core_count() &&
        sg_hosts_[h]->is_on())
      throw InvariantError("host " + sg_hosts_[h]->get_name() + " ended with cores still held");
  // Down time counts up to the makespan: after it, nothing was left to run anyway.
  for (std::size_t h = 0; h < sg_hosts_.size(); ++h) {
    auto& usage = result_.hosts[h];
    if (down_since_[h] >= 0) usage.down_s += std::max(0.0, result_.makespan_s - down_since_[h]);
    usage.down_s = std::min(usage.down_s, result_.makespan_s);
  }
  result_.wall_s = wall_now() - wall_start_;
  return std::move(result_);
}

}  // namespace nimbus
