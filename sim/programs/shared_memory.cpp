// shared-memory: T threads on one host, each a rank pinned there. Each iteration a thread
// computes `flops` (drawn per thread per iteration), then, with `critical`, takes the lock,
// computes the critical section's flops and releases it, then, with `barrier`, waits for
// all. The course's race-free versus contended comparison: critical sections serialize, so
// T threads with critical fraction c cannot go faster than 1 / c of one thread.
#include "programs/rank_body.hpp"

#include "util/rng.hpp"

namespace nimbus {

void generate_shared_memory(const WorkloadItem& w, std::uint32_t item, std::uint64_t seed, WorkloadBuilder& out) {
  const SharedMemorySpec& s = w.shared;
  Rng flops(seed, "workload/" + std::to_string(item) + "/flops");
  std::vector<RankBody> threads;
  for (int t = 0; t < w.ranks.ranks; ++t) threads.emplace_back(t, w.ranks.ranks);
  for (long long i = 0; i < s.iterations; ++i)
    for (auto& thread : threads) {
      thread.compute(s.flops.sample(flops));
      if (!s.lock.empty()) {
        thread.lock(0);
        thread.compute(s.critical_flops);
        thread.unlock(0);
      }
      if (s.barrier) thread.barrier();
    }
  add_program_job(w.ranks, item, "threads" + std::to_string(item), threads, out);
}

}  // namespace nimbus
