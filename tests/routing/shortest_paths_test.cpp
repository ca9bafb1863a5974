#include "routing/shortest_paths.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/rng.hpp"

namespace citynet::routing {
namespace {

using topology::Link;
using topology::Network;
using topology::Node;
using ::testing::ElementsAre;

// Lengths summed in different orders differ by a few ulps; routes compare in millimetres.
constexpr double kLengthToleranceKm = 1e-9;
constexpr double kLinkCapacityBps = 1e9;

// Appends rather than `"x" + std::to_string(i)`, which trips a false -Wrestrict in GCC 12.
[[nodiscard]] std::string numbered(const char* prefix, std::size_t number) {
  std::string id(prefix);
  id += std::to_string(number);
  return id;
}

struct Edge {
  std::string a;
  std::string b;
  double length_km;
};

// A network from node ids (in the order given, which is also the index order) and edges.
[[nodiscard]] Network make_network(const std::vector<std::string>& ids, const std::vector<Edge>& edges) {
  Network network;
  for (const std::string& id : ids) {
    Node node;
    node.id = id;
    network.nodes.push_back(node);
  }
  const auto find = [&](const std::string& id) {
    return NodeId{static_cast<std::uint32_t>(std::find(ids.begin(), ids.end(), id) - ids.begin())};
  };
  for (std::size_t i = 0; i < edges.size(); ++i) {
    Link link;
    link.id = numbered("l", i);
    link.a = find(edges[i].a);
    link.b = find(edges[i].b);
    link.length_km = edges[i].length_km;
    link.capacity_bps = kLinkCapacityBps;
    network.links.push_back(link);
  }
  return network;
}

[[nodiscard]] std::vector<std::string> route_ids(const Network& network, const std::optional<Path>& path) {
  std::vector<std::string> ids;
  if (!path) return ids;
  for (NodeId node : path->nodes) ids.push_back(network.nodes[topology::index(node)].id);
  return ids;
}

[[nodiscard]] NodeId node_named(const Network& network, const std::string& id) {
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].id == id) return NodeId{static_cast<std::uint32_t>(i)};
  }
  throw std::out_of_range(id);
}

[[nodiscard]] std::vector<std::string> route(const Network& network, const std::string& from, const std::string& to,
                                             std::span<const LinkId> excluded = {}) {
  Router router(network, excluded);
  return route_ids(network, router.path(node_named(network, from), node_named(network, to)));
}

TEST(ShortestPaths, TakesTheShortestTotalLengthEvenWithMoreHops) {
  const Network network = make_network({"A", "B", "C"}, {{"A", "B", 1}, {"B", "C", 1}, {"A", "C", 3}});
  EXPECT_THAT(route(network, "A", "C"), ElementsAre("A", "B", "C"));
}

// A radio hop a-c of 3 km beside a fiber route a-b-c of 10 km.
[[nodiscard]] Network radio_shortcut() {
  Network network = make_network({"a", "b", "c"}, {{"a", "b", 5}, {"b", "c", 5}, {"a", "c", 3}});
  network.links[2].medium = topology::Medium::microwave;
  return network;
}

TEST(ShortestPaths, FiberFirstTakesTheLongerFiberRouteOverAShorterRadioHop) {
  const Network network = radio_shortcut();
  Router router(network, {}, RoutePreference::fiber_first);
  const std::optional<Path> path = router.path(node_named(network, "a"), node_named(network, "c"));
  EXPECT_THAT(route_ids(network, path), ElementsAre("a", "b", "c"));
  // The penalty only ranks routes: the reported length is the cable's.
  EXPECT_NEAR(path->length_km, 10.0, kLengthToleranceKm);
}

TEST(ShortestPaths, FiberFirstFallsBackToTheRadioWhenTheFiberIsCut) {
  const Network network = radio_shortcut();
  const std::vector<LinkId> cut{LinkId{0}};
  Router router(network, cut, RoutePreference::fiber_first);
  EXPECT_THAT(route_ids(network, router.path(node_named(network, "a"), node_named(network, "c"))),
              ElementsAre("a", "c"));
}

