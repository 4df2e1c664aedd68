#include "platform/xml_platform.hpp"

#include "config/config_error.hpp"
#include "platform/xml_failures.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <regex>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nimbus {
namespace {

namespace sg4 = simgrid::s4u;

// Past this many hosts, routes are checked between the controller's host and each host
// (and each host to itself) instead of between every two hosts: all pairs cost n^2.
constexpr std::size_t kAllPairsUpTo = 300;

std::string read_text(const std::string& file) {
  std::ifstream in(file);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string attribute(const std::string& tag, const std::string& name) {
  const std::regex re("\\s" + name + "\\s*=\\s*[\"']([^\"']*)[\"']");
  std::smatch m;
  return std::regex_search(tag, m, re) ? m[1].str() : "";
}

// The XML text with the line of each element, for errors that point at the file.
class XmlLines {
public:
  explicit XmlLines(const std::string& file) : file_(file), text_(read_text(file)) {}
  const std::string& text() const { return text_; }

  // "file:line" of the <host> or <zone> whose id is `id`, else of any element with that id,
  // else the file alone (hosts a <cluster> generates have no tag of their own).
  std::string where(const std::string& element, const std::string& id) const {
    for (const std::string& tag : {element, std::string("[a-z_]+")}) {
      const std::regex re("<" + tag + "\\b[^>]*\\sid\\s*=\\s*[\"']" + escape(id) + "[\"']");
      std::smatch m;
      if (std::regex_search(text_, m, re)) return at(static_cast<std::size_t>(m.position(0)));
    }
    return file_;
  }
  std::string at(std::size_t offset) const {
    return file_ + ":" + std::to_string(std::count(text_.begin(), text_.begin() + static_cast<long>(offset), '\n') + 1);
  }

private:
  static std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (std::string("\\^$.|?*+()[]{}").find(c) != std::string::npos) out += '\\';
      out += c;
    }
    return out;
  }
  std::string file_;
  std::string text_;
};

// What SimGrid aborts on while loading (xbt_assert, no exception): refused first, with the line.
void check_before_loading(const XmlLines& xml) {
  const std::regex element("<(host|cluster)\\b[^>]*>");
  const std::string& text = xml.text();
  for (auto it = std::sregex_iterator(text.begin(), text.end(), element); it != std::sregex_iterator(); ++it) {
    const std::string tag = it->str();
    const std::string what = (*it)[1].str() + " \"" + attribute(tag, "id") + "\"";
    const std::string where = xml.at(static_cast<std::size_t>(it->position(0)));
    const std::string core = attribute(tag, "core");
    char* end = nullptr;
    if (!core.empty() && (std::strtol(core.c_str(), &end, 10) < 1 || *end != '\0'))
      throw ConfigError(where, "", what + ": core=\"" + core + "\"; a host needs a whole number of cores, at least 1");
    const std::string speeds = attribute(tag, "speed");
    for (std::size_t from = 0; from < speeds.size();) {
      const std::size_t comma = std::min(speeds.find(',', from), speeds.size());
      const std::string speed = speeds.substr(from, comma - from);
      const double value = std::strtod(speed.c_str(), nullptr);
      if (!(value > 0) || !std::isfinite(value))
        throw ConfigError(where, "", what + ": speed=\"" + speeds + "\"; speeds must be positive");
      from = comma + 1;
    }
  }
}

// SimGrid looks a platform's state_file, speed_file and includes up in the current
// directory first: the platform is loaded from its own folder, so that they are relative to
// the XML file wherever nimbus runs.
class InDirectoryOf {
public:
  explicit InDirectoryOf(const std::string& file) : back_(std::filesystem::current_path()) {
    std::filesystem::current_path(std::filesystem::absolute(file).parent_path());
  }
  ~InDirectoryOf() { std::filesystem::current_path(back_); }

private:
  std::filesystem::path back_;
};

