// Rerouting at failures and repairs: moved flows keep their remaining bits, streams are
// admitted again or dropped, flows without a path fail, and no flow is ever lost.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "core/rng.hpp"
#include "engine/simulator.hpp"
#include "engine/synthetic_workload.hpp"
#include "recording_observer.hpp"

namespace citynet::engine {
namespace {

using test_support::elastic;
using test_support::RecordingObserver;
using test_support::stream;

constexpr double kTimeTolerance = 1e-9;

void expect_time(double actual_s, double expected_s) {
  EXPECT_NEAR(actual_s, expected_s, kTimeTolerance * std::max(1.0, expected_s));
}

std::vector<std::uint32_t> ids(std::initializer_list<std::uint32_t> list) { return list; }

class FailureRecorder : public RecordingObserver {
 public:
  void on_elastic_failed(const ElasticFailed& f) override { failed.push_back(f); }
  void on_reroute_point(const ReroutePointDone& d) override { points.push_back(d); }
  std::vector<ElasticFailed> failed;
  std::vector<ReroutePointDone> points;
};

// Sends each listed path to a fixed answer; paths not listed stay where they are.
class TableRerouter final : public Rerouter {
 public:
  std::optional<PathId> reroute(PathId old_path, double at_s) override {
    asked.push_back({old_path, at_s});
    for (const auto& [when_s, table] : by_time) {
      if (when_s != at_s) continue;
      const auto found = table.find(index(old_path));
      if (found != table.end()) return found->second;
    }
    return old_path;
  }
  std::vector<std::pair<double, std::map<std::uint32_t, std::optional<PathId>>>> by_time;
  std::vector<std::pair<PathId, double>> asked;
};

struct Outcome {
  FailureRecorder observer;
  RunStats stats;
};

Outcome simulate(Simulator& sim, std::vector<Arrival> arrivals, Rerouter& rerouter) {
  Outcome r;
  VectorArrivalSource source(std::move(arrivals));
  r.stats = sim.run(source, r.observer, std::nullopt, &rerouter);
  return r;
}

TEST(Reroute, MovedFlowKeepsItsRemainingBitsAndTakesTheNewPathsRate) {
  // 100 bits on a 10 bit/s link; it fails at 5 s with 50 bits sent, and the flow goes on
  // a 4 bit/s backup: 50 / 4 = 12.5 s more, so it ends at 17.5 s.
  Simulator sim({10, 4}, {});
  const PathId fiber = sim.add_path(ids({0}));
  const PathId backup = sim.add_path(ids({1}));
  sim.add_capacity_change({5, 0, 0});
  sim.add_reroute_point(5);
  TableRerouter rerouter;
  rerouter.by_time.push_back({5, {{index(fiber), backup}}});
  const Outcome r = simulate(sim, {elastic(0, 1, fiber, 100)}, rerouter);
  expect_time(r.observer.end_by_tag.at(1), 17.5);
  EXPECT_EQ(r.observer.completions.at(0).path, backup);
  EXPECT_EQ(r.observer.completions.at(0).size_bits, 100);
  EXPECT_EQ(r.stats.flows_rerouted, 1u);
  EXPECT_EQ(r.stats.reroute_points, 1u);
}

TEST(Reroute, RepairBringsTheFlowBackToItsFasterPath) {
  // 200 bits: 50 sent on the fiber by 5 s, 20 on the backup by 10 s, the last 130 on the
  // repaired fiber at 10 bit/s end at 23 s.
  Simulator sim({10, 4}, {});
  const PathId fiber = sim.add_path(ids({0}));
  const PathId backup = sim.add_path(ids({1}));
  sim.add_capacity_change({5, 0, 0});
  sim.add_capacity_change({10, 0, 10});
  sim.add_reroute_point(5);
  sim.add_reroute_point(10);
  TableRerouter rerouter;
  rerouter.by_time.push_back({5, {{index(fiber), backup}}});
  rerouter.by_time.push_back({10, {{index(backup), fiber}}});
  const Outcome r = simulate(sim, {elastic(0, 1, fiber, 200)}, rerouter);
  expect_time(r.observer.end_by_tag.at(1), 23);
  EXPECT_EQ(r.observer.completions.at(0).path, fiber);
  EXPECT_EQ(r.stats.flows_rerouted, 2u);
}

TEST(Reroute, MovedFlowSharesTheNewPathWithTheFlowsAlreadyThere) {
  // Fiber 10 bit/s, backup 4 bit/s. A: 100 bits on the fiber; B: 100 bits on the backup.
  // At 5 s A (50 left) joins B (80 left) on the backup at 2 each: A ends at 5 + 25 = 30 s,
  // then B (80 - 50 = 30 left) at 4: 37.5 s.
  Simulator sim({10, 4}, {});
  const PathId fiber = sim.add_path(ids({0}));
  const PathId backup = sim.add_path(ids({1}));
  sim.add_capacity_change({5, 0, 0});
  sim.add_reroute_point(5);
  TableRerouter rerouter;
  rerouter.by_time.push_back({5, {{index(fiber), backup}}});
  const Outcome r = simulate(sim, {elastic(0, 1, fiber, 100), elastic(0, 2, backup, 100)}, rerouter);
  expect_time(r.observer.end_by_tag.at(1), 30);
  expect_time(r.observer.end_by_tag.at(2), 37.5);
  EXPECT_EQ(r.stats.flows_rerouted, 1u);
}

TEST(Reroute, SamePathBackChangesNothing) {
  Simulator sim({10}, {});
  const PathId p = sim.add_path(ids({0}));
  sim.add_reroute_point(3);
  TableRerouter rerouter;
  const Outcome r = simulate(sim, {elastic(0, 1, p, 100)}, rerouter);
  expect_time(r.observer.end_by_tag.at(1), 10);
  EXPECT_EQ(r.stats.flows_rerouted, 0u);
  ASSERT_EQ(rerouter.asked.size(), 1u);
  EXPECT_EQ(rerouter.asked[0].first, p);
  EXPECT_EQ(rerouter.asked[0].second, 3);
}

TEST(Reroute, NoPathFailsElasticFlowsWithWhatTheyHadLeftAndDropsStreams) {
  // 100 bits at 10 bit/s fail at 4 s with 60 left; the stream is dropped at the dead link.
  Simulator sim({10, 100}, {});
  const PathId p = sim.add_path(ids({1, 0}));
  sim.add_capacity_change({4, 0, 0});
  sim.add_reroute_point(4);
  TableRerouter rerouter;
  rerouter.by_time.push_back({4, {{index(p), std::nullopt}}});
  const Outcome r = simulate(sim, {elastic(0, 1, p, 100), stream(1, 2, p, 1, 10)}, rerouter);
  ASSERT_EQ(r.observer.failed.size(), 1u);
  const ElasticFailed& f = r.observer.failed[0];
  EXPECT_EQ(f.tag, 1u);
  EXPECT_EQ(f.path, p);
  EXPECT_EQ(f.at_s, 4);
  EXPECT_EQ(f.start_s, 0);
  EXPECT_EQ(f.size_bits, 100);
  // From 1 s the stream takes 1 bit/s: 10 + 3 * 9 = 37 bits sent.
  EXPECT_NEAR(f.remaining_bits, 63, 1e-9);
  EXPECT_TRUE(r.observer.completions.empty());
  ASSERT_EQ(r.observer.ended.size(), 1u);
  EXPECT_TRUE(r.observer.ended[0].dropped);
  EXPECT_EQ(r.observer.ended[0].dropped_at_resource, std::optional<std::uint32_t>(0));
  EXPECT_EQ(r.observer.ended[0].end_s, 4);
  EXPECT_EQ(r.stats.elastic_failed, 1u);
  EXPECT_EQ(r.stats.streams_dropped, 1u);
  EXPECT_EQ(r.stats.unfinished_elastic_flows, 0u);
}

TEST(Reroute, StreamsAreAdmittedAgainOldestFirstAndTheRestDropped) {
  // Three 4 bit/s streams move to a 10 bit/s backup: the two oldest fit, the newest is
  // dropped at the backup.
  Simulator sim({100, 10}, {});
  const PathId fiber = sim.add_path(ids({0}));
  const PathId backup = sim.add_path(ids({1}));
  sim.add_reroute_point(5);
  TableRerouter rerouter;
  rerouter.by_time.push_back({5, {{index(fiber), backup}}});
  const Outcome r = simulate(sim, {stream(0, 1, fiber, 4, 20), stream(1, 2, fiber, 4, 20), stream(2, 3, fiber, 4, 20)},
                             rerouter);
  ASSERT_EQ(r.observer.ended.size(), 3u);
  const StreamEnded& dropped = r.observer.ended[0];
  EXPECT_EQ(dropped.stream.tag, 3u);
  EXPECT_TRUE(dropped.dropped);
  EXPECT_EQ(dropped.dropped_at_resource, std::optional<std::uint32_t>(1));
  EXPECT_EQ(dropped.end_s, 5);
  // The moved ones end when they were due, on the backup.
  EXPECT_EQ(r.observer.ended[1].stream.tag, 1u);
  EXPECT_EQ(r.observer.ended[1].end_s, 20);
  EXPECT_EQ(r.observer.ended[1].stream.path, backup);
  EXPECT_FALSE(r.observer.ended[1].dropped);
  EXPECT_EQ(r.observer.ended[2].stream.tag, 2u);
  EXPECT_EQ(r.observer.ended[2].end_s, 21);
  EXPECT_EQ(r.stats.flows_rerouted, 2u);
  EXPECT_EQ(r.stats.streams_dropped, 1u);
  ASSERT_EQ(r.observer.points.size(), 1u);
  EXPECT_EQ(r.observer.points[0].at_s, 5);
  EXPECT_EQ(r.observer.points[0].flows_rerouted, 2u);
}

TEST(Reroute, AFlowMovedOntoAPathThatMovesTooMovesOnce) {
  // A→B and B→C at the same point: A's flow ends up on B, B's on C.
  Simulator sim({10, 10, 5}, {});
  const PathId a = sim.add_path(ids({0}));
  const PathId b = sim.add_path(ids({1}));
  const PathId c = sim.add_path(ids({2}));
  sim.add_reroute_point(1);
  TableRerouter rerouter;
  rerouter.by_time.push_back({1, {{index(a), b}, {index(b), c}}});
  const Outcome r = simulate(sim, {elastic(0, 1, a, 20), elastic(0, 2, b, 20)}, rerouter);
  expect_time(r.observer.end_by_tag.at(1), 2);  // 10 left at 10 bit/s
  expect_time(r.observer.end_by_tag.at(2), 3);  // 10 left at 5 bit/s
  EXPECT_EQ(r.stats.flows_rerouted, 2u);
}

TEST(Reroute, ReroutePointsWithoutARerouterAreRefused) {
  Simulator sim({10}, {});
  sim.add_reroute_point(1);
  VectorArrivalSource source({});
  RecordingObserver observer;
  EXPECT_THROW((void)sim.run(source, observer), std::invalid_argument);
  EXPECT_THROW(sim.add_reroute_point(-1), std::invalid_argument);
}

// A rerouter that answers at random: the same path, another of the given paths, or none.
class RandomRerouter final : public Rerouter {
 public:
  RandomRerouter(std::vector<PathId> paths, std::uint64_t seed) : paths_(std::move(paths)), rng_(seed) {}
  std::optional<PathId> reroute(PathId old_path, double /*at_s*/) override {
    const double u = rng_.uniform01();
    if (u < 0.2) return std::nullopt;
    if (u < 0.5) return old_path;
    return paths_[rng_() % paths_.size()];
  }

