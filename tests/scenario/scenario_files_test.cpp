// The shipped scenarios load, and the default one reproduces the figures the city reported
// for 2005 (design.md) and the demand calibration (calibration.md).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "scenario/builtin_scenario.hpp"
#include "scenario/load.hpp"

namespace citynet::scenario {
namespace {

const std::string kScenarios = std::string(CITYNET_SOURCE_DIR) + "/scenarios/";

std::int64_t count_of(const Scenario& scenario, AccessKind access) {
  std::int64_t count = 0;
  for (const SubscriberClass& c : scenario.demand.classes) count += c.access == access ? c.count : 0;
  return count;
}

const SubscriberClass& class_named(const Scenario& scenario, const std::string& name) {
  for (const SubscriberClass& c : scenario.demand.classes) {
    if (c.name == name) return c;
  }
  throw std::runtime_error("no class " + name);
}

TEST(ScenarioFiles, EveryShippedScenarioLoads) {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kScenarios)) {
    if (entry.path().extension() != ".yaml") continue;
    EXPECT_NO_THROW((void)load_scenario_file(entry.path().string())) << entry.path();
    ++loaded;
  }
  EXPECT_GE(loaded, 4);  // tianjin-2000, -2002, -2005, small-town
}

TEST(ScenarioFiles, TheBuiltInScenarioIsTheTianjin2005File) {
  std::ifstream in(kScenarios + "tianjin-2005.yaml");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(builtin_scenario_text(), text.str());
  EXPECT_EQ(builtin_scenario_name(), "tianjin-2005.yaml");
  EXPECT_EQ(load_scenario_text(builtin_scenario_text(), "tianjin-2005.yaml").name, "tianjin-2005");
}

