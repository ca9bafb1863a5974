// The engine against completion times and admissions solved by hand.
#include "engine/simulator.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "recording_observer.hpp"

namespace citynet::engine {
namespace {

using test_support::elastic;
using test_support::RecordingObserver;
using test_support::stream;

// Hand-solved times are sums of a few quotients: agreement to this relative error.
constexpr double kTimeTolerance = 1e-9;

void expect_time(double actual_s, double expected_s) {
  EXPECT_NEAR(actual_s, expected_s, kTimeTolerance * std::max(1.0, expected_s));
}

struct Outcome {
  RecordingObserver observer;
  RunStats stats;
};

Outcome simulate(Simulator& sim, std::vector<Arrival> arrivals, std::optional<double> until_s = {}) {
  Outcome r;
  VectorArrivalSource source(std::move(arrivals));
  r.stats = sim.run(source, r.observer, until_s);
  return r;
}

std::vector<std::uint32_t> ids(std::initializer_list<std::uint32_t> list) { return list; }

TEST(Simulator, TwoFlowsOnOneLinkShareItThenTheSurvivorTakesAll) {
  // 1 Mbit and 2 Mbit on 1 Mbit/s: both at 0.5 until the first ends at 2 s, when the
  // second has 1 Mbit left at the full rate: it ends at 3 s.
  Simulator sim({1e6}, {});
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {elastic(0, 1, p, 1e6), elastic(0, 2, p, 2e6)});
  expect_time(r.observer.end_by_tag.at(1), 2);
  expect_time(r.observer.end_by_tag.at(2), 3);
}

TEST(Simulator, CappedFlowBesideAnUncappedOneKeepsItsCap) {
  // 10 bit/s link. A: cap 2, 20 bits -> 10 s. B: 40 bits at 8 -> 5 s.
  Simulator sim({10}, {});
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {elastic(0, 1, p, 20, 2.0), elastic(0, 2, p, 40)});
  expect_time(r.observer.end_by_tag.at(1), 10);
  expect_time(r.observer.end_by_tag.at(2), 5);
}

TEST(Simulator, FlowArrivingWhileAnotherRunsSharesFromItsArrival) {
  // 1 bit/s. A: 4 bits at 0, alone until 1 s (3 left). B: 1 bit at 1 s; both at 1/2, so B
  // ends at 3 s and A has 2 left, alone again: it ends at 5 s.
  Simulator sim({1}, {});
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {elastic(0, 1, p, 4), elastic(1, 2, p, 1)});
  expect_time(r.observer.end_by_tag.at(2), 3);
  expect_time(r.observer.end_by_tag.at(1), 5);
}

TEST(Simulator, FlowAtItsCapGivesWayToANewcomerWhoseFairShareIsLarger) {
  // 10 bit/s. A: cap 8, 100 bits, alone at 8 until 1 s (8 bits). B: uncapped, 10 bits,
  // arrives at 1 s: the fair share is 5 each, below A's cap, so A must come down to 5. B
  // ends at 3 s; A has 100 - 8 - 10 = 82 bits left at 8: it ends at 3 + 82/8 s.
  Simulator sim({10}, {});
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {elastic(0, 1, p, 100, 8.0), elastic(1, 2, p, 10)});
  expect_time(r.observer.end_by_tag.at(2), 3);
  expect_time(r.observer.end_by_tag.at(1), 3 + 82.0 / 8);
}

TEST(Simulator, ParkingLotFlowsAllRunAtOneHalf) {
  // Three unit links, a long flow over all and one short flow per link, 1 bit each: all at
  // 1/2, all end at 2 s.
  Simulator sim({1, 1, 1}, {});
  std::vector<Arrival> arrivals{elastic(0, 0, sim.add_path(ids({0, 1, 2})), 1)};
  for (std::uint32_t r = 0; r < 3; ++r) arrivals.push_back(elastic(0, r + 1, sim.add_path(ids({r})), 1));
  const Outcome result = simulate(sim, arrivals);
  for (std::uint64_t tag = 0; tag < 4; ++tag) expect_time(result.observer.end_by_tag.at(tag), 2);
}

TEST(Simulator, SwitchingCapacityOfANodeBindsThePathsThroughIt) {
  // Links 0, 1 of 10 bit/s into a node (resource 2) of 4 bit/s: each flow gets 2; 10 bits
  // take 5 s.
  Simulator sim({10, 10, 4}, {});
  const Outcome r = simulate(sim, {elastic(0, 1, sim.add_path(ids({0, 2})), 10), elastic(0, 2, sim.add_path(ids({1, 2})), 10)});
  expect_time(r.observer.end_by_tag.at(1), 5);
  expect_time(r.observer.end_by_tag.at(2), 5);
}

