// The reference for bench/replay.py: a time-independent trace replayed directly against
// SimGrid, the simplest way: the whole file read into memory (parsed in place with strtol
// and strtod, a third of the time with a stream per line), one actor per rank on its own
// host of a star of one-core hosts, a mailbox per pair of ranks, SimGrid's barrier. It
// knows the actions the benchmark's traces use: compute, send, recv, Isend, Irecv, waitall,
// barrier.
//
//   raw_replay TRACE RANKS
// Prints the simulated time at the end and the wall-clock seconds.
#include "platform/sg_compat.hpp"

#include <simgrid/s4u.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

struct Action {
  char kind;  // c s r S R w b
  int peer;
  double amount;
};

int payload = 0;

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: raw_replay TRACE RANKS\n");
    return 2;
  }
  const int ranks = std::atoi(argv[2]);
  int sg_argc = 2;
  char log_arg[] = "--log=root.thres:critical";
  char* sg_argv[] = {argv[0], log_arg, nullptr};
  sg4::Engine engine(&sg_argc, sg_argv);
  const auto start = std::chrono::steady_clock::now();

  std::vector<std::vector<Action>> actions(static_cast<std::size_t>(ranks));
  std::ifstream in(argv[1]);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const char* p = text.c_str(); *p != '\0';) {
    char* end = nullptr;
    const long rank = std::strtol(p, &end, 10);
    p = end;
    while (*p == ' ') ++p;
    const char* op = p;
    while (*p != ' ' && *p != '\n' && *p != '\0') ++p;
    const std::string_view name(op, static_cast<std::size_t>(p - op));
    Action a{name == "compute" ? 'c' : name == "send" ? 's' : name == "recv" ? 'r' : name == "Isend" ? 'S'
             : name == "Irecv" ? 'R' : name == "waitall" ? 'w' : 'b', -1, 0};
    if (a.kind == 's' || a.kind == 'S' || a.kind == 'r' || a.kind == 'R') {
      a.peer = static_cast<int>(std::strtol(p, &end, 10));
      p = end;
    }
    if (a.kind == 'c' || a.kind == 's' || a.kind == 'S') {
      a.amount = std::strtod(p, &end);
      p = end;
    }
    while (*p != '\n' && *p != '\0') ++p;
    if (*p == '\n') ++p;
    actions[static_cast<std::size_t>(rank)].push_back(a);
  }

  auto* zone = nimbus::sg::add_star_zone(nullptr, "raw");
  std::vector<sg4::Host*> hosts;
  for (int i = 0; i < ranks; ++i) {
    hosts.push_back(nimbus::sg::add_host(zone, "h" + std::to_string(i), 1e9));
    auto* nic = nimbus::sg::add_split_duplex_link(zone, "nic" + std::to_string(i), 1.25e9)->set_latency(1e-5);
    nimbus::sg::add_star_route(zone, hosts.back(), {sg4::LinkInRoute(nic, sg4::LinkInRoute::Direction::UP)});
  }
  zone->seal();
  std::vector<sg4::Mailbox*> boxes(static_cast<std::size_t>(ranks * ranks));
  for (int a = 0; a < ranks; ++a)
    for (int b = 0; b < ranks; ++b)
      boxes[static_cast<std::size_t>(a * ranks + b)] = sg4::Mailbox::by_name(std::to_string(a) + ">" + std::to_string(b));
  auto barrier = sg4::Barrier::create(static_cast<unsigned>(ranks));
  for (int r = 0; r < ranks; ++r)
    nimbus::sg::add_actor("rank", hosts[static_cast<std::size_t>(r)], [&, r] {
      std::vector<sg4::CommPtr> pending;
      void* sink = nullptr;
      for (const Action& a : actions[static_cast<std::size_t>(r)]) {
        switch (a.kind) {
          case 'c': sg4::this_actor::execute(a.amount); break;
          case 's': boxes[static_cast<std::size_t>(r * ranks + a.peer)]->put(&payload, static_cast<std::uint64_t>(a.amount)); break;
          case 'r': boxes[static_cast<std::size_t>(a.peer * ranks + r)]->get_async(&sink)->wait(); break;
          case 'S': pending.push_back(boxes[static_cast<std::size_t>(r * ranks + a.peer)]->put_async(&payload, static_cast<std::uint64_t>(a.amount))); break;
          case 'R': pending.push_back(boxes[static_cast<std::size_t>(a.peer * ranks + r)]->get_async(&sink)); break;
          case 'w':
            for (auto& c : pending) c->wait();
            pending.clear();
            break;
          default: barrier->wait();
        }
      }
    });
  engine.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("makespan %.6f wall %.3f\n", sg4::Engine::get_clock(), wall);
  return 0;
}