std::vector<sg4::Host*> load(const PlatformConfig& cfg) {
  const std::string absolute = std::filesystem::absolute(cfg.xml_file).string();
  try {
    const InDirectoryOf here(cfg.xml_file);
    sg4::Engine::get_instance()->load_platform(absolute);
  } catch (const simgrid::ParseError& e) {
    // SimGrid says "Parse error at FILE:LINE: message", naming the file as it was given.
    std::string message = e.what();
    if (const auto at = message.find(absolute); at != std::string::npos) message.replace(at, absolute.size(), cfg.xml_file);
    std::replace(message.begin(), message.end(), '\n', ' ');  // one line, like every error
    const std::string prefix = "Parse error at ";
    if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
    const auto colon = message.find(": ");
    throw ConfigError(colon == std::string::npos ? cfg.xml_file : message.substr(0, colon), "",
                      "SimGrid XML platform: " + (colon == std::string::npos ? message : message.substr(colon + 2)));
  } catch (const std::exception& e) {
    std::string message = e.what();
    std::replace(message.begin(), message.end(), '\n', ' ');
    throw ConfigError(cfg.xml_file, "", "SimGrid XML platform: " + message);
  }
  auto hosts = sg4::Engine::get_instance()->get_all_hosts();
  std::sort(hosts.begin(), hosts.end(), [](const sg4::Host* a, const sg4::Host* b) { return a->get_name() < b->get_name(); });
  return hosts;
}

// Where the child is, in memory it shares with its parent: if it dies, the parent knows
// which check killed it.
struct Progress {
  int phase;  // 0 loading, 1 checking routes, 2 done
  long from, to;
};

std::string zone_of(const sg4::Host* h) { return h->get_englobing_zone()->get_name(); }

std::string pair_name(const std::string& from, const std::string& to) {
  return from == to ? "host " + from + " to itself" : "host " + from + " to host " + to;
}
std::string pair_name(const sg4::Host* from, const sg4::Host* to) { return pair_name(from->get_name(), to->get_name()); }

// In the child: every check, on the loaded platform. Route checks may crash SimGrid; the
// parent then names the pair from `progress` and the host list sent before.
void check_loaded(const PlatformConfig& cfg, const XmlLines& xml, Progress* progress, int out) {
  const auto hosts = load(cfg);
  if (hosts.empty()) throw ConfigError(cfg.xml_file, "", "SimGrid XML platform with no host; nimbus needs at least one");
  std::string names;
  for (const auto* h : hosts) names += "host\t" + h->get_name() + "\t" + zone_of(h) + "\n";
  if (write(out, names.data(), names.size()) < 0) std::_Exit(3);
  const bool energy = xml.text().find("wattage_per_state") != std::string::npos;
  for (const auto* h : hosts) {
    const std::string where = xml.where("host", h->get_name());
    if (h->get_core_count() < 1) throw ConfigError(where, "", "host " + h->get_name() + " has no core");
    for (unsigned long p = 0; p < h->get_pstate_count(); ++p)
      if (!(h->get_pstate_speed(p) > 0) || !std::isfinite(h->get_pstate_speed(p)))
        throw ConfigError(where, "", "host " + h->get_name() + ": speeds must be positive");
    // SimGrid's energy plugin, once on, aborts the run at the first host without figures.
    if (energy && h->get_property("wattage_per_state") == nullptr)
      throw ConfigError(where, "", "host " + h->get_name() +
                                       " has no wattage_per_state property while other hosts have; the energy model "
                                       "needs it on every host or none");
  }
  const auto failing = xml_hosts_that_may_fail(cfg.xml_file);
  const auto head = std::find_if(hosts.begin(), hosts.end(), [&](const sg4::Host* h) { return !failing.count(h->get_name()); });
  const std::size_t controller = head == hosts.end() ? 0 : static_cast<std::size_t>(head - hosts.begin());
  progress->phase = 1;
  std::vector<sg4::Link*> links;
  double latency = 0;
  auto route = [&](std::size_t a, std::size_t b) {
    progress->from = static_cast<long>(a);
    progress->to = static_cast<long>(b);
    links.clear();
    latency = 0;
    hosts[a]->route_to(hosts[b], links, &latency);
    // SimGrid aborts a transfer over a route of no link and no latency ("no connecting path").
    // A host's route to itself may be empty: SimGrid's own platforms have none.
    if (a != b && links.empty() && !(latency > 0))
      throw ConfigError(xml.where("zone", zone_of(hosts[b])), "",
                        "zone " + zone_of(hosts[b]) + " has no route from " + pair_name(hosts[a], hosts[b]) +
                            "; nimbus needs a route between every two hosts");
  };
  for (std::size_t a = 0; a < hosts.size(); ++a) {
    if (hosts.size() <= kAllPairsUpTo) {
      for (std::size_t b = 0; b < hosts.size(); ++b) route(a, b);
    } else {
      route(controller, a);
      route(a, controller);
      route(a, a);
    }
  }
  progress->phase = 2;
}