TEST(Simulator, FlowWithTwiceTheWeightGetsTwiceTheRate) {
  // 3 bit/s, 10 bits each. Weight 2 gets 2 and ends at 5 s, when weight 1 has 5 bits left
  // at 3 bit/s: it ends at 5 + 5/3 s.
  Simulator sim({3}, {});
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {elastic(0, 1, p, 10, {}, 1), elastic(0, 2, p, 10, {}, 2)});
  expect_time(r.observer.end_by_tag.at(2), 5);
  expect_time(r.observer.end_by_tag.at(1), 5 + 5.0 / 3);
}

TEST(Simulator, IdenticalFlowsEndTogether) {
  Simulator sim({6}, {});
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {elastic(0, 1, p, 6), elastic(0, 2, p, 6), elastic(0, 3, p, 6)});
  for (std::uint64_t tag = 1; tag <= 3; ++tag) EXPECT_EQ(r.observer.end_by_tag.at(tag), r.observer.end_by_tag.at(1));
  expect_time(r.observer.end_by_tag.at(1), 3);
}

TEST(Simulator, StreamIsBlockedAtTheFullLinkAndTheLinkIsNamed) {
  // Path 0 -> 1; resource 1 holds 10. The first 6 bit/s stream fits, the second does not.
  Simulator sim({100, 10}, {});
  const PathId p = sim.add_path(ids({0, 1}));
  const Outcome r = simulate(sim, {stream(0, 1, p, 6, 10), stream(1, 2, p, 6, 10)});
  ASSERT_EQ(r.observer.admitted.size(), 1u);
  ASSERT_EQ(r.observer.blocked.size(), 1u);
  EXPECT_EQ(r.observer.blocked[0].stream.tag, 2u);
  EXPECT_EQ(r.observer.blocked[0].blocking_resource, 1u);
  EXPECT_EQ(r.stats.streams_blocked, 1u);
}

TEST(Simulator, GuardShareKeepsPartOfTheResourceFromStreams) {
  // Guard 0.5 of 10 leaves 5 for streams: 6 is blocked, 5 is admitted.
  EngineConfig config;
  config.streaming_guard_share = 0.5;
  Simulator sim({10}, config);
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {stream(0, 1, p, 6, 1), stream(0, 2, p, 5, 1)});
  ASSERT_EQ(r.observer.blocked.size(), 1u);
  EXPECT_EQ(r.observer.blocked[0].stream.tag, 1u);
  ASSERT_EQ(r.observer.admitted.size(), 1u);
  EXPECT_EQ(r.observer.admitted[0].tag, 2u);
}

TEST(Simulator, ElasticFlowsShareWhatStreamsLeave) {
  // 10 bit/s; a 4 bit/s stream for 5 s; a 60-bit flow gets 6 until 5 s (30 bits), then 10:
  // it ends at 8 s.
  Simulator sim({10}, {});
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {stream(0, 1, p, 4, 5), elastic(0, 2, p, 60)});
  expect_time(r.observer.end_by_tag.at(2), 8);
  ASSERT_EQ(r.observer.ended.size(), 1u);
  expect_time(r.observer.ended[0].end_s, 5);
}

TEST(Simulator, FlowOnAResourceOfCapacityZeroWaitsForItsReturn) {
  // 1 bit/s, 2 bits; the link fails from 1 s to 3 s: 1 bit done before, 1 after: ends at 4 s.
  Simulator sim({1}, {});
  const PathId p = sim.add_path(ids({0}));
  sim.add_capacity_change({1, 0, 0});
  sim.add_capacity_change({3, 0, 1});
  const Outcome r = simulate(sim, {elastic(0, 1, p, 2)});
  expect_time(r.observer.end_by_tag.at(1), 4);
}

TEST(Simulator, CapacityDropEndsTheNewestStreamsUntilTheRestFit) {
  // Three 3 bit/s streams on 10; capacity falls to 7 at 1 s: the newest goes, two fit.
  Simulator sim({10}, {});
  const PathId p = sim.add_path(ids({0}));
  sim.add_capacity_change({1, 0, 7});
  const Outcome r = simulate(sim, {stream(0, 1, p, 3, 5), stream(0, 2, p, 3, 5), stream(0, 3, p, 3, 5)});
  ASSERT_EQ(r.observer.ended.size(), 3u);
  EXPECT_EQ(r.observer.ended[0].stream.tag, 3u);
  ASSERT_TRUE(r.observer.ended[0].dropped_at_resource.has_value());
  expect_time(r.observer.ended[0].end_s, 1);
  EXPECT_FALSE(r.observer.ended[1].dropped_at_resource.has_value());
  EXPECT_EQ(r.stats.streams_dropped, 1u);
}

