// A large array reserved now and filled during the run (the attempt log: 80 MB at a million
// tasks) costs a page fault and a page of zeroes in the kernel at each first touch, on the
// simulation's one thread: on a virtual machine, 7% of a run. A Prefault has another thread
// take those faults ahead of time (MADV_POPULATE_WRITE, Linux 5.14), so the simulation finds
// the pages mapped. Only a hint: where the kernel does not know it, nothing happens. It
// changes no byte of the array (the kernel maps zeroed pages where none are yet, as a first
// write would), so it cannot change a result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <thread>

#include <sys/mman.h>

namespace nimbus {

class Prefault {
public:
  Prefault() = default;
  Prefault(const Prefault&) = delete;
  Prefault& operator=(const Prefault&) = delete;
  ~Prefault() { join(); }

  // Starts mapping [data, data + bytes) on another thread; the memory must stay allocated
  // until join() (a vector must not reallocate: reserve it first).
  void start(const void* data, std::size_t bytes) {
    join();
    constexpr std::uintptr_t kPage = 4096;
    const auto first = reinterpret_cast<std::uintptr_t>(data) & ~(kPage - 1);
    const auto end = reinterpret_cast<std::uintptr_t>(data) + bytes;
    if (bytes < kMinBytes) return;  // a thread costs more than the faults it saves
    thread_ = std::thread([first, end] { madvise(reinterpret_cast<void*>(first), end - first, kPopulateWrite); });
  }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

private:
#ifdef MADV_POPULATE_WRITE
  static constexpr int kPopulateWrite = MADV_POPULATE_WRITE;
#else
  static constexpr int kPopulateWrite = 23;  // Linux's value; older headers lack the name
#endif
  static constexpr std::size_t kMinBytes = std::size_t{16} << 20;
  std::thread thread_;
};

}  // namespace nimbus
