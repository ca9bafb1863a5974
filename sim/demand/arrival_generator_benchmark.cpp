// How fast the demand model hands out arrivals for a whole city, against the cheapest
// possible Poisson source (one exponential gap per draw, no merge, no sizes) measured in
// the same run. The city is the default scenario's demand over access sites of one DSLAM
// cabinet each, so the merge holds as many streams as a full run does.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "core/units.hpp"
#include "demand/arrival_generator.hpp"
#include "scenario/load.hpp"

namespace {

using namespace citynet;

constexpr double kLongRunS = 30 * kSecondsPerDay;  // never exhausted within a benchmark
constexpr std::int64_t kSubscribersPerSite = 2688;  // one MA5600 cabinet (calibration)

const scenario::Scenario& tianjin_2005() {
  static const scenario::Scenario loaded =
      scenario::load_scenario_file(std::string(CITYNET_SOURCE_DIR) + "/scenarios/tianjin-2005.yaml");
  return loaded;
}

bool lives_in(const scenario::SubscriberClass& c, const std::string& district) {
  return c.districts.empty() || std::find(c.districts.begin(), c.districts.end(), district) != c.districts.end();
}

// Each class spread over its districts by households, each district cut into sites of
// about one cabinet.
std::vector<demand::Site> cabinet_sites(const scenario::Scenario& s) {
  const auto& districts = s.city.districts;
  const auto& classes = s.demand.classes;
  std::vector<std::vector<double>> by_district(districts.size(), std::vector<double>(classes.size(), 0.0));
  for (std::size_t c = 0; c < classes.size(); ++c) {
    double households = 0;
    for (const auto& d : districts) households += lives_in(classes[c], d.name) ? static_cast<double>(d.households) : 0;
    for (std::size_t d = 0; d < districts.size(); ++d) {
      if (lives_in(classes[c], districts[d].name)) {
        by_district[d][c] = static_cast<double>(classes[c].count) * static_cast<double>(districts[d].households) / households;
      }
    }
  }
  std::vector<demand::Site> sites;
  for (std::size_t d = 0; d < districts.size(); ++d) {
    double total = 0;
    for (double n : by_district[d]) total += n;
    const auto site_count = static_cast<std::int64_t>(std::ceil(total / kSubscribersPerSite));
    for (std::int64_t k = 0; k < site_count; ++k) {
      demand::Site site{static_cast<std::uint32_t>(sites.size()), districts[d].name + "-" + std::to_string(k),
                        districts[d].name, districts[d].x_km, districts[d].y_km, {}};
      for (double n : by_district[d]) site.subscribers_by_class.push_back(std::llround(n / static_cast<double>(site_count)));
      sites.push_back(std::move(site));
    }
  }
  return sites;
}

void BM_ExponentialGapsBaseline(benchmark::State& state) {
  RandomStream random(1);
  double t = 0;
  for (auto _ : state) {
    t += -std::log(random.uniform01());
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExponentialGapsBaseline);

void BM_TianjinArrivals(benchmark::State& state) {
  const auto& s = tianjin_2005();
  demand::ArrivalGenerator generator(s.demand, cabinet_sites(s), s.simulation.seed, kLongRunS);
  for (auto _ : state) {
    auto arrival = generator.next();
    benchmark::DoNotOptimize(arrival);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["streams"] = static_cast<double>(generator.stream_count());
  state.counters["sites"] = static_cast<double>(generator.sites().size());
}
BENCHMARK(BM_TianjinArrivals);

void BM_TianjinGeneratorSetUp(benchmark::State& state) {
  const auto& s = tianjin_2005();
  const auto sites = cabinet_sites(s);
  for (auto _ : state) {
    demand::ArrivalGenerator generator(s.demand, sites, s.simulation.seed, kLongRunS);
    benchmark::DoNotOptimize(generator);
  }
}
BENCHMARK(BM_TianjinGeneratorSetUp)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
