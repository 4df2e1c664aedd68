#include "metrics/tasks_csv.hpp"

#include "util/csv_writer.hpp"

#include <algorithm>

namespace nimbus {

TasksCsv::TasksCsv(const std::string& path, const Simulation& sim) : file_(path) {
  hosts_.reserve(sim.host_names.size());
  for (const std::string& name : sim.host_names) hosts_.push_back(csv_field(name));
  log_.sim = &sim;
  CsvBuffer header;
  header.text("job").text("task").text("attempt").text("host").text("ready").text("start").text("end").text("outcome")
      .text("bytes_in").text("bytes_out").text("transfer_s").text("cores").text("flops").end_row();
  file_.write(header.rows());
  helper_ = std::async(std::launch::async, [this] { help(); });
}

TasksCsv::~TasksCsv() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (helper_.valid()) helper_.wait();
}

void TasksCsv::rows_final(const Attempt* rows, std::size_t count, const Transfers* transfers) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    log_.rows = rows;
    log_.transfers = transfers;
    log_.count = count;
    readable_ = true;
  }
  changed_.notify_all();
}

void TasksCsv::pause() {
  std::unique_lock<std::mutex> lock(mutex_);
  readable_ = false;
  changed_.wait(lock, [this] { return reading_ == 0; });
}

void TasksCsv::run_ended(const Simulation& sim) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    log_ = {&sim, sim.result.attempts.data(), sim.result.transfers.data(), sim.result.attempts.size()};
    readable_ = ended_ = true;
  }
  changed_.notify_all();
}

void TasksCsv::finish() {
  help();
  helper_.get();  // its error, if it met one first
  file_.close();
}

// During the run, whole blocks only: the rows after the last final block are not final.
bool TasksCsv::block_ready() const {
  const std::size_t begin = taken_ * kRows;
  return readable_ && (ended_ ? begin < log_.count : begin + kRows <= log_.count);
}

bool TasksCsv::all_taken() const { return ended_ && taken_ * kRows >= log_.count; }

// Takes the next block of rows once it is final, formats it, waits for its turn and writes
// it; until every block is taken, or another thread failed. A thread that fails says so
// before it throws: the others would wait forever for its block.
void TasksCsv::help() {
  CsvBuffer out;
  for (;;) {
    Log log;
    std::size_t block = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return failed_ || stopping_ || all_taken() || block_ready(); });
      if (failed_ || stopping_ || !block_ready()) return;
      log = log_;
      block = taken_++;
      ++reading_;
    }
    bool reading = true;
    try {
      out.clear();
      const std::size_t begin = block * kRows;
      format(log, begin, std::min(log.count, begin + kRows), out);
      std::unique_lock<std::mutex> lock(mutex_);
      --reading_;
      reading = false;
      changed_.notify_all();  // pause() may be waiting for it
      changed_.wait(lock, [&] { return written_ == block || failed_ || stopping_; });
      if (failed_ || stopping_) return;
      file_.write(out.rows());
      ++written_;
    } catch (...) {
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (reading) --reading_;
        failed_ = true;
      }
      changed_.notify_all();
      throw;
    }
    changed_.notify_all();
  }
}

void TasksCsv::format(const Log& log, std::size_t begin, std::size_t end, CsvBuffer& csv) const {
  constexpr std::size_t kAhead = 16;
  const Workload& w = log.sim->workload;
  const Attempt* rows = log.rows;
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
      csv.number(a.task - job.first_task);  // unnamed tasks go by their index, without building a string
    else
      csv.text(w.task_name(a.task));
    csv.number(a.attempt).field(a.host == kNoHost ? std::string_view() : hosts_[static_cast<std::size_t>(a.host)])
        .number(a.ready_s);
    if (a.started())
      csv.number(a.start_s);
    else
      csv.field("");  // it never began: lost while queued, or never placed
    const Transfers& moved = moved_by(a, log.transfers);
    csv.number(a.end_s).field(outcome_name(a.outcome)).number(moved.bytes_in).number(moved.bytes_out).number(moved.transfer_s)
        .number(job.rigid_cores > 0 ? job.rigid_cores : task.cores).number(task.flops).end_row();
  }
}

}  // namespace nimbus
