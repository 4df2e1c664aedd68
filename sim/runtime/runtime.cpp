#include "runtime/runtime.hpp"

#include "platform/builder.hpp"
#include "platform/sg_compat.hpp"
#include "runtime/storage.hpp"
#include "config/units.hpp"
#include "scheduling/registry.hpp"
#include "util/huge_pages.hpp"
#include "util/log.hpp"

#include <simgrid/plugins/energy.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <unordered_map>

#include <unistd.h>

namespace nimbus {
namespace sg4 = simgrid::s4u;

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::Succeeded: return "succeeded";
    case Outcome::HostFailed: return "host-failed";
    case Outcome::InputLost: return "input-lost";
    case Outcome::DataLost: return "data-lost";
    case Outcome::NetworkFailed: return "network-failed";
    case Outcome::DependencyFailed: return "dependency-failed";
    case Outcome::NoHost: return "no-host";
    case Outcome::WalltimeExceeded: return "walltime-exceeded";
    case Outcome::Cancelled: return "cancelled";
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

Runtime::Runtime(const ScenarioConfig& cfg, const Workload& workload, std::vector<sg4::Host*> hosts,
                 sg4::Host* controller_host, bool energy)
    : cfg_(cfg),
      w_(workload),
      sg_hosts_(std::move(hosts)),
      controller_host_(controller_host),
      energy_(energy),
      job_policy_(make_job_policy(cfg.scheduling.jobs, policy_context(cfg, sg_hosts_))),
      retry_(cfg.faults),
      speculation_(cfg.faults.speculation),
      placement_(make_placement_policy(cfg.scheduling.placement, policy_context(cfg, sg_hosts_))),
      cluster_(initial_states(sg_hosts_)),
      hosts_(sg_hosts_.size()),
      queues_(sg_hosts_.size()),
      output_rng_(cfg.seed, "storage/output") {
  for (std::size_t h = 0; h < sg_hosts_.size(); ++h)
    if (sg_hosts_[h] == controller_host_) controller_index_ = static_cast<HostIndex>(h);
  // The tasks' state: its pages mapped on another thread from its end while this one
  // initializes it from its start; then the host queues' entries of the tasks submitted
  // first, which a policy placing tasks as they arrive fills at once. The attempt log's:
  // once the first executors exist (map_log_pages).
  reserve_huge(tasks_, w_.tasks.size());
  reserve_huge(result_.attempts, w_.tasks.size());
  result_.transfers.reserve(w_.tasks.size());  // address space only, until used
  queues_.reserve(w_.tasks.size());            // the same
  std::size_t first_tasks = 0;
  for (const Job& job : w_.jobs) {
    if (job.submit_s != w_.jobs.front().submit_s) break;
    first_tasks += job.task_count;
  }
  pages_.start({{tasks_.data(), tasks_.capacity() * sizeof(TaskInfo)},
                {queues_.pool_data(), first_tasks * sizeof(Queued)}});
  tasks_.resize(w_.tasks.size());
  if (cfg_.faults.checkpoint.enabled) saved_flops_.assign(w_.tasks.size(), 0);
  if (!w_.preds.empty()) {  // else nothing to count: no pass over a million records
    dag_.resize(w_.tasks.size());
    for (TaskId t = 0; t < w_.tasks.size(); ++t) dag_[t].pending_preds = static_cast<std::uint32_t>(w_.preds_of(t).size());
  }
  if (std::any_of(w_.jobs.begin(), w_.jobs.end(), [](const Job& j) { return j.rigid_cores > 0 || j.ranks > 0; }))
    live_.resize(w_.tasks.size());
  placement_->prepare(w_, cluster_.view());
  place_input_replicas();
  auto failures = [this](const FailureSpec& f) {
    for (const auto& e : f.trace) platform_events_.push_back(e.time_s);
    random_failures_ = random_failures_ || f.up_time.has_value();
  };
  for (const auto& g : cfg_.platform.groups)
    if (g.failures) failures(*g.failures);
  for (const auto& rule : cfg_.platform.failure_rules) failures(rule.spec);
  std::sort(platform_events_.begin(), platform_events_.end());
  result_.hosts.resize(sg_hosts_.size());
  down_since_.assign(sg_hosts_.size(), -1);
  engine_on_.assign(sg_hosts_.size(), 1);
  for (std::size_t h = 0; h < sg_hosts_.size(); ++h)
    if (!sg_hosts_[h]->is_on()) {
      down_since_[h] = 0;
      engine_on_[h] = 0;
    }
  // Programs whose ranks name their hosts (the scenario's check found every name).
  std::unordered_map<std::string, HostIndex> by_name;
  for (JobId j = 0; j < w_.jobs.size(); ++j) {
    if (w_.jobs[j].rank_hosts.empty()) continue;
    if (by_name.empty())
      for (std::size_t h = 0; h < sg_hosts_.size(); ++h) by_name.emplace(sg_hosts_[h]->get_name(), static_cast<HostIndex>(h));
    auto& hosts = pinned_hosts_[j];
    for (const auto& name : w_.jobs[j].rank_hosts) hosts.push_back(by_name.at(name));
  }
  open_tasks_ = w_.tasks.size();
}

void Runtime::place_input_replicas() {
  if (w_.input_copies.empty()) return;  // no task's input has copies
  Rng rng(cfg_.seed, "storage/replicas");
  replica_begin_.assign(w_.tasks.size() + 1, 0);
  for (TaskId t = 0; t < w_.tasks.size(); ++t) {
    for (HostIndex h : place_replicas(w_.input_replicas(t), cluster_.view(), rng)) replica_hosts_.push_back(h);
    replica_begin_[t + 1] = static_cast<std::uint32_t>(replica_hosts_.size());
  }
  blocks_on_.resize(sg_hosts_.size());
  for (TaskId t = 0; t < w_.tasks.size(); ++t)
    for (auto k = replica_begin_[t]; k < replica_begin_[t + 1]; ++k)
      blocks_on_[static_cast<std::size_t>(replica_hosts_[k])].push_back(t);
}

void Runtime::guarded(const std::function<void()>& body) {
  try {
    body();
  } catch (const InvariantError& e) {
    stop_on(e);
  }
}

void Runtime::stop_on(const InvariantError& e) {
  if (invariant_error_.empty()) invariant_error_ = e.what();
  sg4::Actor::kill_all();
}

void Runtime::start() {
  wall_start_ = last_progress_ = wall_now();
  progress_in_place_ = isatty(STDERR_FILENO) != 0;
  decisions_on_ = logger("scheduling")->should_log(spdlog::level::debug);
  wake_controller_ = sg4::Semaphore::create(0);
  // Host on/off: the callback runs in SimGrid's kernel, so it only posts the event.
  auto index = std::make_shared<std::unordered_map<const sg4::Host*, HostIndex>>();
  for (HostIndex h = 0; h < static_cast<HostIndex>(sg_hosts_.size()); ++h)
    index->emplace(sg_hosts_[static_cast<std::size_t>(h)], h);
  sg::on_host_onoff([this, index](const sg4::Host& host) {
    if (const auto it = index->find(&host); it != index->end()) {
      engine_on_[static_cast<std::size_t>(it->second)] = host.is_on();
      events_.push_back({it->second, host.is_on()});
      wake_controller_->release();
    }
  });
  // Nothing can move any more while ranks wait: a program that deadlocks (a receive that no
  // send matches). SimGrid then kills every actor and the run ends; finish() reports it.
  simgrid::s4u::Engine::on_deadlock_cb([this] {
    if (deadlock_.empty()) deadlock_ = describe_deadlock();
    // The ranks' actors hold their program, which holds their handles: dropped here, or the
    // killed actors and their programs would keep each other alive past the run.
    for (auto& [job, program] : programs_)
      for (RankState& rank : program->ranks) rank.actor = nullptr;
  });
  sg::add_actor("controller", controller_host_, [this] { run_controller(); });
}

// Tasks that no host can ever run leave the controller waiting with nothing left to happen;
// SimGrid then ends the run by killing it, unwinding its stack. AddressSanitizer takes that
// unwinding on a switched stack for an overflow: this frame is left uninstrumented.
#if defined(__SANITIZE_ADDRESS__)
__attribute__((no_sanitize_address))
#endif
void Runtime::run_controller() {
  try {
    controller_main();
  } catch (const InvariantError& e) {
    stop_on(e);
  }
}

void Runtime::controller_main() {
  // Tasks no host could ever run fail at once, with their reason. (A million tasks that
  // each fit on a host are not read one by one to find none.)
  for (const Job& job : w_.jobs) {
    const bool rigid = job.rigid_cores > 0;
    if (!rigid && job.ranks == 0 && w_.widest_task <= cluster_.max_host_cores()) continue;
    for (TaskId t = job.first_task; t < job.first_task + job.task_count; ++t)
      if (w_.tasks[t].cores > (rigid ? cluster_.total_cores() : cluster_.max_host_cores()) ||
          job.ranks > cluster_.total_cores()) {
        Ticket a = attempts_.open(t, ++tasks_[t].attempts, kNoHost, 0);
        attempts_.close(a, Outcome::NoHost, 0, result_);
        task_failed(t);
      }
  }
  // Jobs submitted at the same instant are all seen before any decision: a scheduler
  // compares them (fair shares, batch orders) instead of serving the first one alone.
  JobId j = 0;
  for (;;) {
    handle_events();
    if (speculation_.enabled()) speculate();
    if (open_tasks_ == 0 && j == w_.jobs.size()) break;
    if (j < w_.jobs.size() && w_.jobs[j].submit_s <= sg4::Engine::get_clock()) {
      const double at = w_.jobs[j].submit_s;
      for (; j < w_.jobs.size() && w_.jobs[j].submit_s == at; ++j) {
        ++result_.events;
        submit(j);
      }
      dispatch();
      map_log_pages();
      continue;
    }
    // Asleep until the next submission or slow check, or until an event wakes it.
    controller_wakes_at_ = std::min(j < w_.jobs.size() ? w_.jobs[j].submit_s : std::numeric_limits<double>::infinity(),
                                    next_slow_check());
    // Nothing runs and work waits (for a host to come back): SimGrid ends a run in which no
    // actor can move, pending host events or not, so the controller stays awake until the
    // next one it can know of. Not while attempts run: a program that deadlocks must end.
    // Nor while ranks wait for a host: a core to restart on, or a finished sender's log.
    const bool waits_for_hosts = !ranks_waiting_.empty() || log_waits_ > 0;
    if (!std::isfinite(controller_wakes_at_) && (attempts_.open_count() == 0 || waits_for_hosts) && open_tasks_ > 0)
      controller_wakes_at_ = next_platform_change(sg4::Engine::get_clock());
    speculation_wake_ = false;
    if (std::isfinite(controller_wakes_at_))
      wake_controller_->acquire_timeout(controller_wakes_at_ - sg4::Engine::get_clock());
    else
      wake_controller_->acquire();
  }
  release_parked_executors();
  // The run's interval ends here, with the last task: energy is read at the same instant.
  result_.makespan_s = sg4::Engine::get_clock();
  if (energy_)
    for (std::size_t h = 0; h < sg_hosts_.size(); ++h)
      result_.hosts[h].energy_j = sg_host_get_consumed_energy(sg_hosts_[h]);
}

bool Runtime::log_decision() {
  if (!decisions_on_) return false;
  const double now = wall_now();
  if (now - decision_second_ >= 1) {
    if (decisions_skipped_ > 0)
      logger("scheduling")->debug("({} more decisions in the last second not shown)", decisions_skipped_);
    decision_second_ = now;
    decisions_shown_ = 0;
    decisions_skipped_ = 0;
  }
  if (decisions_shown_ < kDecisionsPerSecond) {
    ++decisions_shown_;
    return true;
  }
  ++decisions_skipped_;
  return false;
}

// The attempt log's pages are mapped on another thread once the first submissions started
// their executors: while that thread takes page faults, every mprotect of this one (an
// actor's stack guard, as SimGrid creates it) waited milliseconds for the other processor,
// 0.1 s of a run of a million tasks on 1,000 hosts (strace).
void Runtime::map_log_pages() {
  if (log_pages_mapped_) return;
  log_pages_mapped_ = true;
  const std::size_t rows = result_.attempts.capacity() - result_.attempts.size();
  pages_.start(result_.attempts.data() + result_.attempts.size(), rows * sizeof(Attempt));
}

// Percent of tasks done, the rate and the time left at that rate: in place on a terminal
// (one line redrawn), a line per second otherwise (a log file keeps its history).
void Runtime::report_progress() {
  if (quiet_) return;
  const double now = wall_now();
  if (now - wall_start_ < 2 || now - last_progress_ < 1) return;
  last_progress_ = now;
  const std::size_t total = w_.tasks.size();
  const std::size_t done = total - open_tasks_;
  const double rate = static_cast<double>(done) / (now - wall_start_);
  const std::string left =
      rate > 0 ? "about " + format_quantity(static_cast<double>(open_tasks_) / rate, Dimension::Duration) + " left"
               : "time left unknown";
  char line[256];
  std::snprintf(line, sizeof line, "  %.1f%% of tasks done (%zu of %zu), %.0f tasks/s, %s; simulated t=%s",
                100.0 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(total, 1)), done, total,
                rate, left.c_str(), format_quantity(sg4::Engine::get_clock(), Dimension::Duration).c_str());
  if (progress_in_place_)
    std::fprintf(stderr, "\r%s\033[K", line);  // back to the line's start, clear what is left of it
  else
    std::fprintf(stderr, "%s\n", line);
  progress_shown_ = true;
}

