// Every scenario shipped in scenarios/ gives a demand the generator accepts, whose
// analysis is finite and whose first hour of sessions lies within that hour.
#include <algorithm>
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "city_sites.hpp"
#include "core/units.hpp"
#include "demand/arrival_generator.hpp"
#include "demand/calibration_summary.hpp"
#include "scenario/load.hpp"

namespace citynet::demand {
namespace {

// A sample of about this many subscribers keeps the test quick, whatever the city's size.
constexpr double kSampleSubscribers = 3000;

double sample_fraction(const scenario::Demand& demand) {
  double subscribers = 0;
  for (const auto& c : demand.classes) subscribers += static_cast<double>(c.count);
  return std::min(1.0, kSampleSubscribers / subscribers);
}

class ShippedScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedScenario, DemandGeneratesAndHasAFiniteAnalysis) {
  const auto s = scenario::load_scenario_file(std::string(CITYNET_SOURCE_DIR) + "/scenarios/" + GetParam() + ".yaml");
  const auto sites = testing::district_sites(s, sample_fraction(s.demand));
  const auto summary = summarize_demand(s.demand, sites);
  EXPECT_TRUE(std::isfinite(summary.total.down_bytes_per_day));
  EXPECT_GT(summary.total.down_bytes_per_day, 0.0);
  ArrivalGenerator generator(s.demand, sites, s.simulation.seed, kSecondsPerHour);
  std::size_t arrivals = 0;
  while (auto arrival = generator.next()) {
    ++arrivals;
    ASSERT_LT(arrival->start_s, kSecondsPerHour);
    ASSERT_GT(arrival->line_rate_bps, 0.0);
  }
  EXPECT_GT(arrivals, 0U);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenario,
                         ::testing::Values("tianjin-2005", "tianjin-2002", "tianjin-2000", "small-town",
                                           "tianjin-2005-failures"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace citynet::demand
