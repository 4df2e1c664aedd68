#include "sweep/runner.hpp"

#include "config/config_error.hpp"
#include "pipeline/run_scenario.hpp"
#include "sweep/hash.hpp"
#include "sweep/launcher.hpp"
#include "sweep/progress.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sys/wait.h>
#include <unistd.h>

namespace nimbus {
namespace {

namespace fs = std::filesystem;

// Set by the signal handler, read by the loop: a handler can reach nothing else.
volatile std::sig_atomic_t g_interrupted = 0;

void on_interrupt(int signal) { g_interrupted = signal; }

// Catches SIGINT, SIGTERM and SIGHUP without SA_RESTART, so that waitpid() returns at once;
// the previous handlers come back at the end of the sweep.
class InterruptGuard {
public:
  InterruptGuard() {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &action, &previous_[i]);
    g_interrupted = 0;
  }
  ~InterruptGuard() {
    for (std::size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &previous_[i], nullptr);
  }

private:
  static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> previous_{};
};

// In the child: one run, then _Exit with 0 (done), 2 (bad input) or 1 (failure); the
// message of a failure is the last line of its stderr, which goes to `log_path`.
[[noreturn]] void run_child(ScenarioConfig cfg, std::uint64_t seed, const std::string& out_dir,
                            const std::string& log_path, int verbosity) {
  const int null_fd = ::open("/dev/null", O_WRONLY);
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (null_fd >= 0) ::dup2(null_fd, STDOUT_FILENO);
  if (log_fd >= 0) ::dup2(log_fd, STDERR_FILENO);
  int status = 0;
  try {
    cfg.seed = seed;
    cfg.output_dir = out_dir;
    run_scenario(cfg, {verbosity, true, true, ""});  // the sweep's runs: their rerun command says it
  } catch (const ConfigError& e) {
    std::cerr << e.what() << std::endl;
    status = 2;
  } catch (const InvariantError& e) {
    std::cerr << "invariant violated: " << e.what() << " (a bug in nimbus)" << std::endl;
    status = 1;
  } catch (const std::exception& e) {
    std::cerr << "error during simulation: " << e.what() << std::endl;
    status = 1;
  }
  std::_Exit(status);  // no destructors: SimGrid's teardown and the parent's state are not ours
}

std::string last_line(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

struct Running {
  std::size_t run = 0;  // index into plan.runs
  std::size_t slot = 0;
  std::string out_dir;
};

// The record of a run that ended with `status` (from waitpid); nullopt when it was stopped
// from outside (a signal a crash does not send) and must run again.
std::optional<RunRecord> record_of(const Plan& plan, const std::vector<ParsedVariant>& variants, const Running& r,
                                   const Launcher::Ended& end, const std::string& log_path, bool keep) {
  const int status = end.status;
  const PlannedRun& run = plan.runs[r.run];
  RunRecord record;
  record.key = run.key;
  const Variant& variant = plan.variants[run.variant];
  for (std::size_t c = 0; c < plan.columns.size(); ++c) record.values[plan.columns[c]] = variant.values[c];
  record.seed = run.seed;
  record.scenario_hash = variants[run.variant].scenario_hash;
  record.wall_s = end.wall_s;
  record.version = version_string();  // the child is this very program, forked
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    if (signal == SIGKILL || signal == SIGTERM || signal == SIGINT || signal == SIGHUP) return std::nullopt;
    record.status = "failed";
    record.error = std::string("crashed: ") + strsignal(signal);
    return record;
  }
  if (WEXITSTATUS(status) != 0) {
    record.status = "failed";
    record.error = last_line(log_path);
    return record;
  }
  try {
    std::ifstream in(r.out_dir + "/summary.json");
    const nlohmann::json summary = nlohmann::json::parse(in);
    FlatMetrics flat = flatten_metrics(summary.at("metrics"));
    record.metrics = std::move(flat.metrics);
    record.groups = std::move(flat.groups);
  } catch (const std::exception& e) {
    record.status = "failed";
    record.error = std::string("unreadable summary.json: ") + e.what();
  }
  if (keep) record.run_dir = fs::path(r.out_dir).filename().string();
  return record;
}

std::string sanitized(const std::string& value) {
  std::string text = value;
  if (const auto slash = text.find_last_of('/'); slash != std::string::npos) text = text.substr(slash + 1);
  for (const char* ext : {".yaml", ".yml", ".xml"})
    if (text.size() > std::strlen(ext) && text.compare(text.size() - std::strlen(ext), std::string::npos, ext) == 0)
      text.resize(text.size() - std::strlen(ext));
  std::string out;
  for (const char c : text) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
    if (plain)
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, 24);
}

}  // namespace

