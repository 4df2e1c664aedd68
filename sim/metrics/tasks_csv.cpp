#include "metrics/tasks_csv.hpp"

#include "util/csv_writer.hpp"

#include <algorithm>

namespace nimbus {

TasksCsv::TasksCsv(const std::string& path, const Simulation& sim) : sim_(sim), file_(path) {
  hosts_.reserve(sim.host_names.size());
  for (const std::string& name : sim.host_names) hosts_.push_back(csv_field(name));
  CsvBuffer header;
  header.text("job").text("task").text("attempt").text("host").text("ready").text("start").text("end").text("outcome")
      .text("bytes_in").text("bytes_out").text("transfer_s").text("cores").text("flops").end_row();
  file_.write(header.rows());
  helper_ = std::async(std::launch::async, [this] { help(); });
}

TasksCsv::~TasksCsv() {
  if (helper_.valid()) helper_.wait();
}

void TasksCsv::finish() {
  help();
  helper_.get();  // its error, if it met one first
  file_.close();
}

// Takes the next block of rows, formats it, waits for its turn and writes it; until no
// block is left, or another thread failed. A thread that fails says so before it throws:
// the others would wait forever for its block.
void TasksCsv::help() {
  CsvBuffer rows;
  const std::size_t n = sim_.result.attempts.size();
  for (;;) {
    const std::size_t block = next_block_++;
    const std::size_t begin = block * kBlockRows;
    if (begin >= n) return;
    try {
      rows.clear();
      format(begin, std::min(n, begin + kBlockRows), rows);
      std::unique_lock<std::mutex> lock(mutex_);
      turn_.wait(lock, [&] { return written_ == block || failed_; });
      if (failed_) return;
      file_.write(rows.rows());
      ++written_;
    } catch (...) {
      const std::lock_guard<std::mutex> lock(mutex_);
      failed_ = true;
      turn_.notify_all();
      throw;
    }
    turn_.notify_all();
  }
}

void TasksCsv::format(std::size_t begin, std::size_t end, CsvBuffer& csv) const {
  constexpr std::size_t kAhead = 16;
  const Workload& w = sim_.workload;
  const std::vector<Attempt>& rows = sim_.result.attempts;
  JobId job_of_row = w.tasks[rows[begin].task].job;  // REQUIRES: begin < end
  std::string job_id = csv_field(w.jobs[job_of_row].id);
  for (std::size_t i = begin; i < end; ++i) {
    const Attempt& a = rows[i];
    // Rows come in the order attempts ended, so their task records are read out of order:
    // fetched ahead, or each is a wait on memory.
    if (i + kAhead < end) __builtin_prefetch(&w.tasks[rows[i + kAhead].task]);
    const Task& task = w.tasks[a.task];
    const Job& job = w.jobs[task.job];
    if (task.job != job_of_row) {
      job_of_row = task.job;
      job_id = csv_field(job.id);
    }
    csv.field(job_id);
    if (w.task_names.empty())
      csv.number(task.index);  // unnamed tasks go by their index, without building a string
    else
      csv.text(w.task_name(a.task));
    csv.number(a.attempt).field(a.host == kNoHost ? std::string_view() : hosts_[static_cast<std::size_t>(a.host)])
        .number(a.ready_s);
    if (a.started())
      csv.number(a.start_s);
    else
      csv.field("");  // it never began: lost while queued, or never placed
    const Transfers& moved = sim_.result.moved(a);
    csv.number(a.end_s).field(outcome_name(a.outcome)).number(moved.bytes_in).number(moved.bytes_out).number(moved.transfer_s)
        .number(job.rigid_cores > 0 ? job.rigid_cores : task.cores).number(task.flops).end_row();
  }
}

}  // namespace nimbus
