// The active-group table against std::map: after any sequence of inserts and erases (with
// keys crowded into few paths and caps, so probe runs are long and erasures move entries
// back), every key present maps to its group and every key absent is not found.
#include "engine/group_table.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>

namespace citynet::engine {
namespace {

using Reference = std::map<std::tuple<std::uint32_t, double, double>, std::uint32_t>;

GroupKey random_key(std::mt19937_64& rng) {
  constexpr double kCaps[] = {1e6, 2e6, 4e6, std::numeric_limits<double>::infinity()};
  constexpr double kWeights[] = {1, 2};
  return GroupKey{static_cast<std::uint32_t>(rng() % 300), kCaps[rng() % 4], kWeights[rng() % 2]};
}

void expect_same(const GroupTable& table, const Reference& reference, std::mt19937_64& rng) {
  ASSERT_EQ(table.size(), reference.size());
  for (const auto& [k, group] : reference) {
    EXPECT_EQ(table.find(GroupKey{std::get<0>(k), std::get<1>(k), std::get<2>(k)}), group);
  }
  for (int probe = 0; probe < 200; ++probe) {
    const GroupKey key = random_key(rng);
    const auto it = reference.find({key.path, key.cap_bps, key.weight});
    EXPECT_EQ(table.find(key), it == reference.end() ? GroupTable::kAbsent : it->second);
  }
}

TEST(GroupTable, AgreesWithAnOrderedMapUnderRandomInsertsAndErases) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    GroupTable table;
    Reference reference;
    std::uint32_t next_group = 0;
    for (int step = 0; step < 5000; ++step) {
      const GroupKey key = random_key(rng);
      const auto it = reference.find({key.path, key.cap_bps, key.weight});
      // Grow while small, then hover around a few hundred entries.
      const bool insert = reference.size() < 50 || (rng() % 100) < (reference.size() < 600 ? 60U : 40U);
      if (it == reference.end() && insert) {
        table.insert(key, next_group);
        reference[{key.path, key.cap_bps, key.weight}] = next_group++;
      } else if (it != reference.end() && !insert) {
        table.erase(key);
        reference.erase(it);
      }
      if (step % 500 == 0) expect_same(table, reference, rng);
    }
    expect_same(table, reference, rng);
  }
}

TEST(GroupTable, KeysDifferingOnlyInCapOrWeightAreDifferentGroups) {
  GroupTable table;
  table.insert(GroupKey{3, 1e6, 1}, 10);
  table.insert(GroupKey{3, 2e6, 1}, 11);
  table.insert(GroupKey{3, 1e6, 2}, 12);
  EXPECT_EQ(table.find(GroupKey{3, 1e6, 1}), 10U);
  EXPECT_EQ(table.find(GroupKey{3, 2e6, 1}), 11U);
  EXPECT_EQ(table.find(GroupKey{3, 1e6, 2}), 12U);
  table.erase(GroupKey{3, 2e6, 1});
  EXPECT_EQ(table.find(GroupKey{3, 2e6, 1}), GroupTable::kAbsent);
  EXPECT_EQ(table.find(GroupKey{3, 1e6, 2}), 12U);
}

}  // namespace
}  // namespace citynet::engine
