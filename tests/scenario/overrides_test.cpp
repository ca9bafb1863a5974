// Overrides replace parts of a scenario before it is read: the scenario read is the one a
// file with those values written in would give, and a bad override is reported where the
// override was written, never where the scenario is.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "scenario/load.hpp"

namespace citynet::scenario {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kScenario =
    "name: t\n"
    "city:\n"
    "  name: T\n"
    "  districts:\n"
    "    - {name: A, x_km: 0, y_km: 0, area_km2: 1, households: 100}\n"
    "    - {name: B, x_km: 3, y_km: 1, area_km2: 2, households: 50}\n"
    "network:\n"
    "  generate: {fiber_length: 10km, core_switching: 1Gbps, egress: 100Mbps}\n"
    "demand:\n"
    "  classes:\n"
    "    - {name: adsl, access: adsl, down: 1Mbps, up: 256kbps, count: 10}\n"
    "    - {name: lan, access: lan, down: 10Mbps, up: 10Mbps, count: 20}\n"
    "  applications:\n"
    "    - {name: web, kind: elastic, sessions_per_day: 1, size: 100kB}\n";

ScenarioOverride override_of(std::string key_path, std::string value, std::size_t line = 7) {
  return ScenarioOverride{std::move(key_path), std::move(value), SourcePlace{"sweep.yaml", line, 5}};
}

Scenario load_with(const std::vector<ScenarioOverride>& overrides) {
  return load_scenario_text(kScenario, "t.yaml", overrides);
}

std::string error_of(const std::vector<ScenarioOverride>& overrides) {
  try {
    (void)load_with(overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(ScenarioOverrides, NoOverrideReadsTheFileAsWritten) {
  const Scenario scenario = load_with({});
  EXPECT_DOUBLE_EQ(scenario.network.generate->egress_bps, 100e6);
  EXPECT_EQ(scenario.demand.classes[1].count, 20);
}

TEST(ScenarioOverrides, ReplaceAValueInAMapping) {
  const Scenario scenario = load_with({override_of("network.generate.egress", "20Gbps")});
  EXPECT_DOUBLE_EQ(scenario.network.generate->egress_bps, 20e9);
  EXPECT_DOUBLE_EQ(scenario.network.generate->fiber_length_km, 10) << "the other keys stay as written";
}

TEST(ScenarioOverrides, ListElementsAreAddressedByName) {
  const Scenario scenario = load_with({override_of("demand.classes.lan.count", "35")});
  EXPECT_EQ(scenario.demand.classes[0].count, 10);
  EXPECT_EQ(scenario.demand.classes[1].count, 35);
}

TEST(ScenarioOverrides, ListElementsAreAddressedByPosition) {
  const Scenario scenario = load_with({override_of("demand.classes.0.count", "7")});
  EXPECT_EQ(scenario.demand.classes[0].count, 7);
}

TEST(ScenarioOverrides, AKeyTheFileLeavesOutIsAdded) {
  const Scenario scenario = load_with({override_of("simulation.seed", "42")});
  EXPECT_EQ(scenario.simulation.seed, 42u) << "the file has no simulation section at all";
}

TEST(ScenarioOverrides, TheLastOverrideOfAKeyWins) {
  const Scenario scenario =
      load_with({override_of("network.generate.egress", "1Gbps"), override_of("network.generate.egress", "2Gbps")});
  EXPECT_DOUBLE_EQ(scenario.network.generate->egress_bps, 2e9);
}

TEST(ScenarioOverrides, AValueCanBeAMapping) {
  const Scenario scenario =
      load_with({override_of("network.generate", "{fiber_length: 5km, core_switching: 2Gbps, egress: 3Gbps}")});
  EXPECT_DOUBLE_EQ(scenario.network.generate->fiber_length_km, 5);
  EXPECT_DOUBLE_EQ(scenario.network.generate->egress_bps, 3e9);
}

struct OverrideErrorCase {
  const char* what;
  ScenarioOverride override;
  std::string expected_start;
  std::string expected_part;
};

void PrintTo(const OverrideErrorCase& c, std::ostream* out) { *out << c.what; }

class OverrideError : public ::testing::TestWithParam<OverrideErrorCase> {};

TEST_P(OverrideError, IsReportedAtTheOverride) {
  const OverrideErrorCase& c = GetParam();
  const std::string message = error_of({c.override});
  EXPECT_THAT(message, StartsWith(c.expected_start));
  EXPECT_THAT(message, HasSubstr(c.expected_part));
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, OverrideError,
    ::testing::Values(
        OverrideErrorCase{"a misspelt last key", override_of("network.generate.egres", "1Gbps"),
                          "sweep.yaml:7:5: network.generate.egres: unknown key \"egres\"", "did you mean \"egress\"?"},
        OverrideErrorCase{"a misspelt section", override_of("simulaton.seed", "3", 9),
                          "sweep.yaml:9:5: simulaton.seed: unknown key \"simulaton\"", "did you mean \"simulation\"?"},
        OverrideErrorCase{"an unknown list element", override_of("demand.classes.lam.count", "3"),
                          "sweep.yaml:7:5: demand.classes.lam.count: no element \"lam\" in demand.classes",
                          "did you mean \"lan\"?"},
        OverrideErrorCase{"a path through a value", override_of("network.generate.egress.rate", "3"),
                          "sweep.yaml:7:5: network.generate.egress.rate: network.generate.egress holds a single value",
                          "expected a key path"},
        OverrideErrorCase{"an empty key", override_of("network..egress", "3"),
                          "sweep.yaml:7:5: network..egress: a key in the path is empty", "expected keys joined by dots"},
        OverrideErrorCase{"a rate without a unit", override_of("network.generate.egress", "100"),
                          "sweep.yaml:7:5: network.generate.egress: ", "expected a rate"},
        OverrideErrorCase{"a count that is not a number", override_of("demand.classes.lan.count", "many"),
                          "sweep.yaml:7:5: demand.classes.lan.count: ", "\"many\""},
        OverrideErrorCase{"a bad value inside a mapping value",
                          override_of("network.generate", "{fiber_length: 5km, core_switching: 2Gbps, egress: -3Gbps}"),
                          "sweep.yaml:7:5: network.generate.egress: ", "expected"},
        OverrideErrorCase{"text that is not YAML", override_of("network.generate.egress", "[1Gbps"),
                          "sweep.yaml:7:5: network.generate.egress: \"[1Gbps\" is not a YAML value", "expected"}));

TEST(ScenarioOverrides, AnErrorElsewhereInTheScenarioKeepsItsPlace) {
  const std::string broken = kScenario + "simulation: {duration: -1h}\n";
  try {
    (void)load_scenario_text(broken, "t.yaml", std::vector{override_of("network.generate.egress", "2Gbps")});
    FAIL() << "a negative duration loads";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), StartsWith("t.yaml:15:")) << "the override did not cause it";
  }
}

}  // namespace
}  // namespace citynet::scenario
