#include "config/units.hpp"

#include "util/nearest.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

namespace nimbus {
namespace {

struct Unit {
  const char* symbol;
  double factor;  // to the SI base unit
};

struct DimensionInfo {
  Dimension dimension;
  const char* what;
  const char* example;
  std::vector<Unit> units;  // in increasing size: format_quantity picks the largest that fits
  double max;               // in base units; see parse_quantity
  double min_positive;
};

const std::array<DimensionInfo, 6>& dimensions() {
  static const std::array<DimensionInfo, 6> table{{
      {Dimension::Flops, "an amount of work or speed in flop(/s)", "2.5Gf",
       {{"f", 1}, {"kf", 1e3}, {"Mf", 1e6}, {"Gf", 1e9}, {"Tf", 1e12}, {"Pf", 1e15}, {"Ef", 1e18}},
       1e21, 1},
      {Dimension::Bandwidth, "a bandwidth", "10Gbps",
       {{"bps", 1.0 / 8}, {"Bps", 1}, {"kbps", 1e3 / 8}, {"kBps", 1e3}, {"KiBps", 1024.0},
        {"Mbps", 1e6 / 8}, {"MBps", 1e6}, {"MiBps", 1048576.0}, {"Gbps", 1e9 / 8}, {"GBps", 1e9},
        {"GiBps", 1073741824.0}, {"Tbps", 1e12 / 8}, {"TBps", 1e12}, {"TiBps", 1099511627776.0}},
       1e15, 1.0 / 8},
      {Dimension::Duration, "a duration", "50us",
       {{"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400},
        {"w", 604800}},
       1e12, 1e-9},
      {Dimension::Size, "a size", "64GiB",
       {{"B", 1}, {"kB", 1e3}, {"KiB", 1024.0}, {"MB", 1e6}, {"MiB", 1048576.0}, {"GB", 1e9},
        {"GiB", 1073741824.0}, {"TB", 1e12}, {"TiB", 1099511627776.0}, {"PB", 1e15},
        {"PiB", 1125899906842624.0}},
       1e18, 0},
      {Dimension::Power, "a power", "200W", {{"mW", 1e-3}, {"W", 1}, {"kW", 1e3}, {"MW", 1e6}}, 1e9, 0},
      {Dimension::Rate, "a rate", "2/s", {{"/d", 1.0 / 86400}, {"/h", 1.0 / 3600}, {"/min", 1.0 / 60}, {"/s", 1}},
       1e9, 1e-9},
  }};
  return table;
}

const DimensionInfo& info(Dimension dimension) {
  for (const auto& d : dimensions())
    if (d.dimension == dimension) return d;
  throw std::logic_error("unknown dimension");
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// The message for a unit that this dimension does not have.
std::string unknown_unit_message(std::string_view unit, const DimensionInfo& expected) {
  for (const auto& other : dimensions()) {
    if (other.dimension == expected.dimension) continue;
    for (const auto& u : other.units)
      if (unit == u.symbol)
        return "expected " + describe_dimension(expected.dimension) + ", but " + quoted(unit) + " is the unit of " +
               other.what;
  }
  if (unit == "m") return "ambiguous unit \"m\"; write \"min\" for minutes or \"ms\" for milliseconds";
  std::vector<std::string> symbols;
  for (const auto& u : expected.units) symbols.emplace_back(u.symbol);
  std::string hint = did_you_mean(unit, symbols);
  // "Gflops", "GFLOP/s": people spell flops many ways; the prefix is what matters.
  if (hint.empty() && expected.dimension == Dimension::Flops && unit.size() >= 4) {
    std::string lower;
    for (char c : unit) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = lower.find("flop");
    if (at <= 1) hint = "; did you mean " + quoted(std::string(unit.substr(0, at)) + "f") + "?";
  }
  return "unknown unit " + quoted(unit) + " for " + expected.what + hint;
}

// "1e21 f", "1e12 s": a bound in the base unit, as short as it gets.
std::string bound(double value, const DimensionInfo& d) {
  char number[32];
  std::snprintf(number, sizeof number, "%g", value);
  std::string text = number;
  // printf's "1e+09" and "1e-09" read as "1e9" and "1e-9".
  if (const auto e = text.find('e'); e != std::string::npos) {
    const bool negative = text[e + 1] == '-';
    std::string digits = text.substr(e + 2);
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
    text = text.substr(0, e + 1) + (negative ? "-" : "") + digits;
  }
  const auto base = std::find_if(d.units.begin(), d.units.end(), [](const Unit& u) { return u.factor == 1; });
  return text + (base->symbol[0] == '/' ? "" : " ") + base->symbol;
}

}  // namespace

std::string describe_dimension(Dimension dimension) {
  const auto& d = info(dimension);
  return std::string(d.what) + " such as " + quoted(d.example);
}

double parse_quantity(std::string_view text, Dimension dimension, double max) {
  const auto& d = info(dimension);
  std::size_t begin = 0;
  while (begin < text.size() && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  double value = 0;
  const char* first = text.data() + begin;
  const char* last = text.data() + text.size();
  const auto [rest, error] = std::from_chars(first, last, value);
  if (error != std::errc() || !std::isfinite(value))
    throw UnitError("expected " + describe_dimension(dimension) + ", got " + quoted(text));
  std::string_view unit(rest, static_cast<std::size_t>(last - rest));
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front()))) unit.remove_prefix(1);
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.remove_suffix(1);
  double factor = 1;
  if (!unit.empty()) {
    const auto u = std::find_if(d.units.begin(), d.units.end(), [unit](const Unit& x) { return unit == x.symbol; });
    if (u == d.units.end()) throw UnitError(unknown_unit_message(unit, d));
    factor = u->factor;
  }
  const double scaled = value * factor;
  if (max <= 0 || max > d.max) max = d.max;
  if (!(std::fabs(scaled) <= max))
    throw UnitError(quoted(text) + " is too large: at most " + bound(max, d) +
                    (dimension == Dimension::Duration && max == kMaxTime_s
                         ? " (31.7 years; nimbus keeps simulated time to the microsecond up to there)"
                         : ""));
  if (scaled != 0 && std::fabs(scaled) < d.min_positive)
    throw UnitError(quoted(text) + " is too small: at least " + bound(d.min_positive, d) + " (or 0 where 0 is allowed)");
  return scaled;
}

double max_quantity(Dimension dimension) { return info(dimension).max; }

std::string format_bound(double value, Dimension dimension) { return bound(value, info(dimension)); }

std::string beyond_size_bound(double bytes) {
  return format_bound(bytes, Dimension::Size) + ", more than the " +
         format_bound(max_quantity(Dimension::Size), Dimension::Size) + " a size may be";
}

std::string format_quantity(double value, Dimension dimension) { return format_quantity(value, dimension, value); }

std::string format_quantity(double value, Dimension dimension, double unit_of) {
  const auto& d = info(dimension);
  // Show networks in bits per second and sizes in binary units, as people read them.
  auto preferred = [dimension](const Unit& u) {
    const std::string_view s = u.symbol;
    if (dimension == Dimension::Bandwidth) return s.find("bps") != std::string_view::npos;
    if (dimension == Dimension::Size) return s == "B" || s.find("iB") != std::string_view::npos;
    return s != "w";
  };
  if (unit_of == 0) {
    for (const auto& u : d.units)
      if (u.factor == 1) unit_of = u.factor;  // the base unit
  }
  const Unit* chosen = nullptr;
  // Minutes and longer start at two of them: "90 s" reads better than "1.5 min".
  auto reached = [&](const Unit& u) {
    const bool long_duration = dimension == Dimension::Duration && u.factor >= 60;
    return std::fabs(unit_of) >= (long_duration ? 2 : 1) * u.factor;
  };
  for (const auto& u : d.units)
    if (preferred(u) && (chosen == nullptr || reached(u))) chosen = &u;
  char number[64];
  const double scaled = value / chosen->factor;
  std::snprintf(number, sizeof number, "%.4g", scaled);
  // Far smaller than its unit: fixed digits, never an exponent a reader must decode.
  if (std::strchr(number, 'e') != nullptr) {
    std::snprintf(number, sizeof number, "%.6f", scaled);
    std::string trimmed(number);
    trimmed.erase(trimmed.find_last_not_of('0') + 1);
    if (trimmed.back() == '.') trimmed.pop_back();
    std::snprintf(number, sizeof number, "%s", trimmed.c_str());
  }
  const std::string_view symbol = chosen->symbol;
  return std::string(number) + (symbol.front() == '/' ? "" : " ") + std::string(symbol);
}

}  // namespace nimbus
