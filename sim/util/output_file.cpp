#include "util/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace nimbus {

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  // Beside the final file (same directory, same filesystem): the rename is then atomic.
  temp_ = path_ + ".part-" + std::to_string(::getpid());
  file_ = std::fopen(temp_.c_str(), "wb");
  if (file_ == nullptr) fail(errno);
}

OutputFile::~OutputFile() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  std::remove(temp_.c_str());
}

void OutputFile::write(std::string_view data) {
  if (data.empty()) return;
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) fail(errno);
}

void OutputFile::close() {
  // fflush reports a write that the buffer held back; fclose, one the kernel did.
  const int flushed = std::fflush(file_) == 0 ? 0 : errno;
  const int closed = std::fclose(file_) == 0 ? 0 : errno;
  file_ = nullptr;
  if (flushed != 0 || closed != 0) {
    std::remove(temp_.c_str());
    fail(flushed != 0 ? flushed : closed);
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int error = errno;
    std::remove(temp_.c_str());
    fail(error);
  }
}

std::string output_dir_problem(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (std::filesystem::exists(dir) && !std::filesystem::is_directory(dir)) return "is a file, not a directory";
  if (error) return "cannot create it (" + error.message() + ")";
  const std::string probe = dir + "/.nimbus-write-test-" + std::to_string(::getpid());
  std::FILE* file = std::fopen(probe.c_str(), "wb");
  if (file == nullptr) return std::string("cannot write in it (") + std::strerror(errno) + ")";
  std::fclose(file);
  std::remove(probe.c_str());
  return "";
}

void OutputFile::fail(int error) {
  throw OutputError("cannot write " + path_ + ": " + (error != 0 ? std::strerror(error) : "write failed"));
}

}  // namespace nimbus
