#include "sweep/launcher.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nimbus {
namespace {

// Messages smaller than PIPE_BUF: each write and read is whole.
struct Command {
  std::uint64_t run = 0, slot = 0;
  std::int32_t stop = 0;
};

struct Result {
  std::uint64_t run = 0, slot = 0;
  std::int32_t status = 0;
  double wall_s = 0;
};

[[noreturn]] void fail(const char* what) { throw std::runtime_error(std::string(what) + ": " + std::strerror(errno)); }

// Both ends close on exec; a forked process closes what it does not use.
void make_pipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) fail("pipe");
}

// In a new process: die with the parent, and make sure the parent was still there.
void die_with(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) std::_Exit(1);
}

struct Child {
  std::uint64_t run, slot;
  std::chrono::steady_clock::time_point started;
};

[[noreturn]] void serve(int commands, int results, const Launcher::Body& body, pid_t sweep) {
  die_with(sweep);
  for (const int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(s, SIG_IGN);
  // Ends of runs arrive as readable data, next to the commands, in one poll().
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, nullptr);
  const int ends = ::signalfd(-1, &chld, SFD_CLOEXEC);
  if (ends < 0) std::_Exit(3);
  const pid_t self = ::getpid();
  std::map<pid_t, Child> children;
  bool open = true;
  const auto reap = [&](int flags) {
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, flags)) > 0;) {
      const auto it = children.find(pid);
      if (it == children.end()) continue;
      const Result r{it->second.run, it->second.slot, status,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.started).count()};
      children.erase(it);
      if (open && ::write(results, &r, sizeof r) != static_cast<ssize_t>(sizeof r)) open = false;
    }
  };
  while (true) {
    pollfd fds[2] = {{commands, POLLIN, 0}, {ends, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents) {
      signalfd_siginfo info;  // SIGCHLDs coalesce: one read, then reap every run that ended
      if (::read(ends, &info, sizeof info) < 0 && errno != EINTR) break;
      reap(WNOHANG);
    }
    if (!fds[0].revents) continue;
    Command c;
    if (::read(commands, &c, sizeof c) != static_cast<ssize_t>(sizeof c)) break;  // the sweep is done (or gone)
    if (c.stop) {
      for (const auto& [pid, _] : children) ::kill(pid, SIGKILL);
      continue;
    }
    const auto started = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(commands);
      ::close(results);
      ::close(ends);
      die_with(self);
      sigprocmask(SIG_UNBLOCK, &chld, nullptr);
      for (const int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(s, SIG_DFL);
      body(c.run, c.slot);
      std::_Exit(1);  // the body must not return
    }
    if (pid < 0) {
      const Result r{c.run, c.slot, -1, 0};
      if (::write(results, &r, sizeof r) != static_cast<ssize_t>(sizeof r)) break;
      continue;
    }
    children.emplace(pid, Child{c.run, c.slot, started});
  }
  // Nobody is listening: stop every run and leave.
  for (const auto& [pid, _] : children) ::kill(pid, SIGKILL);
  open = false;
  reap(0);
  std::_Exit(0);
}

}  // namespace

Launcher::Launcher(Body body) {
  int commands[2], results[2];
  make_pipe(commands);
  make_pipe(results);
  std::fflush(nullptr);  // nothing buffered may be written twice
  const pid_t sweep = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) fail("fork");
  if (pid_ == 0) {
    ::close(commands[1]);
    ::close(results[0]);
    serve(commands[0], results[1], body, sweep);
  }
  ::close(commands[0]);
  ::close(results[1]);
  commands_ = commands[1];
  results_ = results[0];
}

Launcher::~Launcher() {
  ::close(commands_);  // the launcher reads the end of its commands, stops its runs, exits
  ::close(results_);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

void Launcher::start(std::size_t run, std::size_t slot) {
  const Command c{run, slot, 0};
  if (::write(commands_, &c, sizeof c) != static_cast<ssize_t>(sizeof c)) fail("the launcher is gone");
}

void Launcher::stop() {
  const Command c{0, 0, 1};
  if (::write(commands_, &c, sizeof c) != static_cast<ssize_t>(sizeof c)) fail("the launcher is gone");
}

std::optional<Launcher::Ended> Launcher::wait() {
  Result r;
  const ssize_t got = ::read(results_, &r, sizeof r);
  if (got < 0 && errno == EINTR) return std::nullopt;
  if (got != static_cast<ssize_t>(sizeof r)) fail("the launcher is gone");
  if (r.status == -1) {
    errno = EAGAIN;
    fail("fork");
  }
  return Ended{r.run, r.slot, r.status, r.wall_s};
}

}  // namespace nimbus
