#include "util/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>

namespace nimbus {

void set_verbosity(int verbosity) {
  const auto level = verbosity >= 2 ? spdlog::level::debug : verbosity == 1 ? spdlog::level::info : spdlog::level::warn;
  spdlog::set_level(level);
  spdlog::set_pattern("[%n] %l: %v");
}

std::shared_ptr<spdlog::logger> logger(const std::string& layer) {
  if (auto existing = spdlog::get(layer)) return existing;
  auto created = std::make_shared<spdlog::logger>(layer, std::make_shared<spdlog::sinks::stderr_sink_st>());
  created->set_level(spdlog::get_level());
  spdlog::initialize_logger(created);  // takes the global level and pattern
  return created;
}

}  // namespace nimbus
