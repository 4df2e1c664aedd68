#include "workload/wfcommons.hpp"

#include "config/config_error.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace nimbus {
namespace {

using nlohmann::json;

struct RawTask {
  std::string name;
  double runtime_s = 0;
  int cores = 1;
  std::vector<std::string> parents;
  std::map<std::string, double> inputs, outputs;  // file name -> bytes
};

[[noreturn]] void bad(const std::string& path, const std::string& where, const std::string& message) {
  throw ConfigError(path, where, message);
}

const json& field(const std::string& path, const json& object, const char* key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) bad(path, where, std::string("missing \"") + key + "\"");
  return object.at(key);
}

double number(const std::string& path, const json& value, const std::string& where) {
  if (!value.is_number() || value.get<double>() < 0) bad(path, where, "expected a non-negative number");
  return value.get<double>();
}

// Schema 1.4: workflow.tasks[] carry their runtime and their files.
std::vector<RawTask> tasks_v14(const std::string& path, const json& workflow) {
  std::vector<RawTask> out;
  const json& tasks = field(path, workflow, "tasks", "workflow");
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const std::string where = "workflow.tasks[" + std::to_string(i) + "]";
    const json& t = tasks[i];
    RawTask r;
    r.name = field(path, t, "name", where).get<std::string>();
    r.runtime_s = number(path, field(path, t, "runtimeInSeconds", where), where + ".runtimeInSeconds");
    if (t.contains("cores")) r.cores = std::max(1, static_cast<int>(number(path, t.at("cores"), where + ".cores")));
    for (const auto& p : t.value("parents", json::array())) r.parents.push_back(p.get<std::string>());
    for (const auto& f : t.value("files", json::array())) {
      const double bytes = number(path, field(path, f, "sizeInBytes", where + ".files"), where + ".files");
      (f.value("link", "") == "output" ? r.outputs : r.inputs)[f.value("name", "")] = bytes;
    }
    out.push_back(std::move(r));
  }
  return out;
}

