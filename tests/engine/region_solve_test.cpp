// Exact mode re-solves only a region of groups around each change (simulator.hpp). Its
// completion times must be those of the unique max-min allocation: the same as fast mode
// with interval 0, which reaches that allocation by another road (fixed capped groups and
// solves of all the others), and the same as the independent reference.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/rng.hpp"
#include "engine/simulator.hpp"
#include "recording_observer.hpp"
#include "reference/reference_simulator.hpp"
#include "workload.hpp"

namespace citynet::engine {
namespace {

// Both engines compute the same allocation, rounded differently (a region is solved on the
// capacity the others leave), so completion times agree to rounding.
constexpr double kRelativeAgreement = 1e-9;
// The reference fills by increments and declares a flow done within 1e-9 of its size, so
// it agrees to its own precision (as in differential_test).
constexpr double kReferenceAgreement = 1e-6;
constexpr int kCases = 120;

// A city in miniature: subscribers behind access uplinks, which lead through one of a few
// aggregation links to a shared core link. `core_share` scales the core's capacity against
// the sum of the uplinks: small, and it is saturated and shared by everybody (every change
// moves every rate, so regions grow to the whole); large, and flows are bottlenecked at
// their own uplink (regions stay small).
using test_support::Outcome;
using test_support::run;
using test_support::Workload;

Workload random_workload(RandomStream& rng, double core_share, bool with_streams, bool with_changes) {
  Workload w;
  const std::uint32_t uplinks = 4 + rng() % 20;
  const std::uint32_t aggregations = 1 + rng() % 3;
  double uplink_total_bps = 0;
  for (std::uint32_t u = 0; u < uplinks; ++u) {
    w.capacity_bps.push_back(10 + 40 * rng.uniform01());
    uplink_total_bps += w.capacity_bps.back();
  }
  for (std::uint32_t a = 0; a < aggregations; ++a) w.capacity_bps.push_back(uplink_total_bps * (0.3 + rng.uniform01()));
  const auto core = static_cast<std::uint32_t>(w.capacity_bps.size());
  w.capacity_bps.push_back(core_share * uplink_total_bps);
  // Each uplink reaches the core by one aggregation link; some paths stop before the core
  // (traffic that stays local) and some cross two uplinks (subscriber to subscriber).
  for (std::uint32_t u = 0; u < uplinks; ++u) {
    const std::uint32_t aggregation = uplinks + u % aggregations;
    w.paths.push_back({u, aggregation, core});
    w.paths.push_back({u, aggregation});
    w.paths.push_back({u, aggregation, (u + 1) % uplinks});
  }
  const std::vector<double> caps{4, 9, 25};
  const int arrival_count = 60 + static_cast<int>(rng() % 200);
  double t = 0;
  for (int i = 0; i < arrival_count; ++i) {
    if (rng.uniform01() < 0.8) t += -std::log(rng.uniform01()) * 0.05;  // else: same instant
    const auto p = static_cast<std::uint32_t>(rng() % w.paths.size());
    const auto tag = static_cast<std::uint64_t>(i);
    if (with_streams && rng.uniform01() < 0.15) {
      w.arrivals.push_back(test_support::stream(t, tag, PathId{p}, 1 + 8 * rng.uniform01(), 0.5 * rng.uniform01()));
      continue;
    }
    reference::Flow flow;
    flow.start_s = t;
    flow.resources = w.paths[p];
    flow.size_bits = 1 + -std::log(rng.uniform01()) * 10;
    const double u = rng.uniform01();
    if (u < 0.3) {
      flow.cap_bps = caps[rng() % caps.size()];
    } else if (u < 0.4) {
      flow.cap_bps = 1 + 30 * rng.uniform01();
    }
    flow.weight = rng.uniform01() < 0.2 ? 2.0 : 1.0;
    w.arrivals.push_back(test_support::elastic(t, tag, PathId{p}, flow.size_bits, flow.cap_bps, flow.weight));
    w.elastic.push_back(flow);
    w.elastic_tags.push_back(tag);
  }
  if (with_changes) {
    const int change_count = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < change_count; ++i) {
      const auto r = static_cast<std::uint32_t>(rng() % w.capacity_bps.size());
      const double at = t * rng.uniform01();
      const double to = rng.uniform01() < 0.3 ? 0.0 : w.capacity_bps[r] * (0.2 + 1.5 * rng.uniform01());
      w.changes.push_back({at, r, to});
      w.changes.push_back({at + 0.1 + rng.uniform01(), r, w.capacity_bps[r]});  // repaired
    }
  }
  return w;
}

EngineConfig fast_with_interval_zero() {
  EngineConfig config;
  config.mode = SharingMode::fast;
  config.recompute_interval_s = 0;
  return config;
}

struct SolveCounts {
  std::uint64_t solves = 0;
  std::uint64_t full_solves = 0;  // of every group
};

// Runs `kCases` workloads in exact mode and in fast mode with interval 0 (and the reference
// where there are no streams); adds exact mode's solves to `counts`.
void expect_agreement(std::uint64_t seed, double core_share, bool with_streams, bool with_changes,
                      SolveCounts& counts) {
  RandomStream rng(derive_seed(seed, {hash_name("region-solve")}));
  for (int i = 0; i < kCases; ++i) {
    const Workload w = random_workload(rng, core_share, with_streams, with_changes);
    const Outcome exact = run(w, EngineConfig{});
    const Outcome other = run(w, fast_with_interval_zero());
    counts.solves += exact.stats.recomputations;
    counts.full_solves += exact.stats.full_solves;
    EXPECT_EQ(exact.stats.unfinished_elastic_flows, 0u) << "case " << i;
    ASSERT_EQ(exact.stats.elastic_completed, w.elastic.size()) << "case " << i;
    EXPECT_EQ(exact.end_by_tag.size(), other.end_by_tag.size()) << "case " << i;
    // The reference knows no streams; without them it checks the allocation independently.
    const std::vector<double> expected =
        with_streams ? std::vector<double>{} : reference::completion_times(w.capacity_bps, w.elastic, [&] {
          std::vector<reference::CapacityStep> steps;
          for (const CapacityChange& c : w.changes) steps.push_back({c.at_s, c.resource, c.capacity_bps});
          return steps;
        }());
    for (std::size_t f = 0; f < w.elastic.size(); ++f) {
      const std::uint64_t tag = w.elastic_tags[f];
      const double end_s = exact.end_by_tag.at(tag);
      const double sojourn_s = end_s - w.elastic[f].start_s;
      ASSERT_NEAR(end_s, other.end_by_tag.at(tag), kRelativeAgreement * sojourn_s) << "case " << i << " flow " << tag;
      if (!expected.empty()) {
        ASSERT_NEAR(end_s, expected[f], kReferenceAgreement * sojourn_s) << "case " << i << " flow " << tag;
      }
    }
  }
}

TEST(RegionSolve, FlowsBottleneckedAtTheirUplinkFinishAsWithSolvesOfEveryGroup) {
  SolveCounts counts;
  expect_agreement(21, 4.0, false, false, counts);
  // Because a change at one uplink moves only the flows behind it, most solves are regions.
  EXPECT_LT(counts.full_solves * 4, counts.solves);
}

TEST(RegionSolve, FlowsSharingASaturatedCoreFinishAsWithSolvesOfEveryGroup) {
  SolveCounts counts;
  expect_agreement(22, 0.3, false, false, counts);
}

TEST(RegionSolve, ACoreNearItsLoadFinishesAsWithSolvesOfEveryGroup) {
  SolveCounts counts;
  expect_agreement(23, 0.9, false, false, counts);
}

TEST(RegionSolve, CapacityChangesAndStreamsFinishAsWithSolvesOfEveryGroup) {
  SolveCounts counts;
  expect_agreement(24, 4.0, true, true, counts);
  expect_agreement(25, 0.6, true, true, counts);
}

TEST(RegionSolve, CapacityChangesAloneAgreeWithTheReference) {
  SolveCounts counts;
  expect_agreement(26, 1.0, false, true, counts);
}

}  // namespace
}  // namespace citynet::engine
