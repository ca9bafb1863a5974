#include "demand/arrival_generator.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/units.hpp"
#include "demand/session_plan.hpp"
#include "demand_fixtures.hpp"

namespace citynet::demand {
namespace {

using namespace citynet::demand::testing;
using ::testing::HasSubstr;

constexpr std::uint64_t kSeed = 2005;
// Hourly counts are independent Poisson counts with known means, so the statistic
// sum (O - E)^2 / E has one degree of freedom per hour; chi-square with 24 degrees of
// freedom exceeds 51.18 with probability 0.001.
constexpr double kChiSquare24At999 = 51.18;
// Sample proportions and sums are held to their expectation within this many standard errors.
constexpr double kStandardErrors = 5.0;

std::vector<Arrival> drain(ArrivalGenerator& generator) {
  std::vector<Arrival> arrivals;
  while (auto arrival = generator.next()) arrivals.push_back(*arrival);
  return arrivals;
}

std::vector<Arrival> generate(const scenario::Demand& demand, const std::vector<Site>& sites, std::uint64_t seed,
                              double duration_s = kSecondsPerDay) {
  ArrivalGenerator generator(demand, sites, seed, duration_s);
  return drain(generator);
}

auto as_tuple(const Arrival& a) {
  return std::make_tuple(a.start_s, a.source_site, a.destination.kind, a.destination.site, a.application,
                         a.subscriber_class, a.kind, a.direction, a.size_bytes, a.rate_bps, a.duration_s,
                         a.line_rate_bps);
}

std::vector<Arrival> of_stream(const std::vector<Arrival>& arrivals, std::uint32_t site, std::uint16_t application) {
  std::vector<Arrival> selected;
  for (const auto& a : arrivals) {
    if (a.source_site == site && a.application == application && a.subscriber_class == 0) selected.push_back(a);
  }
  return selected;
}

scenario::Demand one_application_demand(std::vector<double> profile, double sessions_per_day) {
  scenario::Demand demand;
  demand.profiles.push_back(scenario::DiurnalProfile{"day", std::move(profile), {}});
  demand.default_profile = "day";
  demand.classes.push_back(make_class("adsl", scenario::AccessKind::adsl, 1e6, 256e3));
  demand.applications.push_back(make_elastic("web", sessions_per_day, 1e5));
  return demand;
}

double chi_square_of_hourly_counts(const std::vector<Arrival>& arrivals, const std::vector<double>& expected_by_hour) {
  std::vector<double> observed(kHoursPerDay, 0.0);
  for (const auto& a : arrivals) observed[static_cast<int>(a.start_s / kSecondsPerHour) % kHoursPerDay] += 1;
  double chi_square = 0;
  for (int h = 0; h < kHoursPerDay; ++h) {
    chi_square += (observed[h] - expected_by_hour[h]) * (observed[h] - expected_by_hour[h]) / expected_by_hour[h];
  }
  return chi_square;
}

TEST(ArrivalGenerator, HourlyCountsFollowTheHourlyProfile) {
  // One stream of 50,000 subscribers * 4 sessions a day: the count in hour h is Poisson
  // with mean 200,000 * m_h / sum(m).
  const auto demand = one_application_demand(kEveningDay, 4);
  const auto arrivals = generate(demand, {make_site(0, "Heping", 0, 0, {50'000})}, kSeed);
  std::vector<double> expected;
  for (double share : hourly_shares(kEveningDay)) expected.push_back(200'000 * share);
  EXPECT_LT(chi_square_of_hourly_counts(arrivals, expected), kChiSquare24At999);
}

TEST(ArrivalGenerator, HourlyCountsFollowAFinerProfileOverSeveralDays) {
  // 96 quarter-hour slots, with a night of zero rate: nothing may arrive while the rate is
  // zero, and the profile repeats each of the three days.
  std::vector<double> quarter_hours(96, 1.0);
  for (int k = 8; k < 20; ++k) quarter_hours[k] = 0.0;  // 02:00-05:00
  for (int k = 76; k < 88; ++k) quarter_hours[k] = 3.0;  // 19:00-22:00
  const auto demand = one_application_demand(quarter_hours, 2);
  const auto arrivals = generate(demand, {make_site(0, "Heping", 0, 0, {30'000})}, kSeed, 3 * kSecondsPerDay);
  std::vector<double> expected;
  for (double share : hourly_shares(quarter_hours)) expected.push_back(3 * 60'000 * share);
  for (const auto& a : arrivals) {
    const double hour_of_day = std::fmod(a.start_s, kSecondsPerDay) / kSecondsPerHour;
    EXPECT_FALSE(hour_of_day >= 2 && hour_of_day < 5) << "a session arrived at a zero-rate time " << a.start_s;
  }
  // Hours 2-4 expect nothing and are left out: 21 hours, 21 degrees of freedom.
  constexpr double kChiSquare21At999 = 46.80;
  std::vector<double> observed(kHoursPerDay, 0.0);
  for (const auto& a : arrivals) observed[static_cast<int>(std::fmod(a.start_s, kSecondsPerDay) / kSecondsPerHour)] += 1;
  double chi_square = 0;
  for (int h = 0; h < kHoursPerDay; ++h) {
    if (expected[h] > 0) chi_square += (observed[h] - expected[h]) * (observed[h] - expected[h]) / expected[h];
  }
  EXPECT_LT(chi_square, kChiSquare21At999);
}

TEST(ArrivalGenerator, ArrivalsAreInNondecreasingTimeWithinTheDuration) {
  constexpr double kDurationS = 6 * kSecondsPerHour;
  const auto arrivals = generate(small_city_demand(), small_city_sites(), kSeed, kDurationS);
  ASSERT_FALSE(arrivals.empty());
  EXPECT_TRUE(std::is_sorted(arrivals.begin(), arrivals.end(),
                             [](const Arrival& a, const Arrival& b) { return a.start_s < b.start_s; }));
  EXPECT_GE(arrivals.front().start_s, 0.0);
  EXPECT_LT(arrivals.back().start_s, kDurationS);
}

TEST(ArrivalGenerator, TheSameSeedDrawsTheSameSequence) {
  const auto first = generate(small_city_demand(), small_city_sites(), kSeed);
  const auto second = generate(small_city_demand(), small_city_sites(), kSeed);
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) ASSERT_EQ(as_tuple(first[i]), as_tuple(second[i])) << "arrival " << i;
}

TEST(ArrivalGenerator, AnotherSeedDrawsAnotherSequence) {
  const auto first = generate(small_city_demand(), small_city_sites(), kSeed, kSecondsPerHour);
  const auto second = generate(small_city_demand(), small_city_sites(), kSeed + 1, kSecondsPerHour);
  const std::size_t compared = std::min(first.size(), second.size());
  ASSERT_GT(compared, 100U);
  std::size_t same_start = 0;
  for (std::size_t i = 0; i < compared; ++i) same_start += first[i].start_s == second[i].start_s ? 1 : 0;
  EXPECT_EQ(same_start, 0U) << "continuous start times of independent streams never coincide";
}

TEST(ArrivalGenerator, ChangingOtherSitesKeepsAnUnchangedStreamsSessions) {
  // Common random numbers: site 10's web and P2P sessions must not notice that site 12
  // lost subscribers, site 11 was removed and two sites were added elsewhere.
  const auto demand = small_city_demand();
  auto changed_sites = small_city_sites();
  changed_sites[2].subscribers_by_class = {4000, 10};
  changed_sites.erase(changed_sites.begin() + 1);
  changed_sites.push_back(make_site(20, "Dongli", 15, 5, {3000, 1000}));
  changed_sites.insert(changed_sites.begin(), make_site(21, "Baodi", 10, 60, {700, 700}));
  const auto before = generate(demand, small_city_sites(), kSeed);
  const auto after = generate(demand, changed_sites, kSeed);

  constexpr std::uint16_t kWeb = 0;
  const auto web_before = of_stream(before, 10, kWeb);
  const auto web_after = of_stream(after, 10, kWeb);
  ASSERT_GT(web_before.size(), 1000U);
  ASSERT_EQ(web_before.size(), web_after.size());
  for (std::size_t i = 0; i < web_before.size(); ++i) ASSERT_EQ(as_tuple(web_before[i]), as_tuple(web_after[i]));

  // P2P: the same sessions (times, sizes, destination kinds); only peers may move.
  constexpr std::uint16_t kP2p = 1;
  const auto p2p_before = of_stream(before, 10, kP2p);
  const auto p2p_after = of_stream(after, 10, kP2p);
  ASSERT_EQ(p2p_before.size(), p2p_after.size());
  for (std::size_t i = 0; i < p2p_before.size(); ++i) {
    ASSERT_EQ(p2p_before[i].start_s, p2p_after[i].start_s);
    ASSERT_EQ(p2p_before[i].size_bytes, p2p_after[i].size_bytes);
    ASSERT_EQ(p2p_before[i].destination.kind, p2p_after[i].destination.kind);
  }
}

TEST(ArrivalGenerator, NoSessionIsItsOwnPeer) {
  const auto arrivals = generate(small_city_demand(), small_city_sites(), kSeed);
  std::size_t peer_sessions = 0;
  for (const auto& a : arrivals) {
    if (a.destination.kind != DestinationKind::site) continue;
    ++peer_sessions;
    ASSERT_NE(a.destination.site, a.source_site);
  }
  EXPECT_GT(peer_sessions, 1000U);
}

TEST(ArrivalGenerator, DestinationSharesFollowTheApplicationsMix) {
  // P2P mixes internet 0.5, idc 0.1, peers 0.4; web goes only to the internet.
  const auto arrivals = generate(small_city_demand(), small_city_sites(), kSeed);
  std::map<DestinationKind, double> p2p_sessions;
  double p2p_total = 0;
  for (const auto& a : arrivals) {
    if (a.application == 0) {
      ASSERT_EQ(a.destination.kind, DestinationKind::internet);
    }
    if (a.application != 1 || a.direction != FlowDirection::down) continue;
    p2p_sessions[a.destination.kind] += 1;
    p2p_total += 1;
  }
  ASSERT_GT(p2p_total, 10'000);
  for (const auto& [kind, share] : std::map<DestinationKind, double>{
           {DestinationKind::internet, 0.5}, {DestinationKind::idc, 0.1}, {DestinationKind::site, 0.4}}) {
    const double standard_error = std::sqrt(share * (1 - share) / p2p_total);
    EXPECT_NEAR(p2p_sessions[kind] / p2p_total, share, kStandardErrors * standard_error);
  }
}

TEST(ArrivalGenerator, ATwoWaySessionYieldsADownFlowThenAnUpFlowCappedByEachLine) {
  // P2P (elastic, both) from ADSL 512k/128k; video conferencing at 384 kb/s both ways is
  // carried at 128 kb/s up because a stream cannot exceed the subscriber's line.
  const auto arrivals = generate(small_city_demand(), small_city_sites(), kSeed, kSecondsPerHour);
  std::size_t pairs = 0;
  for (std::size_t i = 0; i + 1 < arrivals.size(); ++i) {
    const Arrival& down = arrivals[i];
    if (down.application == 0 || down.direction != FlowDirection::down) continue;
    const Arrival& up = arrivals[i + 1];
    ASSERT_EQ(up.direction, FlowDirection::up);
    ASSERT_EQ(up.start_s, down.start_s);
    ASSERT_EQ(up.source_site, down.source_site);
    ASSERT_EQ(up.destination.kind, down.destination.kind);
    ASSERT_EQ(up.destination.site, down.destination.site);
    ASSERT_EQ(up.size_bytes, down.size_bytes);
    ASSERT_EQ(up.duration_s, down.duration_s);
    if (down.subscriber_class == 0) {
      ASSERT_EQ(down.line_rate_bps, 512e3);
      ASSERT_EQ(up.line_rate_bps, 128e3);
      if (down.kind == scenario::FlowKind::streaming) {
        ASSERT_EQ(down.rate_bps, 384e3);
        ASSERT_EQ(up.rate_bps, 128e3);
      }
    }
    ++pairs;
  }
  EXPECT_GT(pairs, 100U);
}

TEST(ArrivalGenerator, AnUpOnlyApplicationSendsAtTheUpLineRate) {
  auto demand = one_application_demand(kEveningDay, 5);
  demand.applications[0].direction = scenario::Direction::up;
  const auto arrivals = generate(demand, {make_site(0, "Heping", 0, 0, {100})}, kSeed);
  ASSERT_FALSE(arrivals.empty());
  for (const auto& a : arrivals) {
    ASSERT_EQ(a.direction, FlowDirection::up);
    ASSERT_EQ(a.line_rate_bps, 256e3);
  }
}

TEST(ArrivalGenerator, HoldsOnePendingSessionPerStreamWhateverTheDayBrings) {
  // Lazy generation: memory is the streams, not the sessions of the day.
  ArrivalGenerator generator(small_city_demand(), small_city_sites(), kSeed, kSecondsPerDay);
  std::size_t drawn = 0;
  std::size_t most_pending = 0;
  while (generator.next()) {
    ++drawn;
    most_pending = std::max(most_pending, generator.pending_count());
  }
  EXPECT_LE(most_pending, generator.stream_count() + 1) << "one per stream, plus the up flow of a two-way session";
  EXPECT_GT(drawn, 1000 * generator.stream_count());
}

TEST(ArrivalGenerator, RefusesPeerToPeerWhenNoOtherSiteHasPeers) {
  auto demand = small_city_demand();
  EXPECT_THAT(
      [&] { ArrivalGenerator generator(demand, {make_site(0, "Heping", 0, 0, {100, 0})}, kSeed, kSecondsPerDay); },
      ::testing::ThrowsMessage<InputError>(HasSubstr("application \"p2p\": sends to other subscribers")));
}

TEST(ArrivalGenerator, UnknownProfileIsAnInputErrorNamingIt) {
  auto demand = small_city_demand();
  demand.applications[0].profile = "lunchtime";
  EXPECT_THAT([&] { ArrivalGenerator generator(demand, small_city_sites(), kSeed, kSecondsPerDay); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("profile \"lunchtime\" is not defined")));
}

}  // namespace
}  // namespace citynet::demand
