// A scenario's SimGrid configuration items (`simgrid:`, --cfg) applied to the engine.
#pragma once

#include "config/scenario_config.hpp"

namespace nimbus {

// REQUIRES: the engine exists and holds no platform yet (models are chosen when it is built).
// Throws ConfigError, located, for an item SimGrid does not know or a value it refuses.
void apply_simgrid_settings(const std::vector<SimgridSetting>& settings);

}  // namespace nimbus
