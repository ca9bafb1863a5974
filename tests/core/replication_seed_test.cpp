// Replication seeds: the first replication is the run itself, the others differ from it and
// from each other, and the derivation does not change between builds (results are
// reproducible from the scenario's seed alone).
#include <cstdint>
#include <set>

#include <gtest/gtest.h>

#include "core/rng.hpp"

namespace citynet {
namespace {

TEST(ReplicationSeed, TheFirstReplicationIsTheRunsOwnSeed) {
  EXPECT_EQ(replication_seed(1, 0), 1u);
  EXPECT_EQ(replication_seed(20051231, 0), 20051231u);
}

TEST(ReplicationSeed, ReplicationsOfOneSeedAndOfNeighbouringSeedsAreAllDifferent) {
  constexpr std::uint64_t kSeeds = 50;
  constexpr std::uint64_t kReplications = 50;
  std::set<std::uint64_t> seen;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    for (std::uint64_t r = 0; r < kReplications; ++r) seen.insert(replication_seed(seed, r));
  }
  EXPECT_EQ(seen.size(), kSeeds * kReplications) << "neighbouring seeds must not share replications";
}

TEST(ReplicationSeed, IsAConstantOfTheProgram) {
  static_assert(replication_seed(7, 3) == derive_seed(7, {0x7265706C69636174ULL, 3}));
  EXPECT_NE(replication_seed(7, 1), replication_seed(7, 2));
}

}  // namespace
}  // namespace citynet
