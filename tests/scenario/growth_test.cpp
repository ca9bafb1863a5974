// The `growth:` section and the years it makes: what it reads into, class counts carried
// forward (rates compound, migrations move subscribers and never make or lose one),
// applications grown and started, plans in force, and every refusal at its place.
#include <numeric>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "scenario/growth_year.hpp"
#include "scenario/load.hpp"

namespace citynet::scenario {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A generated city, lines 1-18, that the growth sections below carry forward.
const std::string kBase =
    "name: t\n"                                                                         // 1
    "city:\n"                                                                           // 2
    "  name: T\n"                                                                       // 3
    "  districts: [{name: A, x_km: 0, y_km: 0, area_km2: 1, households: 100000}]\n"     // 4
    "network:\n"                                                                        // 5
    "  generate: {fiber_length: 10km, core_switching: 1Gbps, egress: 100Mbps}\n"        // 6
    "demand:\n"                                                                         // 7
    "  classes:\n"                                                                      // 8
    "    - {name: adsl, access: adsl, down: 1Mbps, up: 256kbps, count: 1000}\n"         // 9
    "    - {name: lan, access: lan, down: 10Mbps, up: 10Mbps, count: 500}\n"            // 10
    "    - {name: dialup, access: dialup, down: 56kbps, up: 33.6kbps, count: 2000}\n"   // 11
    "  applications:\n"                                                                 // 12
    "    - {name: web, kind: elastic, sessions_per_day: 10, size: 100kB}\n"             // 13
    "    - {name: video, kind: streaming, sessions_per_day: 1, rate: 400kbps, duration: 30min}\n"  // 14
    "plans:\n"                                                                          // 15
    "  - name: more-egress\n"                                                           // 16
    "    changes: [{set: {path: network.generate.egress, value: 200Mbps}}]\n"           // 17
    "growth:\n"                                                                         // 18
    "  first_year: 2005\n"                                                              // 19
    "  last_year: 2008\n";                                                              // 20

std::string error_of(const std::string& yaml) {
  try {
    (void)load_scenario_text(yaml, "t.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

std::int64_t total(const std::vector<std::int64_t>& counts) {
  return std::accumulate(counts.begin(), counts.end(), std::int64_t{0});
}

TEST(Growth, ReadsTheHorizonClassesMigrationsApplicationsAndPlans) {
  const Scenario scenario = load_scenario_text(kBase +
                                                   "  classes:\n"
                                                   "    adsl: {count: 30%}\n"
                                                   "    lan: {count: {2006: 600, 2007: 700, 2008: 800}}\n"
                                                   "  migrations:\n"
                                                   "    - {from: dialup, to: adsl, share: 20%}\n"
                                                   "  applications:\n"
                                                   "    web: {sessions_per_day: 10%, size: 25%}\n"
                                                   "    video: {start: 2007, rate: -10%}\n"
                                                   "  plans:\n"
                                                   "    - {plan: more-egress, from: 2007}\n",
                                               "t.yaml");
  ASSERT_TRUE(scenario.growth);
  const Growth& growth = *scenario.growth;
  EXPECT_EQ(growth.first_year, 2005);
  EXPECT_EQ(growth.last_year, 2008);
  ASSERT_EQ(growth.classes.size(), 2U);
  EXPECT_DOUBLE_EQ(growth.classes[0].count_yearly_rate, 0.3);
  EXPECT_EQ(growth.classes[1].count_by_year, (std::vector<std::int64_t>{600, 700, 800}));
  ASSERT_EQ(growth.migrations.size(), 1U);
  EXPECT_DOUBLE_EQ(growth.migrations[0].yearly_share, 0.2);
  ASSERT_EQ(growth.applications.size(), 2U);
  EXPECT_DOUBLE_EQ(growth.applications[0].size_yearly_rate, 0.25);
  EXPECT_EQ(growth.applications[1].start_year, 2007);
  EXPECT_DOUBLE_EQ(growth.applications[1].rate_yearly_rate, -0.1);
  ASSERT_EQ(growth.plans.size(), 1U);
  EXPECT_EQ(plans_in_year(scenario, 2006).size(), 0U);
  EXPECT_EQ(plans_in_year(scenario, 2007).size(), 1U);
}

TEST(Growth, TheFirstYearIsTheScenarioItself) {
  const Scenario scenario = load_scenario_text(kBase +
                                                   "  classes: {adsl: {count: 30%}}\n"
                                                   "  applications: {web: {sessions_per_day: 10%, size: 25%}}\n",
                                               "t.yaml");
  const Scenario first = scenario_in_year(scenario, 2005);
  EXPECT_EQ(first.demand.classes[0].count, 1000);
  EXPECT_EQ(first.demand.applications[0].sessions_per_subscriber_day, 10);
  EXPECT_EQ(first.demand.applications[0].size_bytes.mean, 100e3);
  EXPECT_EQ(first.name, "t-2005");
  EXPECT_FALSE(first.growth);
}

TEST(Growth, ARateCompoundsYearByYearInWholeSubscribers) {
  const Scenario scenario = load_scenario_text(kBase + "  classes: {adsl: {count: 10%}, dialup: {count: -25%}}\n",
                                               "t.yaml");
  // 1000 → 1100 → 1210 → 1331; 2000 → 1500 → 1125 → 843.75, rounded to 844.
  EXPECT_EQ(class_counts_in_year(scenario, 2008), (std::vector<std::int64_t>{1331, 500, 844}));
}

TEST(Growth, AMigrationConservesSubscribers) {
  // Dial-up moves 30% to ADSL and 70% to LAN, ADSL 12.5% to LAN: every share moves
  // subscribers between classes, so with no class growing the city's total stays as it was.
  const Scenario scenario = load_scenario_text(kBase +
                                                   "  migrations:\n"
                                                   "    - {from: dialup, to: adsl, share: 30%}\n"
                                                   "    - {from: dialup, to: lan, share: 70%}\n"
                                                   "    - {from: adsl, to: lan, share: 12.5%}\n",
                                               "t.yaml");
  const std::int64_t first = total(class_counts_in_year(scenario, 2005));
  for (int year = 2006; year <= 2008; ++year) {
    const std::vector<std::int64_t> counts = class_counts_in_year(scenario, year);
    EXPECT_EQ(total(counts), first) << year;
    for (const std::int64_t count : counts) EXPECT_GE(count, 0) << year;
  }
  // All of dial-up moved in the first year: 600 to ADSL, 1400 to LAN; ADSL gave 125 of its 1000.
  EXPECT_EQ(class_counts_in_year(scenario, 2006), (std::vector<std::int64_t>{1475, 2025, 0}));
}

TEST(Growth, AnApplicationHasNoSessionsBeforeItStartsAndGrowsFromItsStart) {
  const Scenario scenario = load_scenario_text(
      kBase + "  applications: {video: {start: 2007, sessions_per_day: 50%, rate: 10%}, web: {size: 20%}}\n", "t.yaml");
  EXPECT_EQ(scenario_in_year(scenario, 2006).demand.applications[1].sessions_per_subscriber_day, 0);
  EXPECT_DOUBLE_EQ(scenario_in_year(scenario, 2007).demand.applications[1].sessions_per_subscriber_day, 1);
  EXPECT_DOUBLE_EQ(scenario_in_year(scenario, 2008).demand.applications[1].sessions_per_subscriber_day, 1.5);
  EXPECT_DOUBLE_EQ(scenario_in_year(scenario, 2008).demand.applications[1].stream_rate_bps, 400e3 * 1.1 * 1.1 * 1.1);
  EXPECT_DOUBLE_EQ(scenario_in_year(scenario, 2007).demand.applications[0].size_bytes.mean, 100e3 * 1.2 * 1.2);
}

struct RefusedGrowth {
  const char* growth;
  const char* place;  // t.yaml:LINE:COLUMN of the message
  const char* says;
};

class GrowthRefused : public ::testing::TestWithParam<RefusedGrowth> {};

TEST_P(GrowthRefused, AtItsPlaceWithWhatWasExpected) {
  const std::string message = error_of(kBase + GetParam().growth);
  EXPECT_THAT(message, StartsWith(GetParam().place));
  EXPECT_THAT(message, HasSubstr(GetParam().says));
}

INSTANTIATE_TEST_SUITE_P(
    Growth, GrowthRefused,
    ::testing::Values(
        RefusedGrowth{"  classes: {adsl: {count: 30}}\n", "t.yaml:21:27", "expected a yearly rate such as 30%"},
        RefusedGrowth{"  classes: {adsl: {count: fast%}}\n", "t.yaml:21:27", "is not a number"},
        RefusedGrowth{"  classes: {adsl: {count: -100%}}\n", "t.yaml:21:27", "above -100%"},
        RefusedGrowth{"  classes: {adls: {count: 30%}}\n", "t.yaml:21:13", "unknown class \"adls\"; did you mean \"adsl\"?"},
        RefusedGrowth{"  classes: {adsl: {cont: 30%}}\n", "t.yaml:21:20", "did you mean \"count\"?"},
        RefusedGrowth{"  classes: {lan: {count: {2006: 600, 2008: 800}}}\n", "t.yaml:21:26",
                      "no count for 2007"},
        RefusedGrowth{"  classes: {lan: {count: {2006: 600, 2007: 700, 2009: 800}}}\n", "t.yaml:21:49",
                      "2009 is outside the horizon"},
        RefusedGrowth{"  applications: {wbe: {size: 10%}}\n", "t.yaml:21:18",
                      "unknown application \"wbe\"; did you mean \"web\"?"},
        RefusedGrowth{"  applications: {video: {size: 10%}}\n", "t.yaml:21:32", "a streaming application has no flow size"},
        RefusedGrowth{"  applications: {web: {size: 1000%}}\n", "t.yaml:21:30",
                      "grows 1331-fold by 2008; expected at most 1000-fold"},
        RefusedGrowth{"  migrations: [{from: dialup, to: adsl, share: 120%}]\n", "t.yaml:21:48",
                      "\"120%\" is outside [0, 1]"},
        RefusedGrowth{"  migrations:\n    - {from: dialup, to: adsl, share: 60%}\n"
                      "    - {from: dialup, to: lan, share: 50%}\n",
                      "t.yaml:23:7", "move 110% of it a year; expected 100% or less"},
        RefusedGrowth{"  migrations: [{from: dialup, to: dail, share: 10%}]\n", "t.yaml:21:35",
                      "unknown class \"dail\""},
        RefusedGrowth{"  plans: [{plan: more-egres, from: 2006}]\n", "t.yaml:21:18",
                      "unknown plan \"more-egres\"; did you mean \"more-egress\"?"},
        RefusedGrowth{"  plans: [{plan: more-egress, from: 2004}]\n", "t.yaml:21:37", "outside the horizon"},
        RefusedGrowth{"  last_years: 2010\n", "t.yaml:21:3", "did you mean \"last_year\"?"}));

TEST(Growth, AHorizonEndingBeforeItBeginsIsRefused) {
  const std::string base = kBase.substr(0, kBase.find("  last_year"));
  EXPECT_THAT(error_of(base + "  last_year: 2005\n"), StartsWith("t.yaml:20:14"));
  EXPECT_THAT(error_of(base + "  last_year: 2005\n"), HasSubstr("expected a year from 2006 to 2035"));
}

TEST(TianjinGrowth, ItsFirstYearIsTianjin2005AndItsBroadbandLinesGrowAsChinasDid) {
  const std::string folder = std::string(CITYNET_SOURCE_DIR) + "/scenarios/";
  const Scenario growth = load_scenario_file(folder + "tianjin-growth.yaml");
  const Scenario tianjin = load_scenario_file(folder + "tianjin-2005.yaml");
  const Scenario first = scenario_in_year(growth, 2005);
  ASSERT_EQ(first.demand.classes.size(), tianjin.demand.classes.size());
  for (std::size_t c = 0; c < first.demand.classes.size(); ++c) {
    EXPECT_EQ(first.demand.classes[c].count, tianjin.demand.classes[c].count);
  }
  // China's broadband lines: 37.5 M (2005) to 126.3 M (2010), MII / MIIT; within 5%.
  const auto broadband = [](const Scenario& s) {
    std::int64_t lines = 0;
    for (const SubscriberClass& c : s.demand.classes) {
      if (c.access == AccessKind::adsl || c.access == AccessKind::lan) lines += c.count;
    }
    return static_cast<double>(lines);
  };
  const double factor = broadband(scenario_in_year(growth, 2010)) / broadband(first);
  EXPECT_NEAR(factor, 126.3 / 37.5, 0.05 * 126.3 / 37.5);
  EXPECT_LT(class_counts_in_year(growth, 2010)[4], tianjin.demand.classes[4].count / 5);  // dial-up
}

}  // namespace
}  // namespace citynet::scenario
