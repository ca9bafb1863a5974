// The active-group table against std::map: after any sequence of inserts and erases (with
// keys crowded into few paths and caps, so probe runs are long and erasures move entries
// back), every key present maps to its group and every key absent is not found. The table
// keeps no keys: it reads them from the groups, here a vector indexed by group.
#include "engine/group_table.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>
#include <vector>

namespace citynet::engine {
namespace {

using Reference = std::map<std::tuple<std::uint32_t, double, double>, std::uint32_t>;
using Keys = std::vector<GroupKey>;  // by group

std::uint32_t find(const GroupTable& table, const Keys& keys, const GroupKey& key) {
  return table.find(key, [&keys](std::uint32_t group) -> const GroupKey& { return keys.at(group); });
}

GroupKey random_key(std::mt19937_64& rng) {
  constexpr double kCaps[] = {1e6, 2e6, 4e6, std::numeric_limits<double>::infinity()};
  constexpr double kWeights[] = {1, 2};
  return GroupKey{static_cast<std::uint32_t>(rng() % 300), kCaps[rng() % 4], kWeights[rng() % 2]};
}

void expect_same(const GroupTable& table, const Keys& keys, const Reference& reference, std::mt19937_64& rng) {
  ASSERT_EQ(table.size(), reference.size());
  for (const auto& [k, group] : reference) {
    EXPECT_EQ(find(table, keys, GroupKey{std::get<0>(k), std::get<1>(k), std::get<2>(k)}), group);
  }
  for (int probe = 0; probe < 200; ++probe) {
    const GroupKey key = random_key(rng);
    const auto it = reference.find({key.path, key.cap_bps, key.weight});
    EXPECT_EQ(find(table, keys, key), it == reference.end() ? GroupTable::kAbsent : it->second);
  }
}

TEST(GroupTable, AgreesWithAnOrderedMapUnderRandomInsertsAndErases) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    GroupTable table;
    Keys keys;
    Reference reference;
    for (int step = 0; step < 5000; ++step) {
      const GroupKey key = random_key(rng);
      const auto it = reference.find({key.path, key.cap_bps, key.weight});
      // Grow while small, then hover around a few hundred entries.
      const bool insert = reference.size() < 50 || (rng() % 100) < (reference.size() < 600 ? 60U : 40U);
      if (it == reference.end() && insert) {
        const auto group = static_cast<std::uint32_t>(keys.size());
        keys.push_back(key);
        table.insert(key, group);
        reference[{key.path, key.cap_bps, key.weight}] = group;
      } else if (it != reference.end() && !insert) {
        table.erase(key, it->second);
        reference.erase(it);
      }
      if (step % 500 == 0) expect_same(table, keys, reference, rng);
    }
    expect_same(table, keys, reference, rng);
  }
}

TEST(GroupTable, KeysDifferingOnlyInCapOrWeightAreDifferentGroups) {
  GroupTable table;
  const Keys keys = {GroupKey{3, 1e6, 1}, GroupKey{3, 2e6, 1}, GroupKey{3, 1e6, 2}};
  for (std::uint32_t group = 0; group < keys.size(); ++group) table.insert(keys[group], group);
  EXPECT_EQ(find(table, keys, GroupKey{3, 1e6, 1}), 0U);
  EXPECT_EQ(find(table, keys, GroupKey{3, 2e6, 1}), 1U);
  EXPECT_EQ(find(table, keys, GroupKey{3, 1e6, 2}), 2U);
  table.erase(keys[1], 1);
  EXPECT_EQ(find(table, keys, GroupKey{3, 2e6, 1}), GroupTable::kAbsent);
  EXPECT_EQ(find(table, keys, GroupKey{3, 1e6, 2}), 2U);
}

// The table compares keys only where 32 bits of hash agree; keys whose hashes agree must
// still be told apart by the keys themselves.
TEST(GroupTable, KeysWithTheSameHashAreToldApartByTheirKeys) {
  std::vector<GroupKey> same_hash;
  std::map<std::uint32_t, GroupKey> first_of_hash;
  for (std::uint32_t path = 0; same_hash.empty(); ++path) {
    const GroupKey key{path, 1e6, 1};
    const auto [it, added] = first_of_hash.emplace(GroupTable::hash(key), key);
    if (!added) same_hash = {it->second, key};
  }
  GroupTable table;
  table.insert(same_hash[0], 0);
  EXPECT_EQ(find(table, same_hash, same_hash[1]), GroupTable::kAbsent);
  table.insert(same_hash[1], 1);
  EXPECT_EQ(find(table, same_hash, same_hash[0]), 0U);
  EXPECT_EQ(find(table, same_hash, same_hash[1]), 1U);
  table.erase(same_hash[0], 0);
  EXPECT_EQ(find(table, same_hash, same_hash[0]), GroupTable::kAbsent);
  EXPECT_EQ(find(table, same_hash, same_hash[1]), 1U);
}

}  // namespace
}  // namespace citynet::engine
