// Every kind of user error in a scenario is one line that names the file, the line and
// the column of the offending value, what is wrong and what was expected.
#include <ostream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "scenario/load.hpp"

namespace citynet::scenario {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The message of the error that loading `yaml` raises; empty when it loads.
std::string error_of(const std::string& yaml) {
  try {
    (void)load_scenario_text(yaml, "t.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

// A valid scenario, line by line, that the cases below break one place at a time.
const std::string kCity =
    "name: t\n"                                                                           // 1
    "city:\n"                                                                             // 2
    "  name: T\n"                                                                         // 3
    "  districts:\n"                                                                      // 4
    "    - {name: A, x_km: 0, y_km: 0, area_km2: 1, households: 100}\n"                   // 5
    "    - {name: B, x_km: 3, y_km: 1, area_km2: 2, households: 50}\n";                   // 6
const std::string kGenerate =
    "network:\n"                                                                          // 7
    "  generate: {fiber_length: 10km, core_switching: 1Gbps, egress: 100Mbps}\n";         // 8
const std::string kDemand =
    "demand:\n"                                                                           // 9
    "  classes:\n"                                                                        // 10
    "    - {name: c, access: adsl, down: 1Mbps, up: 256kbps, count: 10}\n"                // 11
    "  applications:\n"                                                                   // 12
    "    - {name: web, kind: elastic, sessions_per_day: 1, size: 100kB}\n";               // 13

TEST(LoadErrors, TheBaseScenarioLoads) { EXPECT_EQ(error_of(kCity + kGenerate + kDemand), ""); }

struct ErrorCase {
  const char* what;
  std::string yaml;
  std::string expected;  // the message starts with this
};

void PrintTo(const ErrorCase& c, std::ostream* out) { *out << c.what; }

class ScenarioError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ScenarioError, IsOneLineWithItsPlace) {
  const ErrorCase& c = GetParam();
  const std::string message = error_of(c.yaml);
  EXPECT_THAT(message, StartsWith(c.expected)) << c.what;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ScenarioError,
    ::testing::Values(
        ErrorCase{"unknown key with a suggestion",
                  kCity + "network:\n  generate: {fiber_lenght: 10km, core_switching: 1Gbps, egress: 100Mbps}\n",
                  "t.yaml:8:14: network.generate: unknown key \"fiber_lenght\"; did you mean \"fiber_length\"?"},
        ErrorCase{"unknown top-level key", kCity + kGenerate + "simulaton: {}\n",
                  "t.yaml:9:1: scenario: unknown key \"simulaton\"; did you mean \"simulation\"?"},
        ErrorCase{"unknown key far from any", kCity + kGenerate + "colour: red\n",
                  "t.yaml:9:1: scenario: unknown key \"colour\"; expected one of: name, description"},
        ErrorCase{"a bare number needs a unit",
                  kCity + "network:\n  generate: {fiber_length: 10km, core_switching: 1Gbps, egress: 60}\n",
                  "t.yaml:8:65: network.generate.egress: \"60\" has no unit; expected a rate such as 1Gbps"},
        ErrorCase{"a bad unit",
                  kCity + "network:\n  generate: {fiber_length: 10kg, core_switching: 1Gbps, egress: 1Gbps}\n",
                  "t.yaml:8:28: network.generate.fiber_length: \"10kg\" has an unknown unit \"kg\" (known: km, m)"},
        ErrorCase{"zero capacity",
                  kCity + "network:\n  generate: {fiber_length: 10km, core_switching: 0Gbps, egress: 1Gbps}\n",
                  "t.yaml:8:50: network.generate.core_switching: \"0Gbps\" is not above zero"},
        ErrorCase{"negative capacity",
                  kCity + "network:\n  generate: {fiber_length: 10km, core_switching: -1Gbps, egress: 1Gbps}\n",
                  "t.yaml:8:50: network.generate.core_switching: \"-1Gbps\" is not above zero"},
        ErrorCase{"1e400 is out of range",
                  kCity + "network:\n  generate: {fiber_length: 1e400km, core_switching: 1Gbps, egress: 1Gbps}\n",
                  "t.yaml:8:28: network.generate.fiber_length: \"1e400\" is out of range"},
        ErrorCase{"NaN is not a number",
                  kCity + "network:\n  generate: {fiber_length: .nan, core_switching: 1Gbps, egress: 1Gbps}\n",
                  "t.yaml:8:28: network.generate.fiber_length: \".nan\" is not a number"},
        ErrorCase{"a missing required key", kCity + "network:\n  generate: {fiber_length: 10km, egress: 1Gbps}\n",
                  "t.yaml:8:13: network.generate: missing key \"core_switching\""},
        ErrorCase{"wrong type: a list where a number goes",
                  "name: t\ncity:\n  name: T\n  districts:\n    - {name: A, area_km2: [1], households: 1}\n" +
                      kGenerate,
                  "t.yaml:5:27: city.districts[0].area_km2: got a list; expected a number"},
        ErrorCase{"wrong type: text where a count goes",
                  "name: t\ncity:\n  name: T\n  districts:\n    - {name: A, area_km2: 1, households: many}\n" +
                      kGenerate,
                  "t.yaml:5:42: city.districts[0].households: \"many\" is not a whole number"},
        ErrorCase{"a count too large for 64 bits",
                  "name: t\ncity:\n  name: T\n  districts:\n    - {name: A, area_km2: 1, households: 99999999999999999999}\n" +
                      kGenerate,
                  "t.yaml:5:42: city.districts[0].households: \"99999999999999999999\" is too large"},
        ErrorCase{"a truth value", "name: t\ncity:\n  name: T\n  districts:\n    - {name: A, area_km2: 1, households: 1, urban: yes}\n" +
                      kGenerate,
                  "t.yaml:5:52: city.districts[0].urban: \"yes\" is not a truth value; expected true or false"},
        ErrorCase{"duplicate district", kCity + "    - {name: A, area_km2: 1, households: 1}\n" + kGenerate,
                  "t.yaml:7:7: city.districts[2]: \"A\" is already used at line 5; expected unique district names"},
        ErrorCase{"duplicate key", "name: t\nname: u\n" + kGenerate,
                  "t.yaml:2:1: scenario: key \"name\" is given twice"},
        ErrorCase{"an unknown ring with a suggestion",
                  "name: t\ncity:\n  name: T\n  districts:\n    - {name: A, ring: centrl, area_km2: 1, households: 1}\n" +
                      kGenerate,
                  "t.yaml:5:23: city.districts[0].ring: unknown value \"centrl\"; did you mean \"central\"?"},
        ErrorCase{"no way to make the network", kCity + "network: {}\n",
                  "t.yaml:7:10: network: 0 ways to make the network; expected exactly one of generate"},
        ErrorCase{"two ways to make the network",
                  kCity + kGenerate + "  import: x.graphml\n",
                  "t.yaml:8:3: network: 2 ways to make the network"},
        ErrorCase{"a link to an unknown node",
                  kCity +
                      "network:\n  nodes:\n    - {id: core}\n    - {id: edge}\n  links:\n"
                      "    - {id: l1, a: core, b: egde, capacity: 1Gbps}\n",
                  "t.yaml:12:28: network.links[0].b: unknown node \"egde\"; did you mean \"edge\"?"},
        ErrorCase{"a link to itself",
                  kCity + "network:\n  nodes:\n    - {id: core}\n  links:\n    - {a: core, b: core, capacity: 1Gbps}\n",
                  "t.yaml:11:20: network.links[0].b: the link returns to \"core\"; expected two different nodes"},
        ErrorCase{"duplicate node ids",
                  kCity + "network:\n  nodes:\n    - {id: core}\n    - {id: core}\n  links: []\n",
                  "t.yaml:10:7: network.nodes[1]: \"core\" is already used at line 9; expected unique node ids"},
        ErrorCase{"duplicate link ids",
                  kCity +
                      "network:\n  nodes: [{id: a}, {id: b}]\n  links:\n    - {id: x, a: a, b: b, capacity: 1Gbps}\n"
                      "    - {id: x, a: b, b: a, capacity: 1Gbps}\n",
                  "t.yaml:11:7: network.links[1]: \"x\" is already used at line 10; expected unique link ids"},
        ErrorCase{"a node in an unknown district",
                  kCity + "network:\n  nodes:\n    - {id: core, district: C}\n  links: []\n",
                  "t.yaml:9:28: network.nodes[0].district: unknown district \"C\"; expected one that is defined"},
        ErrorCase{"nodes without links", kCity + "network:\n  nodes: [{id: a}]\n",
                  "t.yaml:8:3: network: missing key \"links\""},
        ErrorCase{"an unknown role", kCity + "network:\n  nodes: [{id: a, role: acess}]\n  links: []\n",
                  "t.yaml:8:25: network.nodes[0].role: unknown value \"acess\"; did you mean \"access\"?"},
        ErrorCase{"an unknown class in an application",
                  kCity + kGenerate +
                      "demand:\n  classes:\n    - {name: adsl, access: adsl, down: 1Mbps, up: 256kbps, count: 10}\n"
                      "  applications:\n    - {name: web, kind: elastic, sessions_per_day: 1, size: 1kB, classes: [adls]}\n",
                  "t.yaml:13:76: demand.applications[0].classes[0]: unknown class \"adls\"; did you mean \"adsl\"?"},
        ErrorCase{"an unknown profile",
                  kCity + kGenerate +
                      "demand:\n  profiles: {evening: [1]}\n  classes:\n"
                      "    - {name: c, access: adsl, down: 1Mbps, up: 256kbps, count: 10, profile: evenin}\n",
                  "t.yaml:12:77: demand.classes[0].profile: unknown profile \"evenin\"; did you mean \"evening\"?"},
        ErrorCase{"an unknown default profile", kCity + kGenerate + "demand:\n  default_profile: night\n",
                  "t.yaml:10:20: demand.default_profile: unknown profile \"night\""},
        ErrorCase{"a class in an unknown district",
                  kCity + kGenerate +
                      "demand:\n  classes:\n    - {name: c, access: adsl, down: 1Mbps, up: 1Mbps, count: 1, districts: [A, Q]}\n",
                  "t.yaml:11:80: demand.classes[0].districts[1]: unknown district \"Q\""},
        ErrorCase{"destination fractions that do not sum to 1",
                  kCity + kGenerate +
                      "demand:\n  applications:\n"
                      "    - {name: web, kind: elastic, sessions_per_day: 1, size: 1kB, destinations: {internet: 0.5, idc: 30%}}\n",
                  "t.yaml:11:80: demand.applications[0].destinations: the fractions sum to 0.8; expected internet + idc + "
                  "p2p = 1"},
        ErrorCase{"a fraction above 1",
                  kCity + kGenerate +
                      "demand:\n  applications:\n"
                      "    - {name: web, kind: elastic, sessions_per_day: 1, size: 1kB, destinations: {internet: 2}}\n",
                  "t.yaml:11:91: demand.applications[0].destinations.internet: \"2\" is outside [0, 1]"},
        ErrorCase{"a profile whose peak is not 1",
                  kCity + kGenerate + "demand:\n  profiles:\n    day: [0.5, 0.8]\n",
                  "t.yaml:11:10: demand.profiles.day: the largest multiplier is 0.8; expected the busy slot to be 1"},
        ErrorCase{"a streaming application without a rate",
                  kCity + kGenerate + "demand:\n  applications:\n    - {name: v, kind: streaming, sessions_per_day: 1, duration: 1h}\n",
                  "t.yaml:11:7: demand.applications[0]: missing key \"rate\""},
        ErrorCase{"an elastic application with a rate",
                  kCity + kGenerate +
                      "demand:\n  applications:\n    - {name: w, kind: elastic, sessions_per_day: 1, size: 1kB, rate: 1Mbps}\n",
                  "t.yaml:11:70: demand.applications[0].rate: an elastic application has no rate"},
        ErrorCase{"a parameter of another distribution",
                  kCity + kGenerate +
                      "demand:\n  applications:\n"
                      "    - {name: w, kind: elastic, sessions_per_day: 1, size: {distribution: pareto, alpha: 1.5, min: 1kB, sd: 2kB}}\n",
                  "t.yaml:11:104: demand.applications[0].size.sd: \"sd\" does not apply to a pareto distribution"},
        ErrorCase{"a Pareto tail without a mean",
                  kCity + kGenerate +
                      "demand:\n  applications:\n"
                      "    - {name: w, kind: elastic, sessions_per_day: 1, size: {distribution: pareto, alpha: 1, min: 1kB}}\n",
                  "t.yaml:11:59: demand.applications[0].size: a Pareto alpha of 1 or less has no finite mean"},
        ErrorCase{"duplicate application names",
                  kCity + kGenerate +
                      "demand:\n  applications:\n    - {name: w, kind: elastic, sessions_per_day: 1, size: 1kB}\n"
                      "    - {name: w, kind: elastic, sessions_per_day: 2, size: 1kB}\n",
                  "t.yaml:12:7: demand.applications[1]: \"w\" is already used at line 11; expected unique application "
                  "names"},
        ErrorCase{"a warm-up longer than the run", kCity + kGenerate + "simulation: {duration: 1h, warmup: 2h}\n",
                  "t.yaml:9:36: simulation.warmup: the warm-up is not shorter than the duration (1h)"},
        ErrorCase{"a run longer than a year", kCity + kGenerate + "simulation: {duration: 400d}\n",
                  "t.yaml:9:24: simulation.duration: the run is longer than a year; expected a duration of at most 8784h"},
        ErrorCase{"too many intervals", kCity + kGenerate + "simulation: {duration: 24h, interval: 1ms}\n",
                  "t.yaml:9:39: simulation.interval: the run would have more than 1000000 intervals"},
        ErrorCase{"a recompute interval too short to finish", kCity + kGenerate + "simulation: {recompute_interval: 1e-9s}\n",
                  "t.yaml:9:34: simulation.recompute_interval: the interval is too short to finish; expected at least 1ms"},
        ErrorCase{"more subscribers than any city",
                  kCity + kGenerate +
                      "demand:\n  classes:\n    - {name: c, access: adsl, down: 1Mbps, up: 1Mbps, count: 9000000000000}\n",
                  "t.yaml:11:62: demand.classes[0].count: 9000000000000 is more than any city holds"},
        ErrorCase{"absurd sessions per day",
                  kCity + kGenerate + "demand:\n  applications:\n    - {name: w, kind: elastic, sessions_per_day: 1e300, size: 1kB}\n",
                  "t.yaml:11:50: demand.applications[0].sessions_per_day: 1e+300 is out of range"},
        ErrorCase{"a bad sharing mode", kCity + kGenerate + "simulation: {mode: exakt}\n",
                  "t.yaml:9:20: simulation.mode: unknown value \"exakt\"; did you mean \"exact\"?"},
        ErrorCase{"a negative seed", kCity + kGenerate + "simulation: {seed: -1}\n",
                  "t.yaml:9:20: simulation.seed: \"-1\" is not a seed"},
        ErrorCase{"a generated network without districts",
                  "name: t\nnetwork:\n  generate: {fiber_length: 10km, core_switching: 1Gbps, egress: 1Gbps}\n",
                  "t.yaml:3:13: network.generate: generating a network needs districts"},
        ErrorCase{"a top level that is not a mapping", "- a\n- b\n",
                  "t.yaml:1:1: scenario: got a list; expected a mapping of keys"},
        ErrorCase{"YAML syntax", "name: [t\n", "t.yaml:2:1: not valid YAML"},
        ErrorCase{"an empty file", "", "t.yaml:1:1: scenario: the file is empty"},
        ErrorCase{"only a comment", "# nothing\n", "t.yaml:1:1: scenario: the file is empty"},
        ErrorCase{"two documents", kCity + kGenerate + "---\nname: u\n",
                  "t.yaml:10:1: a second YAML document; expected one document per file"}));

TEST(LoadErrors, LongOrBinaryValuesAreShortenedAndEscapedInTheMessage) {
  const std::string long_name(500, 'x');
  const std::string message = error_of(kCity + kGenerate + "simulation: {mode: \"" + long_name + "\\x01\"}\n");
  EXPECT_THAT(message, HasSubstr("unknown value \"xxxxxxxx"));
  EXPECT_THAT(message, HasSubstr("...\""));
  EXPECT_LT(message.size(), 200u) << message;
}

TEST(LoadErrors, ANulInsideAValueIsShownEscapedAndTheRestOfTheMessageIsKept) {
  const std::string message = error_of(
      kCity + "network:\n  generate: {fiber_length: 10km, core_switching: 1Gbps, egress: \"1\\0Gbps\"}\n");
  EXPECT_THAT(message, StartsWith("t.yaml:8:65: network.generate.egress: \"1\\x00Gbps\""));
  EXPECT_THAT(message, HasSubstr("; expected a rate such as 1Gbps"));
}

TEST(LoadErrors, ARawNulIsRefusedAtItsLineAndColumn) {
  using namespace std::string_literals;
  const std::string message =
      error_of(kCity + "network:\n  generate: {fiber_length: 10km\0, core_switching: 1Gbps, egress: 1Gbps}\n"s);
  EXPECT_EQ(message, "t.yaml:8:32: a NUL byte (\\x00); expected YAML text");
}

TEST(LoadErrors, ControlCharactersInAValueAreShownEscaped) {
  const std::string message = error_of(kCity + kGenerate + "simulation: {mode: \"ex\\tact\\e[2J\"}\n");
  EXPECT_THAT(message, StartsWith("t.yaml:9:20: simulation.mode: unknown value \"ex\\tact\\x1b[2J\""));
  EXPECT_THAT(message, HasSubstr("; "));
}

}  // namespace
}  // namespace citynet::scenario
