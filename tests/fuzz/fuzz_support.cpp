#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

namespace nimbus::fuzz {
namespace fs = std::filesystem;

const std::string& input_dir() {
  // One per process, made on first use (libFuzzer calls the target millions of times).
  static const std::string dir = [] {
    char pattern[] = "/tmp/nimbus-fuzz-XXXXXX";
    const fs::path scratch = mkdtemp(pattern);
    const fs::path source = NIMBUS_SOURCE_DIR;
    fs::create_directories(scratch / "a" / "b");
    fs::create_directory_symlink(source / "platforms", scratch / "platforms");
    fs::create_directory_symlink(source / "platforms", scratch / "a" / "platforms");
    fs::create_directory_symlink(source / "tests" / "bad-input" / "data", scratch / "a" / "b" / "data");
    fs::create_directory_symlink(source / "scenarios" / "actions", scratch / "a" / "b" / "actions");
    return (scratch / "a" / "b").string();
  }();
  return dir;
}

std::string write_input(const std::string& name, const unsigned char* data, std::size_t size) {
  const std::string path = input_dir() + "/" + name;
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

void check_located(const std::string& message) {
  static const std::regex located("^(--set |--cfg |--out |NIMBUS_MEMORY_LIMIT=)?[^\\n:]+(:[0-9]+(:[0-9]+)?)?: [^\\n]+$");
  if (!std::regex_match(message, located)) {
    std::fprintf(stderr, "finding: an error without a location, or of several lines: %s\n", message.c_str());
    std::abort();
  }
}

}  // namespace nimbus::fuzz
