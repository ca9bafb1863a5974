#include "demand/session_plan.hpp"

#include <numeric>
#include <stdexcept>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "demand_fixtures.hpp"

namespace citynet::demand {
namespace {

using namespace citynet::demand::testing;
using ::testing::HasSubstr;

constexpr double kExact = 1e-12;

TEST(HourlyShares, HourlyProfileGivesEachHourItsMultiplierOverTheSum) {
  const auto shares = hourly_shares(kEveningDay);
  const double sum = std::accumulate(kEveningDay.begin(), kEveningDay.end(), 0.0);
  ASSERT_EQ(shares.size(), 24U);
  for (int h = 0; h < 24; ++h) EXPECT_NEAR(shares[h], kEveningDay[h] / sum, kExact);
}

TEST(HourlyShares, FinerSlotsAddUpWithinTheHour) {
  // 48 half-hour slots summing to 50, all 1 except 21:00-21:30 at 3: hour 21 holds
  // (3 + 1)/50, any other hour (1 + 1)/50.
  std::vector<double> half_hours(48, 1.0);
  half_hours[42] = 3.0;
  const auto shares = hourly_shares(half_hours);
  EXPECT_NEAR(shares[21], 4.0 / 50, kExact);
  EXPECT_NEAR(shares[0], 2.0 / 50, kExact);
}

TEST(HourlyShares, CoarserSlotsSpreadOverTheirHours) {
  // Two slots of 12 h (day 1, evening 3): each day hour 1/48, each evening hour 3/48.
  const auto shares = hourly_shares({1.0, 3.0});
  EXPECT_NEAR(shares[5], 1.0 / 48, kExact);
  EXPECT_NEAR(shares[20], 3.0 / 48, kExact);
  EXPECT_NEAR(std::accumulate(shares.begin(), shares.end(), 0.0), 1.0, kExact);
}

TEST(SessionPlan, OneStreamPerSiteClassAndApplicationWithSubscribers) {
  // Site 11 has no dial-up subscribers; P2P is offered to ADSL only: 4 sites * (web, vc)
  // for ADSL + 4 P2P + 3 dial-up sites * (web, vc) = 8 + 4 + 6.
  const SessionPlan plan = plan_sessions(small_city_demand(), small_city_sites());
  EXPECT_EQ(plan.streams.size(), 18U);
  for (const auto& stream : plan.streams) {
    if (stream.application == 1) {
      EXPECT_EQ(stream.subscriber_class, 0U) << "P2P is offered to ADSL only";
    }
  }
  const auto& first = plan.streams.front();
  EXPECT_EQ(first.sessions_per_day, 2000 * 20.0) << "subscribers * sessions per subscriber-day";
}

TEST(SessionPlan, ProfileIsTheApplicationsThenTheClasssThenTheDefaultThenFlat) {
  auto demand = small_city_demand();
  demand.profiles.push_back(scenario::DiurnalProfile{"night", std::vector<double>(24, 1.0), {}});
  demand.profiles.push_back(scenario::DiurnalProfile{"games", std::vector<double>(24, 1.0), {}});
  EXPECT_EQ(profile_of(demand, demand.classes[0], demand.applications[0]), 0U);
  demand.classes[0].profile = "night";
  EXPECT_EQ(profile_of(demand, demand.classes[0], demand.applications[0]), 1U);
  demand.applications[0].profile = "games";
  EXPECT_EQ(profile_of(demand, demand.classes[0], demand.applications[0]), 2U);
  demand.default_profile.clear();
  EXPECT_EQ(profile_of(demand, demand.classes[1], demand.applications[1]), 3U) << "the flat day follows the profiles";
}

TEST(SessionPlan, ProfileWithoutAPositiveMultiplierIsAnInputError) {
  auto demand = small_city_demand();
  demand.profiles[0].multipliers.assign(24, 0.0);
  EXPECT_THAT([&] { (void)plan_sessions(demand, small_city_sites()); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("profile \"evening\": expected at least one positive")));
}

TEST(SessionPlan, UnknownClassOfAnApplicationIsAnInputError) {
  auto demand = small_city_demand();
  demand.applications[1].classes = {"fttx"};
  EXPECT_THAT([&] { (void)plan_sessions(demand, small_city_sites()); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("application \"p2p\": class \"fttx\" is not defined")));
}

TEST(SessionPlan, SitesMustCountSubscribersOfEveryClass) {
  EXPECT_THROW((void)plan_sessions(small_city_demand(), {make_site(0, "Heping", 0, 0, {100})}), std::invalid_argument);
}

TEST(SessionPlan, SiteIdsMustBeUniqueBecauseTheyKeyTheRandomStreams) {
  auto sites = small_city_sites();
  sites[1].id = sites[0].id;
  EXPECT_THROW((void)plan_sessions(small_city_demand(), sites), std::invalid_argument);
}

}  // namespace
}  // namespace citynet::demand
