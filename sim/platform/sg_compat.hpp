// Version-neutral calls for the parts of SimGrid whose API moved between the releases users
// have (3.32 Debian 12, 3.36 Ubuntu 24.04, 4.0 Debian 13, 4.1 upstream). Every `#if` on
// SIMGRID_VERSION lives here; the rest of nimbus calls these and nothing version-specific.
#pragma once

#include <simgrid/s4u.hpp>
#include <simgrid/version.h>

#include <functional>
#include <string>
#include <utility>

namespace nimbus::sg {

// Starts an actor running `code` on `host`.
template <typename F>
simgrid::s4u::ActorPtr add_actor(const std::string& name, simgrid::s4u::Host* host, F&& code) {
#if SIMGRID_VERSION >= 40100
  return host->add_actor(name, std::forward<F>(code));
#elif SIMGRID_VERSION >= 40000
  return simgrid::s4u::Engine::get_instance()->add_actor(name, host, std::forward<F>(code));
#else
  return simgrid::s4u::Actor::create(name, host, std::forward<F>(code));
#endif
}

// Calls `cb` whenever a host is turned on or off (failures from state profiles included).
// It runs inside SimGrid's kernel, where nothing may block: post an event and return.
inline void on_host_onoff(const std::function<void(const simgrid::s4u::Host&)>& cb) {
#if SIMGRID_VERSION >= 33400
  simgrid::s4u::Host::on_onoff_cb(cb);
#else
  simgrid::s4u::Host::on_state_change_cb(cb);
#endif
}

}  // namespace nimbus::sg
