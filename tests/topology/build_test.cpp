#include "topology/build.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "test_city.hpp"
#include "topology/graphml.hpp"

namespace citynet::topology {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr double kKmTolerance = 1e-9;

[[nodiscard]] scenario::NodeSpec node(const std::string& id, Role role, double x_km, double y_km, std::size_t line,
                                      std::int64_t subscribers = 0) {
  scenario::NodeSpec n;
  n.id = id;
  n.role = role;
  n.x_km = x_km;
  n.y_km = y_km;
  n.subscribers = subscribers;
  n.place = {"net.yaml", line, 7};
  return n;
}

[[nodiscard]] scenario::LinkSpec link(const std::string& id, const std::string& a, const std::string& b, std::size_t line) {
  scenario::LinkSpec l;
  l.id = id;
  l.a = a;
  l.b = b;
  l.capacity_bps = 1e9;
  l.place = {"net.yaml", line, 7};
  return l;
}

// internet — core — access, 3-4-5 triangle distances.
[[nodiscard]] scenario::Scenario explicit_scenario() {
  scenario::Scenario s;
  s.name = "explicit";
  s.source_file = "net.yaml";
  s.network.place = {"net.yaml", 2, 1};
  s.network.nodes = {node("internet", Role::internet, 0, 0, 4), node("core", Role::core, 3, 0, 5),
                     node("site", Role::access, 3, 4, 6, 1000)};
  s.network.links = {link("up", "internet", "core", 10), link("down", "core", "site", 11)};
  return s;
}

TEST(ExplicitNetwork, LinksWithoutALengthTakeTheStraightDistance) {
  scenario::Scenario s = explicit_scenario();
  s.network.links[0].length_km = 12.5;
  const Network network = build_network(s);
  EXPECT_NEAR(network.links[0].length_km, 12.5, kKmTolerance);
  EXPECT_NEAR(network.links[1].length_km, 4.0, kKmTolerance);
  EXPECT_EQ(network.nodes[2].subscribers, 1000);
}

// The classes' counts are the subscribers simulated, on an explicit network as on a
// generated one; the sites' `subscribers` only weigh where they go.
TEST(ExplicitNetwork, EachClassCountIsSpreadOverItsSitesInProportionToTheirSubscribers) {
  scenario::Scenario s = explicit_scenario();
  s.network.nodes.push_back(node("east", Role::access, 6, 4, 7, 500));
  s.network.nodes.push_back(node("ras", Role::ras, 3, 1, 8));
  s.network.nodes[2].district = "Centre";
  s.network.nodes[3].district = "East";
  s.network.links.push_back(link("east-core", "core", "east", 12));
  s.network.links.push_back(link("ras-core", "core", "ras", 13));
  s.demand.classes = {testing::subscriber_class("adsl", scenario::AccessKind::adsl, 1200),
                      testing::subscriber_class("lan", scenario::AccessKind::lan, 100, {"Centre"}),
                      testing::subscriber_class("dialup", scenario::AccessKind::dialup, 50)};
  const Network network = build_network(s);
  // adsl 1200 over 1000 : 500; lan only where it is offered; dial-up at the RAS, which gives
  // no subscribers of its own.
  EXPECT_THAT(network.nodes[2].subscribers_by_class, ::testing::ElementsAre(800, 100, 0));
  EXPECT_THAT(network.nodes[3].subscribers_by_class, ::testing::ElementsAre(400, 0, 0));
  EXPECT_THAT(network.nodes[4].subscribers_by_class, ::testing::ElementsAre(0, 0, 50));
  EXPECT_EQ(network.nodes[2].subscribers, 900);
  EXPECT_EQ(network.nodes[3].subscribers, 400);
  EXPECT_EQ(network.nodes[4].subscribers, 50);
  EXPECT_EQ(network.nodes[1].subscribers, 0);
}

TEST(ExplicitNetwork, ClassTotalsAreExactWhateverTheSitesWeigh) {
  for (const std::int64_t count : {0, 1, 2, 7, 999, 1000, 1001, 123457}) {
    scenario::Scenario s = explicit_scenario();
    s.network.nodes.push_back(node("east", Role::access, 6, 4, 7, 333));
    s.network.links.push_back(link("east-core", "core", "east", 12));
    s.demand.classes = {testing::subscriber_class("adsl", scenario::AccessKind::adsl, count)};
    const Network network = build_network(s);
    EXPECT_EQ(network.nodes[2].subscribers + network.nodes[3].subscribers, count);
  }
}

TEST(ExplicitNetwork, AClassWithSubscribersAndNoSiteOfItsKindIsRefusedAtTheClass) {
  scenario::Scenario s = explicit_scenario();
  s.demand.classes = {testing::subscriber_class("adsl", scenario::AccessKind::adsl, 300),
                      testing::subscriber_class("dialup", scenario::AccessKind::dialup, 50)};
  EXPECT_THAT([&] { (void)build_network(s); },
              ThrowsMessage<InputError>(HasSubstr("city.yaml:40:5: class \"dialup\": count 50 but the network has no "
                                                  "node of role ras; expected")));
  s.demand.classes = {testing::subscriber_class("lan", scenario::AccessKind::lan, 10, {"East"})};
  s.network.nodes[2].district = "Centre";
  EXPECT_THAT([&] { (void)build_network(s); },
              ThrowsMessage<InputError>(HasSubstr("class \"lan\": count 10 but the network has no access site in "
                                                  "district East")));
  // No subscribers, nothing to place: refused only where a count would do nothing.
  s.demand.classes[0].count = 0;
  EXPECT_NO_THROW((void)build_network(s));
}

struct BadCase {
  std::string name;
  std::function<void(scenario::Scenario&)> change;
  std::string message;
};

TEST(ExplicitNetwork, ErrorsNameThePlaceOfTheOffendingElement) {
  const std::vector<BadCase> cases = {
      {"unknown node", [](auto& s) { s.network.links[1].b = "sight"; },
       "net.yaml:11:7: link 'down' names unknown node 'sight'; expected the id of a node in nodes"},
      {"duplicate node", [](auto& s) { s.network.nodes.push_back(node("core", Role::core, 0, 0, 8)); },
       "net.yaml:8:7: node id 'core' is used twice (first (line 5)); expected unique node ids"},
      {"duplicate link", [](auto& s) { s.network.links.push_back(link("up", "internet", "core", 12)); },
       "net.yaml:12:7: link id 'up' is used twice"},
      {"cut off", [](auto& s) { s.network.links.pop_back(); },
       "net.yaml:6:7: access site 'site' cannot reach the internet node; expected a chain of links"},
      {"no internet", [](auto& s) { s.network.nodes[0].role = Role::core; },
       "net.yaml:2:1: network: no node has role internet; expected one node of role internet"},
      {"zero capacity", [](auto& s) { s.network.links[0].capacity_bps = 0; },
       "net.yaml:10:7: link 'up': capacity 0 bit/s; expected a positive rate"},
      {"absurd length", [](auto& s) { s.network.links[0].length_km = 1e300; },
       "net.yaml:10:7: link 'up': length 1e+300 km; expected 0 to 100000 km"},
      {"two ways in", [](auto& s) { s.network.generate = scenario::GeneratorSpec{}; },
       "net.yaml:2:1: network: more than one way in; expected only one of generate, nodes and links, import"},
      {"no way in",
       [](auto& s) {
         s.network.nodes.clear();
         s.network.links.clear();
       },
       "net.yaml:2:1: network: nothing describes it; expected one of generate, nodes and links, import"},
  };
  for (const BadCase& c : cases) {
    scenario::Scenario s = explicit_scenario();
    c.change(s);
    EXPECT_THAT([&] { (void)build_network(s); }, ThrowsMessage<InputError>(HasSubstr(c.message))) << c.name;
  }
}

TEST(ImportedNetwork, AScenarioImportRefusesAGraphWithoutAnInternetNode) {
  scenario::Scenario s;
  s.source_file = std::string(CITYNET_TEST_DATA) + "/topology/scenario.yaml";
  s.network.import_graphml = "zoo/Heanet.graphml";  // beside the scenario file
  s.network.place = {s.source_file, 3, 1};
  EXPECT_THAT([&] { (void)build_network(s); },
              ThrowsMessage<InputError>(HasSubstr("scenario.yaml:3:1: network: no node has role internet")));
}

TEST(ImportedNetwork, ClassCountsAreSpreadOverTheImportedSitesByTheirSubscribers) {
  // The explicit network with a second site, written as GraphML (sites of 1000 and 500).
  scenario::Scenario written = explicit_scenario();
  written.network.nodes.push_back(node("east", Role::access, 6, 4, 7, 500));
  written.network.links.push_back(link("east-core", "core", "east", 12));
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("citynet-build-test-" + std::to_string(::getpid()) + ".graphml");
  {
    std::ofstream out(file);
    out << export_graphml(build_network(written));
  }
  scenario::Scenario s;
  s.name = "imported";
  s.network.import_graphml = file.string();
  s.network.place = {"net.yaml", 2, 1};
  s.demand.classes = {testing::subscriber_class("adsl", scenario::AccessKind::adsl, 300),
                      testing::subscriber_class("school", scenario::AccessKind::school, 3)};
  const Network network = build_network(s);
  std::filesystem::remove(file);
  EXPECT_THAT(network.nodes[2].subscribers_by_class, ::testing::ElementsAre(200, 2));
  EXPECT_THAT(network.nodes[3].subscribers_by_class, ::testing::ElementsAre(100, 1));
}

}  // namespace
}  // namespace citynet::topology
