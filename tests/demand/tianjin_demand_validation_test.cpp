// The default scenario's demand against shared/calibration.md's targets (analytically),
// and arrivals generated from a sample of the city against that analysis.
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/units.hpp"
#include "demand/arrival_generator.hpp"
#include "demand/calibration_summary.hpp"
#include "demand/session_plan.hpp"
#include "city_sites.hpp"
#include "scenario/load.hpp"

namespace citynet::demand {
namespace {

using testing::district_sites;

// calibration.md: busy-hour downstream per broadband subscriber 30 kbps (range 20-50);
// we hold the default scenario to 30 kbps +- 20%.
constexpr double kBusyHourDownPerBroadbandBps = 30e3;
constexpr double kBusyHourDownRelativeTolerance = 0.2;
// calibration.md: P2P ~60% of downstream bytes (CacheLogic end 2004), +- 5 points.
constexpr double kP2pShareOfDownBytes = 0.60;
constexpr double kP2pShareTolerance = 0.05;
// calibration.md and the city's report: 693,000 broadband lines mid-2005 (> 600,000).
constexpr double kBroadbandSubscribers2005 = 693'000;
// calibration.md: the residential day peaks at 21:00.
constexpr int kBusyHour2005 = 21;

// The share of the city whose sessions are generated, times CITYNET_VALIDATION_SCALE.
constexpr double kSampleFraction = 0.02;
constexpr std::uint64_t kSeed = 2005;
constexpr double kStandardErrors = 5.0;
// Bytes are held to the analysis only for applications expected to open this many sessions
// in the sample: below it, the sum of squared sizes is no estimate of the variance and the
// sum is far from normal (telemedicine opens a handful of sessions at CI scale).
constexpr double kSessionsForByteCheck = 200;
// Independent hourly statistics, each ~N(0, 1): chi-square with 24 degrees of freedom
// exceeds 51.18 with probability 0.001.
constexpr double kChiSquare24At999 = 51.18;

double validation_scale() {
  const char* text = std::getenv("CITYNET_VALIDATION_SCALE");
  return text == nullptr ? 1.0 : std::stod(text);
}

const scenario::Scenario& tianjin_2005() {
  static const scenario::Scenario loaded =
      scenario::load_scenario_file(std::string(CITYNET_SOURCE_DIR) + "/scenarios/tianjin-2005.yaml");
  return loaded;
}

std::size_t application_index(const scenario::Demand& demand, const std::string& name) {
  for (std::size_t a = 0; a < demand.applications.size(); ++a) {
    if (demand.applications[a].name == name) return a;
  }
  ADD_FAILURE() << "no application " << name;
  return 0;
}

TEST(Tianjin2005Demand, BusyHourDownstreamPerBroadbandSubscriberIsAbout30Kbps) {
  const auto& s = tianjin_2005();
  const auto summary = summarize_demand(s.demand, district_sites(s));
  EXPECT_EQ(summary.broadband_subscribers, kBroadbandSubscribers2005);
  EXPECT_EQ(summary.busy_hour, kBusyHour2005);
  EXPECT_NEAR(summary.busy_hour_down_bps_per_broadband_subscriber, kBusyHourDownPerBroadbandBps,
              kBusyHourDownRelativeTolerance * kBusyHourDownPerBroadbandBps);
}

TEST(Tianjin2005Demand, PeerToPeerCarriesAbout60PercentOfDownstreamBytes) {
  const auto& s = tianjin_2005();
  const auto summary = summarize_demand(s.demand, district_sites(s));
  double p2p_share = 0;
  for (std::size_t a = 0; a < s.demand.applications.size(); ++a) {
    if (s.demand.applications[a].name.starts_with("p2p")) p2p_share += summary.application_share_of_down_bytes[a];
  }
  EXPECT_NEAR(p2p_share, kP2pShareOfDownBytes, kP2pShareTolerance);
}

TEST(Tianjin2005Demand, BusyHourInternetTrafficFitsTheEgress) {
  // The 2005 city was sized with 60 Gbps of egress (~90-100 kbps per broadband line); its
  // busy hour must not already overload it, or every plan would be congested at once.
  const auto& s = tianjin_2005();
  ASSERT_TRUE(s.network.generate.has_value());
  const auto summary = summarize_demand(s.demand, district_sites(s));
  const auto& internet = summary.by_destination[static_cast<std::size_t>(DestinationKind::internet)];
  EXPECT_LT(internet.busy_hour_down_bps, s.network.generate->egress_bps);
}

TEST(Tianjin2005Demand, GeneratedSessionsAndBytesMatchTheAnalysisHourByHour) {
  // A sample of the city (every class count scaled) for one day. Per application: session
  // counts are Poisson (sd = sqrt(mean)); bytes are compound Poisson, whose variance
  // lambda E[X^2] is estimated by the sum of squared sizes. Per hour: the same for the
  // downstream bits of all applications, combined into a chi-square statistic.
  const auto& s = tianjin_2005();
  const double fraction = kSampleFraction * validation_scale();
  const auto sites = district_sites(s, fraction);
  const auto summary = summarize_demand(s.demand, sites);
  const std::size_t application_count = s.demand.applications.size();
  std::vector<double> sessions(application_count, 0.0);
  std::vector<double> down_bytes(application_count, 0.0);
  std::vector<double> down_bytes_squared(application_count, 0.0);
  std::vector<double> hour_down_bytes(kHoursPerDay, 0.0);
  std::vector<double> hour_down_bytes_squared(kHoursPerDay, 0.0);
  std::size_t self_peers = 0;
  ArrivalGenerator generator(s.demand, sites, kSeed, kSecondsPerDay);
  while (auto arrival = generator.next()) {
    const auto& application = s.demand.applications[arrival->application];
    const bool first_flow_of_session =
        arrival->direction == FlowDirection::down || application.direction == scenario::Direction::up;
    if (first_flow_of_session) sessions[arrival->application] += 1;
    if (arrival->destination.kind == DestinationKind::site && arrival->destination.site == arrival->source_site) {
      ++self_peers;
    }
    if (arrival->direction != FlowDirection::down) continue;
    const double bytes = arrival->kind == scenario::FlowKind::elastic
                             ? arrival->size_bytes
                             : arrival->rate_bps * arrival->duration_s / kBitsPerByte;
    down_bytes[arrival->application] += bytes;
    down_bytes_squared[arrival->application] += bytes * bytes;
    const int hour = static_cast<int>(arrival->start_s / kSecondsPerHour);
    hour_down_bytes[hour] += bytes;
    hour_down_bytes_squared[hour] += bytes * bytes;
  }
  EXPECT_EQ(self_peers, 0U);
  for (std::size_t a = 0; a < application_count; ++a) {
    const auto& expected = summary.by_application[a];
    const std::string& name = s.demand.applications[a].name;
    EXPECT_NEAR(sessions[a], expected.sessions_per_day, kStandardErrors * std::sqrt(expected.sessions_per_day)) << name;
    if (expected.sessions_per_day < kSessionsForByteCheck) continue;
    EXPECT_NEAR(down_bytes[a], expected.down_bytes_per_day, kStandardErrors * std::sqrt(down_bytes_squared[a])) << name;
  }
  double chi_square = 0;
  for (int h = 0; h < kHoursPerDay; ++h) {
    const double expected_bytes = summary.down_bps_by_hour[h] * kSecondsPerHour / kBitsPerByte;
    const double z = (hour_down_bytes[h] - expected_bytes) / std::sqrt(hour_down_bytes_squared[h]);
    chi_square += z * z;
  }
  EXPECT_LT(chi_square, kChiSquare24At999);
  // The sample's P2P share, measured, within the calibration tolerance too.
  const double measured_p2p = down_bytes[application_index(s.demand, "p2p-down")];
  double measured_total = 0;
  for (double b : down_bytes) measured_total += b;
  EXPECT_NEAR(measured_p2p / measured_total, kP2pShareOfDownBytes, kP2pShareTolerance);
}

}  // namespace
}  // namespace citynet::demand
