#pragma once
// Work split over threads where the split must not change the result: each index writes
// only its own output, and a failure on any thread reaches the caller.
#include <algorithm>
#include <cstddef>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace citynet {

// Every core the machine offers, at least one.
[[nodiscard]] inline unsigned available_cores() { return std::max(1U, std::thread::hardware_concurrency()); }

// Runs work(0) on the calling thread and work(1) .. work(count - 1) on threads of their
// own, and returns when all are done. If any threw, the exception of the lowest index is
// rethrown.
inline void run_in_parallel(std::size_t count, const std::function<void(std::size_t)>& work) {
  std::vector<std::exception_ptr> failures(count);
  const auto guarded = [&](std::size_t index) {
    try {
      work(index);
    } catch (...) {
      failures[index] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> workers;
    for (std::size_t index = 1; index < count; ++index) workers.emplace_back(guarded, index);
    if (count > 0) guarded(0);
  }  // joined
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

}  // namespace citynet