// WfFormat 1.5: the DAG and files in workflow.specification, runtimes in workflow.execution.
std::vector<RawTask> tasks_v15(const std::string& path, const json& workflow) {
  const json& spec = field(path, workflow, "specification", "workflow");
  std::map<std::string, double> file_bytes;
  for (const auto& f : spec.value("files", json::array()))
    file_bytes[f.value("id", "")] = number(path, field(path, f, "sizeInBytes", "workflow.specification.files"),
                                           "workflow.specification.files");
  std::map<std::string, const json*> executed;
  for (const auto& e : field(path, field(path, workflow, "execution", "workflow"), "tasks", "workflow.execution"))
    executed[e.value("id", "")] = &e;
  std::vector<RawTask> out;
  std::map<std::string, std::string> name_of_id;
  const json& tasks = field(path, spec, "tasks", "workflow.specification");
  for (const auto& t : tasks) name_of_id[t.value("id", t.value("name", ""))] = t.value("name", "");
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const std::string where = "workflow.specification.tasks[" + std::to_string(i) + "]";
    const json& t = tasks[i];
    RawTask r;
    r.name = field(path, t, "name", where).get<std::string>();
    const std::string id = t.value("id", r.name);
    const auto run = executed.find(id);
    if (run == executed.end()) bad(path, where, "no execution record for task \"" + id + "\"");
    r.runtime_s = number(path, field(path, *run->second, "runtimeInSeconds", "workflow.execution.tasks"), where);
    if (run->second->contains("coreCount")) r.cores = std::max(1, run->second->at("coreCount").get<int>());
    for (const auto& p : t.value("parents", json::array())) r.parents.push_back(name_of_id[p.get<std::string>()]);
    for (const auto& f : t.value("inputFiles", json::array())) r.inputs[f.get<std::string>()] = file_bytes[f.get<std::string>()];
    for (const auto& f : t.value("outputFiles", json::array())) r.outputs[f.get<std::string>()] = file_bytes[f.get<std::string>()];
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

WfWorkflow read_wfcommons(const std::string& path) {
  std::ifstream in(path);
  if (!in) bad(path, "", "no such file or not readable");
  std::stringstream text;
  text << in.rdbuf();
  json doc;
  try {
    doc = json::parse(text.str());
  } catch (const json::parse_error& e) {
    // Turn the byte offset into line:col, as for every other input.
    const std::string s = text.str();
    const std::size_t at = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, s.size());
    const std::size_t line = static_cast<std::size_t>(std::count(s.begin(), s.begin() + static_cast<long>(at), '\n')) + 1;
    const std::size_t col = at - (s.rfind('\n', at > 0 ? at - 1 : 0) == std::string::npos ? 0 : s.rfind('\n', at - 1) + 1) + 1;
    bad(path + ":" + std::to_string(line) + ":" + std::to_string(col), "", "invalid JSON");
  }
  try {
    WfWorkflow wf;
    wf.name = doc.value("name", path);
    const json& workflow = field(path, doc, "workflow", "");
    const bool v15 = workflow.contains("specification");
    std::vector<RawTask> raw = v15 ? tasks_v15(path, workflow) : tasks_v14(path, workflow);
    const json& timing = v15 ? workflow.value("execution", json::object()) : workflow;
    wf.recorded_makespan_s = timing.value("makespanInSeconds", 0.0);

    // Kahn's algorithm: parents first; ties in file order, so the order is deterministic.
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < raw.size(); ++i)
      if (!index.emplace(raw[i].name, i).second) bad(path, "workflow", "task \"" + raw[i].name + "\" appears twice");
    std::vector<std::vector<std::size_t>> children(raw.size());
    std::vector<std::size_t> waiting(raw.size(), 0);
    std::set<std::string> produced, consumed;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      for (const auto& p : raw[i].parents) {
        const auto it = index.find(p);
        if (it == index.end()) bad(path, "workflow", "task \"" + raw[i].name + "\" names unknown parent \"" + p + "\"");
        children[it->second].push_back(i);
        ++waiting[i];
      }
      for (const auto& [file, bytes] : raw[i].outputs) produced.insert(file);
      for (const auto& [file, bytes] : raw[i].inputs) consumed.insert(file);
    }
    std::vector<std::size_t> order, ready;
    for (std::size_t i = raw.size(); i-- > 0;)
      if (waiting[i] == 0) ready.push_back(i);
    while (!ready.empty()) {
      const std::size_t i = ready.back();
      ready.pop_back();
      order.push_back(i);
      for (auto c = children[i].rbegin(); c != children[i].rend(); ++c)
        if (--waiting[*c] == 0) ready.push_back(*c);
    }
    if (order.size() != raw.size()) bad(path, "workflow", "the dependencies form a cycle");

    std::vector<std::size_t> position(raw.size());
    for (std::size_t k = 0; k < order.size(); ++k) position[order[k]] = k;
    for (const std::size_t i : order) {
      const RawTask& r = raw[i];
      WfTask t;
      t.name = r.name;
      t.runtime_s = r.runtime_s;
      t.cores = r.cores;
      for (const auto& p : r.parents) {
        const RawTask& parent = raw[index[p]];
        double bytes = 0;
        for (const auto& [file, size] : r.inputs)
          if (parent.outputs.count(file)) bytes += size;
        t.parents.push_back(position[index[p]]);
        t.parent_bytes.push_back(bytes);
        ++wf.edges;
      }
      for (const auto& [file, size] : r.inputs)
        if (!produced.count(file)) t.external_input_bytes += size;
      for (const auto& [file, size] : r.outputs)
        if (!consumed.count(file)) t.final_output_bytes += size;
      wf.tasks.push_back(std::move(t));
    }
    return wf;
  } catch (const json::exception& e) {
    bad(path, "", std::string("unexpected content: ") + e.what());
  }
}

}  // namespace nimbus
