#include "platform/engine.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <string>
#include <vector>

namespace nimbus {

std::unique_ptr<simgrid::s4u::Engine> make_engine(int verbosity, const std::vector<std::string>& logs) {
  // SimGrid reads its options from argv-style arguments; the log threshold must come first
  // so that later --cfg settings are not announced.
  std::vector<std::string> args{"nimbus", verbosity >= 2 ? "--log=root.thres:info" : "--log=root.thres:critical",
                                "--log=root.fmt:[%10.6r]%e[%c/%p]%e%m%n"};
  // When every host that could run the tasks left is down for good, the controller waits
  // for ever and SimGrid ends the run as a "deadlock". The runtime reports those tasks as
  // failed (no-host); SimGrid's alarm would only confuse.
  if (verbosity < 2) {
    args.emplace_back("--log=ker_engine.app:file:/dev/null");
    args.emplace_back("--log=ker_engine.add:0");
  }
#if defined(__SANITIZE_ADDRESS__)
  // Debian's SimGrid switches actor stacks without telling AddressSanitizer: an exception
  // unwinding an actor (a host that fails kills its actors) then trips ASan's stack
  // bookkeeping, a false alarm. In sanitizer builds each actor is a thread of its own.
  args.emplace_back("--cfg=contexts/factory:thread");
#endif
  for (const std::string& log : logs) args.push_back("--log=" + log);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  return std::make_unique<simgrid::s4u::Engine>(&argc, argv.data());
}

}  // namespace nimbus
