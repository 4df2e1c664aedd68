// bsp: bulk-synchronous supersteps (Valiant 1990). In each superstep every rank posts the
// receives it expects, computes (`flops`, drawn per rank per superstep: stragglers), sends
// its messages by the pattern, waits for its sends and receives, and with `sync: barrier`
// meets every rank at a barrier. With `sync: async` there is no barrier: a rank goes on as
// soon as its own messages are through, so a straggler delays only its neighbours.
// Superstep cost, barrier: max over ranks of w + g*h + l (w its computation, h the bytes it
// exchanges, g the network's seconds per byte, l the latency).
#include "programs/rank_body.hpp"

#include "util/rng.hpp"

namespace nimbus {
namespace {

// The ranks rank r sends to in a superstep; it receives from the same ranks mirrored.
std::vector<int> destinations(BspSpec::Pattern pattern, int r, int p) {
  std::vector<int> out;
  if (p < 2) return out;
  switch (pattern) {
    case BspSpec::Pattern::None: break;
    case BspSpec::Pattern::Ring: out.push_back((r + 1) % p); break;
    case BspSpec::Pattern::Neighbours:
      out.push_back((r + 1) % p);
      if (p > 2) out.push_back((r + p - 1) % p);
      break;
    case BspSpec::Pattern::AllToAll:
      for (int k = 1; k < p; ++k) out.push_back((r + k) % p);
      break;
  }
  return out;
}
std::vector<int> sources(BspSpec::Pattern pattern, int r, int p) {
  std::vector<int> out;
  if (p < 2) return out;
  switch (pattern) {
    case BspSpec::Pattern::None: break;
    case BspSpec::Pattern::Ring: out.push_back((r + p - 1) % p); break;
    case BspSpec::Pattern::Neighbours:
      out.push_back((r + p - 1) % p);
      if (p > 2) out.push_back((r + 1) % p);
      break;
    case BspSpec::Pattern::AllToAll:
      for (int k = 1; k < p; ++k) out.push_back((r + p - k) % p);
      break;
  }
  return out;
}

}  // namespace

void generate_bsp(const WorkloadItem& w, std::uint32_t item, std::uint64_t seed, WorkloadBuilder& out) {
  const BspSpec& b = w.bsp;
  const int p = w.ranks.ranks;
  Rng flops(seed, "workload/" + std::to_string(item) + "/flops");
  std::vector<RankBody> bodies;
  for (int r = 0; r < p; ++r) bodies.emplace_back(r, p);
  const int messages = b.combine ? 1 : b.messages;
  const double bytes = b.combine ? b.bytes * b.messages : b.bytes;
  for (long long s = 0; s < b.supersteps; ++s) {
    for (auto& body : bodies) {
      const int r = body.rank();
      for (const int from : sources(b.pattern, r, p))
        for (int m = 0; m < messages; ++m) body.irecv(from);
      body.compute(b.flops.sample(flops));
      for (const int to : destinations(b.pattern, r, p))
        for (int m = 0; m < messages; ++m) body.isend(to, bytes);
      if (b.pattern != BspSpec::Pattern::None && p > 1) body.wait_all();
      if (b.barrier) body.barrier();
    }
  }
  add_program_job(w.ranks, item, "bsp" + std::to_string(item), bodies, out);
}

}  // namespace nimbus
