#include "topology/analysis.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <random>
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

// One search per failure, as the analysis once worked: the reference the block-cut tree
// must agree with.
class BruteForce {
 public:
  explicit BruteForce(const Network& network) : network_(network) {}

  // Piece number per node after the failure (-1: the failed node), numbered from the lowest node.
  [[nodiscard]] std::vector<int> pieces(std::optional<std::uint32_t> failed_node,
                                        std::optional<std::size_t> failed_link) const {
    std::vector<int> piece(network_.nodes.size(), -1);
    int count = 0;
    for (std::uint32_t start = 0; start < network_.nodes.size(); ++start) {
      if (piece[start] >= 0 || start == failed_node) continue;
      piece[start] = count;
      std::deque<std::uint32_t> queue{start};
      while (!queue.empty()) {
        const std::uint32_t u = queue.front();
        queue.pop_front();
        for (std::size_t l = 0; l < network_.links.size(); ++l) {
          const Link& link = network_.links[l];
          if (l == failed_link || (index(link.a) != u && index(link.b) != u)) continue;
          const std::uint32_t v = index(link.a) == u ? index(link.b) : index(link.a);
          if (v == failed_node || piece[v] >= 0) continue;
          piece[v] = count;
          queue.push_back(v);
        }
      }
      ++count;
    }
    return piece;
  }

  [[nodiscard]] CutOff cut_off(const std::vector<NodeId>& sources, std::optional<std::uint32_t> failed_node,
                               std::optional<std::size_t> failed_link) const {
    const std::vector<int> before = pieces(std::nullopt, std::nullopt);
    const std::vector<int> after = pieces(failed_node, failed_link);
    const std::uint32_t some_node = failed_node ? *failed_node : index(network_.links[*failed_link].a);
    CutOff cut;
    const auto count = [&](std::size_t node) {
      ++cut.nodes;
      cut.subscribers += network_.nodes[node].subscribers;
    };
    if (!sources.empty()) {
      // A failed source is no longer a source.
      const auto joined = [&](const std::vector<int>& piece, std::size_t node) {
        return piece[node] >= 0 && std::any_of(sources.begin(), sources.end(), [&](NodeId s) {
                 return piece[index(s)] >= 0 && piece[index(s)] == piece[node];
               });
      };
      for (std::size_t node = 0; node < network_.nodes.size(); ++node) {
        if (joined(before, node) && !joined(after, node)) count(node);
      }
      return cut;
    }
    std::vector<std::size_t> size(network_.nodes.size(), 0);
    for (std::size_t node = 0; node < network_.nodes.size(); ++node) {
      if (before[node] == before[some_node] && after[node] >= 0) ++size[static_cast<std::size_t>(after[node])];
    }
    const auto kept = static_cast<int>(std::max_element(size.begin(), size.end()) - size.begin());
    for (std::size_t node = 0; node < network_.nodes.size(); ++node) {
      if (before[node] == before[some_node] && (after[node] != kept || size[static_cast<std::size_t>(kept)] == 0)) {
        count(node);
      }
    }
    return cut;
  }

  [[nodiscard]] int piece_count(std::optional<std::uint32_t> failed_node, std::optional<std::size_t> failed_link) const {
    const std::vector<int> piece = pieces(failed_node, failed_link);
    return piece.empty() ? 0 : *std::max_element(piece.begin(), piece.end()) + 1;
  }

 private:
  const Network& network_;
};

// Up to 12 nodes and 16 links drawn at random: loops, parallel links, isolated nodes,
// several components, and zero, one or two internet nodes.
[[nodiscard]] Network random_network(std::mt19937_64& random) {
  const int node_count = std::uniform_int_distribution<int>(1, 12)(random);
  const int link_count = std::uniform_int_distribution<int>(0, 16)(random);
  const int internet_count = std::uniform_int_distribution<int>(0, 2)(random);
  std::uniform_int_distribution<int> any_node(0, node_count - 1);
  std::vector<Place> places;
  for (int i = 0; i < node_count; ++i) {
    const bool internet = i < internet_count;
    places.push_back({std::to_string(i), internet ? Role::internet : Role::access,
                      internet ? 0 : std::uniform_int_distribution<std::int64_t>(0, 100)(random), 0});
  }
  std::shuffle(places.begin(), places.end(), random);
  std::vector<Edge> edges;
  for (int i = 0; i < link_count; ++i) {
    edges.push_back({places[static_cast<std::size_t>(any_node(random))].id,
                     places[static_cast<std::size_t>(any_node(random))].id, Medium::fiber, 1, 1e9});
  }
  return make_network(places, edges);
}

[[nodiscard]] std::vector<NodeId> internet_of(const Network& network) {
  std::vector<NodeId> nodes;
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].role == Role::internet) nodes.push_back(NodeId{i});
  }
  return nodes;
}

constexpr int kRandomNetworks = 400;

