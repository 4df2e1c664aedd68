// The `nimbus` subcommands: each one an options struct filled by CLI11, and a run().
// Exit codes: 0 success, 2 bad input (a ConfigError), 1 failure during simulation.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nimbus {

struct GlobalOptions {
  int verbosity = 0;
  std::string command_line;  // argv as a shell reads it back, for summary.json's provenance
};

struct ValidateCommand {
  std::vector<std::string> files;
  CLI::App* app = nullptr;
  ValidateCommand(CLI::App& parent);
  int run(const GlobalOptions& global) const;
};

struct DescribeCommand {
  std::string file;
  bool json = false;
  CLI::App* app = nullptr;
  DescribeCommand(CLI::App& parent);
  int run(const GlobalOptions& global) const;
};

struct RunCommand {
  std::string file;
  std::string out;
  std::string seed;  // checked by hand: CLI11 reads "-1" and 2^64 as 2^64-1
  std::vector<std::string> set;
  std::vector<std::string> simgrid_cfg;
  std::vector<std::string> simgrid_log;
  bool quiet = false;
  CLI::App* app = nullptr;
  RunCommand(CLI::App& parent);
  int run(const GlobalOptions& global) const;
};

struct SweepCommand {
  std::string file;
  int jobs = 0;  // 0: the CPUs this process may use
  std::string out;
  std::string shard;
  bool keep_runs = false;
  bool quiet = false;
  CLI::App* app = nullptr;
  SweepCommand(CLI::App& parent);
  int run(const GlobalOptions& global) const;
};

struct ListCommand {
  CLI::App* app = nullptr;
  ListCommand(CLI::App& parent);
  int run(const GlobalOptions& global) const;
};

}  // namespace nimbus
