// Fast mode's error against exact mode on a city-like random trace (every flow limited by a
// subscriber line rate, as in a city), within the bounds the engine promises. The trace is
// CITYNET_VALIDATION_SCALE x 20,000 flows (at least 10,000: the first few thousand see a
// network still filling up, and the p99 needs a few hundred flows above it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>

#include "engine/simulator.hpp"
#include "engine/synthetic_workload.hpp"
#include "recording_observer.hpp"

namespace citynet::engine {
namespace {

constexpr double kMeanRelativeErrorBound = 0.01;
constexpr double kP99RelativeErrorBound = 0.05;
constexpr double kRecomputeIntervalS = 0.1;
constexpr double kFlowsAtScaleOne = 20000;
constexpr double kFewestFlows = 10000;

std::uint64_t flow_count() {
  const char* text = std::getenv("CITYNET_VALIDATION_SCALE");
  const double scale = text ? std::stod(text) : 1.0;
  return static_cast<std::uint64_t>(std::max(kFewestFlows, kFlowsAtScaleOne * scale));
}

struct Workload {
  SyntheticCity city;
  SyntheticTrafficSpec traffic;
};

// A small city at moderate load: the hubs' links run near 60% busy, so flows share them.
Workload moderate_city() {
  SyntheticCitySpec spec;
  spec.side = 16;
  spec.link_bps = 100e6;
  spec.hub_switching_bps = 2e9;
  spec.min_hops = 3;
  spec.max_hops = 12;
  spec.path_count = 300;
  Workload w{make_synthetic_city(spec), {}};
  w.traffic.arrivals_per_s = 100;
  w.traffic.mean_size_bits = 8e6;
  w.traffic.flows = flow_count();
  w.traffic.caps_bps = {0.5e6, 1e6, 2e6, 10e6};
  return w;
}

std::vector<double> sojourns(const Workload& w, const EngineConfig& config) {
  Simulator sim(w.city.capacity_bps, config);
  std::vector<PathId> ids;
  for (const auto& p : w.city.paths) ids.push_back(sim.add_path(p));
  SyntheticArrivals arrivals(ids, w.traffic);
  test_support::RecordingObserver observer;
  (void)sim.run(arrivals, observer);
  std::vector<double> out(w.traffic.flows, 0.0);
  for (const auto& c : observer.completions) out[c.tag] = c.end_s - c.start_s;
  return out;
}

TEST(FastMode, CompletionTimeErrorAgainstExactModeIsWithinTheStatedBounds) {
  const Workload w = moderate_city();
  const std::vector<double> exact = sojourns(w, EngineConfig{});
  EngineConfig fast;
  fast.mode = SharingMode::fast;
  fast.recompute_interval_s = kRecomputeIntervalS;
  const std::vector<double> approx = sojourns(w, fast);
  std::vector<double> error;
  for (std::size_t i = 0; i < exact.size(); ++i) error.push_back(std::abs(approx[i] - exact[i]) / exact[i]);
  double mean = 0;
  for (double e : error) mean += e / static_cast<double>(error.size());
  std::sort(error.begin(), error.end());
  const double p99 = error[error.size() * 99 / 100];
  std::cout << "fast mode, interval " << kRecomputeIntervalS << " s: mean relative error " << mean << ", p99 " << p99
            << "\n";
  EXPECT_LT(mean, kMeanRelativeErrorBound);
  EXPECT_LT(p99, kP99RelativeErrorBound);
}

}  // namespace
}  // namespace citynet::engine
