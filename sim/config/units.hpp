// Quantities as people write them: "2.5Gf", "10Gbps", "1.25GBps", "50us", "64GiB", "200W", "2/s".
//
// Parsed in one place. A plain number is in the SI base unit of its dimension (flop or
// flop/s, byte/s, s, byte, W, 1/s). A wrong or missing unit is an error, never a guess.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace nimbus {

enum class Dimension {
  Flops,      // amount of work (flop) or speed (flop/s): "Gf" means either, as in SimGrid
  Bandwidth,  // byte/s; "Gbps" is bits, "GBps" bytes
  Duration,   // s
  Size,       // byte
  Power,      // W
  Rate,       // events per second: "2/s", "30/min"
};

class UnitError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The longest simulated time nimbus keeps to the microsecond (about 31.7 years: a double
// holds 9e15 microseconds exactly). Durations and dates in files are at most this; past it,
// a task of a second would end where it started.
inline constexpr double kMaxTime_s = 1e9;

// REQUIRES: nothing; throws UnitError with a message that says what was expected.
// Values are bounded once in base units, so that a unit cannot turn a finite number into
// infinity ("1e300Ef") nor into a value no computation survives: at most 1e21 flop(/s),
// 1e15 B/s, 1e12 s (failure times; Node::quantity bounds other durations by kMaxTime_s),
// 1e18 B, 1e9 W, 1e9/s; positive values at least 1 flop/s, 1 bit/s, 1 ns, 1e-9/s.
// Sizes: SimGrid counts a transfer's bytes in 64 bits (1.8e19); amounts made from sizes
// (a MapReduce output, combined messages) are checked against the same bound where parsed.
// `max` > 0 narrows the upper bound.
double parse_quantity(std::string_view text, Dimension dimension, double max = 0);

// The bounds above, for messages and callers that check a narrower range.
double max_quantity(Dimension dimension);

// What a value of this dimension is, for messages: "a speed in flop/s such as \"2.5Gf\"".
std::string describe_dimension(Dimension dimension);

// A readable rendering for tables: 4e9 -> "4 Gf", 1.25e9 Bandwidth -> "10 Gbps".
std::string format_quantity(double value, Dimension dimension);
// In the base unit, as short as it gets: "1e18 B", "8.9e22 B"; for bounds and what passes them.
std::string format_bound(double value, Dimension dimension);
// A size made of others that passes the bound, for its error: "1e22 B, more than the 1e18 B a
// size may be".
std::string beyond_size_bound(double bytes);
// The same in the unit `unit_of` would be shown in: numbers that must compare at a glance
// (every duration of a run's summary, in its makespan's unit) share one unit.
std::string format_quantity(double value, Dimension dimension, double unit_of);

}  // namespace nimbus
