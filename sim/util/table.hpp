// Aligned text tables for the terminal.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace nimbus {

class TextTable {
public:
  explicit TextTable(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out, const std::string& indent = "  ") const;

private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace nimbus
