// run_in_parallel: every index runs exactly once, and a failure on any thread reaches the
// caller, the lowest failing index's when several fail.
#include "core/parallel.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace citynet {
namespace {

TEST(RunInParallel, RunsEveryIndexOnce) {
  for (const std::size_t count : {0U, 1U, 2U, 7U}) {
    std::vector<int> runs(count, 0);
    run_in_parallel(count, [&](std::size_t index) { ++runs[index]; });
    EXPECT_EQ(runs, std::vector<int>(count, 1)) << count << " indices";
  }
}

TEST(RunInParallel, RethrowsTheLowestFailingIndexAfterAllFinish) {
  std::vector<int> finished(5, 0);
  try {
    run_in_parallel(5, [&](std::size_t index) {
      if (index == 2 || index == 4) throw std::runtime_error("index " + std::to_string(index));
      finished[index] = 1;
    });
    FAIL() << "expected the failure of index 2";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "index 2");
  }
  EXPECT_EQ(finished, (std::vector<int>{1, 1, 0, 1, 0}));
}

}  // namespace
}  // namespace citynet
