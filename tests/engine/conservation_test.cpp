// What the samples say each resource carried is what the flows crossing it delivered: the
// load the engine keeps per resource must follow every rate it hands out, in both modes,
// including the rates fast mode guesses for flows arriving between its solves.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/simulator.hpp"
#include "engine/synthetic_workload.hpp"
#include "recording_observer.hpp"

namespace citynet::engine {
namespace {

// Sums of a few thousand products of rates and times: agreement to this relative error.
constexpr double kRelativeTolerance = 1e-9;

struct Carried {
  std::vector<double> sampled_bits;    // per resource, summed over the sample ticks
  std::vector<double> delivered_bits;  // per resource, summed over the flows crossing it
};

Carried run_busy_city(SharingMode mode, std::vector<std::optional<double>> caps_bps) {
  SyntheticCitySpec spec;
  spec.side = 8;
  spec.link_bps = 20e6;
  spec.hub_switching_bps = 200e6;
  spec.min_hops = 2;
  spec.max_hops = 8;
  spec.path_count = 60;
  const SyntheticCity city = make_synthetic_city(spec);
  EngineConfig config;
  config.mode = mode;
  config.recompute_interval_s = 0.5;
  config.sample_interval_s = 1.0;
  Simulator sim(city.capacity_bps, config);
  std::vector<PathId> ids;
  for (const auto& p : city.paths) ids.push_back(sim.add_path(p));
  SyntheticTrafficSpec traffic;
  traffic.arrivals_per_s = 60;
  traffic.mean_size_bits = 4e6;
  traffic.flows = 3000;
  traffic.caps_bps = std::move(caps_bps);
  SyntheticArrivals arrivals(ids, traffic);
  test_support::RecordingObserver observer;
  (void)sim.run(arrivals, observer);

  Carried carried{std::vector<double>(city.capacity_bps.size(), 0.0),
                  std::vector<double>(city.capacity_bps.size(), 0.0)};
  for (const auto& s : observer.samples) {
    for (std::size_t r = 0; r < s.resources.size(); ++r) carried.sampled_bits[r] += s.resources[r].elastic_bits;
  }
  EXPECT_EQ(observer.completions.size(), traffic.flows);
  for (const auto& c : observer.completions) {
    const auto k = static_cast<std::size_t>(std::find(ids.begin(), ids.end(), c.path) - ids.begin());
    for (std::uint32_t r : city.paths.at(k)) carried.delivered_bits[r] += c.size_bits;
  }
  return carried;
}

void expect_conserved(const Carried& c) {
  for (std::size_t r = 0; r < c.sampled_bits.size(); ++r) {
    EXPECT_NEAR(c.sampled_bits[r], c.delivered_bits[r], kRelativeTolerance * std::max(1.0, c.delivered_bits[r]))
        << "resource " << r;
  }
}

TEST(Conservation, ExactModeSamplesCarryWhatTheFlowsDeliver) {
  expect_conserved(run_busy_city(SharingMode::exact, {2e6, 10e6, std::nullopt}));
}

TEST(Conservation, FastModeSamplesCarryWhatTheFlowsDeliverWithUncappedFlows) {
  expect_conserved(run_busy_city(SharingMode::fast, {std::nullopt}));
}

TEST(Conservation, FastModeSamplesCarryWhatTheFlowsDeliverWithCappedFlows) {
  expect_conserved(run_busy_city(SharingMode::fast, {1e6, 2e6, 10e6, std::nullopt}));
}

}  // namespace
}  // namespace citynet::engine
