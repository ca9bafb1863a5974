// Engine throughput on a city-sized synthetic workload (synthetic_workload.hpp), with the
// baseline of a naive engine measured in the same run: one full max-min solve over every
// active flow, without aggregation, at every event (as SimGrid re-solves at each event).
#include <benchmark/benchmark.h>

#include <chrono>

#include "engine/maxmin_solver.hpp"
#include "engine/simulator.hpp"
#include "engine/synthetic_workload.hpp"

namespace citynet::engine {
namespace {

// Tuned so that about 6,000 flows are active at once on the default synthetic city.
constexpr double kArrivalsPerS = 1000;
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

void run_city(benchmark::State& state, EngineConfig config, std::uint64_t flows) {
  const SyntheticCity city = make_synthetic_city({});
  RunStats stats;
  ConcurrencyObserver observer;
  for (auto _ : state) {
    Simulator sim(city.capacity_bps, config);
    std::vector<PathId> ids;
    for (const auto& p : city.paths) ids.push_back(sim.add_path(p));
    SyntheticTrafficSpec traffic;
    traffic.arrivals_per_s = kArrivalsPerS;
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

void BM_ExactModeCity(benchmark::State& state) { run_city(state, EngineConfig{}, state.range(0)); }

void BM_FastModeCity(benchmark::State& state) {
  EngineConfig config;
  config.mode = SharingMode::fast;
  config.recompute_interval_s = static_cast<double>(state.range(0)) / 1000;
  run_city(state, config, state.range(1));
}

// A snapshot of kSnapshotFlows active flows drawn like the workload's.
SharingProblem snapshot() {
  const SyntheticCity city = make_synthetic_city({});
  SharingProblem problem;
  problem.capacity_bps = city.capacity_bps;
  RandomStream rng(derive_seed(3, {hash_name("snapshot")}));
  const SyntheticTrafficSpec traffic;
  for (std::size_t f = 0; f < kSnapshotFlows; ++f) {
    SharedFlow flow;
    flow.resources = city.paths[rng() % city.paths.size()];
    flow.rate_cap_bps = traffic.caps_bps[rng() % traffic.caps_bps.size()];
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
BENCHMARK(BM_ExactModeCity)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_FastModeCity)->Args({100, 400000})->Args({500, 400000})->Args({1000, 400000})->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace citynet::engine

BENCHMARK_MAIN();
