#include "platform/xml_failures.hpp"

#include <fstream>
#include <iterator>
#include <regex>

namespace nimbus {
namespace {

std::string attribute(const std::string& tag, const std::string& name) {
  const std::regex re("\\b" + name + "\\s*=\\s*[\"']([^\"']*)[\"']");
  std::smatch m;
  return std::regex_search(tag, m, re) ? m[1].str() : "";
}

}  // namespace

std::set<std::string> xml_hosts_that_may_fail(const std::string& xml_file) {
  std::ifstream in(xml_file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::set<std::string> hosts;
  const std::regex tag("<(host|trace_connect)\\b[^>]*>");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string t = it->str();
    if ((*it)[1] == "host") {
      if (!attribute(t, "state_file").empty()) hosts.insert(attribute(t, "id"));
    } else if (attribute(t, "kind") == "HOST_AVAIL") {
      hosts.insert(attribute(t, "element"));
    }
  }
  return hosts;
}

}  // namespace nimbus
