// The `plans:` and `costs:` sections: what each change reads into, and the errors of a
// plan at the place they were written (an unknown path, class or value).
#include <string>
#include <variant>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "scenario/apply_plan.hpp"
#include "scenario/load.hpp"

namespace citynet::scenario {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A generated city, lines 1-13, that the plans below change.
const std::string kBase =
    "name: t\n"                                                                    // 1
    "city:\n"                                                                      // 2
    "  name: T\n"                                                                  // 3
    "  districts:\n"                                                               // 4
    "    - {name: A, x_km: 0, y_km: 0, area_km2: 1, households: 100}\n"            // 5
    "network:\n"                                                                   // 6
    "  generate: {fiber_length: 10km, core_switching: 1Gbps, egress: 100Mbps}\n"   // 7
    "demand:\n"                                                                    // 8
    "  classes:\n"                                                                 // 9
    "    - {name: adsl, access: adsl, down: 1Mbps, up: 256kbps, count: 10}\n"      // 10
    "    - {name: lan, access: lan, down: 10Mbps, up: 10Mbps, count: 5}\n"         // 11
    "  applications:\n"                                                            // 12
    "    - {name: web, kind: elastic, sessions_per_day: 1, size: 100kB, destinations: {internet: 0.8, idc: 0.2}}\n";

std::string error_of(const std::string& yaml) {
  try {
    (void)load_scenario_text(yaml, "t.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(PlanReader, ReadsEveryKindOfChangeAndTheCosts) {
  const Scenario scenario = load_scenario_text(
      kBase +
          "costs: {currency: CNY, egress_per_gbps: 1200000, fiber_per_km: 30000}\n"
          "plans:\n"
          "  - name: big\n"
          "    description: everything\n"
          "    cost: 5e6\n"
          "    changes:\n"
          "      - set: {path: network.generate.egress, value: 1Gbps}\n"
          "      - scale: {layer: core, factor: 2}\n"
          "      - add_link: {id: x, a: n1, b: n2, medium: microwave, capacity: 155.52Mbps}\n"
          "      - remove_link: y\n"
          "      - add_gateway: {id: gw, attach_to: [core-1], link_capacity: 10Gbps, egress: 1Gbps}\n"
          "      - move_subscribers: {from: adsl, to: lan, share: 20%}\n"
          "      - grow_subscribers: {factor: 1.3, classes: [lan]}\n",
      "t.yaml");
  ASSERT_EQ(scenario.plans.size(), 1U);
  const Plan& plan = scenario.plans.front();
  EXPECT_EQ(plan.name, "big");
  EXPECT_EQ(plan.cost, 5e6);
  ASSERT_EQ(plan.changes.size(), 7U);
  EXPECT_DOUBLE_EQ(std::get<SetValue>(plan.changes[0].change).value, 1e9);
  EXPECT_EQ(std::get<ScaleCapacity>(plan.changes[1].change).layer, "core");
  EXPECT_EQ(std::get<AddLink>(plan.changes[2].change).medium, Medium::microwave);
  EXPECT_EQ(std::get<RemoveLink>(plan.changes[3].change).id, "y");
  EXPECT_EQ(std::get<AddGateway>(plan.changes[4].change).attach_to.size(), 1U);
  EXPECT_DOUBLE_EQ(std::get<MoveSubscribers>(plan.changes[5].change).share, 0.2);
  EXPECT_DOUBLE_EQ(std::get<GrowSubscribers>(plan.changes[6].change).factor, 1.3);
  EXPECT_EQ(plan.changes[2].place.line, 22U);
  EXPECT_EQ(scenario.costs.currency, "CNY");
  EXPECT_EQ(scenario.costs.egress_per_gbps, 1.2e6);
  EXPECT_FALSE(scenario.costs.microwave_link);
  // Loading leaves the baseline as it was: the plan's settings apply only to its copy.
  EXPECT_DOUBLE_EQ(scenario.network.generate->egress_bps, 100e6);
}

TEST(ApplySettings, SetsTheValueAtItsPath) {
  Scenario scenario = load_scenario_text(
      kBase +
          "plans:\n"
          "  - name: local\n"
          "    changes:\n"
          "      - set: {path: \"demand.applications[web].destinations.internet\", value: 50%}\n"
          "      - set: {path: \"demand.applications[web].destinations.idc\", value: 50%}\n"
          "      - set: {path: \"demand.classes[adsl].down\", value: 2Mbps}\n",
      "t.yaml");
  apply_settings(scenario, scenario.plans.front());
  EXPECT_DOUBLE_EQ(scenario.demand.applications.front().destinations.idc, 0.5);
  EXPECT_DOUBLE_EQ(scenario.demand.classes.front().down_bps, 2e6);
}

struct PlanErrorCase {
  const char* what;
  std::string plans;     // appended to kBase from line 14
  std::string expected;  // the message starts with this
};

void PrintTo(const PlanErrorCase& c, std::ostream* out) { *out << c.what; }

class PlanError : public ::testing::TestWithParam<PlanErrorCase> {};

TEST_P(PlanError, IsOneLineWithItsPlace) {
  const PlanErrorCase& c = GetParam();
  const std::string message = error_of(kBase + c.plans);
  EXPECT_THAT(message, StartsWith(c.expected)) << c.what;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, PlanError,
    ::testing::Values(
        PlanErrorCase{"an unknown path, with the settable ones",
                      "plans:\n  - name: p\n    changes:\n      - set: {path: network.generate.egres, value: 1Gbps}\n",
                      "t.yaml:17:21: plans[0].changes[0].set.path: \"network.generate.egres\" is not a value a plan "
                      "can set; expected one of: network.generate.<egress"},
        PlanErrorCase{"an unknown application in a path, with a suggestion",
                      "plans:\n  - name: p\n    changes:\n"
                      "      - set: {path: \"demand.applications[wbe].sessions_per_day\", value: 2}\n",
                      "t.yaml:17:21: plans[0].changes[0].set.path: unknown application \"wbe\"; did you mean \"web\"?"},
        PlanErrorCase{"a value in the wrong unit",
                      "plans:\n  - name: p\n    changes:\n      - set: {path: network.generate.egress, value: 5km}\n",
                      "t.yaml:17:53: plans[0].changes[0].set.value: \"5km\" has an unknown unit"},
        PlanErrorCase{"destinations that no longer sum to 1",
                      "plans:\n  - name: p\n    changes:\n"
                      "      - set: {path: \"demand.applications[web].destinations.idc\", value: 0.5}\n",
                      "t.yaml:17:9: plans[0].changes[0].set: the destinations of application \"web\" sum to 1.3"},
        PlanErrorCase{"an unknown class",
                      "plans:\n  - name: p\n    changes:\n"
                      "      - move_subscribers: {from: adls, to: lan, share: 20%}\n",
                      "t.yaml:17:34: plans[0].changes[0].move_subscribers.from: unknown class \"adls\"; did you mean "
                      "\"adsl\"?"},
        PlanErrorCase{"two kinds of change in one item",
                      "plans:\n  - name: p\n    changes:\n      - {remove_link: a, scale: {factor: 2}}\n",
                      "t.yaml:17:9: plans[0].changes[0]: 2 kinds of change in one item; expected exactly one of"},
        PlanErrorCase{"an unknown kind of change", "plans:\n  - name: p\n    changes:\n      - scael: {factor: 2}\n",
                      "t.yaml:17:9: plans[0].changes[0]: unknown key \"scael\"; did you mean \"scale\"?"},
        PlanErrorCase{"an unknown layer",
                      "plans:\n  - name: p\n    changes:\n      - scale: {layer: egres, factor: 2}\n",
                      "t.yaml:17:24: plans[0].changes[0].scale.layer: unknown value \"egres\"; did you mean "
                      "\"egress\"?"},
        PlanErrorCase{"a factor of zero", "plans:\n  - name: p\n    changes:\n      - scale: {factor: 0}\n",
                      "t.yaml:17:25: plans[0].changes[0].scale.factor: 0 is out of range"},
        PlanErrorCase{"two plans of one name",
                      "plans:\n  - name: p\n  - name: p\n",
                      "t.yaml:16:5: plans[1]: plan \"p\" is defined twice"},
        PlanErrorCase{"a negative unit cost", "costs: {fiber_per_km: -3}\n",
                      "t.yaml:14:23: costs.fiber_per_km: -3 is negative"}));

}  // namespace
}  // namespace citynet::scenario
