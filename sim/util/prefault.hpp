// Memory about to be filled (a million tasks' records: 64 MB; their runtime state: 32 MB;
// the attempt log: 40 MB) costs a page fault and a page of zeroes in the kernel at each first
// touch. On the virtual machines measured here that is slow: 0.4 to 0.6 GB/s for memory the
// process has not had before, so the pages of a 1M-task run took 7% of it on the simulation's
// one thread. A Prefault has another thread take those faults (MADV_POPULATE_WRITE, Linux
// 5.14), from the end of each region back, 2 MiB at a time: a thread filling the region from
// its start meanwhile meets it halfway instead of racing it for the same pages. It changes
// no byte (the kernel maps zeroed pages where none are yet, as a first write would), so it
// cannot change a result. Only a hint: a kernel that does not know it does nothing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <utility>
#include <vector>

#include <sys/mman.h>

namespace nimbus {

class Prefault {
public:
  Prefault() = default;
  Prefault(const Prefault&) = delete;
  Prefault& operator=(const Prefault&) = delete;
  ~Prefault() { join(); }

  // Starts mapping the regions on another thread, in order (after the last start's are
  // done); each must stay allocated until join() (a vector must not reallocate).
  void start(std::vector<std::pair<const void*, std::size_t>> regions) {
    join();
    std::size_t bytes = 0;
    for (const auto& r : regions) bytes += r.second;
    if (bytes < kChunk) return;  // a thread costs more than the faults it would take
    thread_ = std::thread([regions = std::move(regions)] {
      for (const auto& [data, bytes] : regions) populate_backwards(data, bytes);
    });
  }
  void start(const void* data, std::size_t bytes) { start({{data, bytes}}); }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

private:
#ifdef MADV_POPULATE_WRITE
  static constexpr int kPopulateWrite = MADV_POPULATE_WRITE;
#else
  static constexpr int kPopulateWrite = 23;  // Linux's value; older headers lack the name
#endif
  static constexpr std::uintptr_t kPage = 4096;
  static constexpr std::uintptr_t kChunk = std::uintptr_t{2} << 20;

  static void populate_backwards(const void* data, std::size_t bytes) {
    const auto first = reinterpret_cast<std::uintptr_t>(data) & ~(kPage - 1);
    std::uintptr_t end = reinterpret_cast<std::uintptr_t>(data) + bytes;
    while (end > first) {
      const std::uintptr_t begin = std::max(first, (end - 1) & ~(kChunk - 1));
      if (madvise(reinterpret_cast<void*>(begin), end - begin, kPopulateWrite) != 0) return;  // unsupported
      end = begin;
    }
  }

  std::thread thread_;
};

}  // namespace nimbus
