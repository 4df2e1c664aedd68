#include "workload/swf.hpp"

#include "config/config_error.hpp"
#include "config/platform_config.hpp"
#include "config/units.hpp"

#include <zlib.h>

#include <charconv>
#include <cstdio>
#include <cmath>
#include <memory>

namespace nimbus {
namespace {

constexpr const char* kFieldNames[18] = {
    "job number",      "submit time",   "wait time",          "run time",         "allocated processors",
    "average CPU time", "used memory",  "requested processors", "requested time", "requested memory",
    "status",          "user id",       "group id",           "executable",       "queue",
    "partition",       "preceding job", "think time"};

// A field's value as the log would write it: "1e+10", "2.5".
std::string shortest(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

}  // namespace

SwfTrace read_swf(const std::string& path, const SwfOptions& options) {
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), &gzclose);
  if (!file) throw ConfigError(path, "", "no such file or not readable");
  SwfTrace trace;
  char buffer[4096];
  int line_number = 0;
  while (gzgets(file.get(), buffer, sizeof buffer) != nullptr) {
    ++line_number;
    std::string_view line(buffer);
    if (!line.empty() && line.back() != '\n' && !gzeof(file.get()))
      throw ConfigError(path + ":" + std::to_string(line_number), "", "line longer than 4096 characters");
    const auto first = line.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || line[first] == ';') continue;
    double fields[18];
    std::size_t count = 0;
    std::size_t at = first;
    while (at < line.size()) {
      const auto end = line.find_first_of(" \t\r\n", at);
      const std::string_view token = line.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
      const std::string where = path + ":" + std::to_string(line_number);
      if (count == 18) throw ConfigError(where, "", "more than 18 fields; SWF lines have 18");
      double value = 0;
      const auto [stop, error] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (error != std::errc() || stop != token.data() + token.size() || !std::isfinite(value))
        throw ConfigError(where, "field " + std::to_string(count + 1) + " (" + kFieldNames[count] + ")",
                          "expected a number, got \"" + std::string(token) + "\"");
      fields[count++] = value;
      at = end == std::string_view::npos ? line.size() : line.find_first_not_of(" \t\r\n", end);
      if (at == std::string_view::npos) break;
    }
    if (count != 18)
      throw ConfigError(path + ":" + std::to_string(line_number), "",
                        "has " + std::to_string(count) + " fields; SWF lines have 18");
    ++trace.lines;
    const std::string where = path + ":" + std::to_string(line_number);
    // Counts become integers: a value no integer holds (1e10 processors) is refused here,
    // where a cast would be undefined and the job would silently disappear.
    auto whole = [&](std::size_t field, double max) {
      const double v = fields[field];
      if (v != std::floor(v) || v < -1 || v > max)
        throw ConfigError(where, "field " + std::to_string(field + 1) + " (" + kFieldNames[field] + ")",
                          "expected a whole number from -1 (unknown) to " + std::to_string(static_cast<long long>(max)) +
                              ", got " + shortest(v));
      return static_cast<long long>(v);
    };
    // Times too: past kMaxTime_s a second is lost in rounding (nimbus's simulated horizon).
    auto time = [&](std::size_t field) {
      if (fields[field] > kMaxTime_s)
        throw ConfigError(where, "field " + std::to_string(field + 1) + " (" + kFieldNames[field] + ")",
                          "expected at most 1e9 s, got " + shortest(fields[field]));
      return fields[field];
    };
    SwfJob job;
    job.id = whole(0, 9e15);
    job.submit_s = time(1);
    job.runtime_s = time(3);
    const long long allocated = whole(4, kMaxPlatformCores), requested = whole(7, kMaxPlatformCores);
    job.procs = static_cast<int>(allocated > 0 ? allocated : requested);
    job.requested_s = time(8) >= 0 ? fields[8] : fields[3];
    job.user = whole(11, 9e15);
    job.queue = whole(14, 9e15);
    job.line = line_number;
    // The archive marks what it does not know with -1: a job with no runtime or no
    // processor count cannot be replayed. A zero runtime is a job that ran for no time.
    if (job.runtime_s < 0 || job.procs <= 0 || job.submit_s < 0) {
      ++trace.skipped_unknown;
      continue;
    }
    if (job.submit_s < options.window_from_s || (options.window_to_s >= 0 && job.submit_s >= options.window_to_s)) {
      ++trace.outside_window;
      continue;
    }
    if (job.runtime_s == 0) ++trace.zero_runtime;
    trace.jobs.push_back(job);
    if (options.first > 0 && static_cast<long long>(trace.jobs.size()) == options.first) break;
  }
  int status = Z_OK;
  const char* why = gzerror(file.get(), &status);
  if (status != Z_OK && status != Z_STREAM_END) throw ConfigError(path, "", std::string("cannot be read: ") + why);
  // A log that yields no job is a mistake (an empty file, a directory, a window past the
  // end), never a run of nothing.
  if (trace.jobs.empty()) {
    if (trace.lines == 0) throw ConfigError(path, "", "no job lines (an SWF log has one line of 18 fields per job)");
    throw ConfigError(path, "", "none of its " + std::to_string(trace.lines) + " jobs can be replayed (" +
                                    std::to_string(trace.skipped_unknown) + " with unknown runtime or processors, " +
                                    std::to_string(trace.outside_window) + " outside the window)");
  }
  return trace;
}

}  // namespace nimbus
