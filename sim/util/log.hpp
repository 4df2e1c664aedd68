// One named spdlog logger per layer ("config", "platform", "runtime"), all to stderr.
// Default level warn; -v info, -vv debug. Results go to files, never to the log.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace nimbus {

void set_verbosity(int verbosity);
std::shared_ptr<spdlog::logger> logger(const std::string& layer);

}  // namespace nimbus
