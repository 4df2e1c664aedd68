#include "config/distribution.hpp"
#include "util/rng.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace nimbus;

TEST_CASE("a named stream is a pure function of seed and name") {
  Rng a(42, "faults/host-1"), b(42, "faults/host-1"), c(42, "faults/host-2"), d(43, "faults/host-1");
  const auto first = a.next_u64();
  CHECK(first == b.next_u64());
  CHECK(first != c.next_u64());
  CHECK(first != d.next_u64());
}

TEST_CASE("draws have the moments theory gives") {
  // 200,000 draws: the standard error of a mean is sigma / 447, so 1% bounds are > 3 sigma.
  constexpr int n = 200000;
  Rng rng(7, "moments");
  double uniform = 0, exponential = 0, weibull = 0, normal = 0, normal_sq = 0;
  for (int i = 0; i < n; ++i) {
    uniform += rng.uniform01();
    exponential += rng.exponential(3.0);
    weibull += rng.weibull(2.0, 1.0);
    const double x = rng.normal(5.0, 2.0);
    normal += x;
    normal_sq += x * x;
  }
  CHECK(uniform / n == doctest::Approx(0.5).epsilon(0.01));
  CHECK(exponential / n == doctest::Approx(3.0).epsilon(0.01));
  // Weibull mean = scale * Gamma(1 + 1/shape) = sqrt(pi)/2 for shape 2, scale 1.
  CHECK(weibull / n == doctest::Approx(std::sqrt(M_PI) / 2).epsilon(0.01));
  CHECK(normal / n == doctest::Approx(5.0).epsilon(0.01));
  CHECK(std::sqrt(normal_sq / n - (normal / n) * (normal / n)) == doctest::Approx(2.0).epsilon(0.01));
}

TEST_CASE("below() covers its range without bias") {
  Rng rng(1, "below");
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 30000; ++i) counts[rng.below(3)]++;
  for (int c : counts) CHECK(c == doctest::Approx(10000).epsilon(0.03));
}

TEST_CASE("distributions sample within their support and know their mean") {
  Rng rng(3, "dist");
  Distribution u;
  u.kind = Distribution::Kind::Uniform;
  u.low = 1e9;
  u.high = 2e9;
  for (int i = 0; i < 1000; ++i) {
    const double x = u.sample(rng);
    CHECK((x >= 1e9 && x < 2e9));
  }
  CHECK(u.expected_value() == doctest::Approx(1.5e9));
  Distribution c;
  c.kind = Distribution::Kind::Choice;
  c.values = {1, 10};
  c.weights = {3, 1};
  CHECK(c.expected_value() == doctest::Approx((3 * 1 + 1 * 10) / 4.0));
  int tens = 0;
  for (int i = 0; i < 40000; ++i) tens += c.sample(rng) == 10 ? 1 : 0;
  CHECK(tens == doctest::Approx(10000).epsilon(0.03));
  Distribution n;
  n.kind = Distribution::Kind::Normal;
  n.mean = 1;
  n.stddev = 2;  // often negative before truncation
  for (int i = 0; i < 1000; ++i) CHECK(n.sample(rng) > 0);
}
