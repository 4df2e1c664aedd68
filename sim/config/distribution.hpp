// A value that is either fixed or drawn from a distribution (host speeds, times between
// failures, repair times). Plain data: parsing is in parse_common.cpp, drawing here.
#pragma once

#include "config/units.hpp"
#include "util/rng.hpp"

#include <string>
#include <vector>

namespace nimbus {

struct Distribution {
  enum class Kind { Fixed, Uniform, Normal, Choice, Exponential, Weibull };
  Kind kind = Kind::Fixed;
  double value = 0;               // Fixed
  double low = 0, high = 0;       // Uniform, [low, high)
  double mean = 0, stddev = 0;    // Normal (truncated to positive values), Exponential (mean)
  double shape = 0, scale = 0;    // Weibull
  std::vector<double> values;     // Choice
  std::vector<double> weights;    // Choice, same length as values; all equal when not given

  static Distribution fixed(double v) {
    Distribution d;
    d.value = v;
    return d;
  }
  bool is_fixed() const { return kind == Kind::Fixed; }
  // REQUIRES: a distribution accepted by the parser (positive parameters).
  double sample(Rng& rng) const;
  double expected_value() const;
  // "uniform(1 Gf, 2 Gf)", rendered with format_quantity for the given dimension.
  std::string describe(Dimension dimension) const;
};

}  // namespace nimbus
