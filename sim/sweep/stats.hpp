// Statistics over a point's replications: the mean and Student's t 95% confidence interval.
#pragma once

#include <cstddef>
#include <vector>

namespace nimbus {

// Student's t distribution with `dof` degrees of freedom. REQUIRES: dof > 0.
double student_t_cdf(double t, double dof);
// The t with P(T <= t) = p. REQUIRES: 0 < p < 1, dof > 0.
double student_t_quantile(double p, double dof);

struct MeanCi {
  double mean = 0;
  double ci95 = 0;  // half-width: t(0.975, n-1) s / sqrt(n); NaN when n < 2
  std::size_t n = 0;
};

// REQUIRES: values not empty.
MeanCi mean_ci95(const std::vector<double>& values);

}  // namespace nimbus
