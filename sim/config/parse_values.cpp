#include "config/parse_values.hpp"

#include "util/nearest.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nimbus {
namespace {

using Kind = Distribution::Kind;

struct KindName {
  Kind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {{Kind::Fixed, "fixed"},         {Kind::Uniform, "uniform"},
                                   {Kind::Normal, "normal"},       {Kind::Choice, "choice"},
                                   {Kind::Exponential, "exponential"}, {Kind::Weibull, "weibull"}};

}  // namespace

Distribution parse_distribution(const Node& node, Dimension dimension, const std::vector<Kind>& allowed,
                                Kind plain_kind, double max) {
  Distribution d;
  if (node.is_scalar()) {
    const double v = node.positive_quantity(dimension, max);
    d.kind = plain_kind;
    d.value = d.mean = v;
    return d;
  }
  std::vector<std::string> names;
  for (const auto& k : kKindNames)
    if (std::find(allowed.begin(), allowed.end(), k.kind) != allowed.end()) names.emplace_back(k.name);
  node.expect_map(names);
  const auto entries = node.entries();
  if (entries.size() != 1)
    node.fail("expected a value such as \"" + format_quantity(1, dimension) + "\" or one distribution (" +
              join(names) + ")");
  const auto& [name, args] = entries.front();
  for (const auto& k : kKindNames)
    if (name == k.name) d.kind = k.kind;
  switch (d.kind) {
    case Kind::Fixed: d.value = args.positive_quantity(dimension, max); break;
    case Kind::Exponential: d.mean = args.positive_quantity(dimension, max); break;
    case Kind::Uniform: {
      const auto bounds = args.items();
      if (bounds.size() != 2) args.fail("expected [low, high]");
      d.low = bounds[0].positive_quantity(dimension, max);
      d.high = bounds[1].positive_quantity(dimension, max);
      if (d.high <= d.low) args.fail("high must be greater than low");
      break;
    }
    case Kind::Normal:
      args.expect_map({"mean", "stddev"});
      d.mean = args.require("mean").positive_quantity(dimension, max);
      d.stddev = args.require("stddev").non_negative_quantity(dimension, max);
      break;
    case Kind::Weibull: {
      args.expect_map({"shape", "scale"});
      const Node shape = args.require("shape");
      d.shape = shape.number();
      if (d.shape <= 0) shape.fail("must be greater than zero");
      // Below 0.1 a draw is scale x E^(1/shape) for an exponential E: 1e-300 makes it 0 or
      // infinity, never a time.
      if (d.shape < 0.1) shape.fail("must be at least 0.1");
      d.scale = args.require("scale").positive_quantity(dimension, max);
      break;
    }
    case Kind::Choice: {
      const Node values = args.is_map() ? args.require("values") : args;
      if (args.is_map()) args.expect_map({"values", "weights"});
      for (const auto& v : values.items()) d.values.push_back(v.positive_quantity(dimension, max));
      if (d.values.empty()) values.fail("needs at least one value");
      if (args.is_map() && args.has("weights")) {
        const Node weights = args.get("weights");
        for (const auto& w : weights.items()) {
          d.weights.push_back(w.number());
          if (d.weights.back() < 0) w.fail("weights must not be negative");
        }
        if (d.weights.size() != d.values.size())
          weights.fail("expected " + std::to_string(d.values.size()) + " weights, one per value");
        if (std::all_of(d.weights.begin(), d.weights.end(), [](double w) { return w == 0; }))
          weights.fail("at least one weight must be positive");
        // A draw picks a point in [0, sum): an infinite sum picks the last value every time.
        if (!std::isfinite(std::accumulate(d.weights.begin(), d.weights.end(), 0.0)))
          weights.fail("the weights add up to more than a number can hold; scale them down");
      } else {
        d.weights.assign(d.values.size(), 1.0);
      }
      break;
    }
  }
  return d;
}

LinkSpec parse_link(const Node& node, const LinkSpec& defaults) {
  LinkSpec link = defaults;
  node.expect_map({"bandwidth", "latency", "sharing"});
  if (node.has("bandwidth")) link.bandwidth_Bps = node.get("bandwidth").positive_quantity(Dimension::Bandwidth);
  if (node.has("latency")) link.latency_s = node.get("latency").non_negative_quantity(Dimension::Duration);
  if (node.has("sharing")) {
    const std::string s = node.get("sharing").choice({"split-duplex", "shared", "fatpipe"}, "sharing policy");
    link.sharing = s == "shared" ? Sharing::Shared : s == "fatpipe" ? Sharing::FatPipe : Sharing::SplitDuplex;
  }
  return link;
}

}  // namespace nimbus
