#include "platform/engine.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <xbt/log.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

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

std::string simgrid_log_refusal(const std::string& setting) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return "";
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return "";
  }
  if (child == 0) {  // SimGrid dies on a setting it refuses: let it, here
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[0]);
    xbt_log_control_set(setting.c_str());
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string said;
  char buffer[512];
  ssize_t n = 0;
  while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) said.append(buffer, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  const std::size_t end = said.find_first_of("\n");
  return said.empty() ? "SimGrid refuses it" : "SimGrid refuses it: " + said.substr(0, end);
}

}  // namespace nimbus
