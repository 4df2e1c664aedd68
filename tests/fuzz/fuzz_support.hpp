// What both fuzz targets share: a scratch folder laid out like the project, so that the
// relative paths of the seeds (../platforms/x.yaml from scenarios/, ../../platforms/x.yaml
// and data/ from tests/bad-input/) resolve, and the check that an error is one located line.
#pragma once

#include <string>

namespace nimbus::fuzz {

// The folder the fuzzed file is written in: <scratch>/a/b, with <scratch>/platforms,
// <scratch>/a/platforms, <scratch>/a/b/data and <scratch>/a/b/actions linked to the
// project's. Made once per process. REQUIRES: NIMBUS_SOURCE_DIR names the project.
const std::string& input_dir();

// Writes `size` bytes to input_dir()/<name> and returns its path.
std::string write_input(const std::string& name, const unsigned char* data, std::size_t size);

// Aborts (a finding) unless `message` is one line that starts with a location: a path,
// optionally with :line or :line:col, then ": ".
void check_located(const std::string& message);

}  // namespace nimbus::fuzz
