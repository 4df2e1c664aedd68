// tasks.csv: a row per attempt, the largest output (a million rows at a million tasks) and
// one that needs only the simulation. Its rows are formatted in blocks by every thread that
// helps, each block into that thread's own buffer, and the blocks written in order: another
// thread starts on it as soon as the run ends, and the run's own thread joins in once the
// metrics are computed, instead of waiting for it.
#pragma once

#include "runtime/simulate.hpp"
#include "util/output_file.hpp"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <future>
#include <mutex>
#include <string>
#include <vector>

namespace nimbus {

class CsvBuffer;

class TasksCsv {
public:
  // Writes the header and starts formatting rows on another thread. `sim` must outlive this.
  TasksCsv(const std::string& path, const Simulation& sim);
  ~TasksCsv();  // waits for the other thread; the file is left absent unless finish() returned
  // This thread helps until every row is written, then closes the file. Throws the first
  // error either thread met (a full disk: OutputError).
  void finish();

private:
  static constexpr std::size_t kBlockRows = 8192;
  void help();
  void format(std::size_t begin, std::size_t end, CsvBuffer& out) const;

  const Simulation& sim_;
  std::vector<std::string> hosts_;  // their names, escaped once: they repeat on many rows
  OutputFile file_;
  std::atomic<std::size_t> next_block_{0};
  std::mutex mutex_;
  std::condition_variable turn_;
  std::size_t written_ = 0;  // blocks written, in order (under mutex_)
  bool failed_ = false;      // a thread failed: the others stop (under mutex_)
  std::future<void> helper_;
};

}  // namespace nimbus
