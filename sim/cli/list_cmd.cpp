// nimbus list: every name a scenario may choose, with what it does: job policies, placement
// policies, program models, fault-tolerance strategies. Read from the registries, so the
// list is what the parser accepts.
#include "cli/commands.hpp"
#include "config/program_models.hpp"
#include "scheduling/registry.hpp"

#include <iostream>

namespace nimbus {
namespace {

void section(const char* title, const char* key, const std::vector<std::pair<std::string, std::string>>& rows) {
  std::size_t width = 0;
  for (const auto& [name, _] : rows) width = std::max(width, name.size());
  std::cout << title << " (" << key << ")\n";
  for (const auto& [name, description] : rows)
    std::cout << "  " << name << std::string(width - name.size() + 2, ' ') << description << "\n";
}

}  // namespace

ListCommand::ListCommand(CLI::App& parent) {
  app = parent.add_subcommand("list", "List the job policies, placement policies, program models and fault strategies");
}

int ListCommand::run(const GlobalOptions&) const {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const std::string& name : job_policy_names()) rows.emplace_back(name, describe_job_policy(name));
  section("job policies", "scheduling.jobs", rows);
  rows.clear();
  for (const std::string& name : placement_policy_names()) rows.emplace_back(name, describe_placement_policy(name));
  std::cout << "\n";
  section("placement policies", "scheduling.placement", rows);
  rows.clear();
  for (const ProgramModel& m : program_models()) rows.emplace_back(m.name, m.description);
  rows.emplace_back("trace", "a log of jobs (SWF) or a workflow instance (WfCommons JSON): `trace:` instead of `program:`");
  std::cout << "\n";
  section("program models", "workload[].program", rows);
  rows = {{"retry", "a task lost to a failure runs again, up to N attempts, with a back-off"},
          {"checkpoint", "work saved every interval (or Daly's optimum), resumed after a failure"},
          {"replication", "every task as K copies on distinct hosts or racks; the first to finish wins"},
          {"speculation", "LATE: backup copies of tasks running slower than their estimate"},
          {"message_logging", "a program's lost rank restarts alone, replayed its messages from the logs"}};
  std::cout << "\n";
  section("fault tolerance", "faults", rows);
  std::cout << "\nDetails: docs/scenarios.md, docs/programs.md, docs/faults.md\n";
  return 0;
}

}  // namespace nimbus
