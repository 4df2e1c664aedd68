// Version-neutral calls for the parts of SimGrid whose API moved between the releases users
// have (3.32 Debian 12, 3.36 Ubuntu 24.04, 4.0 Debian 13, 4.1 upstream). Every `#if` on
// SIMGRID_VERSION lives here; the rest of nimbus calls these and nothing version-specific.
//
// What moved, and where each function below takes care of it:
// - 3.34 renamed Host::on_state_change_cb to on_onoff_cb (3.38 removed the old name).
// - 3.36 deprecates the NetPoint* form of NetZone::add_route: routes go Host to Host or
//   NetZone to NetZone, a child zone's gateway being set with set_gateway().
// - 4.0 creates the root zone itself: zones are added under it (add_netzone_star, ...), and
//   create_*_zone make zones without a parent, on which creating a host fails. Hosts, links
//   and routers are add_*, no longer create_*; Host::create_disk is Host::add_disk;
//   Actor::create is Engine::add_actor (4.0) then Host::add_actor (4.1).
// - 4.0 fat-trees are added to a parent zone and create their hosts at seal(), through a
//   host callback; before, create_fatTree_zone called a netpoint (3.32) or host (3.36)
//   callback at once.
// - 3.36: a timeout in wait_for() no longer cancels the activity (wait_for_or_cancel does).
#pragma once

#include <simgrid/config.h>
#include <simgrid/s4u.hpp>
#include <simgrid/version.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#if SIMGRID_VERSION < 33200
#error "nimbus needs SimGrid 3.32 or later"
#endif

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

// Waits for `activity` at most `timeout_s`; on timeout cancels it, then throws
// simgrid::TimeoutException (SimGrid 3.32's meaning of wait_for, wait_for_or_cancel's since 3.36).
inline void wait_for_or_cancel(const simgrid::s4u::ActivityPtr& activity, double timeout_s) {
#if SIMGRID_VERSION >= 33600
  activity->wait_for_or_cancel(timeout_s);
#else
  try {
    activity->wait_for(timeout_s);
  } catch (const simgrid::TimeoutException&) {
    activity->cancel();
    throw;
  }
#endif
}

// The names SimGrid accepts for its model items (cpu/model, network/model, host/model,
// disk/model), in the order its --help lists them; empty for any other item. SimGrid checks a
// model's name only when it builds the model, and then aborts: check against these first.
// 3.36 renamed the disk model S19 (was "default"), added the "raw" network model and dropped
// the "compound" host model. ns-3 exists only in a SimGrid built with it; IB too needs SMPI
// since 3.36, which distributions' packages have (a SimGrid built without it aborts on IB).
inline std::vector<std::string> model_names(const std::string& item) {
  if (item == "cpu/model") return {"Cas01"};
#if SIMGRID_VERSION >= 33600
  if (item == "network/model") {
    std::vector<std::string> names{"raw", "LV08", "CM02", "SMPI", "Constant", "IB"};
#if SIMGRID_HAVE_NS3
    names.emplace_back("ns-3");
#endif
    return names;
  }
  if (item == "host/model") return {"default", "ptask_L07"};
  if (item == "disk/model") return {"S19"};
#else
  if (item == "network/model") {
    std::vector<std::string> names{"LV08", "Constant", "SMPI", "IB", "CM02"};
#if SIMGRID_HAVE_NS3
    names.emplace_back("ns-3");
#endif
    return names;
  }
  if (item == "host/model") return {"default", "compound", "ptask_L07"};
  if (item == "disk/model") return {"default"};
#endif
  return {};
}

// ---- Platform building. A zone is created, filled (hosts, links, routes, gateway) and then
// sealed with zone->seal(); a parent is sealed after its children.

// A star zone (every member reaches the others through its own route to the centre).
// `parent` nullptr makes the platform's top zone: the engine's root zone before 4.0, a child of
// the root that SimGrid 4 creates itself since.
inline simgrid::s4u::NetZone* add_star_zone(simgrid::s4u::NetZone* parent, const std::string& name) {
#if SIMGRID_VERSION >= 40000
  if (parent == nullptr) parent = simgrid::s4u::Engine::get_instance()->get_netzone_root();
  return parent->add_netzone_star(name);
#else
  auto* zone = simgrid::s4u::create_star_zone(name);
  if (parent != nullptr) zone->set_parent(parent);
  return zone;
#endif
}

inline simgrid::s4u::Host* add_host(simgrid::s4u::NetZone* zone, const std::string& name, double speed_flops) {
#if SIMGRID_VERSION >= 40000
  return zone->add_host(name, speed_flops);
#else
  return zone->create_host(name, speed_flops);
#endif
}

inline simgrid::s4u::Link* add_link(simgrid::s4u::NetZone* zone, const std::string& name, double bandwidth_Bps) {
#if SIMGRID_VERSION >= 40000
  return zone->add_link(name, bandwidth_Bps);
#else
  return zone->create_link(name, bandwidth_Bps);
#endif
}

