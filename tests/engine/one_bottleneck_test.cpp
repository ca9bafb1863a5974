// Fast mode water-fills a lone saturated resource without the solver and serves the
// groups held there on one clock (simulator.hpp). Where subscribers share one congested
// core, that is most solves: the completion times must still be those of the unique
// max-min allocation, as exact mode and the independent reference compute it.
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

constexpr double kRelativeAgreement = 1e-9;   // exact mode and fast mode at interval 0
constexpr double kReferenceAgreement = 1e-6;  // the reference's own precision
constexpr int kCases = 150;

using test_support::Outcome;
using test_support::run;
using test_support::Workload;

// Uplinks far larger than their share of the core, so that the core is the only resource
// that fills (its share sets where the caps bind); caps, weights, simultaneous arrivals
// and arrivals that join a group already on the clock are all common.
Workload congested_core(RandomStream& rng) {
  Workload w;
  const std::uint32_t uplinks = 3 + rng() % 30;
  double uplink_total_bps = 0;
  for (std::uint32_t u = 0; u < uplinks; ++u) {
    w.capacity_bps.push_back(50 + 50 * rng.uniform01());
    uplink_total_bps += w.capacity_bps.back();
  }
  const auto core = static_cast<std::uint32_t>(w.capacity_bps.size());
  w.capacity_bps.push_back(uplink_total_bps * (0.05 + 0.2 * rng.uniform01()));
  for (std::uint32_t u = 0; u < uplinks; ++u) w.paths.push_back({u, core});
  const std::vector<double> caps{2, 5, 12, 40};
  const int count = 80 + static_cast<int>(rng() % 300);
  double t = 0;
  for (int i = 0; i < count; ++i) {
    if (rng.uniform01() < 0.8) t += -std::log(rng.uniform01()) * 0.03;
    reference::Flow flow;
    flow.start_s = t;
    const auto p = static_cast<std::uint32_t>(rng() % w.paths.size());
    flow.resources = w.paths[p];
    flow.size_bits = 1 + -std::log(rng.uniform01()) * 20;
    if (rng.uniform01() < 0.6) flow.cap_bps = caps[rng() % caps.size()];
    flow.weight = rng.uniform01() < 0.2 ? 2.0 : 1.0;
    w.arrivals.push_back(test_support::elastic(t, static_cast<std::uint64_t>(i), PathId{p}, flow.size_bits,
                                               flow.cap_bps, flow.weight));
    w.elastic.push_back(flow);
    w.elastic_tags.push_back(static_cast<std::uint64_t>(i));
  }
  return w;
}

TEST(OneBottleneck, FastModeAtIntervalZeroFinishesFlowsAsExactModeAndTheReference) {
  RandomStream rng(derive_seed(31, {hash_name("one-bottleneck")}));
  EngineConfig fast;
  fast.mode = SharingMode::fast;
  fast.recompute_interval_s = 0;
  std::uint64_t solves = 0;
  std::uint64_t one_bottleneck_solves = 0;
  for (int i = 0; i < kCases; ++i) {
    const Workload w = congested_core(rng);
    const Outcome exact = run(w, EngineConfig{});
    const Outcome quick = run(w, fast);
    const std::vector<double> expected = reference::completion_times(w.capacity_bps, w.elastic);
    solves += quick.stats.recomputations;
    one_bottleneck_solves += quick.stats.one_bottleneck_solves;
    ASSERT_EQ(quick.stats.elastic_completed, w.elastic.size()) << "case " << i;
    for (std::size_t f = 0; f < w.elastic.size(); ++f) {
      const double sojourn_s = expected[f] - w.elastic[f].start_s;
      ASSERT_NEAR(quick.end_by_tag.at(f), exact.end_by_tag.at(f), kRelativeAgreement * sojourn_s)
          << "case " << i << " flow " << f;
      ASSERT_NEAR(quick.end_by_tag.at(f), expected[f], kReferenceAgreement * sojourn_s) << "case " << i << " flow " << f;
    }
  }
  // Else this test would not be exercising the path it is about.
  EXPECT_GT(one_bottleneck_solves * 2, solves);
}

}  // namespace
}  // namespace citynet::engine