 private:
  std::vector<PathId> paths_;
  RandomStream rng_;
};

// Elastic flows and streams on random paths, drawn up front.
std::vector<Arrival> mixed_arrivals(const std::vector<PathId>& paths, std::uint64_t seed, std::size_t count) {
  RandomStream rng(seed);
  std::vector<Arrival> arrivals;
  double t = 0;
  for (std::uint64_t tag = 0; tag < count; ++tag) {
    t += -std::log(rng.uniform01()) / 200.0;
    const PathId path = paths[rng() % paths.size()];
    if (rng.uniform01() < 0.8) {
      const std::optional<double> cap = rng.uniform01() < 0.5 ? std::optional<double>(5e6) : std::nullopt;
      arrivals.push_back(elastic(t, tag, path, -std::log(rng.uniform01()) * 4e6, cap));
    } else {
      arrivals.push_back(stream(t, tag, path, 2e6, -std::log(rng.uniform01()) * 5));
    }
  }
  return arrivals;
}

struct ConservationCase {
  SharingMode mode;
  std::uint64_t seed;
  std::optional<double> until_s;
};

class Conservation : public ::testing::TestWithParam<ConservationCase> {};

TEST_P(Conservation, EveryFlowEndsExactlyOnceWhateverFailsAndMoves) {
  const ConservationCase param = GetParam();
  SyntheticCitySpec spec;
  spec.side = 8;
  spec.min_hops = 2;
  spec.max_hops = 8;
  spec.path_count = 40;
  spec.link_bps = 50e6;
  spec.hub_switching_bps = 200e6;
  spec.seed = param.seed;
  const SyntheticCity city = make_synthetic_city(spec);
  EngineConfig config;
  config.mode = param.mode;
  config.recompute_interval_s = 0.1;
  config.streaming_guard_share = 0.1;
  config.sample_interval_s = 1.0;
  Simulator sim(city.capacity_bps, config);
  std::vector<PathId> paths;
  for (const auto& p : city.paths) paths.push_back(sim.add_path(p));

  // Random outages (some to 0, some fades) with a reroute point at each change.
  RandomStream rng(derive_seed(param.seed, {hash_name("failures")}));
  for (int i = 0; i < 30; ++i) {
    const auto resource = static_cast<std::uint32_t>(rng() % city.capacity_bps.size());
    const double start_s = rng.uniform01() * 20;
    const double end_s = start_s + rng.uniform01() * 5;
    const double left = rng.uniform01() < 0.5 ? 0.0 : rng.uniform01();
    sim.add_capacity_change({start_s, resource, city.capacity_bps[resource] * left});
    sim.add_capacity_change({end_s, resource, city.capacity_bps[resource]});
    sim.add_reroute_point(start_s);
    sim.add_reroute_point(end_s);
  }
  RandomRerouter rerouter(paths, derive_seed(param.seed, {hash_name("rerouter")}));
  const std::vector<Arrival> arrivals = mixed_arrivals(paths, derive_seed(param.seed, {hash_name("arrivals")}), 4000);
  std::set<std::uint64_t> elastic_tags;
  std::set<std::uint64_t> stream_tags;
  for (const Arrival& a : arrivals) {
    if (param.until_s && a.start_s > *param.until_s) continue;  // never seen
    (std::holds_alternative<ElasticFlow>(a.flow) ? elastic_tags : stream_tags).insert(a.tag);
  }
  Outcome r;
  VectorArrivalSource source(arrivals);
  r.stats = sim.run(source, r.observer, param.until_s, &rerouter);

  EXPECT_GT(r.stats.flows_rerouted, 0u);
  EXPECT_GT(r.stats.elastic_failed, 0u);
  EXPECT_GT(r.stats.streams_dropped, 0u);
  EXPECT_EQ(r.stats.elastic_arrivals, elastic_tags.size());
  EXPECT_EQ(r.stats.elastic_completed + r.stats.elastic_failed + r.stats.unfinished_elastic_flows,
            r.stats.elastic_arrivals);
  EXPECT_EQ(r.observer.completions.size(), r.stats.elastic_completed);
  EXPECT_EQ(r.observer.failed.size(), r.stats.elastic_failed);
  // Each elastic flow ends at most once, as completed or failed.
  std::set<std::uint64_t> ended_elastic;
  for (const ElasticCompletion& c : r.observer.completions) EXPECT_TRUE(ended_elastic.insert(c.tag).second);
  for (const ElasticFailed& f : r.observer.failed) {
    EXPECT_TRUE(ended_elastic.insert(f.tag).second);
    EXPECT_GE(f.remaining_bits, 0);
    EXPECT_LE(f.remaining_bits, f.size_bits * (1 + 1e-9));
  }
  for (const std::uint64_t tag : ended_elastic) EXPECT_TRUE(elastic_tags.count(tag));
  // Every admitted stream ends once (normally or dropped), or is still on when the run stops.
  std::set<std::uint64_t> ended_streams;
  std::uint64_t dropped = 0;
  for (const StreamEnded& e : r.observer.ended) {
    EXPECT_TRUE(ended_streams.insert(e.stream.tag).second);
    if (e.dropped) ++dropped;
  }
  EXPECT_EQ(dropped, r.stats.streams_dropped);
  EXPECT_EQ(r.stats.streams_ended + r.stats.streams_dropped + r.stats.unfinished_streams, r.stats.streams_admitted);
  std::uint64_t moved = 0;
  for (const ReroutePointDone& d : r.observer.points) moved += d.flows_rerouted;
  EXPECT_EQ(moved, r.stats.flows_rerouted);
  EXPECT_EQ(r.observer.admitted.size(), r.stats.streams_admitted);
  EXPECT_EQ(r.observer.admitted.size() + r.observer.blocked.size(), stream_tags.size());
  if (param.until_s) {
    EXPECT_LE(ended_streams.size(), r.stats.streams_admitted);
  } else {
    EXPECT_EQ(ended_streams.size(), r.stats.streams_admitted);
  }
  // Carried bits never exceed capacity in exact mode (fast mode may overbook for an interval).
  if (param.mode == SharingMode::exact) {
    for (const auto& s : r.observer.samples) {
      for (std::size_t k = 0; k < s.resources.size(); ++k) {
        const double carried = s.resources[k].elastic_bits + s.resources[k].stream_bits;
        EXPECT_LE(carried, city.capacity_bps[k] * (s.end_s - s.start_s) * (1 + 1e-6) + 1e-3);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, Conservation,
                         ::testing::Values(ConservationCase{SharingMode::exact, 1, std::nullopt},
                                           ConservationCase{SharingMode::exact, 2, 15.0},
                                           ConservationCase{SharingMode::fast, 3, std::nullopt},
                                           ConservationCase{SharingMode::fast, 4, 15.0}));

}  // namespace
}  // namespace citynet::engine
