// Hosts going off and coming back. SimGrid's callbacks only post these events (they run
// inside its kernel, where nothing may block); the controller handles them here: what a
// failed host ran or had queued is lost, and a host back offers its cores again.
#include "runtime/runtime.hpp"

#include "util/log.hpp"

#include <algorithm>
#include <limits>

namespace nimbus {
namespace sg4 = simgrid::s4u;

// The next instant the platform may change state on its own: a failure trace's next event,
// or, with random failures, within the hour (their times are drawn as the run reaches them).
double Runtime::next_platform_change(double now) {
  const auto next = std::upper_bound(platform_events_.begin(), platform_events_.end(), now);
  double at = next == platform_events_.end() ? std::numeric_limits<double>::infinity() : *next;
  // Random failures always repair, unless nothing else is left to wait for: a bound.
  if (random_failures_ && idle_wakes_++ < 100000) at = std::min(at, now + 3600);
  return at;
}

void Runtime::handle_events() {
  // Handling may start actors (simcalls), during which callbacks may post more: take them
  // one at a time from the front.
  if (!events_.empty()) idle_wakes_ = 0;
  // SimGrid orders the events of one instant by memory address: host order, here.
  std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.host < b.host; });
  for (std::size_t i = 0; i < events_.size(); ++i) {
    const Event e = events_[i];
    if (e.up)
      host_up(e.host);
    else
      host_down(e.host);
  }
  events_.clear();
}

void Runtime::host_down(HostIndex h) {
  const auto i = static_cast<std::size_t>(h);
  if (!cluster_.view().host(h).up) return;
  const double now = sg4::Engine::get_clock();
  down_since_[i] = now;
  ++result_.hosts[i].failures;
  if (log_decision())
    logger("scheduling")->debug("t={:.6g}: host {} off; its {} running and {} queued tasks are lost", now,
                                sg_hosts_[i]->get_name(), hosts_[i].running.size(), queues_.size(h));
  cluster_.host_down(h);
  if (!blocks_on_.empty()) blocks_down(h);
  // SimGrid killed the host's executors; what they ran or had queued is lost with the host.
  HostWork& work = hosts_[i];
  const std::vector<Ticket> running = std::move(work.running);
  const std::vector<Queued> queued = queues_.take(h);
  work = HostWork{};
  for (const Ticket t : running)
    if (attempts_.is_open(t)) end_attempt(t, Outcome::HostFailed, false);
  for (const Queued& q : queued) lose_queued(q.task, h);
  fail_programs_on(h);
  // Gangs with cores here: found through the rigid jobs running.
  for (const RunningJob& r : std::vector<RunningJob>(running_rigid_)) {
    const Ticket t = live_[w_.jobs[r.job].first_task];
    if (!attempts_.is_open(t)) continue;
    const auto& chunks = attempts_[t].chunks();
    if (std::any_of(chunks.begin(), chunks.end(), [h](const Chunk& c) { return c.host == h; }))
      end_attempt(t, Outcome::HostFailed, false);
  }
  dispatch();
}

void Runtime::host_up(HostIndex h) {
  const auto i = static_cast<std::size_t>(h);
  if (cluster_.view().host(h).up) return;
  const double now = sg4::Engine::get_clock();
  if (down_since_[i] >= 0) {
    result_.repair_s += now - down_since_[i];
    result_.down_periods.push_back({h, down_since_[i], now});
    ++result_.repairs;
  }
  down_since_[i] = -1;
  cluster_.set_now(now);
  cluster_.host_up(h);
  for (const auto& r : parked_) job_policy_.tasks->push(r);
  parked_.clear();
  if (cfg_.faults.message_logging) logs_up(h);
  dispatch();
}

}  // namespace nimbus
