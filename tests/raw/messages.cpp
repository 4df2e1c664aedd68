// The reference for tests/cli/programs.py: message exchanges written directly against
// SimGrid (one actor per rank, mailbox communications), to compare nimbus's programs with.
//
//   raw_messages PLATFORM.xml MODE HOST... [--cfg=name:value ...]
//     pingpong  ranks 0 and 1: 0 sends 1 byte to 1, then 1 sends 1e9 bytes back to 0
//     alltoall  every rank sends 1e8 bytes to every other, all posted at once, then waits
// Prints the simulated time when the last rank ends.
#include "platform/sg_compat.hpp"

#include <simgrid/s4u.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

int payload = 0;

sg4::Mailbox* box(int from, int to) { return sg4::Mailbox::by_name(std::to_string(from) + ">" + std::to_string(to)); }

}  // namespace

int main(int argc, char** argv) {
  sg4::Engine engine(&argc, argv);  // takes the --cfg arguments out
  if (argc < 4) {
    std::fprintf(stderr, "usage: raw_messages PLATFORM.xml pingpong|alltoall HOST...\n");
    return 2;
  }
  engine.load_platform(argv[1]);
  const std::string mode = argv[2];
  const int ranks = argc - 3;
  for (int r = 0; r < ranks; ++r) {
    sg4::Host* host = sg4::Host::by_name(argv[3 + r]);
    nimbus::sg::add_actor("rank", host, [r, ranks, &mode] {
      void* sink = nullptr;
      if (mode == "pingpong") {
        if (r == 0) {
          box(0, 1)->put(&payload, 1);
          box(1, 0)->get_async(&sink)->wait();
        } else if (r == 1) {
          box(0, 1)->get_async(&sink)->wait();
          box(1, 0)->put(&payload, 1000000000);
        }
        return;
      }
      std::vector<sg4::CommPtr> comms;
      for (int k = 1; k < ranks; ++k) {
        comms.push_back(box(r, (r + k) % ranks)->put_async(&payload, 100000000));
        comms.push_back(box((r - k + ranks) % ranks, r)->get_async(&sink));
      }
      for (auto& c : comms) c->wait();
    });
  }
  engine.run();
  std::printf("%.9f\n", sg4::Engine::get_clock());
  return 0;
}
