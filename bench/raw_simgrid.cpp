// The reference for bench/run.py: the same work as a nimbus bag-of-tasks run, written
// directly against SimGrid in the fastest way measured (../shared/SIMGRID-NOTES.md): one
// worker actor per host pulling independent tasks from a shared in-memory queue, no network.
//
//   raw_simgrid TASKS HOSTS SEED
// Hosts come in three generations (1, 2 and 4 Gf, one core); task sizes are exponential with
// a mean of 4 Gf, drawn from nimbus's own random stream so both programs simulate the same
// work. Prints the simulated makespan and the wall-clock seconds.
#include "platform/sg_compat.hpp"
#include "util/rng.hpp"

#include <simgrid/s4u.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace sg4 = simgrid::s4u;

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: raw_simgrid TASKS HOSTS SEED\n");
    return 2;
  }
  const long tasks = std::atol(argv[1]);
  const long host_count = std::atol(argv[2]);
  const auto seed = static_cast<std::uint64_t>(std::atoll(argv[3]));
  // Past about 32,000 actors, stacks with guard pages exhaust the kernel's memory maps:
  // small stacks without guard pages there, as nimbus does (SIMGRID-NOTES).
  int sg_argc = host_count > 16000 ? 4 : 2;
  char log_arg[] = "--log=root.thres:critical";
  char stack_arg[] = "--cfg=contexts/stack-size:16";
  char guard_arg[] = "--cfg=contexts/guard-size:0";
  char* sg_argv[] = {argv[0], log_arg, stack_arg, guard_arg, nullptr};
  sg4::Engine engine(&sg_argc, sg_argv);
  const auto start = std::chrono::steady_clock::now();

  std::vector<double> queue(static_cast<std::size_t>(tasks));
  nimbus::Rng rng(seed, "workload/0/flops");
  for (auto& flops : queue) flops = rng.exponential(4e9);
  std::size_t next = 0;

  auto* zone = nimbus::sg::add_star_zone(nullptr, "raw");
  for (long i = 0; i < host_count; ++i) {
    const double speed = i < host_count / 2 ? 1e9 : i < 3 * host_count / 4 ? 2e9 : 4e9;
    sg4::Host* host = nimbus::sg::add_host(zone, "h" + std::to_string(i), speed);
    nimbus::sg::add_actor("worker", host, [&queue, &next] {
      while (next < queue.size()) sg4::this_actor::execute(queue[next++]);
    });
  }
  zone->seal();
  engine.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("makespan %.6f wall %.3f\n", sg4::Engine::get_clock(), wall);
  return 0;
}
