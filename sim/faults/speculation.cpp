#include "faults/speculation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nimbus {

std::size_t SpeculationRule::cap(std::size_t running) const {
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(spec_.cap * static_cast<double>(running))));
}

double SpeculationRule::time_left(double progress, double elapsed_s) {
  if (progress <= 0) return std::numeric_limits<double>::infinity();
  if (progress >= 1) return 0;
  return (1 - progress) * elapsed_s / progress;
}

}  // namespace nimbus
