// The process that forks a sweep's runs.
//
// Forking copies a process lazily: afterwards, each page either process writes is copied
// (a page fault) while the other still shares it. The sweep's process writes a good deal
// between runs (it reads results, writes SQLite), so forking the runs from it directly cost
// about 110 page faults a run on top of the run's own 300 (measured). The launcher is
// forked once, before the first run, with everything a run needs, and then writes almost
// nothing: it forks the runs, reaps them and reports each one's end.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <optional>

namespace nimbus {

class Launcher {
public:
  // Runs in each forked run; must not return (it ends the process with _Exit).
  using Body = std::function<void(std::size_t run, std::size_t slot)>;

  struct Ended {
    std::size_t run = 0, slot = 0;
    int status = 0;     // as waitpid() gives it
    double wall_s = 0;  // fork to exit
  };

  // Forks the launcher. A launcher or a run whose parent dies is killed (kill -9 of the
  // sweep stops everything); the launcher ignores SIGINT, SIGTERM and SIGHUP (the sweep
  // decides), runs get the default actions back.
  explicit Launcher(Body body);
  // Stops the launcher and with it every run still going.
  ~Launcher();
  Launcher(const Launcher&) = delete;
  Launcher& operator=(const Launcher&) = delete;

  void start(std::size_t run, std::size_t slot);
  // Kills every run still going (their ends are still reported).
  void stop();
  // The next run to end; nullopt when a signal interrupted the wait.
  std::optional<Ended> wait();

private:
  pid_t pid_ = -1;
  int commands_ = -1;  // to the launcher
  int results_ = -1;   // from the launcher
};

}  // namespace nimbus
