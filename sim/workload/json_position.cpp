#include "workload/json_position.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <memory>
#include <variant>
#include <vector>

namespace nimbus {
namespace {

using nlohmann::json;
using Step = std::variant<std::string, std::size_t>;  // a key, or an array index

std::vector<Step> split(const std::string& path) {
  std::vector<Step> steps;
  std::string key;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '.' || c == '[') {
      if (!key.empty()) steps.emplace_back(key);
      key.clear();
      if (c == '[') {
        const std::size_t close = path.find(']', i);
        if (close == std::string::npos) break;
        steps.emplace_back(static_cast<std::size_t>(std::stoull(path.substr(i + 1, close - i - 1))));
        i = close;
      }
    } else {
      key += c;
    }
  }
  if (!key.empty()) steps.emplace_back(key);
  return steps;
}

// A char iterator that publishes how far the parser has read.
class CountingIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;
  CountingIterator(const char* at, std::size_t* read) : at_(at), read_(read) {}
  reference operator*() const { return *at_; }
  CountingIterator& operator++() {
    ++at_;
    ++*read_;
    return *this;
  }
  bool operator==(const CountingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const CountingIterator& other) const { return at_ != other.at_; }

private:
  const char* at_;
  std::size_t* read_;
};

// Follows the parse down the path; remembers where the deepest value on it starts.
class Finder : public json::json_sax_t {
public:
  Finder(std::vector<Step> target, const std::size_t* read) : target_(std::move(target)), read_(read) {}
  std::size_t found = 0;  // offset of the deepest value on the path (its key, in an object)

  bool null() override { return arrive(); }
  bool boolean(bool) override { return arrive(); }
  bool number_integer(number_integer_t) override { return arrive(); }
  bool number_unsigned(number_unsigned_t) override { return arrive(); }
  bool number_float(number_float_t, const string_t&) override { return arrive(); }
  bool string(string_t&) override { return arrive(); }
  bool binary(binary_t&) override { return arrive(); }
  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    // Called just past the key's closing quote: its opening quote is where it starts.
    frames_.back().key = k;
    frames_.back().key_at = *read_ >= k.size() + 2 ? *read_ - k.size() - 2 : 0;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
  struct Frame {
    bool array;
    std::size_t next = 0;    // index of the next element, in an array
    std::string key;         // the last key, in an object
    std::size_t key_at = 0;
  };
  // A value starts; false stops the parse once the whole path is found.
  bool arrive() {
    if (frames_.empty()) return true;  // the root: the empty path
    Frame& f = frames_.back();
    const Step step = f.array ? Step(f.next++) : Step(f.key);
    const std::size_t at = f.array ? (*read_ > 0 ? *read_ - 1 : 0) : f.key_at;
    if (frames_.size() - 1 == matched_ && matched_ < target_.size() && target_[matched_] == step) {
      ++matched_;
      found = at;
      if (matched_ == target_.size()) return false;
    }
    return true;
  }
  bool open(bool array) {
    if (!arrive()) return false;
    frames_.push_back({array, 0, "", 0});
    return true;
  }
  // The deepest container on the path ended without the next step: nothing deeper exists.
  bool close() {
    frames_.pop_back();
    return frames_.size() != matched_;
  }

  std::vector<Step> target_;
  const std::size_t* read_;
  std::vector<Frame> frames_;
  std::size_t matched_ = 0;
};

}  // namespace

std::string text_position(const std::string& file, const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const auto line = std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n') + 1;
  const std::size_t newline = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
  const std::size_t col = offset - (newline == std::string::npos ? 0 : newline + 1) + 1;
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

std::string json_position(const std::string& file, const std::string& text, const std::string& path) {
  std::size_t read = 0;
  Finder finder(split(path), &read);
  const CountingIterator first(text.data(), &read), last(text.data() + text.size(), &read);
  json::sax_parse(first, last, &finder, json::input_format_t::json, false);
  return text_position(file, text, finder.found);
}

}  // namespace nimbus
