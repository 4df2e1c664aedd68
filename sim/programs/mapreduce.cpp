// mapreduce: one job of `splits` maps and `reducers` reducers. A map reads its block of the
// input (replicated, rack-aware: the locality and delay placements use it), computes, and
// keeps its output on its host; reducer r's partition of it (an edge map -> reducer, whose
// bytes the reducer fetches before it starts: the shuffle) is the output's share for r,
// after the combiner. Reducers start when every map is done (no slow start), compute, and
// write their output `output_replicas` times.
#include "programs/programs.hpp"

namespace nimbus {

void generate_mapreduce(const MapReduceSpec& m, std::uint32_t item, WorkloadBuilder& out) {
  Job job = make_job("mr" + std::to_string(item), m.owner, m.submit_s, item);
  job.maps = static_cast<std::uint32_t>(m.splits);
  out.add_job(std::move(job));
  const double block = m.input_bytes / static_cast<double>(m.splits);
  const double map_output = block * m.map_output_ratio * m.combiner;
  const auto maps = static_cast<std::size_t>(m.splits);
  const auto reducers = static_cast<std::size_t>(m.reducers);
  out.reserve_tasks(maps + reducers);
  std::vector<TaskId> map_tasks;
  for (std::size_t i = 0; i < maps; ++i) {
    Task t;
    t.flops = m.map_flops_per_byte > 0 ? m.map_flops_per_byte * block : m.map_flops;
    t.input_bytes = block;
    t.output_bytes = map_output;
    map_tasks.push_back(out.add_task(t, "map-" + std::to_string(i), static_cast<std::uint8_t>(m.replicas)));
  }
  // Reducer 0 takes `skew` shares, every other one 1.
  const double shares = m.skew + static_cast<double>(reducers - 1);
  for (std::size_t r = 0; r < reducers; ++r) {
    const double share = (r == 0 ? m.skew : 1.0) / shares;
    const double input = map_output * share * static_cast<double>(maps);
    Task t;
    t.flops = m.reduce_flops_per_byte * input;
    t.output_bytes = input * m.reduce_output_ratio;
    const TaskId id = out.add_task(t, "reduce-" + std::to_string(r));
    out.set_steps(id, {{Step::Kind::Fetch, -1, 0},
                       {Step::Kind::Compute, -1, -1},
                       {Step::Kind::Write, m.output_replicas, t.output_bytes}});
    for (const TaskId from : map_tasks) out.add_edge(from, id, map_output * share);
  }
}

}  // namespace nimbus
