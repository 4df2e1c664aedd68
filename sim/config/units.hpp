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

// REQUIRES: nothing; throws UnitError with a message that says what was expected.
double parse_quantity(std::string_view text, Dimension dimension);

// What a value of this dimension is, for messages: "a speed in flop/s such as \"2.5Gf\"".
std::string describe_dimension(Dimension dimension);

// A readable rendering for tables: 4e9 -> "4 Gf", 1.25e9 Bandwidth -> "10 Gbps".
std::string format_quantity(double value, Dimension dimension);

}  // namespace nimbus
