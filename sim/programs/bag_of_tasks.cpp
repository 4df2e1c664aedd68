// bag-of-tasks: N independent tasks with drawn sizes; one job, or one job per task arriving
// by a Poisson process, at given times, or in bursts.
#include "programs/programs.hpp"

#include "util/rng.hpp"

namespace nimbus {

void generate_bag_of_tasks(const BagOfTasksSpec& spec, std::uint32_t item, std::uint64_t seed, WorkloadBuilder& out) {
  const std::string stream = "workload/" + std::to_string(item) + "/";
  Rng flops(seed, stream + "flops");
  Rng sizes(seed, stream + "sizes");
  Rng arrivals(seed, stream + "arrival");
  const ArrivalSpec& a = spec.arrival;
  const std::string prefix = "bag" + std::to_string(item);
  out.reserve_tasks(static_cast<std::size_t>(spec.tasks));

  const auto replicas = static_cast<std::uint8_t>(spec.input_replicas);
  auto make_task = [&] {
    Task t;
    t.flops = spec.flops.sample(flops);
    t.cores = spec.cores;
    t.input_bytes = spec.input_bytes.sample(sizes);
    t.output_bytes = spec.output_bytes.sample(sizes);
    return t;
  };
  auto job_at = [&](double submit_s, std::string id) { out.add_job(make_job(std::move(id), spec.owner, submit_s, item)); };

  if (a.kind == ArrivalSpec::Kind::Batch) {
    job_at(a.start_s, prefix);
    for (long long i = 0; i < spec.tasks; ++i) out.add_task(make_task(), "", replicas);
    return;
  }
  double t = a.start_s;
  for (long long i = 0; i < spec.tasks; ++i) {
    switch (a.kind) {
      case ArrivalSpec::Kind::Poisson: t += arrivals.exponential(1.0 / a.rate_per_s); break;
      case ArrivalSpec::Kind::Times: t = a.times_s[static_cast<std::size_t>(i)]; break;
      case ArrivalSpec::Kind::Burst: t = a.start_s + static_cast<double>(i / a.burst_size) * a.burst_every_s; break;
      case ArrivalSpec::Kind::Batch: break;
    }
    job_at(t, prefix + "-" + std::to_string(i));
    out.add_task(make_task(), "", replicas);
  }
}

}  // namespace nimbus
