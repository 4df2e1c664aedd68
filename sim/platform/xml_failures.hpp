// Which hosts of a SimGrid XML platform may fail: those with a `state_file` or a
// `<trace_connect kind="HOST_AVAIL">`. SimGrid has no getter for a host's state profile,
// so the file says it.
#pragma once

#include <set>
#include <string>

namespace nimbus {

std::set<std::string> xml_hosts_that_may_fail(const std::string& xml_file);

}  // namespace nimbus