// Two links NAME_UP and NAME_DOWN of the same bandwidth, one per direction.
inline simgrid::s4u::SplitDuplexLink* add_split_duplex_link(simgrid::s4u::NetZone* zone, const std::string& name,
                                                            double bandwidth_Bps) {
#if SIMGRID_VERSION >= 40000
  return zone->add_split_duplex_link(name, bandwidth_Bps);
#else
  return zone->create_split_duplex_link(name, bandwidth_Bps);
#endif
}

inline simgrid::s4u::Disk* add_disk(simgrid::s4u::Host* host, const std::string& name, double read_Bps,
                                    double write_Bps) {
#if SIMGRID_VERSION >= 40000
  return host->add_disk(name, read_Bps, write_Bps);
#else
  return host->create_disk(name, read_Bps, write_Bps);
#endif
}

// The route from `host` to every other member of the star `zone`, and back (split-duplex
// links taken in the other direction on the way back).
inline void add_star_route(simgrid::s4u::NetZone* zone, const simgrid::s4u::Host* host,
                           const std::vector<simgrid::s4u::LinkInRoute>& links) {
#if SIMGRID_VERSION >= 33600
  zone->add_route(host, nullptr, links, true);
#else
  zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, links, true);
#endif
}

// The route from `host` to itself in the star `zone` (without one, a message between two
// actors of a host would go up and down its NIC).
inline void add_star_loopback(simgrid::s4u::NetZone* zone, const simgrid::s4u::Host* host, simgrid::s4u::Link* link) {
#if SIMGRID_VERSION >= 33600
  zone->add_route(host, host, {simgrid::s4u::LinkInRoute(link)}, false);
#else
  zone->add_route(host->get_netpoint(), host->get_netpoint(), nullptr, nullptr, {simgrid::s4u::LinkInRoute(link)}, false);
#endif
}

// A router named `name` in `zone`, through which traffic enters and leaves the zone.
// REQUIRES: `zone` is not sealed yet.
inline simgrid::kernel::routing::NetPoint* add_gateway(simgrid::s4u::NetZone* zone, const std::string& name) {
#if SIMGRID_VERSION >= 40000
  auto* router = zone->add_router(name);
#else
  auto* router = zone->create_router(name);
#endif
#if SIMGRID_VERSION >= 33600
  zone->set_gateway(router);
#endif
  return router;
}

// In the star `parent`, the route from the child zone `child` (through its `gateway`, made by
// add_gateway) to every other member of `parent`, and back.
inline void add_star_route(simgrid::s4u::NetZone* parent, simgrid::s4u::NetZone* child,
                           [[maybe_unused]] simgrid::kernel::routing::NetPoint* gateway,
                           const std::vector<simgrid::s4u::LinkInRoute>& links) {
#if SIMGRID_VERSION >= 33600
  parent->add_route(child, nullptr, links, true);  // through child->get_gateway(), set by add_gateway
#else
  parent->add_route(child->get_netpoint(), nullptr, gateway, nullptr, links, true);
#endif
}

struct FatTreeShape {
  unsigned levels = 0;
  std::vector<unsigned> down, up, parallel;  // per level, as SimGrid's fat-tree takes them
};

// Creates the leaf `id` (0 to leaves - 1) of a cluster zone as a host of `zone`.
using LeafHostFactory = std::function<simgrid::s4u::Host*(simgrid::s4u::NetZone* zone, unsigned long id)>;

// A fat-tree zone under `parent` (nullptr: as in add_star_zone) whose switches are joined by
// links of the given characteristics; `make_host` creates each leaf.
// SimGrid 4 calls `make_host` only when the zone is sealed, earlier releases at once: keep
// what it refers to alive until zone->seal() returned.
inline simgrid::s4u::NetZone* add_fat_tree_zone(simgrid::s4u::NetZone* parent, const std::string& name,
                                                const FatTreeShape& shape, double bandwidth_Bps, double latency_s,
                                                simgrid::s4u::Link::SharingPolicy sharing,
                                                const LeafHostFactory& make_host) {
  namespace s4u = simgrid::s4u;
#if SIMGRID_VERSION >= 40000
  if (parent == nullptr) parent = s4u::Engine::get_instance()->get_netzone_root();
  auto* zone = parent->add_netzone_fatTree(name, shape.levels, shape.down, shape.up, shape.parallel, bandwidth_Bps,
                                           latency_s, sharing);
  zone->set_host_cb([make_host](s4u::NetZone* z, const std::vector<unsigned long>&, unsigned long id) {
    return make_host(z, id);
  });
  return zone;
#else
  const s4u::FatTreeParams params(shape.levels, shape.down, shape.up, shape.parallel);
#if SIMGRID_VERSION >= 33600
  const s4u::ClusterCallbacks callbacks(
      [make_host](s4u::NetZone* z, const std::vector<unsigned long>&, unsigned long id) { return make_host(z, id); });
#else
  const s4u::ClusterCallbacks callbacks([make_host](s4u::NetZone* z, const std::vector<unsigned long>&, unsigned long id) {
    return std::make_pair(make_host(z, id)->get_netpoint(), static_cast<simgrid::kernel::routing::NetPoint*>(nullptr));
  });
#endif
  return s4u::create_fatTree_zone(name, parent, params, callbacks, bandwidth_Bps, latency_s, sharing);
#endif
}

}  // namespace nimbus::sg
