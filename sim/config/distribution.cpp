#include "config/distribution.hpp"

#include "config/units.hpp"

#include <cmath>
#include <numeric>

namespace nimbus {

double Distribution::sample(Rng& rng) const {
  switch (kind) {
    case Kind::Fixed: return value;
    case Kind::Uniform: return rng.uniform(low, high);
    case Kind::Normal: {
      // Truncated to positive values: a speed or a duration cannot be zero or negative. The
      // parser requires mean > 0, so a positive draw comes quickly.
      for (;;) {
        const double x = rng.normal(mean, stddev);
        if (x > 0) return x;
      }
    }
    case Kind::Choice: {
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      double u = rng.uniform01() * total;
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (u < weights[i]) return values[i];
        u -= weights[i];
      }
      return values.back();  // rounding at the very top of the range
    }
    case Kind::Exponential: return rng.exponential(mean);
    case Kind::Weibull: return rng.weibull(shape, scale);
  }
  return value;
}

double Distribution::expected_value() const {
  switch (kind) {
    case Kind::Fixed: return value;
    case Kind::Uniform: return (low + high) / 2;
    case Kind::Normal: return mean;  // ignores the truncation, negligible when mean >> stddev
    case Kind::Choice: {
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      double sum = 0;
      for (std::size_t i = 0; i < values.size(); ++i) sum += values[i] * weights[i];
      return sum / total;
    }
    case Kind::Exponential: return mean;
    case Kind::Weibull: return scale * std::tgamma(1.0 + 1.0 / shape);
  }
  return value;
}

std::string Distribution::describe(Dimension dimension) const {
  const auto q = [dimension](double v) { return format_quantity(v, dimension); };
  switch (kind) {
    case Kind::Fixed: return q(value);
    case Kind::Uniform: return "uniform(" + q(low) + ", " + q(high) + ")";
    case Kind::Normal: return "normal(mean " + q(mean) + ", stddev " + q(stddev) + ")";
    case Kind::Choice: {
      std::string out = "choice(";
      for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + q(values[i]);
      return out + ")";
    }
    case Kind::Exponential: return "exponential(mean " + q(mean) + ")";
    case Kind::Weibull: return "weibull(shape " + std::to_string(shape).substr(0, 4) + ", scale " + q(scale) + ")";
  }
  return q(value);
}

}  // namespace nimbus
