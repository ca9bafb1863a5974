// What a forecast reads from its years: the first year a scope is congested (busy-hour
// utilization at the threshold, or offered load at 1, which is overload whatever the
// utilization), the metric that binds, and scopes never congested within the horizon.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "planning/forecast.hpp"

namespace citynet::planning {
namespace {

constexpr double kThreshold = 0.9;

ForecastRow row(int year, std::string_view metric, const std::string& scope, double mean) {
  return ForecastRow{year, std::string(metric), scope, "egress", metrics::MeanEstimate{1, mean, {}, {}}};
}

// Utilization and offered load of one scope over the years 2005, 2006, ...
std::vector<ForecastRow> years_of(const std::string& scope, const std::vector<std::pair<double, double>>& loads) {
  std::vector<ForecastRow> rows;
  for (std::size_t k = 0; k < loads.size(); ++k) {
    rows.push_back(row(2005 + static_cast<int>(k), kBusyHourUtilization, scope, loads[k].first));
    rows.push_back(row(2005 + static_cast<int>(k), kBusyHourOfferedLoad, scope, loads[k].second));
  }
  return rows;
}

TEST(FirstCongested, IsTheFirstYearUtilizationReachesTheThreshold) {
  const auto scopes = first_congested(years_of("layer:egress", {{0.5, 0.5}, {0.89, 0.89}, {0.9, 0.9}, {0.95, 0.97}}),
                                      kThreshold);
  ASSERT_EQ(scopes.size(), 1U);
  EXPECT_EQ(scopes[0].year, 2007);
  EXPECT_EQ(scopes[0].binding, Binding::utilization);
  EXPECT_EQ(scopes[0].utilization, 0.9);
}

TEST(FirstCongested, AnOfferedLoadOfOneIsOverloadEvenWhenUtilizationIsBelowTheThreshold) {
  // A link that carries 80% while more arrives than it can carry: the backlog grows.
  const auto scopes = first_congested(years_of("link:up:a>b", {{0.5, 0.6}, {0.8, 1.2}}), kThreshold);
  EXPECT_EQ(scopes[0].year, 2006);
  EXPECT_EQ(scopes[0].binding, Binding::offered_load);
}

TEST(FirstCongested, AScopeNeverCongestedHasNoYearAndItsLastYearsFigures) {
  const auto scopes = first_congested(years_of("layer:egress", {{0.1, 0.1}, {0.2, 0.25}}), kThreshold);
  EXPECT_FALSE(scopes[0].year);
  EXPECT_EQ(scopes[0].offered_load, 0.25);
  std::ostringstream csv;
  write_first_congested_csv(csv, scopes);
  EXPECT_EQ(csv.str(),
            "scope,layer,first_congested_year,binding_metric,busy_hour_utilization,busy_hour_offered_load\n"
            "layer:egress,egress,none,,0.2,0.25\n");
}

TEST(ForecastCsv, AScopeWithACommaIsQuoted) {
  std::ostringstream csv;
  const std::vector<ForecastRow> rows{row(2005, kBusyHourUtilization, "link:a,b:x>y", 0.5)};
  write_forecast_csv(csv, rows);
  EXPECT_EQ(csv.str(),
            "year,metric,scope,mean,ci95_low,ci95_high,ci95_clipped,replications\n"
            "2005,busy_hour_utilization,\"link:a,b:x>y\",0.5,,,false,1\n");
}

TEST(ForecastSummary, AFigureIsTheMeanOverTheReplicationsThatMeasuredIt) {
  const std::vector<std::vector<ForecastSample>> runs{
      {{"m", "s", "", 1.0}, {"n", "s", "", std::nullopt}},
      {{"m", "s", "", 3.0}, {"n", "s", "", std::nullopt}},
  };
  const std::vector<ForecastRow> rows = summarize_year(2005, runs);
  ASSERT_EQ(rows.size(), 1U);  // nobody measured n
  EXPECT_EQ(rows[0].estimate.mean, 2.0);
  EXPECT_EQ(rows[0].estimate.replications, 2U);
  EXPECT_TRUE(rows[0].estimate.ci95_low);
}

}  // namespace
}  // namespace citynet::planning