TEST(ShortestPaths, ByLengthAloneTheRadioHopWins) {
  const Network network = radio_shortcut();
  Router router(network);
  EXPECT_THAT(route_ids(network, router.path(node_named(network, "a"), node_named(network, "c"))),
              ElementsAre("a", "c"));
}

TEST(ShortestPaths, AmongEquallyLongRoutesTakesFewerHops) {
  const Network network = make_network({"A", "B", "C"}, {{"A", "B", 1}, {"B", "C", 1}, {"A", "C", 2}});
  EXPECT_THAT(route(network, "A", "C"), ElementsAre("A", "C"));
}

TEST(ShortestPaths, AmongEqualLengthAndHopsTakesTheSmallerIdSequenceNotTheSmallerIndex) {
  // "C" is listed before "B", so index order would pick C; string ids pick B.
  const Network network =
      make_network({"A", "C", "B", "D"}, {{"A", "C", 1}, {"C", "D", 1}, {"A", "B", 1}, {"B", "D", 1}});
  EXPECT_THAT(route(network, "A", "D"), ElementsAre("A", "B", "D"));
}

TEST(ShortestPaths, IdsCompareAsStringsSoN10ComesBeforeN9) {
  const Network network =
      make_network({"s", "n9", "n10", "t"}, {{"s", "n9", 1}, {"n9", "t", 1}, {"s", "n10", 1}, {"n10", "t", 1}});
  EXPECT_THAT(route(network, "s", "t"), ElementsAre("s", "n10", "t"));
}

TEST(ShortestPaths, TheFirstDifferenceFromTheSourceDecidesNotTheLast) {
  // s-b-z-t against s-c-a-t: "b" < "c" decides although "z" > "a" later on.
  const Network network = make_network({"s", "a", "b", "c", "z", "t"}, {{"s", "b", 1},
                                                                        {"b", "z", 1},
                                                                        {"z", "t", 1},
                                                                        {"s", "c", 1},
                                                                        {"c", "a", 1},
                                                                        {"a", "t", 1}});
  EXPECT_THAT(route(network, "s", "t"), ElementsAre("s", "b", "z", "t"));
  // From the other end the sequences start at t: t-a-c-s against t-z-b-s, "a" < "z".
  EXPECT_THAT(route(network, "t", "s"), ElementsAre("t", "a", "c", "s"));
}

TEST(ShortestPaths, LengthsThatDifferOnlyByRoundingTie) {
  // (0.1 + 0.2) + 0.3 = 0.6000000000000001 but (0.3 + 0.2) + 0.1 = 0.6 in doubles: the two
  // routes are equally long, so the ids decide (via "a" before via "x").
  const Network network = make_network({"s", "x1", "x2", "a1", "a2", "t"}, {{"s", "x1", 0.3},
                                                                            {"x1", "x2", 0.2},
                                                                            {"x2", "t", 0.1},
                                                                            {"s", "a1", 0.1},
                                                                            {"a1", "a2", 0.2},
                                                                            {"a2", "t", 0.3}});
  EXPECT_THAT(route(network, "s", "t"), ElementsAre("s", "a1", "a2", "t"));
}

TEST(ShortestPaths, BetweenParallelLinksTakesTheShorterThenTheFirstListed) {
  const Network shorter_second = make_network({"A", "B"}, {{"A", "B", 2}, {"A", "B", 1}});
  Router router(shorter_second);
  EXPECT_EQ(topology::index(router.path(NodeId{0}, NodeId{1})->links.at(0)), 1u);

  const Network equal = make_network({"A", "B"}, {{"A", "B", 1}, {"A", "B", 1}});
  Router equal_router(equal);
  EXPECT_EQ(topology::index(equal_router.path(NodeId{0}, NodeId{1})->links.at(0)), 0u);
  EXPECT_EQ(topology::index(equal_router.path(NodeId{1}, NodeId{0})->links.at(0)), 0u);
}

