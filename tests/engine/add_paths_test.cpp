// Interning many paths at once gives the ids of interning them one by one.
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "engine/simulator.hpp"

namespace citynet::engine {
namespace {

constexpr double kCapacityBps = 1e9;
constexpr std::size_t kResources = 8;

[[nodiscard]] std::vector<std::span<const std::uint32_t>> spans(const std::vector<std::vector<std::uint32_t>>& paths) {
  return {paths.begin(), paths.end()};
}

TEST(AddPaths, GivesTheIdsOfAddingEachPathInTurn) {
  // A repeat within the batch and a path added before the batch get the id already given.
  const std::vector<std::vector<std::uint32_t>> paths{{0, 1}, {2}, {0, 1}, {1, 0}, {3, 4, 5}, {2}, {7}};
  Simulator one_by_one(std::vector<double>(kResources, kCapacityBps), EngineConfig{});
  Simulator at_once(std::vector<double>(kResources, kCapacityBps), EngineConfig{});
  EXPECT_EQ(one_by_one.add_path(std::vector<std::uint32_t>{7}), PathId{0});
  EXPECT_EQ(at_once.add_path(std::vector<std::uint32_t>{7}), PathId{0});
  std::vector<PathId> expected;
  for (const std::vector<std::uint32_t>& path : paths) expected.push_back(one_by_one.add_path(path));
  EXPECT_EQ(at_once.add_paths(spans(paths)), expected);
  ASSERT_EQ(at_once.path_count(), one_by_one.path_count());
  for (std::uint32_t id = 0; id < at_once.path_count(); ++id) {
    const std::span<const std::uint32_t> a = at_once.path(PathId{id});
    const std::span<const std::uint32_t> b = one_by_one.path(PathId{id});
    EXPECT_EQ(std::vector(a.begin(), a.end()), std::vector(b.begin(), b.end())) << id;
  }
}

TEST(AddPaths, ManyPathsKeepTheirIdsWhenAddedAgain) {
  // More paths than the first path table holds, all made room for at once.
  constexpr std::uint32_t kPaths = 5000;
  std::vector<std::vector<std::uint32_t>> paths;
  for (std::uint32_t i = 0; i < kPaths; ++i) paths.push_back({i, kPaths + i % 3});
  Simulator sim(std::vector<double>(kPaths + 3, kCapacityBps), EngineConfig{});
  const std::vector<PathId> first = sim.add_paths(spans(paths));
  for (std::uint32_t i = 0; i < kPaths; ++i) ASSERT_EQ(first[i], PathId{i});
  EXPECT_EQ(sim.add_paths(spans(paths)), first);
  EXPECT_EQ(sim.path_count(), kPaths);
}

TEST(AddPaths, APathCrossingAResourceTwiceIsRefusedButPathsSharingOneAreNot) {
  // Resource 1 is crossed once by each of the first two paths (allowed), twice by the last.
  Simulator sim(std::vector<double>(kResources, kCapacityBps), EngineConfig{});
  const std::vector<std::vector<std::uint32_t>> sharing{{0, 1}, {1, 2}};
  EXPECT_EQ(sim.add_paths(spans(sharing)), (std::vector<PathId>{PathId{0}, PathId{1}}));
  const std::vector<std::vector<std::uint32_t>> repeating{{3, 1}, {1, 3, 1}};
  EXPECT_THROW((void)sim.add_paths(spans(repeating)), std::invalid_argument);
}

TEST(AddPaths, APathNamingAnUnknownResourceIsRefused) {
  Simulator sim(std::vector<double>(kResources, kCapacityBps), EngineConfig{});
  const std::vector<std::vector<std::uint32_t>> paths{{0}, {kResources}};
  EXPECT_THROW((void)sim.add_paths(spans(paths)), std::invalid_argument);
}

}  // namespace
}  // namespace citynet::engine
