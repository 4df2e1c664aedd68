#include "sweep/points.hpp"

#include "config/config_error.hpp"
#include "platform/builder.hpp"
#include "platform/engine.hpp"
#include "runtime/simgrid_settings.hpp"
#include "runtime/simulate.hpp"
#include "sweep/hash.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace nimbus {
namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// A one-line error message as a ConfigError again ("where: rest").
ConfigError error_from_text(const std::string& text) {
  const auto colon = text.find(": ");
  if (colon == std::string::npos) return ConfigError(text, "", "invalid");
  return ConfigError(text.substr(0, colon), "", text.substr(colon + 2));
}

std::string point_name(const Plan& plan, const Variant& variant) {
  return "in point " + std::to_string(variant.point + 1) + " of " + std::to_string(plan.points) + " (" +
         describe_variant(plan, variant) + ")";
}

// Child process: builds the platform once and checks each variant on it; the verdict is its
// exit status, the message goes up the pipe.
[[noreturn]] void check_in_child(const Plan& plan, const std::vector<ParsedVariant>& variants,
                                 const std::vector<std::size_t>& members, int verbosity, int pipe_out) {
  std::string message;
  try {
    // What `nimbus validate` checks, once for the group, then each variant's fit.
    const ScenarioConfig& first = variants[members.front()].cfg;
    const auto engine = make_engine(verbosity);
    apply_simgrid_settings(first.simgrid);
    const auto hosts = build_platform(first.platform);
    check_platform_size(first.platform, hosts);
    pick_controller_host(first.platform, hosts);
    for (const std::size_t v : members) {
      try {
        check_fits_platform(variants[v].cfg, hosts);
      } catch (const ConfigError& e) {
        message = std::string(e.what()) + ": " + point_name(plan, plan.variants[v]);
        break;
      }
    }
  } catch (const ConfigError& e) {
    message = std::string(e.what()) + ": " + point_name(plan, plan.variants[members.front()]);
  } catch (const std::exception& e) {
    message = variants[members.front()].cfg.platform.file + ": " + e.what();
  }
  const bool ok = message.empty() || ::write(pipe_out, message.data(), message.size()) >= 0;
  std::_Exit(message.empty() ? 0 : ok ? 2 : 3);
}

}  // namespace

ScenarioConfig parse_base_scenario(const SweepSpec& spec) {
  ScenarioOverrides overrides;
  for (const Factor& f : spec.fixed) {
    overrides.assignments.push_back(f.key + "=" + f.values.front().text);
    overrides.labels.push_back(f.values.front().where);
  }
  return parse_scenario_file(spec.scenario, overrides);
}

std::string describe_variant(const Plan& plan, const Variant& variant) {
  std::string text;
  for (std::size_t c = 0; c < plan.columns.size(); ++c)
    text += (c ? ", " : "") + plan.columns[c] + "=" + variant.values[c];
  return text;
}

std::vector<ParsedVariant> parse_variants(const SweepSpec& spec, const Plan& plan) {
  std::vector<ParsedVariant> parsed;
  parsed.reserve(plan.variants.size());
  std::map<std::string, std::uint64_t> platform_hashes;  // a platform file is read once
  for (const Variant& variant : plan.variants) {
    ScenarioOverrides overrides;
    overrides.assignments = variant.assignments;
    overrides.labels = variant.labels;
    ParsedVariant p;
    try {
      p.cfg = parse_scenario_file(spec.scenario, overrides);
    } catch (const ConfigError& e) {
      throw ConfigError(e.what(), "", point_name(plan, variant));
    }
    const std::string& platform = p.cfg.platform.file;
    auto known = platform_hashes.find(platform);
    if (known == platform_hashes.end()) known = platform_hashes.emplace(platform, fnv1a64(file_bytes(platform))).first;
    p.scenario_hash = hex64(fnv1a64(p.cfg.resolved_yaml, known->second));
    parsed.push_back(std::move(p));
  }
  return parsed;
}

void check_platforms(const Plan& plan, const std::vector<ParsedVariant>& variants, int verbosity) {
  // Variants on the same platform file and seed, with the same SimGrid settings, share one
  // engine: the key is the three of them as text.
  std::map<std::string, std::vector<std::size_t>> by_platform;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const ScenarioConfig& cfg = variants[v].cfg;
    std::string key = cfg.platform.file + '\n' + std::to_string(cfg.platform.seed);
    for (const SimgridSetting& s : cfg.simgrid) key += '\n' + s.name + ':' + s.value;
    by_platform[key].push_back(v);
  }
  for (const auto& [key, members] : by_platform) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    std::cout.flush();
    const pid_t child = ::fork();
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) {
      ::close(fds[0]);
      check_in_child(plan, variants, members, verbosity, fds[1]);
    }
    ::close(fds[1]);
    std::string message;
    char buffer[4096];
    for (ssize_t got; (got = ::read(fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, static_cast<std::size_t>(got));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) continue;
    if (!message.empty()) throw error_from_text(message);
    throw std::runtime_error("checking platform " + variants[members.front()].cfg.platform.file + " crashed (status " +
                             std::to_string(status) + ")");
  }
}

}  // namespace nimbus
