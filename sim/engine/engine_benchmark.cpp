// Engine throughput on a city-sized synthetic workload (synthetic_workload.hpp), with the
// baseline of a naive engine measured in the same run: one full max-min solve over every
// active flow, without aggregation, at every event (as SimGrid re-solves at each event).
#include <benchmark/benchmark.h>

#include "engine/maxmin_solver.hpp"
#include "engine/simulator.hpp"
#include "engine/synthetic_workload.hpp"

namespace citynet::engine {
namespace {

// City traffic: every flow limited by its subscriber's line rate (ADSL to LAN). The
// arrival rate is tuned so that about 6,000 flows are active at once (Little's law: mean
// time at the line rate 7.2 s).
const std::vector<std::optional<double>> kLineRatesBps{0.5e6, 1e6, 2e6, 10e6};
constexpr double kCityArrivalsPerS = 830;
// A harsher mix, as in replayed traces: a quarter of the flows have no cap, so they fill
// whatever their path leaves and nearly every event needs a solve.
const std::vector<std::optional<double>> kMixedCapsBps{0.5e6, 1e6, 2e6, std::nullopt};
constexpr double kMixedArrivalsPerS = 860;
// Links thin enough that the busiest ones, next to the hubs, carry most of their capacity.
constexpr double kCityLinkBps = 800e6;

SyntheticCity city_network() {
  SyntheticCitySpec spec;
  spec.link_bps = kCityLinkBps;
  return make_synthetic_city(spec);
}

constexpr std::size_t kSnapshotFlows = 6000;

class ConcurrencyObserver : public Observer {
 public:
  void on_elastic_completed(const ElasticCompletion& c) override {
    sojourn_sum_s += c.end_s - c.start_s;
    last_end_s = c.end_s;
  }
  double sojourn_sum_s = 0;
  double last_end_s = 0;
};

void run_city(benchmark::State& state, EngineConfig config, std::uint64_t flows, double arrivals_per_s,
              const std::vector<std::optional<double>>& caps_bps) {
  const SyntheticCity city = city_network();
  RunStats stats;
  ConcurrencyObserver observer;
  for (auto _ : state) {
    Simulator sim(city.capacity_bps, config);
    std::vector<PathId> ids;
    for (const auto& p : city.paths) ids.push_back(sim.add_path(p));
    SyntheticTrafficSpec traffic;
    traffic.arrivals_per_s = arrivals_per_s;
    traffic.caps_bps = caps_bps;
    traffic.flows = flows;
    SyntheticArrivals arrivals(ids, traffic);
    observer = ConcurrencyObserver{};
    stats = sim.run(arrivals, observer);
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(stats.events_processed), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["flows_per_s"] =
      benchmark::Counter(static_cast<double>(stats.elastic_completed), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["mean_active_flows"] = observer.sojourn_sum_s / observer.last_end_s;  // Little's law
  state.counters["peak_active_flows"] = static_cast<double>(stats.peak_active_elastic_flows);
  state.counters["peak_groups"] = static_cast<double>(stats.peak_groups);
  state.counters["solves_per_event"] =
      static_cast<double>(stats.recomputations) / static_cast<double>(stats.events_processed);
}

void BM_ExactModeCity(benchmark::State& state) {
  run_city(state, EngineConfig{}, state.range(0), kCityArrivalsPerS, kLineRatesBps);
}

void BM_ExactModeMixedCaps(benchmark::State& state) {
  run_city(state, EngineConfig{}, state.range(0), kMixedArrivalsPerS, kMixedCapsBps);
}

void BM_FastModeCity(benchmark::State& state) {
  EngineConfig config;
  config.mode = SharingMode::fast;
  config.recompute_interval_s = static_cast<double>(state.range(0)) / 1000;
  run_city(state, config, state.range(1), kCityArrivalsPerS, kLineRatesBps);
}

// A snapshot of kSnapshotFlows active flows drawn like the workload's.
SharingProblem snapshot() {
  const SyntheticCity city = city_network();
  SharingProblem problem;
  problem.capacity_bps = city.capacity_bps;
  RandomStream rng(derive_seed(3, {hash_name("snapshot")}));
  for (std::size_t f = 0; f < kSnapshotFlows; ++f) {
    SharedFlow flow;
    flow.resources = city.paths[rng() % city.paths.size()];
    flow.rate_cap_bps = kLineRatesBps[rng() % kLineRatesBps.size()];
    problem.flows.push_back(flow);
  }
  return problem;
}

// The naive engine's cost per event: a full solve over every flow, one variable each.
void BM_NaiveFullSolvePerEvent(benchmark::State& state) {
  const SharingProblem problem = snapshot();
  for (auto _ : state) benchmark::DoNotOptimize(solve_max_min(problem));
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_NaiveFullSolvePerEvent)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExactModeCity)->Arg(200000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ExactModeMixedCaps)->Arg(200000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_FastModeCity)->Args({100, 1000000})->Args({1000, 1000000})->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace citynet::engine

BENCHMARK_MAIN();