TEST(Simulator, SamplesCarryExactlyTheBitsSentInEachInterval) {
  // 2 bit/s link, 3-bit flow at 0.25 s: it runs 0.25..1.75 s. Samples every 0.5 s carry
  // 0.5, 1, 1, 0.5 bits; the total is the size.
  EngineConfig config;
  config.sample_interval_s = 0.5;
  Simulator sim({2}, config);
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {elastic(0.25, 1, p, 3)});
  const std::vector<double> expected{0.5, 1, 1, 0.5};
  ASSERT_EQ(r.observer.samples.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(r.observer.samples[i].resources[0].elastic_bits, expected[i], kTimeTolerance);
  }
  EXPECT_EQ(r.observer.samples[1].resources[0].active_elastic_flows, 1u);
  EXPECT_EQ(r.observer.samples[3].resources[0].active_elastic_flows, 0u);
}

TEST(Simulator, SamplesCountStreamBitsAndTheStreamsBlockedAtEachResource) {
  // 10 bit/s. A 4 bit/s stream for 1.5 s carries 4 bits in the first 1 s sample and 2 in
  // the last, shorter one that closes when it ends; an 8 bit/s stream at 0.5 s does not fit
  // beside it and is counted in the first sample.
  EngineConfig config;
  config.sample_interval_s = 1;
  Simulator sim({10}, config);
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {stream(0, 1, p, 4, 1.5), stream(0.5, 2, p, 8, 1)});
  ASSERT_EQ(r.observer.samples.size(), 2u);
  const ResourceSample& first = r.observer.samples[0].resources[0];
  const ResourceSample& second = r.observer.samples[1].resources[0];
  EXPECT_NEAR(first.stream_bits, 4, kTimeTolerance);
  EXPECT_NEAR(second.stream_bits, 2, kTimeTolerance);
  EXPECT_EQ(r.observer.samples[1].end_s, 1.5);
  EXPECT_EQ(first.streams_blocked, 1u);
  EXPECT_EQ(second.streams_blocked, 0u);
  EXPECT_EQ(first.active_streams, 1u);
  EXPECT_EQ(second.active_streams, 0u);
  EXPECT_EQ(first.capacity_bps, 10);
}

TEST(Simulator, RunStopsAtTheGivenTimeLeavingFlowsUnfinished) {
  Simulator sim({1}, {});
  const PathId p = sim.add_path(ids({0}));
  const Outcome r = simulate(sim, {elastic(0, 1, p, 10), elastic(0, 2, p, 1)}, 5.0);
  EXPECT_EQ(r.observer.completions.size(), 1u);
  EXPECT_EQ(r.stats.unfinished_elastic_flows, 1u);
  EXPECT_EQ(r.stats.end_s, 5.0);
}

TEST(Simulator, SamePathIsInternedOnce) {
  Simulator sim({1, 1}, {});
  const PathId a = sim.add_path(ids({0, 1}));
  const PathId b = sim.add_path(ids({0, 1}));
  const PathId c = sim.add_path(ids({1, 0}));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(sim.path_count(), 2u);
}

TEST(Simulator, PathCrossingAResourceTwiceIsRejected) {
  Simulator sim({1, 1}, {});
  EXPECT_THROW((void)sim.add_path(ids({0, 1, 0})), std::invalid_argument);
}

TEST(Simulator, ArrivalsOutOfOrderAreRejected) {
  class Backwards : public ArrivalSource {
   public:
    explicit Backwards(PathId p) : p_(p) {}
    std::optional<Arrival> next() override {
      if (n_ == 2) return std::nullopt;
      return elastic(n_++ == 0 ? 5.0 : 1.0, 0, p_, 1);
    }
    PathId p_;
    int n_ = 0;
  };
  Simulator sim({1}, {});
  Backwards source(sim.add_path(ids({0})));
  RecordingObserver observer;
  EXPECT_THROW(sim.run(source, observer), std::invalid_argument);
}

TEST(Simulator, SameInputGivesBitIdenticalOutput) {
  auto once = [] {
    Simulator sim({3, 5, 7}, {});
    const PathId a = sim.add_path(ids({0, 1}));
    const PathId b = sim.add_path(ids({1, 2}));
    std::vector<Arrival> arrivals;
    for (int i = 0; i < 50; ++i) arrivals.push_back(elastic(0.1 * i, i, i % 2 ? a : b, 1 + i % 7, i % 3 ? 2.0 : 4.0));
    return simulate(sim, arrivals).observer.completions;
  };
  const auto first = once();
  const auto second = once();
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].tag, second[i].tag);
    EXPECT_EQ(first[i].end_s, second[i].end_s);
  }
}

}  // namespace
}  // namespace citynet::engine
