// tasks.csv: a row per attempt, the largest output (a million rows at a million tasks) and
// one that needs only the attempt log. Its rows are formatted in blocks on a thread of its
// own while the run goes on, as the runtime says blocks of the log are final (LogFollower):
// the machine's other core is idle then. After the run, that thread goes on with the rest,
// and the run's own thread joins in once the metrics are computed. Each thread formats a
// block into its own buffer; blocks are written in order.
#pragma once

#include "runtime/log_follower.hpp"
#include "runtime/simulate.hpp"
#include "util/output_file.hpp"

#include <condition_variable>
#include <cstddef>
#include <future>
#include <mutex>
#include <string>
#include <vector>

namespace nimbus {

class CsvBuffer;

class TasksCsv final : public LogFollower {
public:
  // Writes the header and starts the other thread. `sim`: the workload and the hosts, read
  // until pause(); its result is not read.
  TasksCsv(const std::string& path, const Simulation& sim);
  ~TasksCsv() override;  // stops the other thread; the file is left absent unless finish() returned

  void rows_final(const Attempt* rows, std::size_t count, const Transfers* transfers) override;
  void pause() override;
  // The run is over: the other thread goes on with the rest of `sim`'s log. `sim` must
  // outlive this.
  void run_ended(const Simulation& sim);
  // REQUIRES: run_ended(). This thread helps until every row is written, then closes the
  // file. Throws the first error either thread met (a full disk: OutputError).
  void finish();

private:
  struct Log {  // what may be read
    const Simulation* sim = nullptr;
    const Attempt* rows = nullptr;
    const Transfers* transfers = nullptr;
    std::size_t count = 0;
  };
  bool block_ready() const;  // under mutex_
  bool all_taken() const;    // under mutex_
  void help();
  void format(const Log& log, std::size_t begin, std::size_t end, CsvBuffer& out) const;

  std::vector<std::string> hosts_;  // their names, escaped once: they repeat on many rows
  OutputFile file_;
  std::mutex mutex_;
  std::condition_variable changed_;
  // Under mutex_.
  Log log_;
  bool readable_ = false;   // log_ may be read: after rows_final() until pause(), and after run_ended()
  bool ended_ = false;      // log_ is the whole log
  bool stopping_ = false;   // the destructor: every thread stops
  bool failed_ = false;     // a thread failed: the others stop
  int reading_ = 0;         // threads formatting a block now
  std::size_t taken_ = 0;   // blocks taken by a thread
  std::size_t written_ = 0; // blocks written, in order
  std::future<void> helper_;
};

}  // namespace nimbus
