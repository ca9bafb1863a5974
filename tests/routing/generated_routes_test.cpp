// Routing over a generated city: the radio links are a supplement and backup, so shortest-
// length routing must keep every access site's route to the internet on fiber, and must
// move to the radio when the site's fiber uplink fails.
#include <cstdint>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include "routing/shortest_paths.hpp"
#include "scenario/builtin_scenario.hpp"
#include "scenario/load.hpp"
#include "topology/build.hpp"
#include "topology/generator.hpp"
#include "../topology/test_city.hpp"

namespace citynet::routing {
namespace {

using topology::Medium;
using topology::Network;
using topology::Role;

[[nodiscard]] NodeId internet_node(const Network& network) {
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].role == Role::internet) return NodeId{i};
  }
  throw std::logic_error("no internet node");
}

[[nodiscard]] bool uses_microwave(const Network& network, const Path& path) {
  for (LinkId link : path.links) {
    if (network.links[topology::index(link)].medium == Medium::microwave) return true;
  }
  return false;
}

TEST(GeneratedRoutes, EveryAccessSiteReachesTheInternetOverFiber) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Network network = topology::generate_network(topology::testing::tianjin_like(seed));
    Router router(network);
    const NodeId internet = internet_node(network);
    for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
      if (network.nodes[i].role != Role::access) continue;
      const std::optional<Path> path = router.path(NodeId{i}, internet);
      ASSERT_TRUE(path.has_value()) << network.nodes[i].id;
      EXPECT_FALSE(uses_microwave(network, *path)) << network.nodes[i].id << " seed " << seed;
    }
  }
}

TEST(GeneratedRoutes, TheDefaultScenarioRoutesEveryAccessSiteToTheInternetOverFiber) {
  const Network network = topology::build_network(scenario::load_scenario_text(
      scenario::builtin_scenario_text(), std::string(scenario::builtin_scenario_name())));
  Router router(network);
  const NodeId internet = internet_node(network);
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].role != Role::access) continue;
    const std::optional<Path> path = router.path(NodeId{i}, internet);
    ASSERT_TRUE(path.has_value()) << network.nodes[i].id;
    EXPECT_FALSE(uses_microwave(network, *path)) << network.nodes[i].id;
  }
}

TEST(GeneratedRoutes, AnUrbanSiteWhoseUplinkFailsIsRoutedOverTheRadio) {
  const Network network = topology::generate_network(topology::testing::tianjin_like());
  const NodeId internet = internet_node(network);
  int checked = 0;
  for (std::uint32_t l = 0; l < network.links.size(); ++l) {
    const topology::Link& link = network.links[l];
    const topology::Node& site = network.nodes[topology::index(link.a)];
    if (site.role != Role::access || link.medium != Medium::fiber || site.district != "Heping") continue;
    const std::vector<LinkId> failed{LinkId{l}};
    Router router(network, failed);
    const std::optional<Path> path = router.path(link.a, internet);
    ASSERT_TRUE(path.has_value()) << site.id;
    EXPECT_TRUE(uses_microwave(network, *path)) << site.id;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace citynet::routing
