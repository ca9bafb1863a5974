#include "engine/path_table.hpp"

#include <cstdint>
#include <span>
#include <vector>

#include <gtest/gtest.h>

namespace citynet::engine {
namespace {

// Sequences stored back to back, as the simulator keeps them.
struct StoredPaths {
  std::vector<std::uint32_t> resources;
  std::vector<std::uint32_t> begin{0};
  PathTable table;

  std::uint32_t intern(const std::vector<std::uint32_t>& path) {
    const auto resources_of = [this](std::uint32_t id) {
      return std::span<const std::uint32_t>(resources.data() + begin[id], resources.data() + begin[id + 1]);
    };
    if (const auto known = table.find(path, resources_of)) return *known;
    const auto id = static_cast<std::uint32_t>(begin.size() - 1);
    table.add(path, id);
    resources.insert(resources.end(), path.begin(), path.end());
    begin.push_back(static_cast<std::uint32_t>(resources.size()));
    return id;
  }
};

TEST(PathTable, TheSameSequenceGetsTheSameIdAndAnOtherOneANewId) {
  // Order matters (a path is directed), and a prefix is another path.
  StoredPaths paths;
  EXPECT_EQ(paths.intern({3, 1, 2}), 0U);
  EXPECT_EQ(paths.intern({1, 2, 3}), 1U);
  EXPECT_EQ(paths.intern({3, 1}), 2U);
  EXPECT_EQ(paths.intern({}), 3U);
  EXPECT_EQ(paths.intern({3, 1, 2}), 0U);
  EXPECT_EQ(paths.intern({3, 1}), 2U);
  EXPECT_EQ(paths.intern({}), 3U);
}

TEST(PathTable, IdsSurviveTheTableGrowing) {
  // Far more paths than the first table holds: every one is found again after the growth,
  // and numbered in the order first added.
  constexpr std::uint32_t kPaths = 50000;
  StoredPaths paths;
  const auto path = [](std::uint32_t i) { return std::vector<std::uint32_t>{i % 7, 1000 + i / 7, i}; };
  for (std::uint32_t i = 0; i < kPaths; ++i) ASSERT_EQ(paths.intern(path(i)), i);
  for (std::uint32_t i = 0; i < kPaths; ++i) ASSERT_EQ(paths.intern(path(i)), i);
}

TEST(PathTable, IdsSurviveRoomMadeAfterThem) {
  // Room made for many paths after some were added: those are still found, and the rest
  // are numbered after them.
  constexpr std::uint32_t kBefore = 1000;
  constexpr std::uint32_t kPaths = 20000;
  StoredPaths paths;
  const auto path = [](std::uint32_t i) { return std::vector<std::uint32_t>{i, i % 3}; };
  for (std::uint32_t i = 0; i < kBefore; ++i) ASSERT_EQ(paths.intern(path(i)), i);
  paths.table.reserve(kPaths);
  for (std::uint32_t i = 0; i < kPaths; ++i) ASSERT_EQ(paths.intern(path(i)), i);
}

TEST(PathTable, EverySequenceOfTwoResourcesHasItsOwnId) {
  // Many short sequences, whose hashes share their low bits more often than long ones':
  // two different sequences never share an id.
  StoredPaths paths;
  std::uint32_t next = 0;
  for (std::uint32_t a = 0; a < 64; ++a) {
    for (std::uint32_t b = 0; b < 64; ++b) ASSERT_EQ(paths.intern({a, b}), next++);
  }
  next = 0;
  for (std::uint32_t a = 0; a < 64; ++a) {
    for (std::uint32_t b = 0; b < 64; ++b) ASSERT_EQ(paths.intern({a, b}), next++);
  }
}

}  // namespace
}  // namespace citynet::engine