TEST(ShortestPaths, ExcludedLinksAreRoutedAroundAndCanDisconnect) {
  const Network network = make_network({"A", "B", "C"}, {{"A", "B", 1}, {"B", "C", 1}, {"A", "C", 3}});
  const std::vector<LinkId> first_failed{LinkId{0}};
  EXPECT_THAT(route(network, "A", "C", first_failed), ElementsAre("A", "C"));
  const std::vector<LinkId> both_failed{LinkId{0}, LinkId{2}};
  Router router(network, both_failed);
  EXPECT_FALSE(router.path(NodeId{0}, NodeId{2}).has_value());
  EXPECT_FALSE(router.tree(NodeId{0}).reaches(NodeId{2}));
}

TEST(ShortestPaths, APathToItselfIsOneNodeWithItsSwitchingResource) {
  Network network = make_network({"A", "B"}, {{"A", "B", 1}});
  network.nodes[0].switching_capacity_bps = 1e9;
  Router router(network);
  const std::optional<Path> path = router.path(NodeId{0}, NodeId{0});
  ASSERT_TRUE(path.has_value());
  EXPECT_THAT(path->nodes, ElementsAre(NodeId{0}));
  EXPECT_TRUE(path->links.empty());
  EXPECT_THAT(path->resources, ElementsAre(*router.resources().node(NodeId{0})));
}

TEST(ShortestPaths, ResourcesAreSwitchingNodesAndLinkDirectionsInPathOrder) {
  // A - B - C with B and C switching: A→B is link 0 taken a→b (2·0), B→C is link 1 taken
  // b→a because it is listed as C-B (2·1 + 1, leaving B); nodes follow the 4 link directions.
  Network network = make_network({"A", "B", "C"}, {{"A", "B", 1}, {"C", "B", 1}});
  network.nodes[1].switching_capacity_bps = 10e9;
  network.nodes[2].switching_capacity_bps = 20e9;
  Router router(network);
  const std::optional<Path> path = router.path(NodeId{0}, NodeId{2});
  ASSERT_TRUE(path.has_value());
  EXPECT_THAT(path->resources, ElementsAre(0u, 4u, 3u, 5u));
  EXPECT_EQ(router.resources().size(), 6u);
  EXPECT_EQ(router.resources().resource(4).capacity_bps, 10e9);
  EXPECT_EQ(router.resources().resource(3).from, NodeId{1});
  EXPECT_NEAR(path->length_km, 2.0, kLengthToleranceKm);
}

TEST(ShortestPaths, TreesAreComputedOncePerSource) {
  const Network network = make_network({"A", "B", "C"}, {{"A", "B", 1}, {"B", "C", 1}});
  Router router(network);
  const ShortestPathTree* first = &router.tree(NodeId{0});
  EXPECT_EQ(first, &router.tree(NodeId{0}));
  EXPECT_NE(first, &router.tree(NodeId{1}));
}

// The reference: every simple path, ordered by (length in mm, hops, id sequence).
struct Candidate {
  std::int64_t length_mm;
  std::size_t hops;
  std::vector<std::string> ids;
  auto operator<=>(const Candidate&) const = default;
};

void enumerate(const Network& network, std::uint32_t at, std::uint32_t target, std::vector<std::uint32_t>& trail,
               std::int64_t length_mm, std::optional<Candidate>& best) {
  if (at == target) {
    Candidate candidate{length_mm, trail.size() - 1, {}};
    for (std::uint32_t i : trail) candidate.ids.push_back(network.nodes[i].id);
    if (!best || candidate < *best) best = candidate;
    return;
  }
  for (const Link& link : network.links) {
    std::uint32_t next = 0;
    if (topology::index(link.a) == at) {
      next = topology::index(link.b);
    } else if (topology::index(link.b) == at) {
      next = topology::index(link.a);
    } else {
      continue;
    }
    if (std::find(trail.begin(), trail.end(), next) != trail.end()) continue;
    trail.push_back(next);
    enumerate(network, next, target, trail, length_mm + std::llround(link.length_km * 1e6), best);
    trail.pop_back();
  }
}

