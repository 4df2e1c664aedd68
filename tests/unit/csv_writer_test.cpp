// The CSV writer behind every output table: RFC 4180 quoting, numbers that read back as the
// same double, and rows longer than its buffer. Read back by hand here; tests/cli/outputs.py
// reads the run's files with Python's csv module.
#include "util/csv_writer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <unistd.h>

using namespace nimbus;

namespace {

// What `rows` writes, read back from the file (ctest runs each case in its own process).
std::string written(void (*rows)(CsvWriter&)) {
  static int calls = 0;
  const std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/nimbus-csv-test-" +
                           std::to_string(getpid()) + "-" + std::to_string(++calls) + ".csv";
  {
    CsvWriter csv(path);
    rows(csv);
    csv.close();
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path.c_str());
  return text.str();
}

}  // namespace

TEST_CASE("csv: a field with a comma, a quote or a line break is quoted, its quotes doubled") {
  CHECK(csv_needs_quotes("smith, j"));
  CHECK(csv_needs_quotes("say \"hi\""));
  CHECK(csv_needs_quotes("a\nb"));
  CHECK(csv_needs_quotes("a\rb"));
  CHECK_FALSE(csv_needs_quotes("gen3-198"));
  CHECK_FALSE(csv_needs_quotes(""));
  CHECK(csv_field("smith, j \"js\"") == "\"smith, j \"\"js\"\"\"");
  CHECK(written([](CsvWriter& c) { c.text("user").text("smith, j").end_row(); }) == "user,\"smith, j\"\n");
}

TEST_CASE("csv: numbers are the shortest text that reads back as the same double") {
  // Whole numbers below 9e15 are written as integers; the rest by std::to_chars, shortest
  // round trip (so 0.1 is "0.1", not 0.1000000000000000055...).
  const std::string text = written([](CsvWriter& c) {
    c.number(0).number(-0.0).number(3).number(-42).number(0.1).number(1e16).number(2.5e-7).end_row();
    c.number(std::nan("")).number(std::numeric_limits<double>::infinity()).end_row();
  });
  CHECK(text == "0,0,3,-42,0.1,1e+16,2.5e-07\nnan,inf\n");
  const double third = 1.0 / 3;
  const std::string back = written([](CsvWriter& c) { c.number(1.0 / 3).end_row(); });
  CHECK(std::strtod(back.c_str(), nullptr) == third);
}

TEST_CASE("csv: empty fields, an empty row, and a row longer than the buffer") {
  CHECK(written([](CsvWriter& c) { c.field("").field("").end_row(); }) == ",\n");
  // An empty view has no data pointer: nothing is copied from it (UBSan checks memcpy's).
  CHECK(written([](CsvWriter& c) { c.field(std::string_view()).number(1).end_row(); }) == ",1\n");
  CHECK(written([](CsvWriter& c) { c.end_row(); }) == "\n");
  // Three megabytes in one field: the buffer grows, the row is written whole.
  const std::string text = written([](CsvWriter& c) {
    c.text(std::string(3 << 20, 'x')).number(7).end_row();
    for (int i = 0; i < 100000; ++i) c.text("row").number(i).end_row();
  });
  CHECK(text.size() == (3u << 20) + 3 + 100000 * 4 + 488890 + 100000);
  CHECK(text.compare(0, 5, "xxxxx") == 0);
  CHECK(text.substr((3u << 20), 3) == ",7\n");
  CHECK(text.substr(text.size() - 10) == "row,99999\n");
}
