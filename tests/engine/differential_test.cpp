// Exact mode against the independent reference (tests/engine/reference/) on random
// resources, paths and traces: the completion times must agree.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/rng.hpp"
#include "engine/simulator.hpp"
#include "recording_observer.hpp"
#include "reference/reference_simulator.hpp"

namespace citynet::engine {
namespace {

// The engine solves by levels and serves groups in virtual time; the reference by
// increments and per-flow bits. Both are exact up to rounding, so they agree far inside this.
constexpr double kRelativeAgreement = 1e-6;
constexpr int kCases = 300;

struct Case {
  std::vector<double> capacity_bps;
  std::vector<std::vector<std::uint32_t>> paths;
  std::vector<reference::Flow> flows;
  std::vector<std::size_t> path_of_flow;
  std::vector<reference::CapacityStep> steps;
};

// Random resources with a "switching node" that half of the paths cross, a few path
// templates reused by many flows (so groups form), caps from a short list (so capped groups
// form too), weights 1 or 2, and bursts of flows starting at the same instant.
Case random_case(RandomStream& rng, bool with_capacity_changes) {
  Case c;
  const std::uint32_t links = 2 + rng() % 15;
  for (std::uint32_t r = 0; r < links; ++r) c.capacity_bps.push_back(10 + 90 * rng.uniform01());
  const std::uint32_t node = links;
  c.capacity_bps.push_back(20 + 60 * rng.uniform01());
  const int path_count = 1 + static_cast<int>(rng() % 8);
  for (int p = 0; p < path_count; ++p) {
    std::vector<std::uint32_t> path;
    for (std::uint32_t r = 0; r < links; ++r) {
      if (rng.uniform01() < 0.3) path.push_back(r);
    }
    if (path.empty()) path.push_back(static_cast<std::uint32_t>(rng() % links));
    if (rng.uniform01() < 0.5) path.insert(path.begin() + static_cast<long>(rng() % path.size()), node);
    c.paths.push_back(path);
  }
  const std::vector<double> caps{5, 12, 30};
  const int flow_count = 5 + static_cast<int>(rng() % 60);
  double t = 0;
  for (int f = 0; f < flow_count; ++f) {
    if (rng.uniform01() < 0.7) t += -std::log(rng.uniform01()) * 0.5;  // else: same instant
    reference::Flow flow;
    flow.start_s = t;
    const std::size_t p = rng() % c.paths.size();
    c.path_of_flow.push_back(p);
    flow.resources = c.paths[p];
    flow.size_bits = 1 + -std::log(rng.uniform01()) * 40;
    const double u = rng.uniform01();
    if (u < 0.4) {
      flow.cap_bps = caps[rng() % caps.size()];
    } else if (u < 0.5) {
      flow.cap_bps = 1 + 40 * rng.uniform01();
    }
    flow.weight = rng.uniform01() < 0.2 ? 2.0 : 1.0;
    c.flows.push_back(flow);
  }
  if (with_capacity_changes) {
    const int change_count = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < change_count; ++i) {
      const auto r = static_cast<std::uint32_t>(rng() % c.capacity_bps.size());
      const double at = t * rng.uniform01();
      const double to = rng.uniform01() < 0.3 ? 0.0 : 5 + 95 * rng.uniform01();
      c.steps.push_back({at, r, to});
      c.steps.push_back({at + 1 + 5 * rng.uniform01(), r, c.capacity_bps[r]});  // repaired
    }
  }
  return c;
}

std::map<std::uint64_t, double> engine_completions(const Case& c, EngineConfig config) {
  Simulator sim(c.capacity_bps, config);
  std::vector<PathId> ids;
  for (const auto& path : c.paths) ids.push_back(sim.add_path(path));
  for (const auto& s : c.steps) sim.add_capacity_change({s.at_s, s.resource, s.capacity_bps});
  std::vector<Arrival> arrivals;
  for (std::size_t f = 0; f < c.flows.size(); ++f) {
    const auto& flow = c.flows[f];
    arrivals.push_back(test_support::elastic(flow.start_s, f, ids[c.path_of_flow[f]], flow.size_bits, flow.cap_bps,
                                             flow.weight));
  }
  VectorArrivalSource source(std::move(arrivals));
  test_support::RecordingObserver observer;
  (void)sim.run(source, observer);
  return observer.end_by_tag;
}

void expect_agreement(const Case& c, const std::map<std::uint64_t, double>& engine, int case_index) {
  const auto expected = reference::completion_times(c.capacity_bps, c.flows, c.steps);
  ASSERT_EQ(engine.size(), c.flows.size()) << "case " << case_index;
  for (std::size_t f = 0; f < c.flows.size(); ++f) {
    const double sojourn_s = expected[f] - c.flows[f].start_s;
    ASSERT_NEAR(engine.at(f), expected[f], kRelativeAgreement * sojourn_s) << "case " << case_index << " flow " << f;
  }
}

TEST(ExactModeAgainstReference, CompletionTimesAgreeOnRandomTraces) {
  RandomStream rng(derive_seed(11, {hash_name("differential")}));
  for (int i = 0; i < kCases; ++i) {
    const Case c = random_case(rng, false);
    expect_agreement(c, engine_completions(c, EngineConfig{}), i);
  }
}

TEST(ExactModeAgainstReference, CompletionTimesAgreeWhenCapacitiesFailAndReturn) {
  RandomStream rng(derive_seed(12, {hash_name("differential-failures")}));
  for (int i = 0; i < kCases; ++i) {
    const Case c = random_case(rng, true);
    expect_agreement(c, engine_completions(c, EngineConfig{}), i);
  }
}

TEST(FastMode, WithIntervalZeroIsExactMode) {
  RandomStream rng(derive_seed(13, {hash_name("fast-zero")}));
  EngineConfig fast;
  fast.mode = SharingMode::fast;
  fast.recompute_interval_s = 0;
  for (int i = 0; i < kCases; ++i) {
    const Case c = random_case(rng, i % 2 == 1);
    expect_agreement(c, engine_completions(c, fast), i);
  }
}

}  // namespace
}  // namespace citynet::engine