std::string run_dir_name(const Variant& variant, const PlannedRun& run) {
  std::string name;
  for (const auto& value : variant.values) name += sanitized(value) + "_";
  return name + "seed" + std::to_string(run.seed) + "_" + hex64(fnv1a64(run.key)).substr(0, 8);
}

bool run_all(const Plan& plan, const std::vector<ParsedVariant>& variants, const std::vector<std::size_t>& todo,
             const RunnerOptions& options, const std::function<void(RunRecord&&)>& done) {
  const InterruptGuard guard;
  const std::size_t jobs = static_cast<std::size_t>(std::max(1, options.jobs));
  const bool keep = !options.keep_dir.empty();
  fs::create_directories(options.scratch_dir);
  if (keep) fs::create_directories(options.keep_dir);
  const auto log_of = [&](std::size_t slot) { return options.scratch_dir + "/" + std::to_string(slot) + ".log"; };
  const auto out_dir_of = [&](std::size_t run, std::size_t slot) {
    const PlannedRun& r = plan.runs[run];
    return keep ? options.keep_dir + "/" + run_dir_name(plan.variants[r.variant], r)
                : options.scratch_dir + "/" + std::to_string(slot);
  };
  Launcher launcher([&](std::size_t run, std::size_t slot) {
    const PlannedRun& r = plan.runs[run];
    run_child(variants[r.variant].cfg, r.seed, out_dir_of(run, slot), log_of(slot), options.verbosity);
  });
  std::map<std::size_t, Running> running;  // by slot
  std::vector<std::size_t> free_slots;
  for (std::size_t s = jobs; s-- > 0;) free_slots.push_back(s);
  Progress progress(todo.size(), options.progress);
  std::size_t next = 0, finished = 0;
  bool stopping = false;

  while (!running.empty() || (!g_interrupted && next < todo.size())) {
    while (!g_interrupted && next < todo.size() && running.size() < jobs) {
      Running r;
      r.run = todo[next++];
      r.slot = free_slots.back();
      free_slots.pop_back();
      r.out_dir = out_dir_of(r.run, r.slot);
      fs::remove_all(r.out_dir);  // what a stopped run left
      launcher.start(r.run, r.slot);
      running.emplace(r.slot, std::move(r));
    }
    // Stopped runs are not recorded, so there is nothing to wait for.
    if (g_interrupted && !stopping) {
      launcher.stop();
      stopping = true;
    }
    const auto end = launcher.wait();
    if (!end) continue;  // a signal: look at g_interrupted
    const Running r = running.at(end->slot);
    running.erase(end->slot);
    free_slots.push_back(r.slot);
    if (auto record = record_of(plan, variants, r, *end, log_of(r.slot), keep)) {
      done(std::move(*record));
      ++finished;
    }
    if (!keep) fs::remove_all(r.out_dir);
    progress.update(finished);
  }
  progress.finish(finished);
  std::error_code ignored;
  fs::remove_all(options.scratch_dir, ignored);
  fs::remove(fs::path(options.scratch_dir).parent_path(), ignored);  // .scratch, once no writer uses it
  return !g_interrupted;
}

}  // namespace nimbus
