#include "workload/wfcommons.hpp"

#include "config/config_error.hpp"
#include "config/units.hpp"
#include "workload/json_position.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace nimbus {
namespace {

using nlohmann::json;

struct RawTask {
  std::string name;
  std::string where;  // its key path, for errors about its parents
  double runtime_s = 0;
  int cores = 1;
  std::vector<std::string> parents;
  std::map<std::string, double> inputs, outputs;  // file name -> bytes
};

// The instance's file and text: an error is located by finding its key path in the text.
struct Source {
  std::string path;
  std::string text;
};

[[noreturn]] void bad(const Source& src, const std::string& where, const std::string& message) {
  throw ConfigError(json_position(src.path, src.text, where), where, message);
}

const json& field(const Source& src, const json& object, const char* key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) bad(src, where, std::string("missing \"") + key + "\"");
  return object.at(key);
}

// Runtimes are at most the simulated time nimbus keeps (kMaxTime_s), sizes at most a
// size's bound: beyond, a runtime times the core speed is infinite.
double number(const Source& src, const json& value, const std::string& where, Dimension dimension) {
  if (!value.is_number() || !(value.get<double>() >= 0)) bad(src, where, "expected a non-negative number");
  const double max = dimension == Dimension::Duration ? kMaxTime_s : max_quantity(dimension);
  if (value.get<double>() > max) bad(src, where, "expected at most " + format_quantity(max, dimension));
  return value.get<double>();
}

// The files a task gets from one producer (or from outside, or sends out) move as one
// transfer, whose bytes SimGrid counts in 64 bits: at most a size's bound in all.
void check_transfer(const Source& src, const std::string& where, double bytes) {
  if (bytes > max_quantity(Dimension::Size))
    bad(src, where, "files of " + format_bound(bytes, Dimension::Size) + " in one transfer; at most " +
                        format_bound(max_quantity(Dimension::Size), Dimension::Size));
}

std::string text(const Source& src, const json& value, const std::string& where) {
  if (!value.is_string()) bad(src, where, "expected a string");
  return value.get<std::string>();
}

// Calls fn(item, "where[i]") for each item of the list at object[key]; an absent key is an
// empty list.
template <typename Fn>
void for_each_item(const Source& src, const json& object, const char* key, const std::string& where, Fn&& fn) {
  if (!object.is_object() || !object.contains(key)) return;
  const std::string at = where + "." + key;
  const json& items = object.at(key);
  if (!items.is_array()) bad(src, at, "expected a list");
  for (std::size_t i = 0; i < items.size(); ++i) fn(items[i], at + "[" + std::to_string(i) + "]");
}

// A task's cores: a whole number a host can hold (a float-to-int cast of 1e30 is undefined).
int cores(const Source& src, const json& value, const std::string& where) {
  const double n = value.is_number() ? value.get<double>() : 0;
  if (n != std::floor(n) || n < 1 || n > 4096) bad(src, where, "expected a whole number of cores from 1 to 4096");
  return static_cast<int>(n);
}

// Schema 1.4: workflow.tasks[] carry their runtime and their files.
std::vector<RawTask> tasks_v14(const Source& src, const json& workflow) {
  std::vector<RawTask> out;
  field(src, workflow, "tasks", "workflow");
  for_each_item(src, workflow, "tasks", "workflow", [&](const json& t, const std::string& where) {
    RawTask r;
    r.where = where;
    r.name = text(src, field(src, t, "name", where), where + ".name");
    r.runtime_s = number(src, field(src, t, "runtimeInSeconds", where), where + ".runtimeInSeconds", Dimension::Duration);
    if (t.contains("cores")) r.cores = cores(src, t.at("cores"), where + ".cores");
    for_each_item(src, t, "parents", where, [&](const json& p, const std::string& at) { r.parents.push_back(text(src, p, at)); });
    for_each_item(src, t, "files", where, [&](const json& f, const std::string& at) {
      const double bytes = number(src, field(src, f, "sizeInBytes", at), at + ".sizeInBytes", Dimension::Size);
      const std::string link = f.contains("link") ? text(src, f.at("link"), at + ".link") : "";
      const std::string name = f.contains("name") ? text(src, f.at("name"), at + ".name") : "";
      (link == "output" ? r.outputs : r.inputs)[name] = bytes;
    });
    out.push_back(std::move(r));
  });
  return out;
}

