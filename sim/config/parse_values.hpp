// Readers for value shapes shared by platform and scenario files.
#pragma once

#include "config/distribution.hpp"
#include "config/platform_config.hpp"
#include "config/yaml_node.hpp"

#include <vector>

namespace nimbus {

// A plain quantity ("4Gf": Fixed, or the kind `plain_kind` stands for, e.g. an MTBF written
// "30d" is an exponential with that mean) or a one-key mapping naming a distribution:
//   {uniform: [low, high]}  {normal: {mean: m, stddev: s}}  {choice: [a, b, c]}
//   {choice: {values: [...], weights: [...]}}  {exponential: mean}
//   {weibull: {shape: k, scale: x}}  {fixed: x}
// Only the kinds in `allowed` are accepted; every parameter must be positive.
// `max` bounds each value as in Node::quantity. Choice weights must add up to a finite sum.
Distribution parse_distribution(const Node& node, Dimension dimension,
                                const std::vector<Distribution::Kind>& allowed,
                                Distribution::Kind plain_kind = Distribution::Kind::Fixed, double max = 0);

// {bandwidth: 10Gbps, latency: 5us, sharing: split-duplex|shared|fatpipe}
LinkSpec parse_link(const Node& node, const LinkSpec& defaults);

}  // namespace nimbus
