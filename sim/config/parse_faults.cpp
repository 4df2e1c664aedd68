// The `faults:` mapping of a scenario. Format: docs/faults.md.
#include "config/scenario_config.hpp"
#include "config/yaml_node.hpp"
#include "faults/checkpoint.hpp"

namespace nimbus {

FaultSpec parse_faults(const Node& node, const PlatformConfig& platform) {
  FaultSpec f;
  if (!node.present()) return f;
  node.expect_map({"retry", "backoff", "backoff_factor", "checkpoint", "replication", "speculation", "message_logging"});
  f.where = node.where();
  if (node.has("retry")) {
    const long long n = node.get("retry").positive_integer();
    if (n > kMaxAttempts) node.get("retry").fail("expected at most " + std::to_string(kMaxAttempts) + " attempts of a task");
    f.retry = static_cast<std::uint32_t>(n);
  }
  if (node.has("backoff")) f.backoff_s = node.get("backoff").non_negative_quantity(Dimension::Duration);
  if (node.has("backoff_factor")) {
    const Node factor = node.get("backoff_factor");
    f.backoff_factor = factor.number();
    if (f.backoff_factor < 1 || f.backoff_factor > 10) factor.fail("expected a factor from 1 to 10");
  }
  if (node.has("replication")) {
    // `replication: K`, or `replication: { copies: K, spread: host | rack }`.
    const Node r = node.get("replication");
    f.replication_where = r.where();
    if (r.is_map()) {
      r.expect_map({"copies", "spread"});
      if (r.has("spread")) f.copies_in_racks = r.get("spread").choice({"host", "rack"}, "spread") == "rack";
    }
    // Not `Node copies = r; copies = ...`: assigning a yaml-cpp node writes into the node it refers to.
    const Node copies = r.is_map() ? r.require("copies") : r;
    const long long k = copies.positive_integer();
    if (k > 16) copies.fail("expected at most 16 copies of a task");
    f.copies = static_cast<std::uint32_t>(k);
  }
  if (node.has("speculation")) {
    // `speculation: true`, or `speculation: { slow: 1.5, cap: 0.1 }`.
    const Node s = node.get("speculation");
    SpeculationSpec& spec = f.speculation;
    if (s.is_map()) {
      s.expect_map({"slow", "cap"});
      spec.enabled = true;
      if (s.has("slow")) {
        spec.slow = s.get("slow").number();
        if (!(spec.slow >= 1 && spec.slow <= 100)) s.get("slow").fail("expected a factor from 1 to 100");
      }
      if (s.has("cap")) {
        spec.cap = s.get("cap").number();
        if (!(spec.cap > 0 && spec.cap <= 1)) s.get("cap").fail("expected a fraction of the running tasks in (0, 1]");
      }
    } else {
      spec.enabled = s.boolean();
    }
    if (spec.enabled && f.copies > 1)
      s.fail("every task already runs as copies (replication): use replication or speculation, not both");
  }
  if (node.has("checkpoint")) {
    const Node c = node.get("checkpoint");
    c.expect_map({"interval", "cost", "restart"});
    CheckpointSpec& cp = f.checkpoint;
    cp.enabled = true;
    const Node interval = c.require("interval");
    cp.cost_s = c.has("cost") ? c.get("cost").non_negative_quantity(Dimension::Duration) : 0;
    cp.restart_s = c.has("restart") ? c.get("restart").non_negative_quantity(Dimension::Duration) : 0;
    if (interval.is_scalar() && interval.text() == "auto") {
      const auto mtbf = planning_mtbf(platform);
      if (!mtbf)
        interval.fail("\"auto\" plans from the hosts' MTBF, and no host of platform " + platform.name +
                      " has one (failures: { mtbf: ... }); give the interval");
      cp.auto_interval = true;
      cp.interval_s = daly_interval(cp.cost_s, *mtbf);
      if (cp.interval_s <= 0) interval.fail("Daly's interval is not positive for this cost and MTBF; give the interval");
    } else {
      cp.interval_s = interval.positive_quantity(Dimension::Duration);
    }
    if (cp.interval_s < 1e-3) interval.fail("expected an interval of at least 1 ms of computation");
    // A checkpoint is for resuming: without `retry`, a task resumes until it is done.
    if (!node.has("retry")) f.retry = kMaxAttempts;
    if (f.copies > 1)
      c.fail("checkpoints of copies of one task are not modelled: use replication or checkpoint, not both");
    if (f.speculation.enabled)
      c.fail("checkpoints of copies of one task are not modelled: use speculation or checkpoint, not both");
  }
  if (node.has("message_logging")) {
    f.message_logging = node.get("message_logging").boolean();
    // A rank restarts until its program is done, as a checkpointed task resumes.
    if (f.message_logging && !node.has("retry")) f.retry = kMaxAttempts;
  }
  return f;
}

StorageSpec parse_storage(const Node& node) {
  StorageSpec s;
  if (!node.present()) return s;
  node.expect_map({"rereplicate", "bandwidth"});
  if (node.has("rereplicate")) s.rereplicate = node.get("rereplicate").boolean();
  if (node.has("bandwidth")) s.bandwidth_Bps = node.get("bandwidth").positive_quantity(Dimension::Bandwidth);
  return s;
}

}  // namespace nimbus
