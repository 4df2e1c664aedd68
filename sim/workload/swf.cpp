#include "workload/swf.hpp"

#include "config/config_error.hpp"

#include <zlib.h>

#include <charconv>
#include <cmath>
#include <memory>

namespace nimbus {
namespace {

constexpr const char* kFieldNames[18] = {
    "job number",      "submit time",   "wait time",          "run time",         "allocated processors",
    "average CPU time", "used memory",  "requested processors", "requested time", "requested memory",
    "status",          "user id",       "group id",           "executable",       "queue",
    "partition",       "preceding job", "think time"};

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
    SwfJob job;
    job.id = static_cast<long long>(fields[0]);
    job.submit_s = fields[1];
    job.runtime_s = fields[3];
    job.procs = static_cast<int>(fields[4] > 0 ? fields[4] : fields[7]);
    job.requested_s = fields[8] >= 0 ? fields[8] : fields[3];
    job.user = static_cast<long long>(fields[11]);
    job.queue = static_cast<long long>(fields[14]);
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
  return trace;
}

}  // namespace nimbus
