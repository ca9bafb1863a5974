// Sweep files: a grid is every combination of its axes, last axis fastest; ranges step in
// the unit of their first value; a class total keeps the scenario's mix of classes; every
// mistake is one line with its place.
#include <numeric>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "scenario/load.hpp"
#include "scenario/sweep.hpp"

namespace citynet::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kScenario =
    "name: t\n"
    "city:\n"
    "  name: T\n"
    "  districts:\n"
    "    - {name: A, x_km: 0, y_km: 0, area_km2: 1, households: 100}\n"
    "network:\n"
    "  generate: {fiber_length: 10km, core_switching: 1Gbps, egress: 100Mbps}\n"
    "demand:\n"
    "  classes:\n"
    "    - {name: adsl, access: adsl, down: 1Mbps, up: 256kbps, count: 30}\n"
    "    - {name: lan, access: lan, down: 10Mbps, up: 10Mbps, count: 10}\n"
    "    - {name: dialup, access: dialup, down: 56kbps, up: 33.6kbps, count: 5}\n"
    "  applications:\n"
    "    - {name: web, kind: elastic, sessions_per_day: 1, size: 100kB}\n";

std::vector<std::string> column(const Sweep& sweep, std::size_t axis) {
  std::vector<std::string> values;
  for (const SweepPoint& point : sweep.points) values.push_back(point.values[axis]);
  return values;
}