// The last message SimGrid logged before it aborted: "[  0.000000] [root/CRITICAL] text".
std::string simgrid_last_words(const std::string& output) {
  std::string last;
  std::size_t at = 0;
  while ((at = output.find("/CRITICAL] ", at)) != std::string::npos) {
    at += 11;
    last = output.substr(at, output.find('\n', at) - at);
  }
  return last;
}

// Loads the platform in a child process and runs check_loaded() there.
void check_in_child(const PlatformConfig& cfg, const XmlLines& xml) {
  auto* progress = static_cast<Progress*>(
      mmap(nullptr, sizeof(Progress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  if (progress == MAP_FAILED) throw std::runtime_error("mmap failed");
  *progress = {0, -1, -1};
  int channel[2];
  if (pipe(channel) != 0) throw std::runtime_error("pipe failed");
  std::cout.flush();
  std::cerr.flush();
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    close(channel[0]);
    dup2(channel[1], STDERR_FILENO);  // SimGrid's dying words, for the parent
    std::string verdict;
    try {
      check_loaded(cfg, xml, progress, channel[1]);
      verdict = "ok\n";
    } catch (const ConfigError& e) {
      verdict = std::string("error\t") + e.what() + "\n";
    } catch (const std::exception& e) {
      verdict = std::string("simgrid\t") + e.what() + "\n";
    }
    std::replace(verdict.begin(), verdict.end() - 1, '\n', ' ');
    const ssize_t written = write(channel[1], verdict.data(), verdict.size());
    std::_Exit(written < 0 ? 3 : 0);
  }
  close(channel[1]);
  std::string output;
  char buffer[4096];
  for (ssize_t n; (n = read(channel[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    output.append(buffer, static_cast<std::size_t>(n));
  }
  close(channel[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  const Progress seen = *progress;
  munmap(progress, sizeof(Progress));

  // The verdict is the child's last line; before it, the hosts and whatever SimGrid said.
  std::vector<std::pair<std::string, std::string>> hosts;  // name, zone
  std::string verdict;
  for (std::size_t at = 0; at < output.size();) {
    const std::size_t end = std::min(output.find('\n', at), output.size());
    const std::string line = output.substr(at, end - at);
    if (line.rfind("host\t", 0) == 0) {
      const auto tab = line.find('\t', 5);
      hosts.emplace_back(line.substr(5, tab - 5), line.substr(tab + 1));
    } else if (line == "ok" || line.rfind("error\t", 0) == 0 || line.rfind("simgrid\t", 0) == 0) {
      verdict = line;
    }
    at = end + 1;
  }
  const bool exited = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (exited && verdict == "ok") return;
  if (exited && verdict.rfind("error\t", 0) == 0) {
    // The child's ConfigError, whole: "where: message".
    const std::string error = verdict.substr(6);
    const auto colon = error.find(": ");
    throw ConfigError(error.substr(0, colon), "", error.substr(colon + 2));
  }
  std::string cause = exited && verdict.rfind("simgrid\t", 0) == 0 ? verdict.substr(8) : simgrid_last_words(output);
  if (cause.empty())
    cause = WIFSIGNALED(status) ? std::string("crashed (") + strsignal(WTERMSIG(status)) + ")" : "failed";
  const auto name = [&](long i) {
    return i >= 0 && static_cast<std::size_t>(i) < hosts.size() ? hosts[static_cast<std::size_t>(i)] : std::pair<std::string, std::string>{"?", ""};
  };
  if (seen.phase == 1) {
    const auto [from, from_zone] = name(seen.from);
    const auto [to, to_zone] = name(seen.to);
    throw ConfigError(xml.where("zone", to_zone), "",
                      "zone " + to_zone + " has no usable route from " + pair_name(from, to) + " (SimGrid: " + cause +
                          "); nimbus needs a route between every two hosts");
  }
  throw ConfigError(cfg.xml_file, "", "SimGrid cannot load this platform: " + cause);
}

}  // namespace

std::vector<sg4::Host*> load_xml_platform(const PlatformConfig& cfg) {
  const XmlLines xml(cfg.xml_file);
  check_before_loading(xml);
  check_in_child(cfg, xml);
  return load(cfg);
}

}  // namespace nimbus
