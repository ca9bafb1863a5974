// The busy hour's loads by site and far end add up to the calibration summary's busy-hour
// rates, and P2P goes only to other sites, in proportion to the gravity model.
#include "demand/busy_hour_load.hpp"

#include <gtest/gtest.h>

#include "demand/calibration_summary.hpp"
#include "demand_fixtures.hpp"

namespace citynet::demand {
namespace {

// Sums of a few hundred terms: relative error of a few ulps.
constexpr double kRelativeTolerance = 1e-9;

TEST(BusyHourLoad, SumsByDestinationEqualTheCalibrationSummary) {
  const auto demand = testing::small_city_demand();
  const auto sites = testing::small_city_sites();
  const BusyHourLoads loads = busy_hour_loads(demand, sites);
  const CalibrationSummary summary = summarize_demand(demand, sites);
  EXPECT_EQ(loads.busy_hour, summary.busy_hour);
  std::array<double, 3> down{};
  std::array<double, 3> up{};
  for (const BusyHourLoad& load : loads.loads) {
    down[static_cast<std::size_t>(load.kind)] += load.down_bps;
    up[static_cast<std::size_t>(load.kind)] += load.up_bps;
    if (load.kind == DestinationKind::site) {
      EXPECT_NE(load.peer, load.site);  // never its own peer
    }
  }
  for (std::size_t k = 0; k < 3; ++k) {
    const TrafficVolume& expected = summary.by_destination[k];
    EXPECT_NEAR(down[k], expected.busy_hour_down_bps, kRelativeTolerance * expected.busy_hour_down_bps) << k;
    EXPECT_NEAR(up[k], expected.busy_hour_up_bps, kRelativeTolerance * expected.busy_hour_up_bps) << k;
  }
  EXPECT_GT(down[static_cast<std::size_t>(DestinationKind::site)], 0);
}

TEST(BusyHourLoad, PeersInTheSameDistrictShareInProportionToTheirSubscribers) {
  // Sites 0 and 1 are both in Heping; from Tanggu (site 2) they are equally far, so their
  // P2P loads stand as their attraction: 2000 and 1000 ADSL subscribers (P2P's class).
  const BusyHourLoads loads = busy_hour_loads(testing::small_city_demand(), testing::small_city_sites());
  double to_site0 = 0;
  double to_site1 = 0;
  for (const BusyHourLoad& load : loads.loads) {
    if (load.site != 2 || load.kind != DestinationKind::site) continue;
    if (load.peer == 0) to_site0 = load.down_bps;
    if (load.peer == 1) to_site1 = load.down_bps;
  }
  ASSERT_GT(to_site1, 0);
  EXPECT_NEAR(to_site0 / to_site1, 2.0, kRelativeTolerance);
}

}  // namespace
}  // namespace citynet::demand