TEST(ScenarioFiles, TheCommentedExampleOfTheReadmeLoads) {
  std::ifstream in(kScenarios + "README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const std::string fence = "```yaml\n";
  const std::size_t start = readme.rfind(fence);
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = readme.find("```", start + fence.size());
  ASSERT_NE(end, std::string::npos);
  const Scenario example = load_scenario_text(readme.substr(start + fence.size(), end - start - fence.size()),
                                              "README.md");
  EXPECT_EQ(example.name, "two-sites");
  EXPECT_EQ(example.network.links[1].id, "core-idc");
}

TEST(Tianjin2005, NetworkTargetsAreTheReportedFigures) {
  const Scenario s = load_scenario_file(kScenarios + "tianjin-2005.yaml");
  ASSERT_TRUE(s.network.generate.has_value());
  EXPECT_EQ(s.network.generate->fiber_length_km, 20000.0);
  EXPECT_EQ(s.network.generate->core_switching_bps, 2000e9);
  EXPECT_EQ(s.network.generate->egress_bps, 60e9);
}

TEST(Tianjin2005, CityHasItsEighteenDistrictsAndAboutThreePointThreeMillionHouseholds) {
  const Scenario s = load_scenario_file(kScenarios + "tianjin-2005.yaml");
  EXPECT_EQ(s.city.districts.size(), 18u);
  std::int64_t households = 0;
  int urban = 0;
  for (const District& d : s.city.districts) {
    households += d.households;
    urban += d.urban ? 1 : 0;
    if (d.urban) {
      EXPECT_EQ(d.ring, "central") << d.name;
    }
  }
  EXPECT_EQ(urban, 6);  // the six central districts carry broadband wireless
  EXPECT_GE(households, 3'200'000);  // calibration.md: 3.2-3.4 M households in 2005
  EXPECT_LE(households, 3'400'000);
}

TEST(Tianjin2005, SubscribersSumToTheReportedFigures) {
  const Scenario s = load_scenario_file(kScenarios + "tianjin-2005.yaml");
  const std::int64_t broadband = count_of(s, AccessKind::adsl) + count_of(s, AccessKind::lan);
  EXPECT_EQ(broadband, 693'000);  // Communications Administration, mid-2005 (> 600,000 reported)
  EXPECT_EQ(count_of(s, AccessKind::school), 1'500);
  EXPECT_EQ(class_named(s, "school-fiber").count, 800);
  std::int64_t internet_users = 0;
  for (const SubscriberClass& c : s.demand.classes) internet_users += c.count;
  EXPECT_EQ(internet_users, 2'800'000);
  // ADSL 512k : 1M : 2M : LAN 10M = 50 : 30 : 5 : 15 of broadband.
  EXPECT_EQ(class_named(s, "adsl-512k").count * 100, broadband * 50);
  EXPECT_EQ(class_named(s, "adsl-1m").count * 100, broadband * 30);
  EXPECT_EQ(class_named(s, "adsl-2m").count * 100, broadband * 5);
  EXPECT_EQ(class_named(s, "lan-10m").count * 100, broadband * 15);
}

// Means of the (possibly truncated) distributions, as the demand model draws them.
double standard_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double mean_of(const Distribution& d) {
  using Kind = Distribution::Kind;
  switch (d.kind) {
    case Kind::fixed: return d.mean;
    case Kind::exponential: {
      if (!d.max) return d.mean;
      const double m = *d.max;
      return d.mean - m * std::exp(-m / d.mean) / (1 - std::exp(-m / d.mean));
    }
    case Kind::lognormal: {
      const double s2 = std::log(1 + (d.sd / d.mean) * (d.sd / d.mean));
      const double mu = std::log(d.mean) - s2 / 2;
      if (!d.max) return d.mean;
      const double z = (std::log(*d.max) - mu) / std::sqrt(s2);
      return d.mean * standard_normal_cdf(z - std::sqrt(s2)) / standard_normal_cdf(z);
    }
    case Kind::pareto: {
      const double a = d.alpha;
      const double r = d.min / d.max.value_or(INFINITY);
      return a * d.min / (a - 1) * (1 - std::pow(r, a - 1)) / (1 - std::pow(r, a));
    }
  }
  return 0;
}

bool is_broadband(AccessKind access) { return access == AccessKind::adsl || access == AccessKind::lan; }

TEST(Tianjin2005, BusyHourDownstreamIsAboutThirtyKbpsPerBroadbandSubscriberWithSixtyPercentP2p) {
  const Scenario s = load_scenario_file(kScenarios + "tianjin-2005.yaml");
  // calibration.md: busy-hour downstream per broadband subscriber 30 kbps (range 20-50);
  // P2P ~60% of the city's downstream bytes. Worked out here from the distributions' means,
  // independently of the demand model.
  constexpr double kTargetBusyHourBps = 30e3;
  constexpr double kBusyHourTolerance = 0.1;  // of the target
  constexpr double kTargetP2pShare = 0.6;
  constexpr double kP2pShareTolerance = 0.05;
  constexpr int kHours = 24;
  const auto profile = [&](const std::string& name) -> const std::vector<double>& {
    for (const DiurnalProfile& p : s.demand.profiles) {
      if (p.name == name) return p.multipliers;
    }
    throw std::runtime_error("no profile " + name);
  };
  std::vector<double> city_bytes_by_hour(kHours, 0.0);
  std::vector<double> broadband_down_bytes_by_hour(kHours, 0.0);
  double p2p_down_bytes = 0;
  double all_down_bytes = 0;
  std::int64_t broadband_subscribers = 0;
  for (const SubscriberClass& subscriber : s.demand.classes) {
    if (is_broadband(subscriber.access)) broadband_subscribers += subscriber.count;
    for (const Application& app : s.demand.applications) {
      const bool applies = app.classes.empty() || std::find(app.classes.begin(), app.classes.end(),
                                                            subscriber.name) != app.classes.end();
      if (!applies) continue;
      const double bytes_per_session = app.kind == FlowKind::elastic
                                           ? mean_of(app.size_bytes)
                                           : app.stream_rate_bps / 8 * mean_of(app.duration_s);
      const double bytes_per_day = static_cast<double>(subscriber.count) * app.sessions_per_subscriber_day *
                                   bytes_per_session;
      const double down_bytes = app.direction == Direction::up ? 0 : bytes_per_day;
      const double all_bytes = app.direction == Direction::both ? 2 * bytes_per_day : bytes_per_day;
      all_down_bytes += down_bytes;
      if (app.name.rfind("p2p", 0) == 0) p2p_down_bytes += down_bytes;
      const std::string& name = !app.profile.empty()        ? app.profile
                                : !subscriber.profile.empty() ? subscriber.profile
                                                              : s.demand.default_profile;
      const std::vector<double>& multipliers = profile(name);
      ASSERT_EQ(multipliers.size(), static_cast<std::size_t>(kHours));
      const double sum = std::accumulate(multipliers.begin(), multipliers.end(), 0.0);
      for (int h = 0; h < kHours; ++h) {
        city_bytes_by_hour[h] += all_bytes * multipliers[h] / sum;
        if (is_broadband(subscriber.access)) broadband_down_bytes_by_hour[h] += down_bytes * multipliers[h] / sum;
      }
    }
  }
  // design.md: the busy hour is the hour with the highest total offered traffic.
  const auto busy_hour = std::max_element(city_bytes_by_hour.begin(), city_bytes_by_hour.end()) -
                         city_bytes_by_hour.begin();
  const double busy_hour_bps_per_subscriber = broadband_down_bytes_by_hour[busy_hour] * 8 / 3600 /
                                              static_cast<double>(broadband_subscribers);
  EXPECT_NEAR(busy_hour_bps_per_subscriber, kTargetBusyHourBps, kTargetBusyHourBps * kBusyHourTolerance);
  EXPECT_NEAR(p2p_down_bytes / all_down_bytes, kTargetP2pShare, kP2pShareTolerance);
}

TEST(Tianjin2000, NetworkTargetsAreTheReportedFigures) {
  const Scenario s = load_scenario_file(kScenarios + "tianjin-2000.yaml");
  ASSERT_TRUE(s.network.generate.has_value());
  EXPECT_EQ(s.network.generate->fiber_length_km, 7000.0);
  EXPECT_EQ(s.network.generate->core_switching_bps, 20e9);
  EXPECT_EQ(s.network.generate->egress_bps, 930e6);
}

TEST(Tianjin2002, HasFewerThanTwentyThousandBroadbandSubscribers) {
  const Scenario s = load_scenario_file(kScenarios + "tianjin-2002.yaml");
  const std::int64_t broadband = count_of(s, AccessKind::adsl) + count_of(s, AccessKind::lan);
  EXPECT_GT(broadband, 0);
  EXPECT_LT(broadband, 20'000);
}

TEST(SmallTown, HasAFewHundredSubscribersOnAnExplicitNetwork) {
  const Scenario s = load_scenario_file(kScenarios + "small-town.yaml");
  std::int64_t subscribers = 0;
  for (const SubscriberClass& c : s.demand.classes) subscribers += c.count;
  EXPECT_GE(subscribers, 100);
  EXPECT_LE(subscribers, 1000);
  EXPECT_FALSE(s.network.generate.has_value());
  EXPECT_FALSE(s.network.nodes.empty());
}

}  // namespace
}  // namespace citynet::scenario