// WfFormat 1.5: the DAG and files in workflow.specification, runtimes in workflow.execution.
std::vector<RawTask> tasks_v15(const Source& src, const json& workflow) {
  const std::string spec_at = "workflow.specification";
  const json& spec = field(src, workflow, "specification", "workflow");
  std::map<std::string, double> file_bytes;
  for_each_item(src, spec, "files", spec_at, [&](const json& f, const std::string& at) {
    file_bytes[text(src, field(src, f, "id", at), at + ".id")] = number(src, field(src, f, "sizeInBytes", at), at + ".sizeInBytes", Dimension::Size);
  });
  std::map<std::string, std::pair<const json*, std::string>> executed;  // id -> record, where
  const json& execution = field(src, workflow, "execution", "workflow");
  field(src, execution, "tasks", "workflow.execution");
  for_each_item(src, execution, "tasks", "workflow.execution", [&](const json& e, const std::string& at) {
    executed[text(src, field(src, e, "id", at), at + ".id")] = {&e, at};
  });
  field(src, spec, "tasks", spec_at);
  std::map<std::string, std::string> name_of_id;
  for_each_item(src, spec, "tasks", spec_at, [&](const json& t, const std::string& at) {
    const std::string name = text(src, field(src, t, "name", at), at + ".name");
    name_of_id[t.contains("id") ? text(src, t.at("id"), at + ".id") : name] = name;
  });
  auto file = [&](const json& f, const std::string& at) {
    const std::string id = text(src, f, at);
    const auto it = file_bytes.find(id);
    if (it == file_bytes.end()) bad(src, at, "no file \"" + id + "\" in workflow.specification.files");
    return std::pair<std::string, double>(id, it->second);
  };
  std::vector<RawTask> out;
  for_each_item(src, spec, "tasks", spec_at, [&](const json& t, const std::string& where) {
    RawTask r;
    r.where = where;
    r.name = text(src, t.at("name"), where + ".name");
    const std::string id = t.contains("id") ? text(src, t.at("id"), where + ".id") : r.name;
    const auto run = executed.find(id);
    if (run == executed.end()) bad(src, where, "no execution record for task \"" + id + "\"");
    const auto& [record, record_at] = run->second;
    r.runtime_s = number(src, field(src, *record, "runtimeInSeconds", record_at), record_at + ".runtimeInSeconds", Dimension::Duration);
    if (record->contains("coreCount")) r.cores = cores(src, record->at("coreCount"), record_at + ".coreCount");
    for_each_item(src, t, "parents", where, [&](const json& p, const std::string& at) {
      const auto parent = name_of_id.find(text(src, p, at));
      if (parent == name_of_id.end()) bad(src, at, "no task with id \"" + p.get<std::string>() + "\"");
      r.parents.push_back(parent->second);
    });
    for_each_item(src, t, "inputFiles", where, [&](const json& f, const std::string& at) { r.inputs.insert(file(f, at)); });
    for_each_item(src, t, "outputFiles", where, [&](const json& f, const std::string& at) { r.outputs.insert(file(f, at)); });
    out.push_back(std::move(r));
  });
  return out;
}

}  // namespace

WfWorkflow read_wfcommons(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path, "", "no such file or not readable");
  std::stringstream content;
  content << in.rdbuf();
  const Source src{path, content.str()};
  json doc;
  try {
    doc = json::parse(src.text);
  } catch (const json::parse_error& e) {
    // nlohmann counts bytes from 1, to the character it could not read.
    const std::string what = src.text.empty() ? "empty file, expected a JSON workflow instance" : "invalid JSON";
    throw ConfigError(text_position(path, src.text, e.byte > 0 ? e.byte - 1 : 0), "", what);
  }
  try {
    WfWorkflow wf;
    wf.name = doc.is_object() && doc.contains("name") && doc.at("name").is_string() ? doc.at("name").get<std::string>() : path;
    const json& workflow = field(src, doc, "workflow", "");
    if (!workflow.is_object()) bad(src, "workflow", "expected an object");
    const bool v15 = workflow.contains("specification");
    std::vector<RawTask> raw = v15 ? tasks_v15(src, workflow) : tasks_v14(src, workflow);
    const json& timing = v15 ? workflow.value("execution", json::object()) : workflow;
    wf.recorded_makespan_s = timing.value("makespanInSeconds", 0.0);

    // Kahn's algorithm: parents first; ties in file order, so the order is deterministic.
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < raw.size(); ++i)
      if (!index.emplace(raw[i].name, i).second) bad(src, raw[i].where, "task \"" + raw[i].name + "\" appears twice");
    std::vector<std::vector<std::size_t>> children(raw.size());
    std::vector<std::size_t> waiting(raw.size(), 0);
    std::set<std::string> produced, consumed;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      for (const auto& p : raw[i].parents) {
        const auto it = index.find(p);
        if (it == index.end()) bad(src, raw[i].where + ".parents", "task \"" + raw[i].name + "\" names unknown parent \"" + p + "\"");
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
    if (order.size() != raw.size()) {
      // Every task left waits on another left: name the first, where its parents are listed.
      std::vector<char> placed(raw.size(), 0);
      for (const std::size_t i : order) placed[i] = 1;
      const auto stuck = static_cast<std::size_t>(std::find(placed.begin(), placed.end(), 0) - placed.begin());
      bad(src, raw[stuck].where + ".parents", "task \"" + raw[stuck].name + "\" is on a cycle of dependencies");
    }

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
        check_transfer(src, r.where, bytes);
        t.parents.push_back(position[index[p]]);
        t.parent_bytes.push_back(bytes);
        ++wf.edges;
      }
      for (const auto& [file, size] : r.inputs)
        if (!produced.count(file)) t.external_input_bytes += size;
      for (const auto& [file, size] : r.outputs)
        if (!consumed.count(file)) t.final_output_bytes += size;
      check_transfer(src, r.where, t.external_input_bytes);
      check_transfer(src, r.where, t.final_output_bytes);
      wf.tasks.push_back(std::move(t));
    }
    return wf;
  } catch (const json::exception& e) {
    throw ConfigError(path, "", std::string("unexpected content: ") + e.what());
  }
}

}  // namespace nimbus