// `node_count` nodes with ids in a shuffled order, each pair joined with the given
// probability by a link of 1, 2 or 3 km: many equally short routes.
void add_random_ties(RandomStream& random, int graph, std::uint32_t node_count, double edge_probability,
                     std::vector<std::string>& ids, std::vector<Edge>& edges) {
  for (std::uint32_t i = 0; i < node_count; ++i) ids.push_back(numbered("n", (i * 5 + graph) % node_count));
  for (std::uint32_t i = 0; i < node_count; ++i) {
    for (std::uint32_t j = i + 1; j < node_count; ++j) {
      if (random.uniform01() < edge_probability) {
        edges.push_back({ids[i], ids[j], static_cast<double>(1 + random() % 3)});
      }
    }
  }
}

// Every route the router gives is the exhaustive search's, and its tree's hop count agrees.
void expect_exhaustive_search_routes(const Network& network, int graph) {
  Router router(network);
  const auto node_count = static_cast<std::uint32_t>(network.nodes.size());
  for (std::uint32_t s = 0; s < node_count; ++s) {
    for (std::uint32_t t = 0; t < node_count; ++t) {
      std::vector<std::uint32_t> trail{s};
      std::optional<Candidate> best;
      enumerate(network, s, t, trail, 0, best);
      const std::optional<Path> path = router.path(NodeId{s}, NodeId{t});
      ASSERT_EQ(path.has_value(), best.has_value()) << "graph " << graph << " " << s << "→" << t;
      if (best) {
        EXPECT_EQ(route_ids(network, path), best->ids) << "graph " << graph << " " << s << "→" << t;
        EXPECT_EQ(router.tree(NodeId{s}).hops(NodeId{t}), path->links.size());
      }
    }
  }
}

TEST(ShortestPaths, AgreeWithExhaustiveSearchOnSmallRandomGraphsFullOfTies) {
  constexpr int kGraphs = 60;
  constexpr std::uint32_t kNodes = 7;
  constexpr double kEdgeProbability = 0.45;
  RandomStream random(derive_seed(7, {}));
  for (int g = 0; g < kGraphs; ++g) {
    std::vector<std::string> ids;
    std::vector<Edge> edges;
    add_random_ties(random, g, kNodes, kEdgeProbability, ids, edges);
    expect_exhaustive_search_routes(make_network(ids, edges), g);
  }
}

TEST(ShortestPaths, LeavesHungOnGraphsFullOfTiesAgreeWithExhaustiveSearch) {
  // Nodes with a single link (most sites of a city) settle as soon as their one neighbour
  // does; routes to, from and through them must still be the exhaustive search's.
  constexpr int kGraphs = 30;
  constexpr std::uint32_t kCore = 6;
  constexpr double kEdgeProbability = 0.5;
  RandomStream random(derive_seed(13, {}));
  for (int g = 0; g < kGraphs; ++g) {
    std::vector<std::string> ids;
    std::vector<Edge> edges;
    add_random_ties(random, g, kCore, kEdgeProbability, ids, edges);
    for (std::uint32_t i = 0; i < kCore; ++i) {
      ids.push_back(numbered("leaf", i));
      edges.push_back({ids[i], ids.back(), static_cast<double>(1 + random() % 2)});
    }
    expect_exhaustive_search_routes(make_network(ids, edges), g);
  }
}

TEST(ShortestPaths, RoutesDoNotDependOnTheOrderLinksAreListedIn) {
  // A 5×5 grid of equal links has many equally short routes between opposite corners.
  constexpr int kSide = 5;
  std::vector<std::string> ids;
  for (int i = 0; i < kSide * kSide; ++i) ids.push_back(numbered("g", static_cast<std::size_t>(i)));
  std::vector<Edge> edges;
  for (int r = 0; r < kSide; ++r) {
    for (int c = 0; c < kSide; ++c) {
      if (c + 1 < kSide) edges.push_back({ids[r * kSide + c], ids[r * kSide + c + 1], 1});
      if (r + 1 < kSide) edges.push_back({ids[r * kSide + c], ids[(r + 1) * kSide + c], 1});
    }
  }
  std::vector<Edge> reversed(edges.rbegin(), edges.rend());
  const Network forward = make_network(ids, edges);
  const Network backward = make_network(ids, reversed);
  for (int t = 0; t < kSide * kSide; ++t) {
    EXPECT_EQ(route(forward, "g0", ids[t]), route(backward, "g0", ids[t]));
    EXPECT_EQ(route(forward, ids[t], "g24"), route(backward, ids[t], "g24"));
  }
}

