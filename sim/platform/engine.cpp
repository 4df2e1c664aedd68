#include "platform/engine.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <string>
#include <vector>

namespace nimbus {

std::unique_ptr<simgrid::s4u::Engine> make_engine(int verbosity) {
  // SimGrid reads its options from argv-style arguments; the log threshold must come first
  // so that later --cfg settings are not announced.
  std::vector<std::string> args{"nimbus", verbosity >= 2 ? "--log=root.thres:info" : "--log=root.thres:critical",
                                "--log=root.fmt:[%10.6r]%e[%c/%p]%e%m%n"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  return std::make_unique<simgrid::s4u::Engine>(&argc, argv.data());
}

}  // namespace nimbus
