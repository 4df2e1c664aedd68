// The reader of a scenario's `scheduling:` mapping: the job and placement policies, by their
// registered names, and their settings. Format: docs/scenarios.md#scheduling.
#include "config/scenario_config.hpp"
#include "config/yaml_node.hpp"
#include "scheduling/registry.hpp"

namespace nimbus {

SchedulingSpec parse_scheduling(const Node& node) {
  SchedulingSpec s;
  if (!node.present()) return s;
  node.expect_map({"jobs", "placement", "control_latency", "kill_at_walltime", "locality_wait", "fair", "capacity"});
  if (node.has("jobs")) s.jobs = node.get("jobs").choice(job_policy_names(), "job policy");
  if (node.has("placement")) s.placement = node.get("placement").choice(placement_policy_names(), "placement policy");
  if (node.has("control_latency"))
    s.control_latency_s = node.get("control_latency").non_negative_quantity(Dimension::Duration);
  if (node.has("kill_at_walltime")) s.kill_at_walltime = node.get("kill_at_walltime").boolean();
  if (node.has("locality_wait"))
    s.locality_wait_s = node.get("locality_wait").non_negative_quantity(Dimension::Duration);
  auto fraction = [](const Node& n) {
    const double f = n.number();
    if (f < 0 || f > 1) n.fail("expected a fraction of all cores, in [0, 1]");
    return f;
  };
  if (node.has("fair")) {
    const Node fair = node.get("fair");
    fair.expect_map({"by", "weights"});
    if (fair.has("by")) s.fair.by_queue = fair.get("by").choice({"user", "queue"}, "pool kind") == "queue";
    if (fair.has("weights"))
      for (const auto& [pool, weight] : fair.get("weights").entries()) {
        s.fair.weights[pool] = weight.number();
        if (s.fair.weights[pool] <= 0) weight.fail("must be greater than zero");
      }
  }
  if (node.has("capacity")) {
    const Node capacity = node.get("capacity");
    capacity.expect_map({"queues"});
    double total = 0;
    for (const auto& [name, queue] : capacity.require("queues").entries()) {
      queue.expect_map({"share", "max"});
      CapacitySpec::Queue q;
      q.share = fraction(queue.require("share"));
      if (queue.has("max")) q.max = fraction(queue.get("max"));
      if (q.max < q.share) queue.get("max").fail("must be at least the queue's share");
      total += q.share;
      if (total > 1 + 1e-9) queue.get("share").fail("the queues' shares add up to more than 1");
      s.capacity.queues[name] = q;
    }
  }
  return s;
}

}  // namespace nimbus