std::string error_of(const std::string& yaml) {
  try {
    (void)load_sweep_text(yaml, "s.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(Sweep, AGridIsEveryCombinationWithTheLastAxisFastest) {
  const Sweep sweep = load_sweep_text(
      "replications: 3\n"
      "grid:\n"
      "  - {key: network.generate.egress, values: [1Gbps, 2Gbps]}\n"
      "  - {key: simulation.mode, values: [exact, fast, exact]}\n",
      "s.yaml");
  EXPECT_EQ(sweep.replications, 3u);
  EXPECT_FALSE(sweep.scenario_path) << "no scenario: the built-in one";
  ASSERT_EQ(sweep.points.size(), 6u);
  EXPECT_THAT(column(sweep, 0), ElementsAre("1Gbps", "1Gbps", "1Gbps", "2Gbps", "2Gbps", "2Gbps"));
  EXPECT_THAT(column(sweep, 1), ElementsAre("exact", "fast", "exact", "exact", "fast", "exact"));
}

TEST(Sweep, ARangeIncludesBothEndsInTheUnitOfItsFirstValue) {
  const Sweep sweep =
      load_sweep_text("grid:\n  - {key: network.generate.egress, from: 20Gbps, to: 160Gbps, step: 20Gbps}\n", "s.yaml");
  EXPECT_THAT(column(sweep, 0),
              ElementsAre("20Gbps", "40Gbps", "60Gbps", "80Gbps", "100Gbps", "120Gbps", "140Gbps", "160Gbps"));
  EXPECT_EQ(axis_column(sweep.axes[0]), "network_generate_egress_bps");
  EXPECT_EQ(axis_value_cell(sweep.axes[0], "40Gbps"), "40000000000");
}

TEST(Sweep, DecimalStepsLandOnTheirDecimalValues) {
  const Sweep sweep = load_sweep_text("grid:\n  - {key: simulation.streaming_guard, from: 0, to: 0.3, step: 0.1}\n", "s.yaml");
  EXPECT_THAT(column(sweep, 0), ElementsAre("0", "0.1", "0.2", "0.3")) << "0.1 * 3 is 0.30000000000000004 in doubles";
}

TEST(Sweep, WordsAreTextCellsAndQuotedWhenTheyHoldACommaOrQuote) {
  const Sweep sweep = load_sweep_text("grid:\n  - {key: simulation.mode, values: [exact, fast]}\n", "s.yaml");
  EXPECT_EQ(axis_column(sweep.axes[0]), "simulation_mode");
  EXPECT_EQ(axis_value_cell(sweep.axes[0], "a,\"b\""), "\"a,\"\"b\"\"\"");
}

TEST(Sweep, PointsListTheValuesOfEachPoint) {
  const Sweep sweep = load_sweep_text(
      "points:\n"
      "  - {network.generate.egress: 1Gbps, simulation.seed: 4}\n"
      "  - {simulation.seed: 5, network.generate.egress: 3Gbps}\n",
      "s.yaml");
  ASSERT_EQ(sweep.axes.size(), 2u);
  EXPECT_THAT(column(sweep, 0), ElementsAre("1Gbps", "3Gbps")) << "keys are matched by name, not position";
  EXPECT_THAT(column(sweep, 1), ElementsAre("4", "5"));
}

TEST(Sweep, AClassTotalKeepsTheScenariosMixAndSumsToTheTotal) {
  const Sweep sweep = load_sweep_text(
      "set: {simulation.seed: 9}\n"
      "grid:\n  - {name: broadband, class_total: [adsl, lan], values: [100, 7]}\n",
      "s.yaml");
  const Scenario base = load_scenario_text(kScenario, "t.yaml");
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    const Scenario scenario = load_scenario_text(kScenario, "t.yaml", point_overrides(sweep, p, base));
    EXPECT_EQ(scenario.simulation.seed, 9u) << "set: applies at every point";
    EXPECT_EQ(scenario.demand.classes[0].count + scenario.demand.classes[1].count, p == 0 ? 100 : 7);
    EXPECT_EQ(scenario.demand.classes[2].count, 5) << "a class outside the total keeps its count";
  }
  const Scenario first = load_scenario_text(kScenario, "t.yaml", point_overrides(sweep, 0, base));
  EXPECT_EQ(first.demand.classes[0].count, 75) << "30:10 of 100";
  EXPECT_EQ(first.demand.classes[1].count, 25);
}

TEST(Sweep, SharesInProportionGiveTheRemainderToTheLargestFractions) {
  EXPECT_THAT(share_in_proportion(10, {1, 1, 1}), ElementsAre(4, 3, 3)) << "ties go to the earlier";
  EXPECT_THAT(share_in_proportion(7, {30, 10}), ElementsAre(5, 2)) << "5.25 and 1.75: the 0.75 gets the unit";
  EXPECT_THAT(share_in_proportion(5, {0, 0}), ElementsAre(3, 2)) << "no counts: equal shares";
  const std::vector<std::int64_t> shares = share_in_proportion(1'200'000, {346500, 207900, 34650, 103950});
  EXPECT_EQ(std::accumulate(shares.begin(), shares.end(), std::int64_t{0}), 1'200'000);
}

TEST(Sweep, AnUnknownClassInATotalIsAnErrorAtTheAxis) {
  const Sweep sweep = load_sweep_text("grid:\n  - {class_total: [adls], values: [100]}\n", "s.yaml");
  const Scenario base = load_scenario_text(kScenario, "t.yaml");
  try {
    (void)point_overrides(sweep, 0, base);
    FAIL() << "an unknown class is accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), StartsWith("s.yaml:2:5: subscribers.class_total: unknown class \"adls\""));
    EXPECT_THAT(std::string(e.what()), HasSubstr("did you mean \"adsl\"?"));
  }
}

TEST(Sweep, ARawNulIsRefusedAtItsLineAndColumn) {
  using namespace std::string_literals;
  EXPECT_EQ(error_of("grid:\n  - {key: a, values: [1\0]}\n"s), "s.yaml:2:24: a NUL byte (\\x00); expected YAML text");
}

TEST(Sweep, ANulInsideAValueIsShownEscapedAndTheRestOfTheMessageIsKept) {
  const std::string message = error_of("grid:\n  - {key: a, from: 1Gbps, to: \"2\\0Gbps\", step: 1Gbps}\n");
  EXPECT_THAT(message, StartsWith("s.yaml:2:31: grid[0].to: \"2\\x00Gbps\""));
  EXPECT_THAT(message, HasSubstr("; expected "));
}

