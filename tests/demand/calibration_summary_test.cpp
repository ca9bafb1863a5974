#include "demand/calibration_summary.hpp"

#include <cmath>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "core/units.hpp"
#include "demand/arrival_generator.hpp"
#include "demand_fixtures.hpp"

namespace citynet::demand {
namespace {

using namespace citynet::demand::testing;

constexpr double kRelativeExact = 1e-12;
constexpr double kStandardErrors = 5.0;
constexpr std::uint64_t kSeed = 42;

scenario::Demand flat_web_demand() {
  scenario::Demand demand;
  demand.classes.push_back(make_class("adsl", scenario::AccessKind::adsl, 512e3, 128e3));
  demand.classes.push_back(make_class("dialup", scenario::AccessKind::dialup, 56e3, 33.6e3));
  auto web = make_elastic("web", 10, 0);
  web.size_bytes.kind = scenario::Distribution::Kind::fixed;
  web.size_bytes.mean = 100e3;
  demand.applications.push_back(web);
  return demand;
}

TEST(CalibrationSummary, FlatDayOfFixedSizesIsPlainArithmetic) {
  // 1000 ADSL + 500 dial-up subscribers * 10 sessions * 100 kB = 1.5e9 B a day; with no
  // profile the day is flat, so every hour carries 1.5e9 * 8 / 86400 b/s. Broadband is
  // the ADSL class only: 1e9 * 8 / 86400 / 1000 b/s per subscriber.
  const auto summary = summarize_demand(flat_web_demand(), {make_site(0, "Heping", 0, 0, {1000, 500})});
  EXPECT_NEAR(summary.total.down_bytes_per_day, 1.5e9, 1.5e9 * kRelativeExact);
  EXPECT_EQ(summary.total.up_bytes_per_day, 0.0);
  EXPECT_NEAR(summary.total.sessions_per_day, 15'000, 15'000 * kRelativeExact);
  EXPECT_NEAR(summary.total.busy_hour_down_bps, 1.5e9 * 8 / 86400, 1e-6);
  EXPECT_EQ(summary.broadband_subscribers, 1000.0);
  EXPECT_NEAR(summary.busy_hour_down_bps_per_broadband_subscriber, 1e9 * 8 / 86400 / 1000, 1e-9);
  EXPECT_NEAR(summary.by_class[1].down_bytes_per_day, 0.5e9, 0.5e9 * kRelativeExact);
  EXPECT_EQ(summary.application_share_of_down_bytes, std::vector<double>{1.0});
}

TEST(CalibrationSummary, BusyHourIsThePeakOfTheProfile) {
  // The evening day peaks at 21:00 with multiplier 1 out of a sum of 16.98.
  auto demand = flat_web_demand();
  demand.profiles.push_back(scenario::DiurnalProfile{"evening", kEveningDay, {}});
  demand.default_profile = "evening";
  const auto summary = summarize_demand(demand, {make_site(0, "Heping", 0, 0, {1000, 0})});
  const double sum = std::accumulate(kEveningDay.begin(), kEveningDay.end(), 0.0);
  EXPECT_EQ(summary.busy_hour, 21);
  EXPECT_NEAR(summary.total.busy_hour_down_bps, 1e9 / sum * 8 / 3600, 1e-6);
  EXPECT_NEAR(summary.down_bps_by_hour[4], 1e9 * 0.47 / sum * 8 / 3600, 1e-6);
}

TEST(CalibrationSummary, StreamsCountRateTimesDurationCappedByTheLine) {
  // Video conferencing, 384 kb/s both ways for 600 s from a 512k/128k line: 28.8 MB down
  // and 128e3 * 600 / 8 = 9.6 MB up per session.
  const auto demand = small_city_demand();
  EXPECT_NEAR(mean_session_bytes(demand.applications[2], demand.classes[0], true), 28.8e6, 1e-3);
  EXPECT_NEAR(mean_session_bytes(demand.applications[2], demand.classes[0], false), 9.6e6, 1e-3);
  // Dial-up: 56k down, 33.6k up.
  EXPECT_NEAR(mean_session_bytes(demand.applications[2], demand.classes[1], true), 56e3 * 600 / 8, 1e-3);
}

TEST(CalibrationSummary, DestinationsAndApplicationsEachPartitionTheTotal) {
  const auto summary = summarize_demand(small_city_demand(), small_city_sites());
  double by_destination = 0;
  for (const auto& volume : summary.by_destination) by_destination += volume.down_bytes_per_day;
  EXPECT_NEAR(by_destination, summary.total.down_bytes_per_day, summary.total.down_bytes_per_day * 1e-12);
  EXPECT_NEAR(std::accumulate(summary.application_share_of_down_bytes.begin(),
                              summary.application_share_of_down_bytes.end(), 0.0),
              1.0, 1e-12);
  // Only P2P goes to peers, 0.4 of its sessions.
  EXPECT_NEAR(summary.by_destination[static_cast<std::size_t>(DestinationKind::site)].down_bytes_per_day,
              0.4 * summary.by_application[1].down_bytes_per_day, 1e-3);
}

TEST(CalibrationSummary, GeneratedBytesMatchTheAnalyticExpectation) {
  // A day's bytes of an application are a compound Poisson sum S = sum X_i, whose variance
  // lambda E[X^2] is estimated by sum X_i^2.
  const auto demand = small_city_demand();
  const auto sites = small_city_sites();
  const auto summary = summarize_demand(demand, sites);
  ArrivalGenerator generator(demand, sites, kSeed, kSecondsPerDay);
  std::vector<double> down_bytes(demand.applications.size(), 0.0);
  std::vector<double> down_bytes_squared(demand.applications.size(), 0.0);
  std::vector<double> busy_down_bytes(demand.applications.size(), 0.0);
  std::vector<double> busy_down_bytes_squared(demand.applications.size(), 0.0);
  while (auto arrival = generator.next()) {
    if (arrival->direction != FlowDirection::down) continue;
    const double bytes = arrival->kind == scenario::FlowKind::elastic
                             ? arrival->size_bytes
                             : arrival->rate_bps * arrival->duration_s / kBitsPerByte;
    down_bytes[arrival->application] += bytes;
    down_bytes_squared[arrival->application] += bytes * bytes;
    if (static_cast<int>(arrival->start_s / kSecondsPerHour) == summary.busy_hour) {
      busy_down_bytes[arrival->application] += bytes;
      busy_down_bytes_squared[arrival->application] += bytes * bytes;
    }
  }
  for (std::size_t a = 0; a < demand.applications.size(); ++a) {
    const auto& expected = summary.by_application[a];
    EXPECT_NEAR(down_bytes[a], expected.down_bytes_per_day, kStandardErrors * std::sqrt(down_bytes_squared[a]))
        << demand.applications[a].name;
    EXPECT_NEAR(busy_down_bytes[a] * kBitsPerByte / kSecondsPerHour, expected.busy_hour_down_bps,
                kStandardErrors * std::sqrt(busy_down_bytes_squared[a]) * kBitsPerByte / kSecondsPerHour)
        << demand.applications[a].name;
  }
}

}  // namespace
}  // namespace citynet::demand
