#include "topology/analysis.hpp"

#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace citynet::topology {
namespace {

constexpr double kKmTolerance = 1e-9;

struct Edge {
  std::string a;
  std::string b;
  Medium medium;
  double length_km;
  double capacity_bps;
};

struct Place {
  std::string id;
  Role role;
  std::int64_t subscribers;
  double switching_capacity_bps;
};

[[nodiscard]] Network make_network(const std::vector<Place>& places, const std::vector<Edge>& edges) {
  Network network;
  for (const Place& p : places) {
    Node node;
    node.id = p.id;
    node.role = p.role;
    node.subscribers = p.subscribers;
    node.switching_capacity_bps = p.switching_capacity_bps;
    network.nodes.push_back(node);
  }
  const auto find = [&](const std::string& id) {
    for (std::uint32_t i = 0; i < places.size(); ++i) {
      if (places[i].id == id) return NodeId{i};
    }
    throw std::out_of_range(id);
  };
  for (const Edge& e : edges) {
    Link link;
    link.id = e.a + "-" + e.b;
    link.a = find(e.a);
    link.b = find(e.b);
    link.medium = e.medium;
    link.length_km = e.length_km;
    link.capacity_bps = e.capacity_bps;
    network.links.push_back(link);
  }
  return network;
}

// I — G — C1, triangle C1 C2 C3, C3 — A — B (a chain of access sites), and D hanging off C2
// by two parallel links. Known answers: articulation points G, C1, C3, A, C2; bridges I-G,
// G-C1, C3-A, A-B; the parallel C2=D links are not bridges.
[[nodiscard]] Network hand_made() {
  return make_network({{"I", Role::internet, 0, 0},
                       {"G", Role::gateway, 0, 0},
                       {"C1", Role::core, 0, 100e9},
                       {"C2", Role::core, 0, 100e9},
                       {"C3", Role::core, 0, 50e9},
                       {"A", Role::access, 100, 0},
                       {"B", Role::access, 50, 0},
                       {"D", Role::access, 10, 0},
                       {"X", Role::aggregation, 0, 0}},
                      {{"I", "G", Medium::fiber, 1, 10e9},
                       {"G", "C1", Medium::fiber, 2, 40e9},
                       {"C1", "C2", Medium::fiber, 3, 40e9},
                       {"C2", "C3", Medium::fiber, 4, 40e9},
                       {"C3", "C1", Medium::fiber, 5, 40e9},
                       {"C3", "A", Medium::fiber, 6, 1e9},
                       {"A", "B", Medium::microwave, 7, 155e6},
                       {"C2", "D", Medium::fiber, 8, 1e9},
                       {"C2", "D", Medium::microwave, 9, 155e6}});
}

using Row = std::tuple<SinglePointOfFailure::Kind, std::string, std::size_t, std::int64_t>;

[[nodiscard]] std::vector<Row> rows(const Network& network) {
  std::vector<Row> out;
  for (const SinglePointOfFailure& f : find_single_points_of_failure(network)) {
    const std::string name =
        f.kind == SinglePointOfFailure::Kind::node ? network.nodes[f.index].id : network.links[f.index].id;
    out.emplace_back(f.kind, name, f.nodes_cut_off, f.subscribers_cut_off);
  }
  return out;
}

TEST(SinglePointsOfFailure, HandMadeGraphHasTheKnownArticulationPointsAndBridges) {
  using K = SinglePointOfFailure::Kind;
  // X is isolated: never reachable, so no failure cuts it off. Ordered by subscribers, then
  // nodes cut off, then nodes before links.
  EXPECT_THAT(rows(hand_made()), ::testing::ElementsAre(Row{K::node, "G", 7, 160},     // G, C1, C2, C3, A, B, D
                                                        Row{K::link, "I-G", 7, 160},   // the same seven
                                                        Row{K::node, "C1", 6, 160},    // C1, C2, C3, A, B, D
                                                        Row{K::link, "G-C1", 6, 160},  //
                                                        Row{K::node, "C3", 3, 150},    // C3, A, B
                                                        Row{K::node, "A", 2, 150},     // A itself and B
                                                        Row{K::link, "C3-A", 2, 150},  //
                                                        Row{K::link, "A-B", 1, 50},    //
                                                        Row{K::node, "C2", 2, 10}));   // C2 and D
}

TEST(SinglePointsOfFailure, ARingHasNone) {
  const Network ring = make_network({{"I", Role::internet, 0, 0}, {"a", Role::access, 5, 0}, {"b", Role::access, 5, 0}},
                                    {{"I", "a", Medium::fiber, 1, 1e9}, {"a", "b", Medium::fiber, 1, 1e9},
                                     {"b", "I", Medium::fiber, 1, 1e9}});
  EXPECT_TRUE(find_single_points_of_failure(ring).empty());
}

TEST(SinglePointsOfFailure, WithoutAnInternetNodeEachIsMeasuredWithinItsOwnComponent) {
  // a — b — c and a separate pair d — e. Failing b leaves {a} and {c}: the first is kept,
  // b and c are cut off. Each bridge cuts one node off the larger (or first) piece.
  const Network network = make_network({{"a", Role::core, 0, 0}, {"b", Role::core, 0, 0}, {"c", Role::core, 0, 0},
                                        {"d", Role::core, 0, 0}, {"e", Role::core, 0, 0}},
                                       {{"a", "b", Medium::fiber, 1, 1e9}, {"b", "c", Medium::fiber, 1, 1e9},
                                        {"d", "e", Medium::fiber, 1, 1e9}});
  using K = SinglePointOfFailure::Kind;
  EXPECT_THAT(rows(network), ::testing::ElementsAre(Row{K::node, "b", 2, 0}, Row{K::link, "a-b", 1, 0},
                                                    Row{K::link, "b-c", 1, 0}, Row{K::link, "d-e", 1, 0}));
}

TEST(Inventory, CountsRolesMediaCapacitiesAndSubscribers) {
  const Inventory inventory = take_inventory(hand_made());
  EXPECT_EQ(inventory.nodes_by_role[static_cast<std::size_t>(Role::core)], 3u);
  EXPECT_EQ(inventory.nodes_by_role[static_cast<std::size_t>(Role::access)], 3u);
  EXPECT_EQ(inventory.fiber_links, 7u);
  EXPECT_NEAR(inventory.fiber_km, 1 + 2 + 3 + 4 + 5 + 6 + 8, kKmTolerance);
  EXPECT_EQ(inventory.microwave_links, 2u);
  EXPECT_NEAR(inventory.microwave_km, 7 + 9, kKmTolerance);
  EXPECT_EQ(inventory.core_switching_bps, 250e9);
  EXPECT_EQ(inventory.egress_bps, 10e9);
  EXPECT_EQ(inventory.egress_links, 1u);
  EXPECT_EQ(inventory.access_sites, 3u);
  EXPECT_EQ(inventory.subscribers, 160);
  EXPECT_EQ(*inventory.min_subscribers_per_site, 10);
  EXPECT_EQ(*inventory.median_subscribers_per_site, 50.0);
  EXPECT_EQ(*inventory.max_subscribers_per_site, 100);
  EXPECT_EQ(inventory.component_sizes, (std::vector<std::size_t>{8, 1}));
}

TEST(Inventory, TheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo) {
  const Network network = make_network({{"a", Role::access, 10, 0}, {"b", Role::access, 20, 0},
                                        {"c", Role::access, 40, 0}, {"d", Role::access, 1000, 0}},
                                       {});
  EXPECT_EQ(*take_inventory(network).median_subscribers_per_site, 30.0);
}

}  // namespace
}  // namespace citynet::topology
