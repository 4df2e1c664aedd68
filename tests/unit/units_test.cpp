#include "config/units.hpp"

#include <doctest/doctest.h>

using namespace nimbus;

namespace {
std::string error_of(const char* text, Dimension d) {
  try {
    parse_quantity(text, d);
  } catch (const UnitError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("quantities are read in SI base units") {
  CHECK(parse_quantity("2.5Gf", Dimension::Flops) == doctest::Approx(2.5e9));
  CHECK(parse_quantity("4 Gf", Dimension::Flops) == doctest::Approx(4e9));
  // 10 gigabits per second are 1.25 gigabytes per second: SimGrid counts bytes.
  CHECK(parse_quantity("10Gbps", Dimension::Bandwidth) == doctest::Approx(1.25e9));
  CHECK(parse_quantity("1.25GBps", Dimension::Bandwidth) == doctest::Approx(1.25e9));
  CHECK(parse_quantity("1KiBps", Dimension::Bandwidth) == doctest::Approx(1024));
  CHECK(parse_quantity("50us", Dimension::Duration) == doctest::Approx(50e-6));
  CHECK(parse_quantity("3ms", Dimension::Duration) == doctest::Approx(3e-3));
  CHECK(parse_quantity("2h", Dimension::Duration) == doctest::Approx(7200));
  CHECK(parse_quantity("30d", Dimension::Duration) == doctest::Approx(30 * 86400.0));
  CHECK(parse_quantity("15min", Dimension::Duration) == doctest::Approx(900));
  CHECK(parse_quantity("64GiB", Dimension::Size) == doctest::Approx(64.0 * 1024 * 1024 * 1024));
  CHECK(parse_quantity("128MB", Dimension::Size) == doctest::Approx(128e6));
  CHECK(parse_quantity("200W", Dimension::Power) == doctest::Approx(200));
  CHECK(parse_quantity("2/s", Dimension::Rate) == doctest::Approx(2));
  CHECK(parse_quantity("30/min", Dimension::Rate) == doctest::Approx(0.5));
}

TEST_CASE("a plain number is in the base unit") {
  CHECK(parse_quantity("1e9", Dimension::Flops) == doctest::Approx(1e9));
  CHECK(parse_quantity("0.5", Dimension::Duration) == doctest::Approx(0.5));
  CHECK(parse_quantity("-3", Dimension::Duration) == doctest::Approx(-3));  // sign checks are the caller's
}

TEST_CASE("a wrong or unknown unit is an error, with a hint") {
  CHECK(error_of("4Gflop", Dimension::Flops) == "unknown unit \"Gflop\" for an amount of work or speed in flop(/s); did you mean \"Gf\"?");
  CHECK(error_of("4GFLOPS", Dimension::Flops).find("did you mean \"Gf\"?") != std::string::npos);
  CHECK(error_of("10Gbps", Dimension::Flops) ==
        "expected an amount of work or speed in flop(/s) such as \"2.5Gf\", but \"Gbps\" is the unit of a bandwidth");
  CHECK(error_of("5m", Dimension::Duration).find("ambiguous unit \"m\"") == 0);
  CHECK(error_of("10Gbsp", Dimension::Bandwidth).find("did you mean") != std::string::npos);
  CHECK(error_of("fast", Dimension::Flops) == "expected an amount of work or speed in flop(/s) such as \"2.5Gf\", got \"fast\"");
  CHECK(error_of("", Dimension::Size).find("expected a size") == 0);
  CHECK(error_of("inf", Dimension::Size).find("expected a size") == 0);
  CHECK(error_of("nan", Dimension::Size).find("expected a size") == 0);
}

TEST_CASE("quantities are formatted for people") {
  CHECK(format_quantity(4e9, Dimension::Flops) == "4 Gf");
  CHECK(format_quantity(1.25e9, Dimension::Bandwidth) == "10 Gbps");
  CHECK(format_quantity(30e-6, Dimension::Duration) == "30 us");
  CHECK(format_quantity(0, Dimension::Duration) == "0 s");
  CHECK(format_quantity(64.0 * 1024 * 1024 * 1024, Dimension::Size) == "64 GiB");
  CHECK(format_quantity(30 * 86400.0, Dimension::Duration) == "30 d");
}
