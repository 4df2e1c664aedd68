#include "metrics/provenance.hpp"

#include "util/sha256.hpp"

#include <xbt/base.h>  // simgrid/version.h needs its macros first

#include <simgrid/version.h>

#include <fstream>
#include <sstream>

namespace nimbus {

extern const char* const kGitCommit;  // generated at build time (cmake/git_commit.cmake)

namespace {

using nlohmann::json;

// Above this the platform file is named and hashed, not embedded: a 100,000-host XML
// platform would make summary.json tens of megabytes.
constexpr std::streamoff kEmbedLimit = 1 << 20;

json input(const char* role, const std::string& path) {
  const std::string hash = sha256_file(path);
  return {{"role", role}, {"path", path}, {"sha256", hash.empty() ? json(nullptr) : json(hash)}};
}

json file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in || in.tellg() > kEmbedLimit) return nullptr;
  const std::streamoff size = in.tellg();
  std::string text(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(text.data(), size);
  return in ? json(text) : json(nullptr);
}

}  // namespace

std::string shell_quote(const std::string& word) {
  const bool plain = !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                             "0123456789_-+=./:,@%") == std::string::npos;
  if (plain) return word;
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string rerun_command(const ScenarioConfig& cfg) {
  std::string command = "nimbus run " + shell_quote(cfg.file) + " --seed " + std::to_string(cfg.seed);
  for (const std::string& s : cfg.set_args) command += " --set " + shell_quote(s);
  for (const std::string& c : cfg.cfg_args) command += " --cfg " + shell_quote(c);
  return command;
}

json provenance_json(const ScenarioConfig& cfg, const std::string& command_line) {
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  json inputs = json::array({input("scenario", cfg.file), input("platform", cfg.platform.file)});
  for (const WorkloadItem& item : cfg.workload) {
    if (item.program == WorkloadItem::Program::Trace) inputs.push_back(input("trace", item.trace.path));
    if (item.program == WorkloadItem::Program::Replay)
      for (const std::string& f : item.replay.actions) inputs.push_back(input("actions", f));
    if (item.program == WorkloadItem::Program::Graph && item.graph.model == GraphSpec::Model::File)
      inputs.push_back(input("edge_list", item.graph.edge_list));
  }
  return {{"nimbus", NIMBUS_VERSION},
          {"git_commit", *kGitCommit ? json(kGitCommit) : json(nullptr)},
          {"simgrid", std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch)},
          {"command_line", command_line.empty() ? json(nullptr) : json(command_line)},
          {"rerun", rerun_command(cfg)},
          {"inputs", inputs},
          {"platform_as_run", file_text(cfg.platform.file)}};
}

}  // namespace nimbus