RunResult Runtime::finish() {
  attempts_.unfollow();  // the log is about to move
  pages_.join();
  if (!invariant_error_.empty()) throw InvariantError(invariant_error_);
  if (!deadlock_.empty())
    throw ProgramError("deadlock at t=" + std::to_string(sg4::Engine::get_clock()) +
                       " s: every rank left waits for another (" + deadlock_ + ")");
  if (open_tasks_ > 0) {
    // The engine stopped with tasks left: no host able to run them ever came (back) up.
    const double now = sg4::Engine::get_clock();
    result_.makespan_s = now;
    for (TaskId t = 0; t < w_.tasks.size(); ++t) {
      TaskInfo& info = tasks_[t];
      if (info.status == Status::Placed)
        throw InvariantError("task " + std::to_string(t) + " was still placed when the simulation ended");
      if (info.status == Status::Done || info.status == Status::Failed) continue;
      Ticket a = attempts_.open(t, ++info.attempts, kNoHost, info.status == Status::Ready ? info.ready_s : now);
      attempts_.close(a, Outcome::NoHost, now, result_);
      task_failed(t);
    }
    if (energy_)
      for (std::size_t h = 0; h < sg_hosts_.size(); ++h)
        result_.hosts[h].energy_j = sg_host_get_consumed_energy(sg_hosts_[h]);
  }
  for (std::size_t h = 0; h < sg_hosts_.size(); ++h) {
    const HostState& s = cluster_.view().host(static_cast<HostIndex>(h));
    if (s.up && s.free_cores != s.cores)
      throw InvariantError("host " + sg_hosts_[h]->get_name() + " ended with cores still held");
    // Down time counts up to the makespan, the end of the interval every metric covers.
    if (down_since_[h] >= 0 && down_since_[h] <= result_.makespan_s) {
      result_.down_periods.push_back({static_cast<HostIndex>(h), down_since_[h], result_.makespan_s});
    }
  }
  // Periods that began after the last task ended are outside the interval every metric covers.
  auto& periods = result_.down_periods;
  periods.erase(std::remove_if(periods.begin(), periods.end(),
                               [this](const DownPeriod& p) { return p.start_s > result_.makespan_s; }),
                periods.end());
  for (DownPeriod& p : periods) {
    p.end_s = std::min(p.end_s, result_.makespan_s);
    result_.hosts[static_cast<std::size_t>(p.host)].down_s += p.end_s - p.start_s;
  }
  std::stable_sort(periods.begin(), periods.end(), [](const DownPeriod& a, const DownPeriod& b) {
    return a.start_s != b.start_s ? a.start_s < b.start_s : a.host < b.host;
  });
  // Nothing lost: every task ended (succeeded or failed, with the reason in its last row).
  if (attempts_.open_count() != 0)
    throw InvariantError(std::to_string(attempts_.open_count()) + " attempts still open when the simulation ended");
  for (TaskId t = 0; t < w_.tasks.size(); ++t)
    if (tasks_[t].status != Status::Done && tasks_[t].status != Status::Failed)
      throw InvariantError("task " + std::to_string(t) + " neither succeeded nor failed when the simulation ended");
  for (const TaskInfo& info : tasks_) {
    if (info.tries > 1) ++result_.retried_tasks;
    result_.most_tries = std::max<std::uint32_t>(result_.most_tries, info.tries);
  }
  if (progress_shown_ && progress_in_place_) std::fputc('\n', stderr);  // leave the last progress line
  if (decisions_skipped_ > 0)
    logger("scheduling")->debug("({} more decisions in the last second not shown)", decisions_skipped_);
  result_.wall_s = wall_now() - wall_start_;
  return std::move(result_);
}

}  // namespace nimbus
