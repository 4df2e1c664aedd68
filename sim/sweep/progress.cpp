#include "sweep/progress.hpp"

#include <cstdio>
#include <string>
#include <unistd.h>

namespace nimbus {
namespace {

std::string duration_text(double s) {
  char text[32];
  if (s < 120)
    std::snprintf(text, sizeof text, "%.0f s", s);
  else if (s < 7200)
    std::snprintf(text, sizeof text, "%.0f min", s / 60);
  else
    std::snprintf(text, sizeof text, "%.1f h", s / 3600);
  return text;
}

}  // namespace

Progress::Progress(std::size_t total, bool enabled)
    : total_(total), enabled_(enabled), terminal_(::isatty(STDERR_FILENO) == 1) {}

void Progress::update(std::size_t done) {
  if (!enabled_) return;
  elapsed_s_ += since_start_.lap();
  if (elapsed_s_ - printed_at_s_ < (terminal_ ? 0.25 : 10)) return;
  printed_at_s_ = elapsed_s_;
  print(done, false);
}

void Progress::finish(std::size_t done) {
  if (!enabled_ || total_ == 0) return;
  elapsed_s_ += since_start_.lap();
  print(done, true);
}

void Progress::print(std::size_t done, bool final) {
  const double rate = elapsed_s_ > 0 ? static_cast<double>(done) / elapsed_s_ : 0;
  std::string line = "sweep: " + std::to_string(done) + "/" + std::to_string(total_) + " runs";
  char text[64];
  std::snprintf(text, sizeof text, ", %.3g runs/s", rate);
  line += text;
  if (final)
    line += " in " + duration_text(elapsed_s_);
  else if (rate > 0)
    line += ", ETA " + duration_text(static_cast<double>(total_ - done) / rate);
  if (terminal_)
    std::fprintf(stderr, "\r%-70s%s", line.c_str(), final ? "\n" : "");
  else
    std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace nimbus
