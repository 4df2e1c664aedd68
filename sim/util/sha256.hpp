// SHA-256 of a file, as `sha256sum` prints it: the provenance of a run's inputs.
#pragma once

#include <string>

namespace nimbus {

// 64 lowercase hex digits; empty if the file cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace nimbus