TEST(Sweep, ABadValueIsReportedWhereTheSweepWroteIt) {
  const Sweep sweep = load_sweep_text(
      "grid:\n"
      "  - key: network.generate.egress\n"
      "    values: [1Gbps, 2Gbsp]\n",
      "s.yaml");
  const Scenario base = load_scenario_text(kScenario, "t.yaml");
  try {
    (void)load_scenario_text(kScenario, "t.yaml", point_overrides(sweep, 1, base));
    FAIL() << "a misspelt unit loads";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), StartsWith("s.yaml:3:21: network.generate.egress: "));
  }
}

struct SweepErrorCase {
  const char* what;
  std::string yaml;
  std::string expected_start;
};

void PrintTo(const SweepErrorCase& c, std::ostream* out) { *out << c.what; }

class SweepError : public ::testing::TestWithParam<SweepErrorCase> {};

TEST_P(SweepError, IsOneLineWithItsPlace) {
  const std::string message = error_of(GetParam().yaml);
  EXPECT_THAT(message, StartsWith(GetParam().expected_start));
  EXPECT_THAT(message, ::testing::AnyOf(HasSubstr("expected"), HasSubstr("did you mean")));
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SweepError,
    ::testing::Values(
        SweepErrorCase{"an empty file", "", "s.yaml:1:1: scenario: the file is empty"},
        SweepErrorCase{"neither grid nor points", "replications: 2\n", "s.yaml:1:1: scenario: a sweep has either"},
        SweepErrorCase{"both grid and points", "grid: []\npoints: []\n", "s.yaml:1:1: scenario: a sweep has either"},
        SweepErrorCase{"a misspelt key", "replication: 2\ngrid: []\n", "s.yaml:1:1: scenario: unknown key \"replication\""},
        SweepErrorCase{"no replications", "replications: 0\ngrid: [{key: a, values: [1]}]\n",
                       "s.yaml:1:15: replications: 0 is out of range"},
        SweepErrorCase{"an empty grid", "grid: []\n", "s.yaml:1:7: grid: the grid is empty"},
        SweepErrorCase{"an axis with key and class_total", "grid:\n  - {key: a, class_total: [b], values: [1]}\n",
                       "s.yaml:2:5: grid[0]: an axis sets either a key or a class_total"},
        SweepErrorCase{"an axis without values", "grid:\n  - {key: a}\n",
                       "s.yaml:2:5: grid[0]: an axis has either values or from, to and step"},
        SweepErrorCase{"a range without a step", "grid:\n  - {key: a, from: 1Gbps, to: 2Gbps}\n",
                       "s.yaml:2:5: grid[0]: missing key \"step\""},
        SweepErrorCase{"a range of mixed units", "grid:\n  - {key: a, from: 1Gbps, to: 2km, step: 1Gbps}\n",
                       "s.yaml:2:31: grid[0].to: "},
        SweepErrorCase{"a range backwards", "grid:\n  - {key: a, from: 2Gbps, to: 1Gbps, step: 1Gbps}\n",
                       "s.yaml:2:31: grid[0].to: the range ends before it starts"},
        SweepErrorCase{"a zero step", "grid:\n  - {key: a, from: 1, to: 2, step: 0}\n",
                       "s.yaml:2:36: grid[0].step: the step is not above zero"},
        SweepErrorCase{"a grid too large", "grid:\n  - {key: a, from: 1, to: 1e9, step: 1}\n",
                       "s.yaml:2:38: grid[0].step: the range has more than"},
        SweepErrorCase{"a class total that is not whole", "grid:\n  - {class_total: [a], values: [1.5]}\n",
                       "s.yaml:2:33: grid[0].values[0]: "},
        SweepErrorCase{"two axes on one key",
                       "grid:\n  - {key: a, values: [1]}\n  - {key: a, values: [2]}\n",
                       "s.yaml:3:5: grid[1]: a second axis named \"a\""},
        SweepErrorCase{"points setting different keys", "points:\n  - {a: 1}\n  - {b: 2}\n",
                       "s.yaml:3:5: points[1]: missing key \"a\""}));

}  // namespace
}  // namespace citynet::scenario
