// A first-in first-out queue in large blocks. A bag of a million tasks submitted at once
// passes through the job policy's queue: std::deque's 512-byte blocks would be 100,000
// allocations and 12,000 pages, each a fault when first touched; blocks of one huge page
// (util/huge_pages.hpp) are 24 allocations and 24 faults. A drained block is kept for reuse,
// so a queue that fills and empties in turn allocates once.
#pragma once

#include "util/huge_pages.hpp"

#include <cstddef>
#include <deque>
#include <memory>
#include <new>
#include <type_traits>

namespace nimbus {

template <class T>
class Fifo {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "entries are copied into raw blocks and never destroyed");

public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const T& front() const { return at(blocks_.front(), head_); }
  const T& back() const { return at(blocks_.back(), tail_ - 1); }
  void push_back(const T& value) {
    if (blocks_.empty() || tail_ == kBlock) {
      blocks_.push_back(take_block());
      tail_ = 0;
    }
    new (blocks_.back().get() + tail_ * sizeof(T)) T(value);
    ++tail_;
    ++size_;
  }
  void pop_front() {
    --size_;
    ++head_;
    if (blocks_.size() == 1) {
      if (head_ == tail_) head_ = tail_ = 0;  // empty: start the block over
    } else if (head_ == kBlock) {
      if (!spare_) spare_ = std::move(blocks_.front());
      blocks_.pop_front();
      head_ = 0;
    }
  }

private:
  // A block is one huge page (2 MiB, so aligned).
  static constexpr std::size_t kBlockBytes = std::size_t{2} << 20;
  static constexpr std::size_t kBlock = kBlockBytes / sizeof(T);
  struct Free {
    void operator()(unsigned char* p) const { ::operator delete(p, std::align_val_t(kBlockBytes)); }
  };
  using Block = std::unique_ptr<unsigned char, Free>;
  static const T& at(const Block& block, std::size_t i) {
    return *std::launder(reinterpret_cast<const T*>(block.get() + i * sizeof(T)));
  }
  Block take_block() {
    if (spare_) return std::move(spare_);
    Block block(static_cast<unsigned char*>(::operator new(kBlockBytes, std::align_val_t(kBlockBytes))));
    advise_huge_pages(block.get(), kBlockBytes);
    return block;
  }
  std::deque<Block> blocks_;
  Block spare_;
  std::size_t head_ = 0;  // in the front block
  std::size_t tail_ = 0;  // in the back block: its first free entry
  std::size_t size_ = 0;
};

}  // namespace nimbus
