// `citynet forecast` end to end on the small town carried forward a few years: growth of
// flow sizes and stream rates scales every busy-hour offered load by exactly (1+g)^k (the
// same flows, common random numbers), growth of sessions scales it within its interval, the
// first congested year is the first year the busy hour overloads, the files do not depend
// on the thread count, and a refused growth section writes nothing.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "citynet_process.hpp"

namespace {

namespace fs = std::filesystem;
using citynet::testing::ProcessResult;
using citynet::testing::read_all;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int kExitInputError = 2;
constexpr double kRelativeTolerance = 1e-9;  // the same bits summed after scaling
// Short runs keep the suite fast: the small town's warm-up is 1 h, so the busy hour is one
// of the two after it.
constexpr const char* kDuration = "--duration 3h";

struct Estimate {
  double mean = 0;
  double half_width = 0;  // of the 95% interval; 0 with one replication
};

// forecast.csv by (year, metric, scope).
std::map<std::tuple<int, std::string, std::string>, Estimate> read_forecast_csv(const fs::path& path) {
  std::istringstream in(read_all(path));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "year,metric,scope,mean,ci95_low,ci95_high,ci95_clipped,replications");
  std::map<std::tuple<int, std::string, std::string>, Estimate> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream split(line);
    for (std::string cell; std::getline(split, cell, ',');) cells.push_back(cell);
    cells.resize(8);
    Estimate estimate{std::stod(cells[3]), 0};
    if (!cells[4].empty()) estimate.half_width = (std::stod(cells[5]) - std::stod(cells[4])) / 2;
    rows[{std::stoi(cells[0]), cells[1], cells[2]}] = estimate;
  }
  return rows;
}

class ForecastTest : public citynet::testing::CitynetProcessTest {
 protected:
  fs::path write_scenario(const std::string& growth) const {
    const fs::path path = directory_ / "town-growth.yaml";
    std::ofstream(path) << read_all(fs::path(CITYNET_SOURCE_DIR) / "scenarios" / "small-town.yaml") << growth;
    return path;
  }
  ProcessResult forecast(const fs::path& scenario, const std::string& out, const std::string& options) const {
    return citynet("forecast " + scenario.string() + " --quiet --out " + (directory_ / out).string() + " " + options);
  }
};

TEST_F(ForecastTest, SizeAndRateGrowthScaleEveryBusyHourOfferedLoadByTheCompoundFactor) {
  // Every flow keeps its arrival, site and destination (common random numbers) and only its
  // size or rate is scaled, so each link's busy-hour offered load is year 0's × 1.3^k.
  const fs::path scenario = write_scenario(
      "growth:\n"
      "  first_year: 2005\n"
      "  last_year: 2007\n"
      "  applications:\n"
      "    web: {size: 30%}\n"
      "    p2p: {size: 30%}\n"
      "    distance-education: {rate: 30%}\n");
  const ProcessResult result = forecast(scenario, "out", std::string(kDuration) + " --replications 1");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto rows = read_forecast_csv(directory_ / "out" / "forecast.csv");
  std::size_t compared = 0;
  for (const auto& [key, estimate] : rows) {
    const auto& [year, metric, scope] = key;
    if (year != 2005 || metric != "busy_hour_offered_load" || estimate.mean == 0) continue;
    for (int k = 1; k <= 2; ++k) {
      const double expected = estimate.mean * std::pow(1.3, k);
      EXPECT_NEAR(rows.at({2005 + k, metric, scope}).mean, expected, expected * kRelativeTolerance) << scope;
      ++compared;
    }
  }
  EXPECT_GE(compared, 20U);  // every loaded link direction and layer
}

