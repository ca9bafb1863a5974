// A topology file (`nodes:` and `links:` only, the format `citynet replay` reads) loads to
// the same NetworkSpec values as the explicit network of a scenario.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "scenario/load.hpp"

namespace citynet::scenario {
namespace {

const std::string kData = std::string(CITYNET_TEST_DATA) + "/scenario/";

TEST(TopologyFile, LoadsNodesAndLinksWithUnitsResolved) {
  const NetworkSpec network = load_topology_file(kData + "three-node-ring.yaml");
  ASSERT_EQ(network.nodes.size(), 4u);
  ASSERT_EQ(network.links.size(), 4u);
  EXPECT_EQ(network.nodes[0].role, Role::internet);
  EXPECT_EQ(network.nodes[1].switching_capacity_bps, 20e9);
  EXPECT_FALSE(network.nodes[2].switching_capacity_bps.has_value());  // limits nothing
  EXPECT_EQ(network.nodes[2].x_km, 3.0);
  EXPECT_EQ(network.nodes[3].role, Role::access);  // the default role
  EXPECT_EQ(network.nodes[3].subscribers, 2688);
  EXPECT_EQ(network.links[0].capacity_bps, 10e9);
  EXPECT_EQ(network.links[0].length_km, 120.0);
  EXPECT_EQ(network.links[2].medium, Medium::microwave);
  EXPECT_EQ(network.links[2].capacity_bps, 155.52e6);
  EXPECT_FALSE(network.links[3].length_km.has_value());  // straight line, decided by topology
  EXPECT_EQ(network.links[3].place.line, 11u);
  EXPECT_EQ(network.links[3].place.column, 5u);
}

TEST(TopologyFile, ErrorsNameTheFileAndThePlace) {
  const std::string path = kData + "unknown-link-end.yaml";
  try {
    (void)load_topology_file(path);
    FAIL() << "a link to an unknown node loaded";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ":5:28: links[0].b: unknown node \"core-c\"; did you mean \"core-a\"?");
  }
  try {
    (void)load_topology_file(kData + "missing.yaml");
    FAIL() << "a missing file loaded";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), ::testing::StartsWith(kData + "missing.yaml: cannot open the file"));
  }
}

TEST(TopologyFile, AScenarioIsNotATopologyFile) {
  try {
    (void)load_topology_file(std::string(CITYNET_SOURCE_DIR) + "/scenarios/small-town.yaml");
    FAIL() << "a scenario loaded as a topology";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr(": scenario: unknown key \"description\""));
  }
}

}  // namespace
}  // namespace citynet::scenario
