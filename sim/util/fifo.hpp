// A first-in-first-out queue in one vector: 32 bytes of header where std::deque has 80 (a
// host's queue is read at every task start, and its header is the first thing read), its
// items contiguous. Space before the head is reclaimed once it is half the vector:
// amortized O(1) per item.
#pragma once

#include <cstddef>
#include <vector>

namespace nimbus {

template <class T>
class Fifo {
public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  const T& front() const { return items_[head_]; }  // REQUIRES: !empty()
  void push_back(const T& item) { items_.push_back(item); }
  void pop_front() {  // REQUIRES: !empty()
    if (++head_ == items_.size()) {
      items_.clear();
      head_ = 0;
    } else if (head_ >= kReclaimAt && 2 * head_ >= items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }
  // Removes the first item `pred` holds for; false if none does. O(size).
  template <class Pred>
  bool erase_first(Pred pred) {
    for (auto it = begin(); it != end(); ++it)
      if (pred(*it)) {
        items_.erase(it);
        return true;
      }
    return false;
  }
  typename std::vector<T>::iterator begin() { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  typename std::vector<T>::iterator end() { return items_.end(); }
  typename std::vector<T>::const_iterator begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  typename std::vector<T>::const_iterator end() const { return items_.end(); }

private:
  static constexpr std::size_t kReclaimAt = 64;
  std::vector<T> items_;
  std::size_t head_ = 0;
};

}  // namespace nimbus