TEST_F(ForecastTest, SessionGrowthScalesBusyHourOfferedLoadByTheCompoundFactorWithinItsInterval) {
  const fs::path scenario = write_scenario(
      "growth:\n"
      "  first_year: 2005\n"
      "  last_year: 2007\n"
      "  applications:\n"
      "    web: {sessions_per_day: 50%}\n"
      "    p2p: {sessions_per_day: 50%}\n"
      "    distance-education: {sessions_per_day: 50%}\n");
  const ProcessResult result = forecast(scenario, "out", std::string(kDuration) + " --replications 4 --jobs 2");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto rows = read_forecast_csv(directory_ / "out" / "forecast.csv");
  for (const std::string scope : {"layer:egress", "layer:access", "layer:core"}) {
    const Estimate first = rows.at({2005, "busy_hour_offered_load", scope});
    for (int k = 1; k <= 2; ++k) {
      const double factor = std::pow(1.5, k);
      const Estimate later = rows.at({2005 + k, "busy_hour_offered_load", scope});
      // Both means are uncertain: the expected one by year 0's interval, scaled.
      EXPECT_NEAR(later.mean, first.mean * factor, later.half_width + factor * first.half_width) << scope << k;
      EXPECT_GT(later.mean, first.mean) << scope << k;
    }
  }
}

TEST_F(ForecastTest, TheFirstCongestedYearIsTheFirstYearTheBusyHourOverloads) {
  const fs::path scenario = write_scenario(
      "growth:\n"
      "  first_year: 2005\n"
      "  last_year: 2009\n"
      "  applications:\n"
      "    p2p: {size: 200%}\n");
  const ProcessResult result = forecast(scenario, "out", std::string(kDuration) + " --replications 1");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto rows = read_forecast_csv(directory_ / "out" / "forecast.csv");
  const std::string scope = "link:uplink:internet>gateway";
  int expected_year = 0;
  for (int year = 2009; year >= 2005; --year) {
    if (rows.at({year, "busy_hour_offered_load", scope}).mean >= 1) expected_year = year;
  }
  ASSERT_GT(expected_year, 2005) << "growth should overload the uplink within the horizon";
  EXPECT_THAT(read_all(directory_ / "out" / "first_congested.csv"),
              HasSubstr(scope + ",egress," + std::to_string(expected_year) + ",busy_hour_offered_load,"));
  EXPECT_THAT(result.output, HasSubstr("OVERLOAD"));
  EXPECT_THAT(result.output, HasSubstr("Runs out first: "));
}

TEST_F(ForecastTest, FilesAreByteIdenticalForOneAndTwoJobs) {
  const fs::path scenario = fs::path(CITYNET_SOURCE_DIR) / "scenarios" / "small-town-growth.yaml";
  const std::string options = std::string(kDuration) + " --replications 2";
  ASSERT_EQ(forecast(scenario, "one", options + " --jobs 1").exit_code, 0);
  ASSERT_EQ(forecast(scenario, "two", options + " --jobs 2").exit_code, 0);
  for (const char* file : {"forecast.csv", "first_congested.csv"}) {
    const std::string one = read_all(directory_ / "one" / file);
    EXPECT_FALSE(one.empty()) << file;
    EXPECT_EQ(one, read_all(directory_ / "two" / file)) << file;
  }
}

TEST_F(ForecastTest, ARefusedGrowthSectionWritesNothing) {
  // small-town.yaml has 67 lines; the growth section starts on line 68.
  const fs::path scenario = write_scenario(
      "growth:\n"
      "  first_year: 2005\n"
      "  last_year: 2007\n"
      "  migrations: [{from: dialup, to: adsl-1m, share: 150%}]\n");
  const ProcessResult result = forecast(scenario, "out", kDuration);
  EXPECT_EQ(result.exit_code, kExitInputError);
  EXPECT_THAT(result.output, StartsWith(scenario.string() + ":71:"));
  EXPECT_THAT(result.output, HasSubstr("\"150%\" is outside [0, 1]"));
  EXPECT_FALSE(fs::exists(directory_ / "out"));
}

TEST_F(ForecastTest, AScenarioWithoutGrowthIsRefused) {
  const fs::path scenario = fs::path(CITYNET_SOURCE_DIR) / "scenarios" / "small-town.yaml";
  const ProcessResult result = forecast(scenario, "out", kDuration);
  EXPECT_EQ(result.exit_code, kExitInputError);
  EXPECT_THAT(result.output, HasSubstr("no `growth:` section"));
  EXPECT_FALSE(fs::exists(directory_ / "out"));
}

}  // namespace