TEST(SinglePointsOfFailure, EveryCutOffEqualsOneSearchPerFailureOnRandomGraphs) {
  std::mt19937_64 random(20);
  for (int trial = 0; trial < kRandomNetworks; ++trial) {
    const Network network = random_network(random);
    const BruteForce brute(network);
    for (const std::vector<NodeId>& sources : {internet_of(network), std::vector<NodeId>{}}) {
      const SingleFailureCutOffs fast = cut_off_by_single_failures(network, sources);
      for (std::uint32_t node = 0; node < network.nodes.size(); ++node) {
        const CutOff slow = brute.cut_off(sources, node, std::nullopt);
        EXPECT_EQ(fast.by_node[node].nodes, slow.nodes) << "trial " << trial << " node " << node;
        EXPECT_EQ(fast.by_node[node].subscribers, slow.subscribers) << "trial " << trial << " node " << node;
      }
      for (std::size_t link = 0; link < network.links.size(); ++link) {
        const CutOff slow = brute.cut_off(sources, std::nullopt, link);
        EXPECT_EQ(fast.by_link[link].nodes, slow.nodes) << "trial " << trial << " link " << link;
        EXPECT_EQ(fast.by_link[link].subscribers, slow.subscribers) << "trial " << trial << " link " << link;
      }
    }
  }
}

TEST(SinglePointsOfFailure, AreExactlyTheNodesAndLinksWhoseFailureSplitsAComponent) {
  std::mt19937_64 random(2005);
  for (int trial = 0; trial < kRandomNetworks; ++trial) {
    const Network network = random_network(random);
    const BruteForce brute(network);
    const int intact = brute.piece_count(std::nullopt, std::nullopt);
    std::vector<std::pair<SinglePointOfFailure::Kind, std::uint32_t>> expected;
    for (std::uint32_t node = 0; node < network.nodes.size(); ++node) {
      if (brute.piece_count(node, std::nullopt) > intact) expected.emplace_back(SinglePointOfFailure::Kind::node, node);
    }
    for (std::uint32_t link = 0; link < network.links.size(); ++link) {
      if (brute.piece_count(std::nullopt, link) > intact) expected.emplace_back(SinglePointOfFailure::Kind::link, link);
    }
    std::vector<std::pair<SinglePointOfFailure::Kind, std::uint32_t>> found;
    for (const SinglePointOfFailure& f : find_single_points_of_failure(network)) found.emplace_back(f.kind, f.index);
    std::sort(found.begin(), found.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(found, expected) << "trial " << trial;
  }
}

// A chain of 200,000 nodes with the internet node at one end: each of its 199,998 inner
// nodes and 199,999 links is a single point of failure, and one search per failure would
// visit the chain 400,000 times (hours); the block-cut tree takes one pass.
TEST(SinglePointsOfFailure, ALongChainCutsOffEverythingBeyondEachFailure) {
  constexpr std::uint32_t kNodes = 200'000;
  Network chain;
  chain.nodes.resize(kNodes);
  chain.nodes[0].role = Role::internet;
  for (std::uint32_t i = 1; i < kNodes; ++i) chain.nodes[i].subscribers = 1 + i % 3;
  for (std::uint32_t i = 1; i < kNodes; ++i) chain.links.push_back(Link{{}, NodeId{i - 1}, NodeId{i}, Medium::fiber, 1, 1e9});
  // Subscribers of nodes i..end: sum over j >= i of 1 + j % 3.
  const auto beyond = [&](std::uint32_t i) {
    std::int64_t subscribers = 0;
    for (std::uint32_t j = i; j < kNodes; ++j) subscribers += 1 + j % 3;
    return subscribers;
  };
  const std::vector<SinglePointOfFailure> failures = find_single_points_of_failure(chain);
  ASSERT_EQ(failures.size(), std::size_t{2 * kNodes - 3});
  // The node next to the internet node first, then the link to it: each cuts off all the rest.
  EXPECT_EQ(failures[0].kind, SinglePointOfFailure::Kind::node);
  EXPECT_EQ(failures[0].index, 1u);
  EXPECT_EQ(failures[0].nodes_cut_off, kNodes - 1);
  EXPECT_EQ(failures[0].subscribers_cut_off, beyond(1));
  EXPECT_EQ(failures[1].kind, SinglePointOfFailure::Kind::link);
  EXPECT_EQ(failures[1].index, 0u);
  EXPECT_EQ(failures[1].subscribers_cut_off, beyond(1));
  // The last link cuts off the far end alone.
  EXPECT_EQ(failures.back().kind, SinglePointOfFailure::Kind::link);
  EXPECT_EQ(failures.back().index, kNodes - 2);
  EXPECT_EQ(failures.back().nodes_cut_off, 1u);
  EXPECT_EQ(failures.back().subscribers_cut_off, beyond(kNodes - 1));
  // Measured without a source, the middle link halves the chain and the half with node 0 is kept.
  const SingleFailureCutOffs halves = cut_off_by_single_failures(chain, {});
  EXPECT_EQ(halves.by_link[kNodes / 2 - 1].nodes, kNodes / 2);
  EXPECT_EQ(halves.by_link[kNodes / 2 - 1].subscribers, beyond(kNodes / 2));
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
