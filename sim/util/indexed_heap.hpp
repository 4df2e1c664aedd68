// A binary min-heap of small integer ids with changeable keys: insert, erase and re-key in
// O(log n) without allocating, and the minimum in O(1). Ties go to the smaller id, so the
// order never depends on insertion history.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace nimbus {

class IndexedHeap {
public:
  // REQUIRES: ids are in [0, capacity).
  void reserve_ids(std::size_t capacity) { position_.resize(capacity, kAbsent); }

  bool empty() const { return heap_.empty(); }
  bool contains(int id) const { return position_[static_cast<std::size_t>(id)] != kAbsent; }
  int top() const { return heap_.front().second; }  // REQUIRES: !empty()
  double top_key() const { return heap_.front().first; }

  // Inserts `id` or changes its key.
  void set(int id, double key) {
    const std::size_t at = position_[static_cast<std::size_t>(id)];
    if (at == kAbsent) {
      heap_.emplace_back(key, id);
      place(heap_.size() - 1);
      sift_up(heap_.size() - 1);
      return;
    }
    const double old = heap_[at].first;
    heap_[at].first = key;
    if (key < old)
      sift_up(at);
    else
      sift_down(at);
  }

  void erase(int id) {
    const std::size_t at = position_[static_cast<std::size_t>(id)];
    if (at == kAbsent) return;
    position_[static_cast<std::size_t>(id)] = kAbsent;
    const auto last = heap_.back();
    heap_.pop_back();
    if (at == heap_.size()) return;
    heap_[at] = last;
    place(at);
    sift_up(at);
    sift_down(at);
  }

private:
  static constexpr std::size_t kAbsent = SIZE_MAX;
  using Entry = std::pair<double, int>;  // (key, id): pair order breaks ties by id

  void place(std::size_t at) { position_[static_cast<std::size_t>(heap_[at].second)] = at; }
  // Both sifts move a hole instead of swapping: each level costs one move and one position
  // update, not two of each (placement re-keys a host at every task it assigns).
  void sift_up(std::size_t at) {
    const Entry moving = heap_[at];
    while (at > 0) {
      const std::size_t parent = (at - 1) / 2;
      if (!(moving < heap_[parent])) break;
      heap_[at] = heap_[parent];
      place(at);
      at = parent;
    }
    heap_[at] = moving;
    place(at);
  }
  void sift_down(std::size_t at) {
    const Entry moving = heap_[at];
    const std::size_t n = heap_.size();
    for (;;) {
      std::size_t child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && heap_[child + 1] < heap_[child]) ++child;
      if (!(heap_[child] < moving)) break;
      heap_[at] = heap_[child];
      place(at);
      at = child;
    }
    heap_[at] = moving;
    place(at);
  }

  std::vector<Entry> heap_;
  std::vector<std::size_t> position_;
};

}  // namespace nimbus
