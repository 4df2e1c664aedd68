#include "config/yaml_node.hpp"

#include <doctest/doctest.h>

using namespace nimbus;

namespace {
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("unknown keys are errors at the key, with the nearest valid key") {
  const Node root = load_yaml_string("link:\n  bandwidth: 1Gbps\n  latncy: 5us\n", "p.yaml");
  const Node link = root.get("link");
  // yaml-cpp counts from 0; the message counts from 1: line 3, column 3.
  CHECK(error_of([&] { link.expect_map({"bandwidth", "latency"}); }) ==
        "p.yaml:3:3: link.latncy: unknown key; did you mean \"latency\"? (valid keys: bandwidth, latency)");
}

TEST_CASE("duplicate keys are errors") {
  const Node root = load_yaml_string("a: 1\nb: 2\na: 3\n", "d.yaml");
  CHECK(error_of([&] { root.expect_map({"a", "b"}); }) == "d.yaml:3:1: a: duplicate key");
}

TEST_CASE("scalars are checked for type and range") {
  const Node root = load_yaml_string("count: ten\ncores: 0\nspeed: -1Gf\nflag: yes\nlist: [1]\n", "t.yaml");
  CHECK(error_of([&] { root.get("count").integer(); }) == "t.yaml:1:8: count: expected a whole number, got \"ten\"");
  CHECK(error_of([&] { root.get("cores").positive_integer(); }) == "t.yaml:2:8: cores: must be at least 1, got 0");
  CHECK(error_of([&] { root.get("speed").positive_quantity(Dimension::Flops); }) ==
        "t.yaml:3:8: speed: must be greater than zero, got \"-1Gf\"");
  CHECK(error_of([&] { root.get("flag").boolean(); }) == "t.yaml:4:7: flag: expected true or false, got \"yes\"");
  CHECK(error_of([&] { root.get("list").text(); }) == "t.yaml:5:7: list: expected a text value, got a list");
  CHECK(error_of([&] { root.require("missing"); }) == "t.yaml:1:1: missing required key \"missing\"");
  CHECK(error_of([&] { root.get("count").choice({"fcfs", "sjf"}, "job policy"); }) ==
        "t.yaml:1:8: count: unknown job policy \"ten\" (expected one of: fcfs, sjf)");
}

TEST_CASE("list items carry their index in the key path") {
  const Node root = load_yaml_string("hosts:\n  - speed: 1Gf\n  - speed: 2Gflop\n", "h.yaml");
  const auto items = root.get("hosts").items();
  CHECK(error_of([&] { items[1].get("speed").quantity(Dimension::Flops); }) ==
        "h.yaml:3:12: hosts[1].speed: unknown unit \"Gflop\" for an amount of work or speed in flop(/s); did you mean \"Gf\"?");
}

TEST_CASE("malformed, binary, multi-document and deeply nested text is rejected") {
  CHECK(error_of([] { load_yaml_string("a: [1, 2\n", "m.yaml"); }).rfind("m.yaml:2:1: invalid YAML:", 0) == 0);
  CHECK(error_of([] { load_yaml_string(std::string("a: 1\nb: \0\n", 10), "b.yaml"); }) ==
        "b.yaml:2:4: not a text file (YAML must be UTF-8 text)");
  CHECK(error_of([] { load_yaml_string("a: \xff\n", "u.yaml"); }) == "u.yaml:1:4: not a text file (YAML must be UTF-8 text)");
  CHECK(error_of([] { load_yaml_string("a: 1\n---\nb: 2\n", "two.yaml"); }) ==
        "two.yaml:2:1: a second YAML document starts here; a file holds one (remove the stray line or \"---\")");
  // yaml-cpp 0.7's LoadAll yields empty documents at a line-leading ',' for ever.
  CHECK(error_of([] { load_yaml_string(",", "comma.yaml"); }) == "comma.yaml:1:1: invalid YAML: unexpected \",\"");
  CHECK(error_of([] { load_yaml_string(std::string(100000, '['), "deep.yaml"); }).find("nested too deeply") != std::string::npos);
}

TEST_CASE("missing files and directories are errors, not crashes") {
  CHECK(error_of([] { load_yaml_file("/nonexistent/x.yaml"); }) == "/nonexistent/x.yaml: no such file");
  CHECK(error_of([] { load_yaml_file("/tmp"); }) == "/tmp: is a directory, expected a YAML file");
}

TEST_CASE("overrides replace, create and report their own origin") {
  const Node root = load_yaml_string("a:\n  b: 1\nlist:\n  - x: 1\n  - x: 2\n", "o.yaml");
  const Node changed = apply_overrides(root, {"a.b=5", "a.c=hello", "list[1].x=7", "new.deep=[1, 2]"});
  CHECK(changed.get("a").get("b").integer() == 5);
  CHECK(changed.get("a").get("c").text() == "hello");
  CHECK(changed.get("list").items()[1].get("x").integer() == 7);
  CHECK(changed.get("list").items()[0].get("x").integer() == 1);
  CHECK(changed.get("new").get("deep").items().size() == 2);
  // Untouched nodes keep their place in the file.
  CHECK(changed.get("list").items()[0].get("x").where() == "o.yaml:4:8");
  // An error inside an overridden value names the override, not the file.
  CHECK(error_of([&] { changed.get("a").get("c").integer(); }) ==
        "--set a.c=hello: a.c: expected a whole number, got \"hello\"");
  CHECK(error_of([&] { changed.get("a").get("b").integer(); }) == "");
  CHECK(error_of([&] { apply_overrides(changed, {"list[5].x=1"}); }) == "--set list[5].x=1: list: has no item [5]");
  CHECK(error_of([&] { apply_overrides(changed, {"a.b.c=1"}); }) == "--set a.b.c=1: a.b: is not a mapping, cannot set \"c\" in it");
  CHECK(error_of([&] { apply_overrides(root, {"novalue"}); }) == "--set novalue: expected key.path=value, e.g. scheduling.jobs=sjf");
}