TEST(ShortestPaths, NodesShareAComponentExactlyWhenATreeReachesOneFromTheOther) {
  // Two islands, A-B-C and D-E, and F on its own (a loop link does not connect it).
  const Network network = make_network({"A", "B", "C", "D", "E", "F"},
                                       {{"A", "B", 1}, {"B", "C", 1}, {"D", "E", 1}, {"F", "F", 1}});
  const RoutingGraph graph(network);
  const std::vector<std::uint32_t> component = connected_components(graph);
  ASSERT_EQ(component.size(), network.nodes.size());
  for (std::uint32_t from = 0; from < network.nodes.size(); ++from) {
    const ShortestPathTree tree = shortest_path_tree(graph, NodeId{from});
    for (std::uint32_t to = 0; to < network.nodes.size(); ++to) {
      EXPECT_EQ(component[from] == component[to], tree.reaches(NodeId{to})) << from << " to " << to;
    }
  }
}

TEST(ShortestPaths, ATreeComputedInPlaceOfAnotherIsTheTreeOfItsSource) {
  // One tree object computed for every source in turn, on a grid full of ties and with a
  // node it cannot reach: each time the same routes as a tree computed afresh.
  constexpr int kSide = 4;
  std::vector<std::string> ids;
  for (int i = 0; i < kSide * kSide; ++i) ids.push_back(numbered("g", static_cast<std::size_t>(i)));
  ids.push_back("island");
  std::vector<Edge> edges;
  for (int r = 0; r < kSide; ++r) {
    for (int c = 0; c < kSide; ++c) {
      if (c + 1 < kSide) edges.push_back({ids[r * kSide + c], ids[r * kSide + c + 1], 1});
      if (r + 1 < kSide) edges.push_back({ids[r * kSide + c], ids[(r + 1) * kSide + c], 1});
    }
  }
  const Network network = make_network(ids, edges);
  const RoutingGraph graph(network);
  ShortestPathTree reused;
  for (std::uint32_t from = 0; from < network.nodes.size(); ++from) {
    reused.compute(graph, NodeId{from});
    const ShortestPathTree fresh = shortest_path_tree(graph, NodeId{from});
    EXPECT_EQ(reused.source(), NodeId{from});
    for (std::uint32_t to = 0; to < network.nodes.size(); ++to) {
      const std::optional<Path> a = reused.route(NodeId{to});
      const std::optional<Path> b = fresh.route(NodeId{to});
      ASSERT_EQ(a.has_value(), b.has_value()) << from << " to " << to;
      if (a) {
        EXPECT_EQ(a->nodes, b->nodes) << from << " to " << to;
      }
      EXPECT_EQ(reused.hops(NodeId{to}), fresh.hops(NodeId{to})) << from << " to " << to;
    }
  }
}

TEST(ShortestPaths, ARouteAlongAHeldTreeIsTheRoutersRoute) {
  const Network network = make_network({"A", "B", "C"}, {{"A", "B", 1}, {"B", "C", 1}, {"A", "C", 3}});
  Router router(network);
  const ShortestPathTree tree = shortest_path_tree(router.graph(), NodeId{0});
  const std::optional<Path> held = router.path(tree, NodeId{2});
  const std::optional<Path> cached = router.path(NodeId{0}, NodeId{2});
  ASSERT_TRUE(held && cached);
  EXPECT_EQ(held->nodes, cached->nodes);
  EXPECT_EQ(held->links, cached->links);
  EXPECT_EQ(held->resources, cached->resources);
}

}  // namespace
}  // namespace citynet::routing
