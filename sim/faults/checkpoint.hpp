// faults.checkpoint: a running task saves its progress every `interval` seconds of
// computation, which costs `cost` seconds without progress; after a failure it resumes from
// its last complete checkpoint, after `restart` seconds. The formulas the docs and the tests
// use, after Young (1974) and Daly (2006), with M the hosts' mean time between failures.
#pragma once

#include "config/platform_config.hpp"

#include <optional>

namespace nimbus {

// Young's first-order optimum: sqrt(2 C M).
double young_interval(double cost_s, double mtbf_s);
// Daly's higher-order optimum: sqrt(2 C M) [1 + sqrt(C / 2M) / 3 + (C / 2M) / 9] - C for
// C < 2M, else M.
double daly_interval(double cost_s, double mtbf_s);
// Daly's expected time to run `work_s` seconds of computation in segments of `interval_s`,
// each followed by a checkpoint of `cost_s`, with `restart_s` after each failure and
// failures memoryless of mean `mtbf_s`: M e^(R/M) (e^((tau + C)/M) - 1) W / tau. With no
// checkpoint (tau = W, C = 0, R = 0) it is the restart-from-scratch time (e^(W/M) - 1) M.
double daly_expected_time(double work_s, double interval_s, double cost_s, double restart_s, double mtbf_s);

// The MTBF that `interval: auto` plans for: the shortest mean up time of any host group or
// failure rule with an MTBF (the most failure-prone hosts set the pace); none without one.
std::optional<double> planning_mtbf(const PlatformConfig& platform);

}  // namespace nimbus
