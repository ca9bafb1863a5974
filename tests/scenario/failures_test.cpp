// The `failures:` section: events and random rates read into plain values with their units,
// and every mistake one line with its place.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "scenario/load.hpp"
#include "scenario/resolved.hpp"

namespace citynet::scenario {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kBase =
    "name: t\n"                                                                    // 1
    "city:\n"                                                                      // 2
    "  name: T\n"                                                                  // 3
    "  districts:\n"                                                               // 4
    "    - {name: Heping, x_km: 0, y_km: 0, area_km2: 1, households: 100}\n"       // 5
    "    - {name: Hexi, x_km: 3, y_km: 1, area_km2: 2, households: 50}\n"          // 6
    "network:\n"                                                                   // 7
    "  generate: {fiber_length: 10km, core_switching: 1Gbps, egress: 100Mbps}\n"   // 8
    "simulation: {duration: 24h}\n"                                                // 9
    "failures:\n";                                                                 // 10

Scenario load(const std::string& failures) { return load_scenario_text(kBase + failures, "t.yaml"); }

std::string error_of(const std::string& failures) {
  try {
    (void)load(failures);
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(FailureReader, ReadsEveryKindOfEventWithItsTimesInSeconds) {
  const Scenario s = load(
      "  events:\n"
      "    - {name: ring cut, at: \"21:00\", duration: 2h, cut: {link: core-1-core-2}}\n"
      "    - name: backhoe\n"
      "      at: 10h\n"
      "      duration: 6h\n"
      "      cut: {corridor: {from: [0, 0], to: [4, 0], width: 500m}}\n"
      "    - {name: quake, cut: {radius: 2km, around: [1, 2]}}\n"
      "    - {name: gateway outage, at: 1h, duration: 30min, node_down: gw-1}\n"
      "    - {name: rain, at: 20h, duration: 3h, fade: {districts: [Heping, Hexi], to: 30%}}\n"
      "    - {name: shower, fade: {area: {around: [0, 0], radius: 10km}, to: 0.5}}\n");
  const auto& events = s.failures.events;
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0].name, "ring cut");
  EXPECT_EQ(events[0].kind, FailureEventSpec::Kind::cut_link);
  EXPECT_EQ(events[0].element_id, "core-1-core-2");
  EXPECT_DOUBLE_EQ(events[0].start_s, 21 * 3600.0);
  EXPECT_DOUBLE_EQ(events[0].end_s, 23 * 3600.0);
  EXPECT_EQ(events[0].element_place.line, 12u);
  EXPECT_EQ(events[1].kind, FailureEventSpec::Kind::cut_corridor);
  EXPECT_DOUBLE_EQ(events[1].corridor.to.x_km, 4);
  EXPECT_DOUBLE_EQ(events[1].corridor.width_km, 0.5);
  EXPECT_DOUBLE_EQ(events[1].start_s, 10 * 3600.0);
  EXPECT_EQ(events[2].kind, FailureEventSpec::Kind::cut_radius);
  EXPECT_DOUBLE_EQ(events[2].circle.radius_km, 2);
  EXPECT_DOUBLE_EQ(events[2].circle.around.y_km, 2);
  // No time given: from the start of the run to its end.
  EXPECT_DOUBLE_EQ(events[2].start_s, 0);
  EXPECT_DOUBLE_EQ(events[2].end_s, 24 * 3600.0);
  EXPECT_EQ(events[3].kind, FailureEventSpec::Kind::node_down);
  EXPECT_EQ(events[3].element_id, "gw-1");
  EXPECT_DOUBLE_EQ(events[3].end_s, 5400);
  EXPECT_EQ(events[4].kind, FailureEventSpec::Kind::fade);
  EXPECT_EQ(events[4].fade.districts, (std::vector<std::string>{"Heping", "Hexi"}));
  EXPECT_DOUBLE_EQ(events[4].fade.capacity_fraction, 0.3);
  ASSERT_TRUE(events[5].fade.area.has_value());
  EXPECT_DOUBLE_EQ(events[5].fade.area->radius_km, 10);
}

TEST(FailureReader, ReadsRandomRatesAndDefaults) {
  const Scenario s = load(
      "  random: {fiber_cuts_per_1000km_year: 5, mean_repair: 8h, node_failures_per_year: 0.5,\n"
      "           node_roles: [core, gateway]}\n");
  const RandomFailureSpec& random = s.failures.random;
  EXPECT_DOUBLE_EQ(random.fiber_cuts_per_1000km_year, 5);
  EXPECT_DOUBLE_EQ(random.mean_fiber_repair_s, 8 * 3600.0);
  EXPECT_DOUBLE_EQ(random.node_failures_per_year, 0.5);
  EXPECT_DOUBLE_EQ(random.mean_node_repair_s, 4 * 3600.0);  // the default
  EXPECT_EQ(random.node_roles, (std::vector<std::string>{"core", "gateway"}));
}

TEST(FailureReader, NoSectionMeansNothingFails) {
  const Scenario s = load_scenario_text(kBase.substr(0, kBase.size() - std::string("failures:\n").size()), "t.yaml");
  EXPECT_TRUE(s.failures.events.empty());
  EXPECT_DOUBLE_EQ(s.failures.random.fiber_cuts_per_1000km_year, 0);
  EXPECT_DOUBLE_EQ(s.failures.random.node_failures_per_year, 0);
}

TEST(FailureReader, TheResolvedScenarioReadsBackToTheSameFailures) {
  const Scenario s = load(
      "  events:\n"
      "    - {name: ring cut, at: \"21:00\", duration: 2h, cut: {link: core-1-core-2}}\n"
      "    - {name: backhoe, at: 10h, cut: {corridor: {from: [0, 0.5], to: [4, 0], width: 500m}}}\n"
      "    - {name: quake, cut: {radius: 2km, around: [1, 2]}}\n"
      "    - {name: gateway outage, node_down: gw-1}\n"
      "    - {name: rain, fade: {districts: [Hexi], to: 30%}}\n"
      "    - {name: shower, fade: {area: {around: [0, 0], radius: 10km}, to: 0.5}}\n"
      "  random: {fiber_cuts_per_1000km_year: 5, node_roles: [core]}\n");
  const Scenario again = load_scenario_text(to_resolved_yaml(s), "resolved.yaml");
  ASSERT_EQ(again.failures.events.size(), s.failures.events.size());
  for (std::size_t i = 0; i < s.failures.events.size(); ++i) {
    const FailureEventSpec& x = s.failures.events[i];
    const FailureEventSpec& y = again.failures.events[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.start_s, y.start_s);
    EXPECT_EQ(x.end_s, y.end_s);
    EXPECT_EQ(x.element_id, y.element_id);
    EXPECT_EQ(x.corridor.from.y_km, y.corridor.from.y_km);
    EXPECT_EQ(x.corridor.width_km, y.corridor.width_km);
    EXPECT_EQ(x.circle.radius_km, y.circle.radius_km);
    EXPECT_EQ(x.circle.around.x_km, y.circle.around.x_km);
    EXPECT_EQ(x.fade.districts, y.fade.districts);
    EXPECT_EQ(x.fade.area.has_value(), y.fade.area.has_value());
    EXPECT_EQ(x.fade.capacity_fraction, y.fade.capacity_fraction);
  }
  EXPECT_EQ(again.failures.random.fiber_cuts_per_1000km_year, 5);
  EXPECT_EQ(again.failures.random.mean_fiber_repair_s, s.failures.random.mean_fiber_repair_s);
  EXPECT_EQ(again.failures.random.node_roles, std::vector<std::string>{"core"});
}

struct ErrorCase {
  const char* what;
  std::string failures;
  std::string expected_start;
  std::string expected_part;
};

void PrintTo(const ErrorCase& c, std::ostream* out) { *out << c.what; }

class FailureError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(FailureError, IsOneLineWithItsPlace) {
  const ErrorCase& c = GetParam();
  const std::string message = error_of(c.failures);
  EXPECT_THAT(message, StartsWith(c.expected_start));
  EXPECT_THAT(message, HasSubstr(c.expected_part));
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FailureError,
    ::testing::Values(
        ErrorCase{"unknown key", "  event: []\n", "t.yaml:11:3: failures: unknown key \"event\"",
                  "did you mean \"events\"?"},
        ErrorCase{"no name", "  events:\n    - {at: 1h, node_down: gw-1}\n", "t.yaml:12:7: failures.events[0]:",
                  "missing key \"name\""},
        ErrorCase{"two kinds", "  events:\n    - {name: x, node_down: gw-1, cut: {link: a}}\n",
                  "t.yaml:12:7: failures.events[0]:", "exactly one of cut, node_down or fade"},
        ErrorCase{"no kind", "  events:\n    - {name: x}\n", "t.yaml:12:7: failures.events[0]:",
                  "exactly one of cut, node_down or fade"},
        ErrorCase{"duplicate name", "  events:\n    - {name: x, node_down: a}\n    - {name: x, node_down: b}\n",
                  "t.yaml:13:7: failures.events[1]:", "already used at line 12"},
        ErrorCase{"bad clock", "  events:\n    - {name: x, at: \"25:00\", node_down: a}\n",
                  "t.yaml:12:21: failures.events[0].at: \"25:00\" is not a time of day", "HH:MM"},
        ErrorCase{"start after the run", "  events:\n    - {name: x, at: 30h, node_down: a}\n",
                  "t.yaml:12:21: failures.events[0].at: 30h is not within the run (24h)", "before its end"},
        ErrorCase{"duration without unit", "  events:\n    - {name: x, duration: 2, node_down: a}\n",
                  "t.yaml:12:27: failures.events[0].duration:", "has no unit"},
        ErrorCase{"zero duration", "  events:\n    - {name: x, duration: 0h, node_down: a}\n",
                  "t.yaml:12:27: failures.events[0].duration:", "above zero"},
        ErrorCase{"cut of two kinds", "  events:\n    - {name: x, cut: {link: a, radius: 1km, around: [0, 0]}}\n",
                  "t.yaml:12:22: failures.events[0].cut:", "exactly one of link, corridor"},
        ErrorCase{"radius without centre", "  events:\n    - {name: x, cut: {radius: 1km}}\n",
                  "t.yaml:12:22: failures.events[0].cut:", "missing key \"around\""},
        ErrorCase{"point of three numbers", "  events:\n    - {name: x, cut: {radius: 1km, around: [0, 0, 1]}}\n",
                  "t.yaml:12:44: failures.events[0].cut.around: 3 numbers", "[x_km, y_km]"},
        ErrorCase{"negative width",
                  "  events:\n    - {name: x, cut: {corridor: {from: [0, 0], to: [1, 1], width: -1km}}}\n",
                  "t.yaml:12:67: failures.events[0].cut.corridor.width:", "above zero"},
        ErrorCase{"fade to nothing", "  events:\n    - {name: x, fade: {districts: [Hexi], to: 0%}}\n",
                  "t.yaml:12:47: failures.events[0].fade.to: 0 is not a fade", "above 0 and below 1"},
        ErrorCase{"fade to all", "  events:\n    - {name: x, fade: {districts: [Hexi], to: 1}}\n",
                  "t.yaml:12:47: failures.events[0].fade.to: 1 is not a fade", "below 1"},
        ErrorCase{"unknown district", "  events:\n    - {name: x, fade: {districts: [Hexl], to: 50%}}\n",
                  "t.yaml:12:36: failures.events[0].fade.districts[0]: unknown district \"Hexl\"",
                  "did you mean \"Hexi\"?"},
        ErrorCase{"negative rate", "  random: {fiber_cuts_per_1000km_year: -1}\n",
                  "t.yaml:11:40: failures.random.fiber_cuts_per_1000km_year: -1 is out of range", "from 0 to"},
        ErrorCase{"unknown role", "  random: {node_roles: [cores]}\n",
                  "t.yaml:11:25: failures.random.node_roles[0]: unknown value \"cores\"", "did you mean \"core\"?"}));

}  // namespace
}  // namespace citynet::scenario
