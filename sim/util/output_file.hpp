// An output file that is complete or absent: written under a temporary name beside it and
// renamed over `path` once closed, every write and the close checked. A full disk, a quota
// or an I/O error is an OutputError naming the file, never a half file that looks whole,
// and never an exception from a destructor.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

namespace nimbus {

class OutputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;  // "cannot write out/x/tasks.csv: No space left on device"
};

class OutputFile {
public:
  explicit OutputFile(std::string path);  // throws OutputError
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();  // unless closed: the temporary file is removed

  void write(std::string_view data);  // throws OutputError
  void close();                       // flush, close, rename; throws OutputError
  const std::string& path() const { return path_; }

private:
  [[noreturn]] void fail(int error);
  std::string path_, temp_;
  std::FILE* file_ = nullptr;
};

// Creates `dir` (and its parents) and checks that a file can be written in it, before a run
// spends its time: "" if so, else what is wrong ("/proc/x: cannot create it (No such file or
// directory)", "out/a: is a file, not a directory").
std::string output_dir_problem(const std::string& dir);

}  // namespace nimbus
